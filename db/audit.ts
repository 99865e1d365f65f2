// The audit trail (全程留痕): every change made through the API writes one row in the same
// transaction as the change, so a change and its record exist together or not at all.
import type { Db } from './client.js';
import { auditLog } from './schema/index.js';

/** A database handle or a transaction on it. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** One recorded change. */
export interface AuditEntry {
  actor: string;
  /** e.g. `department.created`, `catalogue.imported`. */
  action: string;
  entity: string;
  entityId: string;
  reason?: string | undefined;
  details?: unknown;
}

/** Records a change. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, reason: entry.reason ?? null, details: entry.details ?? null });
}
