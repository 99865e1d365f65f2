// What the case workflow asks of the outside world: the inputs and results of its activities.
// Types only, so the workflow bundle imports them without any I/O code.
import type { CaseInput } from '../domain/case.js';
import type { CaseAttentionRow } from '../domain/case/attention.js';
import type { DeadlinePlan, DeadlineSpec, DeadlineTiming } from '../domain/case/deadlines.js';
import type { PinnedPolicy } from '../domain/policy/linkage-policy.js';
import type { CaseSnapshot } from '../domain/case/state.js';
import type { LinkageTarget } from '../domain/case/task.js';

/** Every outbound message carries a key unique to its event: a retried activity never sends twice. */
export interface Keyed {
  /** Idempotency key, e.g. `case:LYG-1:task:1:sms`. */
  key: string;
  caseNo: string;
  /** Why the message goes out, for the outbox (Chinese or English, no personal data). */
  why: string;
}

/** The catalogue linkage a handling item resolves to; undefined when the item is unknown. */
export interface ResolvedCaseLinkage {
  allowedModes: string[];
  linkages: LinkageTarget[];
}

/** Whom an SMS goes to; the adapter looks up names and phones itself (except the applicant's). */
export type SmsRecipient =
  | { kind: 'applicant'; phone: string }
  | { kind: 'divisionAdmin'; divisionCode: string }
  | { kind: 'coordinator'; deptCode: string; level: 1 | 2 | 3 }
  | { kind: 'catalogueAdmins'; region: string }
  | { kind: 'approvalOfficers'; deptCode: string };

/** The SMS templates (their Chinese text lives in domain/sms-templates.ts). */
export type SmsTemplate =
  | 'taskAssigned'
  | 'materialsReminder'
  | 'deadlineWarning'
  | 'deadlineOverdue'
  | 'linkageMissing'
  | 'decisionRequested'
  | 'revocationDeclined'
  | 'taskWithdrawn'
  | 'problemEscalated';

/** One SMS to send. */
export interface SmsRequest extends Keyed {
  to: SmsRecipient;
  template: SmsTemplate;
  /** Template parameters (case number, item, deadline …); no names or phones. */
  params: Record<string, string>;
  /** The region's own wording of the template (its linkage policy), if it has one. */
  text?: string;
}

/** The case archive pushed to the supervision platform (L9): materials, opinion, commitment. */
export interface ArchiveRequest extends Keyed {
  case: CaseInput;
  /** D 一(一)3: a major project also gets a formal stamped document. */
  formalDocument: boolean;
}

/** A supervision task created on the supervision platform. */
export interface TaskRequest extends Keyed {
  taskId: string;
  target: LinkageTarget;
  creditCode: string;
}

/** A dishonesty record for the public credit platform (L11, L12): exactly once per event. */
export interface CreditRecordRequest extends Keyed {
  creditCode: string;
  event: 'deferral_revoked' | 'verification_revoked' | 'licence_revoked';
  decisionDocument?: string;
  reason: string;
}

/** A licence check against the electronic licence service (电子证照核验). */
export interface LicenceCheckRequest extends Keyed {
  creditCode: string;
  licences: string[];
}

/** The answer of a licence check. */
export interface LicenceCheckResult {
  ok: boolean;
  missing: string[];
}

/** A message to the approval platform: licence issued, or a revocation decided. */
export interface ApprovalPlatformRequest extends Keyed {
  event: 'licence_issued' | 'licence_revoked' | 'revocation_declined' | 'case_closed';
  data: Record<string, string>;
}

/** The activities the case workflow calls. */
export interface CaseActivities {
  /** Writes the case's view into the read model (cases, tasks, deadlines, timeline); a stale revision writes nothing. */
  projectCaseView(snapshot: CaseSnapshot): Promise<void>;
  /** Writes a case's codes, stage and attention when its view cannot be written; text the database cannot store is replaced. */
  projectCaseAttention(row: CaseAttentionRow): Promise<void>;
  resolveCaseLinkage(input: { handlingItemCode: string }): Promise<ResolvedCaseLinkage | undefined>;
  planDeadline(spec: DeadlineSpec, timing?: DeadlineTiming): Promise<DeadlinePlan>;
  /** The linkage policy in force for the region on the decision's day (Asia/Shanghai), with the versions it came from. */
  pinCasePolicy(input: { region: string; decidedAt: string }): Promise<PinnedPolicy>;
  sendSms(request: SmsRequest): Promise<{ recipients: number }>;
  pushArchive(request: ArchiveRequest): Promise<void>;
  createSupervisionTask(request: TaskRequest): Promise<void>;
  pushCreditRecord(request: CreditRecordRequest): Promise<void>;
  verifyLicences(request: LicenceCheckRequest): Promise<LicenceCheckResult>;
  notifyApprovalPlatform(request: ApprovalPlatformRequest): Promise<void>;
}
