// A file row as the API answers it.
import type { CaseFileEntry } from '../../db/files.js';
import { fileKindNames } from '../../domain/files.js';
import type { CaseFile } from '../schemas/files.js';

/** The answer for one file. */
export function presentFile(row: CaseFileEntry): CaseFile {
  return {
    id: row.id,
    kind: row.kind,
    kindName: fileKindNames[row.kind],
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    sha256: row.sha256,
    caseNo: row.caseNo,
    taskId: row.taskId,
    source: row.source,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
    ...(row.withdrawnAt ? { withdrawn: { by: row.withdrawnBy!, at: row.withdrawnAt, reason: row.withdrawnReason! } } : {}),
    contentUrl: `/api/files/${row.id}/content`,
  };
}
