// The electronic licence service (电子证照核验, L8 材料核验). With ELICENCE_URL set
// the service answers; otherwise the licences table (kept through /api/licences) does.
import { missingLicences } from '../../db/licences.js';
import { recordMessage, saveResponse } from '../../db/outbox.js';
import type { LicenceCheckRequest, LicenceCheckResult } from '../contracts.js';
import { deliverNow, deliveryTarget, messageOf, type AdapterContext } from './outbox.js';

const HOUR_MS = 3_600_000;

/** Today's date in Asia/Shanghai (UTC+8 all year), YYYY-MM-DD. */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);
}

function isCheckResult(value: unknown): value is LicenceCheckResult {
  const v = value as Partial<LicenceCheckResult> | null;
  return typeof v === 'object' && v !== null && typeof v.ok === 'boolean' && Array.isArray(v.missing) && v.missing.every((m) => typeof m === 'string');
}

/**
 * Checks that the enterprise validly holds every requested licence. The first answer is kept
 * with the message, so a retried check answers the same and asks nobody twice.
 */
export async function verifyLicences(ctx: AdapterContext, request: LicenceCheckRequest): Promise<LicenceCheckResult> {
  const row = await recordMessage(ctx.db, messageOf(request, { channel: 'licence', recipient: 'e-licence', purpose: 'licence-check' }));
  if (isCheckResult(row.response)) return { ok: row.response.ok, missing: row.response.missing };
  const target = deliveryTarget(ctx.config, 'licence');
  if (target) {
    // Asked here, not by the relay: the case cannot go on without the answer.
    const answer = (await deliverNow(ctx, row, target, isCheckResult)) as LicenceCheckResult;
    return { ok: answer.ok, missing: answer.missing };
  }
  const missing = await missingLicences(ctx.db, request.creditCode, request.licences, shanghaiToday());
  const result = { ok: missing.length === 0, missing };
  await saveResponse(ctx.db, row.id, result);
  return result;
}
