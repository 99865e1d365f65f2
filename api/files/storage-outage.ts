// The file store and the scanner are parts the API depends on like the database: when one does
// not answer, the request is answered 503 with Retry-After (api/outages.ts), never a bare 500.
import { PartDownError } from '../outages.js';
import { BlobMissingError } from './blob-store.js';

/** Runs a call to the store or the scanner; a failure of the part itself becomes a PartDownError naming it. */
export async function storageCall<T>(part: 'store' | 'scanner', call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof BlobMissingError) throw error;
    throw new PartDownError(part === 'store' ? 'storage' : 'scanner', error);
  }
}
