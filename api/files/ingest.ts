// A staged file becomes a record: scanned (the hook runs before anything is visible), its bytes
// put in the store once per content, then its rows written in one transaction. A failure on the
// way removes the staged file and any bytes no record refers to.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { FileKind } from '../../domain/files.js';
import { blobKnown, insertCaseFile, type CaseFileEntry, type NewCaseFile } from '../../db/files.js';
import { HttpError } from '../errors.js';
import { storageCall } from './storage-outage.js';
import { discardStaged, stagingPath, type FileField, type StagedFile } from './staging.js';

/** A document of our own, staged: its type is the one we made it with. */
type SystemStaged = Omit<StagedFile, 'type'> & { type: { type: 'system'; contentType: string; extension: string } };

/**
 * Keeps a staged file as a record of `file` (its sha256 comes from the staging). Refuses one the
 * scanner flags (422); answers 503 when the store is down.
 */
export async function keepStaged(app: FastifyInstance, staged: StagedFile | SystemStaged, file: Omit<NewCaseFile, 'sha256'>, field: FileField, { scan = true } = {}): Promise<CaseFileEntry> {
  try {
    const verdict = scan ? await storageCall('scanner', () => app.files.scanner.scan(staged.path)) : { clean: true as const };
    if (!verdict.clean) {
      const message = `文件未通过病毒扫描（${verdict.signature}），未保存`;
      throw new HttpError(422, 'unprocessable', message, [{ field, rule: 'virus-scan', message }]);
    }
    const known = await blobKnown(app.db, staged.sha256);
    // Content-addressed: the same bytes are stored once, whoever adds them and how often.
    if (!known) await storageCall('store', () => app.files.store.put(staged.sha256, staged.path, staged.size, staged.type.contentType));
    try {
      const scannedBy = scan ? app.files.scanner.name : 'off';
      return await insertCaseFile(app.db, { sha256: staged.sha256, size: staged.size, contentType: staged.type.contentType, scannedBy }, { ...file, sha256: staged.sha256 });
    } catch (error) {
      // Bytes put here and never recorded would sit in the store unreferenced; another request
      // that stored the same bytes meanwhile has written their row, and they stay.
      if (!known && !(await blobKnown(app.db, staged.sha256).catch(() => true))) await app.files.store.remove(staged.sha256).catch(() => {});
      throw error;
    }
  } finally {
    await discardStaged(staged);
  }
}

/** A document this system issues (a 告知函): its bytes, type and where it belongs. */
export interface SystemDocument {
  kind: FileKind;
  name: string;
  contentType: string;
  region: string;
  deptCode: string;
  addedBy: string;
}

/**
 * Keeps a document this system issued as a file (source `system`): stored and recorded like an
 * upload, but not sniffed or scanned — the bytes are ours, and HTML is allowed only here.
 */
export async function keepSystemDocument(app: FastifyInstance, bytes: Buffer, doc: SystemDocument): Promise<CaseFileEntry> {
  const path = await stagingPath(app.files.stagingDir);
  await writeFile(path, bytes, { mode: 0o600 });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { contentType, kind, name, region, deptCode, addedBy } = doc;
  return keepStaged(app, { path, sha256, size: bytes.length, type: { type: 'system', contentType, extension: '' } }, { kind, name, region, deptCode, addedBy, source: 'system' }, 'document', { scan: false });
}
