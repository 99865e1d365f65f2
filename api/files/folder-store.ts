// Case files as plain files under the data folder: the default for one machine, needing no
// server. Objects live at <root>/<first two hex digits>/<sha256>, so no directory grows huge.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setting } from '../../scripts/config.js';
import { BlobMissingError, assertSha256 } from './blob-hash.js';
import type { BlobStore } from './blob-store.js';

/** The folder store under SHENGUAN_DATA_DIR/files. */
export function folderStoreFromEnv(env: NodeJS.ProcessEnv = process.env): FolderStore {
  return new FolderStore(join(setting('SHENGUAN_DATA_DIR', env)!, 'files'));
}

/** A content-addressed store in a directory. */
export class FolderStore implements BlobStore {
  readonly kind = 'folder' as const;

  constructor(readonly root: string) {}

  /** Where the bytes of sha256 are (or would be) kept. */
  pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(sha256: string, stagedPath: string, _size?: number, _contentType?: string): Promise<void> {
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return;
    const dir = join(this.root, sha256.slice(0, 2));
    await mkdir(dir, { recursive: true });
    // A temp name in the same directory, so the rename is atomic and readers see all or nothing.
    const tmp = join(dir, `.${sha256}.${randomUUID()}.tmp`);
    try {
      await copyFile(stagedPath, tmp);
      await fsync(tmp);
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    // The rename is only durable once the directory entry is written too.
    await fsync(dir);
  }

  async has(sha256: string): Promise<boolean> {
    const st = await stat(this.pathOf(sha256)).catch(() => undefined);
    return st?.isFile() ?? false;
  }

  async open(sha256: string): Promise<NodeJS.ReadableStream> {
    const path = this.pathOf(sha256);
    // Open before returning, so a missing file is this call's error and not the stream's.
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new BlobMissingError(sha256) : error;
    });
    return handle.createReadStream(); // owns the handle: closes it at the end or on destroy
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async presignedUrl(sha256: string): Promise<string | undefined> {
    assertSha256(sha256);
    return undefined; // the API streams folder files itself
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
