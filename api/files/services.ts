// What the file routes need from the process: the blob store, the scan hook, the size limit, the
// staging folder and the origins archive references may be fetched from.
import { join } from 'node:path';
import { setting } from '../../scripts/config.js';
import { blobStoreFromEnv, type BlobStore } from './blob-store.js';
import { scannerFromEnv, type FileScanner } from './scan.js';

/** The file parts of the API. */
export interface FileServices {
  store: BlobStore;
  scanner: FileScanner;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Where uploads are staged while they are hashed and checked (private to this process). */
  stagingDir: string;
  /** Origins (scheme://host:port) the approval platform's file references may point at; none: references by URL are refused. */
  fetchOrigins: readonly string[];
  /** Milliseconds one fetch of a referenced file may take. */
  fetchTimeoutMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    files: FileServices;
  }
}

/** The file services as the settings describe them. */
export function fileServicesFromEnv(env: NodeJS.ProcessEnv = process.env): FileServices {
  const megabytes = Number(setting('FILE_MAX_MB', env));
  if (!Number.isInteger(megabytes) || megabytes < 1) throw new Error(`FILE_MAX_MB must be a whole number of megabytes ≥ 1, got ${setting('FILE_MAX_MB', env)}`);
  const origins = (setting('FILE_FETCH_ORIGINS', env) ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => new URL(o).origin);
  return {
    store: blobStoreFromEnv(env),
    scanner: scannerFromEnv(env),
    maxBytes: megabytes * 1024 * 1024,
    stagingDir: join(setting('SHENGUAN_DATA_DIR', env)!, 'staging'),
    fetchOrigins: origins,
    fetchTimeoutMs: 30_000,
  };
}
