// A file the approval platform pushes by reference (URL, size, SHA-256) is fetched from its file
// server and verified before the case takes it: only from origins configured as the platform's
// (no request goes anywhere a caller names), no redirects, bounded in time and size, and the bytes
// must be exactly the ones referenced.
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { FastifyInstance } from 'fastify';
import { unprocessable, type HttpError } from '../errors.js';
import { PartDownError } from '../outages.js';
import { discardStaged, stageFile, tooLarge, type StagedFile } from './staging.js';

/** A reference to a file on the approval platform. */
export interface FileReference {
  url: string;
  size: number;
  sha256: string;
}

/** Why a reference is refused before anything is fetched, or undefined. */
export function referenceRefusal(app: FastifyInstance, ref: FileReference, field: string): HttpError | undefined {
  let origin: string;
  try {
    origin = new URL(ref.url).origin;
  } catch {
    return unprocessable([{ field: `${field}/url`, rule: 'url', message: '文件地址不是有效的 URL' }]);
  }
  if (!app.files.fetchOrigins.includes(origin)) {
    return unprocessable([{ field: `${field}/url`, rule: 'origin-not-allowed', message: `文件地址 ${origin} 不在允许的审批平台文件服务地址之内（FILE_FETCH_ORIGINS）` }]);
  }
  if (ref.size > app.files.maxBytes) return tooLarge(`${field}/size`, app.files.maxBytes);
  return undefined;
}

/** Fetches a referenced file into staging and checks it is the one referenced (size, SHA-256). */
export async function fetchReference(app: FastifyInstance, ref: FileReference, field: string): Promise<StagedFile> {
  const refused = referenceRefusal(app, ref, field);
  if (refused) throw refused;
  let response: Response;
  try {
    response = await fetch(ref.url, { redirect: 'error', signal: AbortSignal.timeout(app.files.fetchTimeoutMs) });
  } catch (error) {
    // The platform's file server does not answer: worth asking again later.
    throw new PartDownError('storage', error);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw unprocessable([{ field: `${field}/url`, rule: 'fetch', message: `审批平台文件服务答复 ${response.status}，未取得文件` }]);
  }
  const staged = await stageFile(Readable.fromWeb(response.body as ReadableStream), { dir: app.files.stagingDir, maxBytes: app.files.maxBytes, field: `${field}/url` });
  const mismatch =
    staged.size !== ref.size
      ? { field: `${field}/size`, rule: 'size-mismatch', message: `取得的文件为 ${staged.size} 字节，与申报的 ${ref.size} 字节不符` }
      : staged.sha256 !== ref.sha256
        ? { field: `${field}/sha256`, rule: 'sha256-mismatch', message: '取得的文件与申报的 SHA-256 不符' }
        : undefined;
  if (mismatch) {
    await discardStaged(staged);
    throw unprocessable([mismatch]);
  }
  return staged;
}
