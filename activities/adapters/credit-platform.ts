// The public credit platform (公共信用信息平台, L11, L12): a dishonesty record is pushed exactly
// once per event and kept in the enterprise's credit archive.
import { archiveCreditRecord } from '../../db/credit-records.js';
import { recordMessage } from '../../db/outbox.js';
import type { CreditRecordRequest } from '../contracts.js';
import { messageOf, type AdapterContext } from './outbox.js';

/** Archives the record and queues it for the credit platform (the relay delivers it) in one transaction. */
export async function pushCreditRecord(ctx: AdapterContext, request: CreditRecordRequest): Promise<void> {
  // Archive and outbox row together or not at all: an archived record is always on its way out.
  await ctx.db.transaction(async (tx) => {
    await archiveCreditRecord(tx, {
      key: request.key,
      creditCode: request.creditCode,
      event: request.event,
      reason: request.reason,
      decisionDocument: request.decisionDocument ?? null,
      caseNo: request.caseNo,
    });
    return recordMessage(tx, messageOf(request, { channel: 'credit', recipient: 'credit-platform', purpose: request.event }));
  });
}
