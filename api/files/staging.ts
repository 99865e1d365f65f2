// An incoming file on its way to the store: written to a private staging file while it is hashed
// and counted, then its type decided by its content. Anything that goes wrong on the way — too
// big, a forged type, a connection dropped half-way — removes the staged file: nothing of a failed
// upload is left behind.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ofdRefusal, sniffFileType, SNIFF_BYTES, type SniffedFileType } from '../../domain/files.js';
import { HttpError } from '../errors.js';

/** A staged file whose bytes, hash, size and type are known. */
export interface StagedFile {
  path: string;
  sha256: string;
  size: number;
  type: SniffedFileType;
}

/** Where a refusal points: the multipart field or the body's reference. */
export type FileField = string;

/** The answer to a file over the size limit. */
export function tooLarge(field: FileField, maxBytes: number): HttpError {
  const message = `文件超过大小上限（${Math.floor(maxBytes / 1024 / 1024)} MB）`;
  return new HttpError(413, 'too_large', message, [{ field, rule: 'max-size', message }]);
}

/** The answer to a file whose content is not one of the accepted types. */
export function refusedType(field: FileField, reason: string): HttpError {
  return new HttpError(415, 'unsupported_type', `文件类型不符合要求：${reason}`, [{ field, rule: 'content-type', message: reason }]);
}

/** A new private staging file's path under `dir` (created with it if need be). */
export async function stagingPath(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return join(dir, `${randomUUID()}.part`);
}

/** Counts and hashes what passes, keeps the first bytes for the type, and stops past the limit. */
class Measure extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  head = Buffer.alloc(0);
  constructor(
    private readonly maxBytes: number,
    private readonly field: FileField,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(tooLarge(this.field, this.maxBytes));
    if (this.head.length < SNIFF_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/**
 * Streams `source` into a new staging file under `dir` and answers it with its hash, size and
 * sniffed type; refuses (and removes it) when it is over `maxBytes` (413), empty or of a type not
 * accepted (415). `truncated` says the source was cut at a limit of its own (multipart's).
 */
export async function stageFile(source: Readable, o: { dir: string; maxBytes: number; field: FileField; truncated?: () => boolean }): Promise<StagedFile> {
  const path = await stagingPath(o.dir);
  const measure = new Measure(o.maxBytes, o.field);
  try {
    await pipeline(source, measure, createWriteStream(path, { mode: 0o600 }));
    if (o.truncated?.()) throw tooLarge(o.field, o.maxBytes);
    if (measure.size === 0) throw refusedType(o.field, '文件为空');
    const sniffed = sniffFileType(measure.head);
    if ('refused' in sniffed) throw refusedType(o.field, sniffed.refused);
    // An OFD is a ZIP: only its central directory, at the end, says whether OFD.xml is at its root.
    const ofd = sniffed.type === 'ofd' ? ofdRefusal(await readFile(path)) : undefined;
    if (ofd) throw refusedType(o.field, ofd);
    return { path, sha256: measure.hash.digest('hex'), size: measure.size, type: sniffed };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

/** Removes a staged file once it is stored (or refused later). */
export async function discardStaged(staged: Pick<StagedFile, 'path'>): Promise<void> {
  await rm(staged.path, { force: true });
}
