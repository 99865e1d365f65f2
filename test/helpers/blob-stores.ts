// Both blob stores as a test file gets them: the folder store in a fresh temp directory, and the
// S3 store on the run's shared versitygw under a random key prefix of its own, so test files
// never see each other's objects.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { FolderStore, folderStoreFromEnv } from '../../api/files/folder-store.js';
import { scanningOff } from '../../api/files/scan.js';
import type { FileServices } from '../../api/files/services.js';
import { s3StoreFromEnv, type S3Store } from '../../api/files/s3-store.js';

/** The two stores, the settings that made them, and a cleanup for afterAll. */
export interface TestBlobStores {
  folder: FolderStore;
  s3: S3Store;
  /** Environments (as the processes would read them) of each store. */
  env: { folder: NodeJS.ProcessEnv; s3: NodeJS.ProcessEnv };
  /** Removes the temp directory and closes the S3 client (the objects die with the server). */
  close(): Promise<void>;
}

/** Configures both stores from settings, as blobStoreFromEnv would. */
export async function createTestBlobStores(): Promise<TestBlobStores> {
  const dataDir = await mkdtemp(join(tmpdir(), 'shenguan-files-'));
  const s3 = inject('s3');
  const env = {
    folder: { FILE_STORE: 'folder', SHENGUAN_DATA_DIR: dataDir },
    s3: {
      FILE_STORE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: `test-${randomBytes(6).toString('hex')}/`,
    },
  };
  const stores = { folder: folderStoreFromEnv(env.folder), s3: s3StoreFromEnv(env.s3) };
  return {
    ...stores,
    env,
    close: async () => {
      stores.s3.client.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The file services of a test app on one of the stores, with a count of the objects it holds. */
export interface TestFileStore {
  services: FileServices;
  /** Objects in the store: the same bytes stored twice count once. */
  objectCount(): Promise<number>;
  close(): Promise<void>;
}

/** File services on the folder or the S3 store, with no scanner and a staging folder of their own. */
export async function testFileServices(kind: 'folder' | 's3', o: Partial<Pick<FileServices, 'fetchOrigins' | 'maxBytes' | 'scanner'>> = {}): Promise<TestFileStore> {
  const stores = await createTestBlobStores();
  const staging = await mkdtemp(join(tmpdir(), 'shenguan-staging-'));
  const store = stores[kind];
  const objectCount = async (): Promise<number> => {
    if (store instanceof FolderStore) {
      const entries = await readdir(store.root, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries.filter((e) => e.isFile()).length;
    }
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: store.config.bucket, Prefix: store.config.prefix }));
    return listed.KeyCount ?? 0;
  };
  return {
    services: { store, scanner: o.scanner ?? scanningOff, maxBytes: o.maxBytes ?? 1024 * 1024, stagingDir: staging, fetchOrigins: o.fetchOrigins ?? [], fetchTimeoutMs: 5_000 },
    objectCount,
    close: async () => {
      await stores.close();
      await rm(staging, { recursive: true, force: true });
    },
  };
}
