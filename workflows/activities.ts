// The case workflow's activities, proxied once, each with a timeout sized to its work: a worker
// that dies mid-activity is noticed by its timeout, and the case goes on on another worker within
// about 15 s. Outbound messages are only recorded here (the outbox relay delivers them, L9,
// Dongli 一(一)1), so they return at once; nothing the adapters throw is final.
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/contracts.js';
import type { Activities } from '../activities/index.js';

type AllCaseActivities = CaseActivities & Pick<Activities, 'projectCase'>;

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' };

/**
 * Database writes and outbox recording: a few statements each. The database gives a connection up
 * after 5 s (README "When a part is down"), so 10 s is a slow attempt, not a stuck one.
 */
export const LOCAL_WORK_TIMEOUT = '10 seconds';
/** The licence check asks the licence service inline: up to ADAPTER_TIMEOUT_MS, configurable, per attempt. */
export const LICENCE_CHECK_TIMEOUT = '2 minutes';
/** It heartbeats while it waits (activities/heartbeat.ts), so a dead worker is noticed by this. */
export const LICENCE_CHECK_HEARTBEAT = '5 seconds';

const local = proxyActivities<Omit<AllCaseActivities, 'verifyLicences'>>({ startToCloseTimeout: LOCAL_WORK_TIMEOUT, retry });
const licence = proxyActivities<Pick<AllCaseActivities, 'verifyLicences'>>({
  startToCloseTimeout: LICENCE_CHECK_TIMEOUT,
  heartbeatTimeout: LICENCE_CHECK_HEARTBEAT,
  retry,
});

/** Every activity a case calls, by the names and arguments recorded histories hold. */
export const acts: AllCaseActivities = {
  projectCase: local.projectCase,
  projectCaseView: local.projectCaseView,
  projectCaseAttention: local.projectCaseAttention,
  resolveCaseLinkage: local.resolveCaseLinkage,
  pinCasePolicy: local.pinCasePolicy,
  planDeadline: local.planDeadline,
  sendSms: local.sendSms,
  pushArchive: local.pushArchive,
  createSupervisionTask: local.createSupervisionTask,
  pushCreditRecord: local.pushCreditRecord,
  notifyApprovalPlatform: local.notifyApprovalPlatform,
  verifyLicences: licence.verifyLicences,
};
