// The Chinese text of each SMS (L8–L10, Dongli 二). Pure: the SMS adapter renders them. Parameters
// are `{name}` placeholders; names and phones never go in, only case numbers, items and dates.
// The case workflow passes `caseNo` and `item` to every template, and `deadline` (local time) and
// `kind` (a deadline kind, shown by its Chinese name) to the deadline ones.
import type { DeadlineKind } from './case/deadlines.js';

/** Each template's text; the placeholders it needs are listed by `templateParams`. */
export const smsTemplates = {
  /** L9: the division admin learns of a new task and its 3-working-day view deadline. */
  taskAssigned: '【审管联动】您处室有新的监管任务：办件{caseNo}（{item}），请于{deadline}前查看。',
  /** L8: the applicant, on the calendar day before the committed due date. */
  materialsReminder: '【审管联动】您在办件{caseNo}中承诺补交的材料将于{deadline}到期，请在到期前提交。',
  /** D 二: 即将超期预警 to the responsible person and the level-1 coordinator. */
  deadlineWarning: '【审管联动】办件{caseNo}的{kind}期限将于{deadline}届满，请抓紧办理。',
  /** D 二: overdue escalation, level 2 → 1 → 3. */
  deadlineOverdue: '【审管联动】办件{caseNo}的{kind}期限已于{deadline}届满，现已超期，请立即督办。',
  /** L4: an unlinked item holds a case until the catalogue admins settle its linkage. */
  linkageMissing: '【审管联动】办件{caseNo}的办理项{item}尚未关联监管事项，请尽快明确监管部门（谁审批、谁负责；谁主管、谁监管）。',
  /** L8, L10: the approval department decides (an overdue or failed commitment, a revocation proposal). */
  decisionRequested: '【审管联动】办件{caseNo}需要审批部门作出决定，请及时登录系统处理。',
  /** D 一(二): the division learns the approval department declined; the written explanation is in the system. */
  revocationDeclined: '【审管联动】审批部门决定不撤销办件{caseNo}的行政许可，书面说明请登录系统查看。',
  taskWithdrawn: '【审管联动】办件{caseNo}的监管任务已撤回，无需继续办理。',
  /** D 二 3: a coordinator's problem record climbs a level (by hand, or unanswered too long); `caseNo` is the record's `PR-<id>`. */
  problemEscalated: '【审管联动】协调员问题记录{caseNo}已上报至您处理，请及时登录系统查看并答复。',
} as const satisfies Readonly<Record<string, string>>;

/** A template's name (the activity contract's `SmsTemplate` must name the same ones). */
export type SmsTemplateName = keyof typeof smsTemplates;

/** The Chinese name of each deadline, as `{kind}` shows it. */
export const deadlineKindNames: Readonly<Record<DeadlineKind, string>> = {
  materials: '补交材料',
  view: '任务查看',
  postCheckStart: '事后核查启动',
  postCheckFinish: '事后核查完成',
  inspectionResult: '检查结果录入',
  rectification: '限期整改',
  revocationProposal: '撤销建议提交',
};

const PLACEHOLDER = /\{(\w+)\}/g;

/** The parameters a template needs, in the order they appear. */
export function templateParams(template: SmsTemplateName): string[] {
  return [...smsTemplates[template].matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

function display(name: string, value: string): string {
  return name === 'kind' ? (deadlineKindNames[value as DeadlineKind] ?? value) : value;
}

/** A template rendered with its parameters (in the region's wording when it has one); throws naming the parameters that are missing. */
export function renderSms(template: SmsTemplateName, params: Readonly<Record<string, string>>, text: string = smsTemplates[template]): string {
  const missing = templateParams(template).filter((name) => params[name] === undefined);
  if (missing.length > 0) throw new Error(`SMS template ${template} needs params: ${missing.join(', ')}`);
  // A region's own wording (its linkage policy) has the same placeholders as the default's.
  return text.replace(PLACEHOLDER, (_, name: string) => display(name, params[name] ?? ''));
}
