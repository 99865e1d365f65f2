// The one name a stored file has: its SHA-256 in lowercase hex, checked before it becomes a path
// or an object key.

/** Asked for bytes the store does not hold. */
export class BlobMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`no stored file with SHA-256 ${sha256}`);
    this.name = 'BlobMissingError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Refuses anything but 64 lowercase hex digits. Every store method calls it first: the hash
 * becomes a path or an object key, so this is what keeps `../` and friends out of both.
 */
export function assertSha256(sha256: string): void {
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    throw new Error(`not a SHA-256 (64 lowercase hex digits): ${JSON.stringify(String(sha256).slice(0, 80))}`);
  }
}
