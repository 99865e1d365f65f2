// Real files for upload tests: a PDF, PNG and JPEG whose bytes differ by a label (the demo's own
// documents, so both upload the same kinds of bytes), and a multipart body carrying one of them as
// `app.inject` sends it.
import { createHash, randomUUID } from 'node:crypto';

export { jpegBytes, pdfBytes, pngBytes } from '../../scripts/lib/demo/documents.js';

/** Lowercase hex SHA-256. */
export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A multipart/form-data body with one part `file`; `truncated` cuts it before its closing boundary (a broken upload). */
export function multipartFile(name: string, bytes: Buffer, o: { contentType?: string; truncated?: boolean } = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----shenguan${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}\r\nContent-Type: ${o.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const payload = o.truncated ? Buffer.concat([head, bytes.subarray(0, Math.floor(bytes.length / 2))]) : Buffer.concat([head, bytes, tail]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
