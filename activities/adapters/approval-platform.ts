// The approval platform (政务服务一体化平台, L9, Dongli 一(一)1): licence issued, revocation decided, case closed.
import type { ApprovalPlatformRequest } from '../contracts.js';
import { messageOf, record, type AdapterContext } from './outbox.js';

/** Tells the approval platform of a case event. */
export async function notifyApprovalPlatform(ctx: AdapterContext, request: ApprovalPlatformRequest): Promise<void> {
  await record(ctx, messageOf(request, { channel: 'approval', recipient: 'approval-platform', purpose: request.event }));
}
