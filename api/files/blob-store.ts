// Where the bytes of case files live, addressed by their SHA-256: the metadata (names, owners,
// which case) is kept elsewhere and only refers to a hash, so equal files are stored once.
import { setting } from '../../scripts/config.js';
import { folderStoreFromEnv } from './folder-store.js';
import { s3StoreFromEnv } from './s3-store.js';

export { BlobMissingError, assertSha256 } from './blob-hash.js';

/** A content-addressed store of file bytes. */
export interface BlobStore {
  readonly kind: 'folder' | 's3';
  /**
   * Stores the staged file at `stagedPath` (already hashed and checked by the caller) under its
   * SHA-256 (lowercase hex); a no-op when those bytes are already stored. Never leaves a partial
   * object visible.
   */
  put(sha256: string, stagedPath: string, size: number, contentType: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /** A stream of the stored bytes; throws BlobMissingError when absent. */
  open(sha256: string): Promise<NodeJS.ReadableStream>;
  /** Removes the bytes (used only to clean up after a failed upload when no record refers to them). */
  remove(sha256: string): Promise<void>;
  /** A short-lived URL a browser can download from directly, or undefined when the store has none (folder). */
  presignedUrl(sha256: string, o: PresignOptions): Promise<string | undefined>;
  /** Throws when the store cannot be reached (for /health and 503s). */
  ping(): Promise<void>;
}

/** What a presigned download URL makes the store answer with. */
export interface PresignOptions {
  expiresInSeconds: number;
  /** The name the browser saves the file as (any script: it is sent RFC 5987-encoded). */
  fileName: string;
  contentType: string;
}

/** The store FILE_STORE names, configured from the environment. */
export function blobStoreFromEnv(env: NodeJS.ProcessEnv = process.env): BlobStore {
  const kind = setting('FILE_STORE', env);
  if (kind === 'folder') return folderStoreFromEnv(env);
  if (kind === 's3') return s3StoreFromEnv(env);
  throw new Error(`FILE_STORE must be folder or s3, got ${JSON.stringify(kind)}`);
}
