// The supervision platform ("互联网+监管", L9, Dongli 一(一)1): case archives (L9) and supervision tasks.
import type { ArchiveRequest, TaskRequest } from '../contracts.js';
import { messageOf, record, type AdapterContext } from './outbox.js';

/** Pushes the case archive (materials, opinion, commitment; L9, D 一(一)1). */
export async function pushArchive(ctx: AdapterContext, request: ArchiveRequest): Promise<void> {
  // D 一(一)3: a major project's formal stamped document goes out as its own purpose, visible to ops.
  const purpose = request.formalDocument ? 'archive-formal' : 'archive';
  await record(ctx, messageOf(request, { channel: 'supervision', recipient: 'supervision-platform', purpose }));
}

/** Creates a supervision task for one linked division. */
export async function createSupervisionTask(ctx: AdapterContext, request: TaskRequest): Promise<void> {
  await record(ctx, messageOf(request, { channel: 'supervision', recipient: request.target.divisionCode, purpose: 'supervision-task' }));
}
