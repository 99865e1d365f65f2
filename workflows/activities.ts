// The case workflow's activities, proxied once. Outbound messages are only recorded here (the
// outbox relay delivers them, L9, Dongli 一(一)1), so they return at once; nothing the adapters throw is final.
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/contracts.js';
import type { Activities } from '../activities/index.js';

/** Every activity a case calls. */
export const acts = proxyActivities<CaseActivities & Pick<Activities, 'projectCase'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
