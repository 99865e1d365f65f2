// The Chinese text of each SMS (DOMAIN §3, D 二). Pure: the SMS adapter renders them. Parameters
// are `{name}` placeholders; names and phones never go in, only case numbers, items and dates.

/** Each template's text; the placeholders it needs are listed by `templateParams`. */
export const smsTemplates = {
  /** L9: the division admin learns of a new task and the 3-working-day view deadline. */
  taskAssigned: '【审管联动】您处室有新的监管任务：办件{caseNo}（{item}），请于{deadline}前查看。',
  /** L8: the applicant, on the calendar day before the committed due date. */
  materialsReminder: '【审管联动】您在办件{caseNo}中承诺补交的材料将于{dueDate}到期，请在到期前提交。',
  /** D 二: 即将超期预警 to the responsible person and the level-1 coordinator. */
  deadlineWarning: '【审管联动】办件{caseNo}的{step}将于{deadline}到期，请抓紧办理。',
  /** D 二: overdue escalation, level 2 → 1 → 3. */
  deadlineOverdue: '【审管联动】办件{caseNo}的{step}已于{deadline}超期，请立即办理。',
  /** L4: an unlinked item holds a case until the catalogue admins settle its linkage. */
  linkageMissing: '【审管联动】办件{caseNo}的办理项{item}尚未关联监管事项，请尽快明确监管部门（谁审批、谁负责；谁主管、谁监管）。',
  /** L8, L10: the approval department decides on a revocation. */
  decisionRequested: '【审管联动】办件{caseNo}需要审批部门作出决定：{reason}，请及时登录系统处理。',
  /** D 一(二): the division learns the approval department declined; the written explanation is in the system. */
  revocationDeclined: '【审管联动】审批部门决定不撤销办件{caseNo}的行政许可，书面说明请登录系统查看。',
  taskWithdrawn: '【审管联动】办件{caseNo}的监管任务已撤回，无需继续办理。',
} as const satisfies Readonly<Record<string, string>>;

/** A template's name (the activity contract's `SmsTemplate` must name the same ones). */
export type SmsTemplateName = keyof typeof smsTemplates;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The parameters a template needs, in the order they appear. */
export function templateParams(template: SmsTemplateName): string[] {
  return [...smsTemplates[template].matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** A template rendered with its parameters; throws naming the parameters that are missing. */
export function renderSms(template: SmsTemplateName, params: Readonly<Record<string, string>>): string {
  const missing = templateParams(template).filter((name) => params[name] === undefined);
  if (missing.length > 0) throw new Error(`SMS template ${template} needs params: ${missing.join(', ')}`);
  return smsTemplates[template].replace(PLACEHOLDER, (_, name: string) => params[name]!);
}
