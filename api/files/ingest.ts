// A staged file becomes a record: scanned (the hook runs before anything is visible), its bytes
// put in the store once per content, then its rows written in one transaction. A failure on the
// way removes the staged file and any bytes no record refers to.
import type { FastifyInstance } from 'fastify';
import { blobKnown, insertCaseFile, type CaseFileEntry, type NewCaseFile } from '../../db/files.js';
import { HttpError } from '../errors.js';
import { storageCall } from './storage-outage.js';
import { discardStaged, type FileField, type StagedFile } from './staging.js';

/**
 * Keeps a staged file as a record of `file` (its sha256 comes from the staging). Refuses one the
 * scanner flags (422); answers 503 when the store is down.
 */
export async function keepStaged(app: FastifyInstance, staged: StagedFile, file: Omit<NewCaseFile, 'sha256'>, field: FileField): Promise<CaseFileEntry> {
  try {
    const verdict = await storageCall('scanner', () => app.files.scanner.scan(staged.path));
    if (!verdict.clean) {
      const message = `文件未通过病毒扫描（${verdict.signature}），未保存`;
      throw new HttpError(422, 'unprocessable', message, [{ field, rule: 'virus-scan', message }]);
    }
    const known = await blobKnown(app.db, staged.sha256);
    // Content-addressed: the same bytes are stored once, whoever adds them and how often.
    if (!known) await storageCall('store', () => app.files.store.put(staged.sha256, staged.path, staged.size, staged.type.contentType));
    try {
      return await insertCaseFile(app.db, { sha256: staged.sha256, size: staged.size, contentType: staged.type.contentType, scannedBy: app.files.scanner.name }, { ...file, sha256: staged.sha256 });
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
