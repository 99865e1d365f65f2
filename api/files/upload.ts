// A multipart upload (one file part named `file`) staged, checked and kept as a record.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CaseFileEntry, NewCaseFile } from '../../db/files.js';
import { sanitiseFileName } from '../../domain/files.js';
import { HttpError } from '../errors.js';
import { keepStaged } from './ingest.js';
import { stageFile } from './staging.js';

/** Receives the request's file part and keeps it as `file` describes (its name from the part, sanitised). */
export async function receiveUpload(app: FastifyInstance, request: FastifyRequest, file: Omit<NewCaseFile, 'sha256' | 'name' | 'source'>): Promise<CaseFileEntry> {
  const required = () => new HttpError(400, 'validation', '请求不符合要求：缺少文件（multipart/form-data 的 file 部分）', [{ field: 'body/file', rule: 'required', message: '缺少文件' }]);
  if (!request.isMultipart()) throw required();
  // One byte over the limit reaches the staging, which answers 413 itself and removes what it wrote.
  const part = await request.file({ limits: { fileSize: app.files.maxBytes + 1, files: 1, fields: 0, parts: 1 } });
  if (!part) throw required();
  const staged = await stageFile(part.file, { dir: app.files.stagingDir, maxBytes: app.files.maxBytes, field: 'body/file' }).catch((error: unknown) => {
    if (error instanceof HttpError) throw error;
    // The body ended before its closing boundary, or the connection broke: the staging removed
    // what it had written, and the client hears why (if it is still there).
    const message = '上传不完整（连接中断或请求体格式错误），未保存任何内容';
    throw new HttpError(400, 'validation', message, [{ field: 'body/file', rule: 'incomplete', message }]);
  });
  return keepStaged(app, staged, { ...file, name: sanitiseFileName(part.filename, staged.type.extension), source: 'upload' }, 'body/file');
}
