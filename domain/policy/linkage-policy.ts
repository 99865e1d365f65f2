// A region's linkage policy (审管联动规则) as data: each locality publishes its own 审管联动 plan, so
// the limits of the deadlines, the commitment modes it allows, when it warns and escalates, and the
// texts of its SMS are per region, inherited down the region tree (national default → province →
// city → district; a region overrides only what it sets). A case runs on the policy in force at its
// decision, resolved once and recorded on the case. Pure.
import type { ConfigurableMode } from '../catalogue.js';
import type { SmsTemplateName } from '../sms-templates.js';

/** The deadline kinds counted in working days from an event, and the case push (assessment). */
export const policyLimitKinds = ['view', 'postCheckStart', 'postCheckFinish', 'inspectionResult', 'revocationProposal', 'push'] as const;
/** One of them. */
export type PolicyLimitKind = (typeof policyLimitKinds)[number];

/** One step of the escalation ladder (D 二): the coordinator level told once the deadline is this many working days late. */
export interface EscalationStep {
  level: 1 | 2 | 3;
  workingDaysLate: number;
}

/**
 * A policy with every value set, as a case runs on it. A limit of `null` means the region sets no
 * such deadline: a post-check then runs on the view and result limits (L9, L10) like any task, and
 * a revocation proposal is not timed.
 */
export interface LinkagePolicy {
  workingDays: Record<PolicyLimitKind, number | null>;
  /** The commitment modes a case may be handed over in here (正常办理 is always allowed). */
  modes: ConfigurableMode[];
  /** The pre-overdue warning (即将超期预警): at `hour` (Asia/Shanghai) on the working day `workingDaysBefore` before the deadline's last day. */
  warning: { workingDaysBefore: number; hour: number };
  /** Levels in the order they are reached, each with the lateness that reaches it. */
  escalation: EscalationStep[];
  /** How often a case waiting for its linkage looks again, besides being told (hours). */
  linkageRecheckHours: number;
  /** The texts of the SMS this region sends, by template; a region may word them its own way. */
  smsTemplates: Partial<Record<SmsTemplateName, string>>;
}

/** What one version of a region sets: any part of a policy; the rest comes from the regions above. */
export interface PolicySettings {
  workingDays?: Partial<Record<PolicyLimitKind, number | null>>;
  modes?: ConfigurableMode[];
  warning?: Partial<LinkagePolicy['warning']>;
  escalation?: EscalationStep[];
  linkageRecheckHours?: number;
  smsTemplates?: Partial<Record<SmsTemplateName, string>>;
}

/** Which version of which region a case's policy came from, as recorded on the case. */
export interface PolicyRef {
  /** The region the case was resolved for. */
  region: string;
  /** Each region of the chain that set something, with the version in force: national first. */
  versions: { region: string; version: number; preset?: string }[];
  /** The day (Asia/Shanghai) the policy was resolved for: the case's decision. */
  on: string;
}

/** A case's policy: the rules and where they came from. */
export interface PinnedPolicy {
  ref: PolicyRef;
  rules: LinkagePolicy;
}

/**
 * The national default: what every region runs on until it sets its own — the limits both policy
 * documents name, as the system ran before policies were data (L9, L10; Dongli 一(二)1, 一(三)2;
 * the ladder of D 二), and our measure of a timely push (neither document gives it a number).
 * Cases started before policies were pinned run on it.
 */
export const NATIONAL_DEFAULT: LinkagePolicy = {
  workingDays: { view: 3, postCheckStart: 1, postCheckFinish: 10, inspectionResult: 5, revocationProposal: 1, push: 1 },
  modes: ['deferral', 'verification', 'postCheck'],
  warning: { workingDaysBefore: 0, hour: 9 },
  escalation: [
    { level: 2, workingDaysLate: 0 },
    { level: 1, workingDaysLate: 1 },
    { level: 3, workingDaysLate: 3 },
  ],
  linkageRecheckHours: 6,
  smsTemplates: {},
};

/** A policy with a version's settings laid over it. */
export function withSettings(base: LinkagePolicy, settings: PolicySettings): LinkagePolicy {
  return {
    workingDays: { ...base.workingDays, ...settings.workingDays },
    modes: settings.modes ? [...settings.modes] : [...base.modes],
    warning: { ...base.warning, ...settings.warning },
    escalation: (settings.escalation ?? base.escalation).map((s) => ({ ...s })),
    linkageRecheckHours: settings.linkageRecheckHours ?? base.linkageRecheckHours,
    smsTemplates: { ...base.smsTemplates, ...settings.smsTemplates },
  };
}

/** The policy of a chain of settings, national first, district last. */
export function effectivePolicy(chain: readonly PolicySettings[]): LinkagePolicy {
  return chain.reduce(withSettings, NATIONAL_DEFAULT);
}

/** The limits every policy sets (the policy rules refuse `null` for them). */
export type RequiredLimitKind = 'view' | 'inspectionResult' | 'push';

/** A limit every policy has; the national default's stands in only where the type cannot tell it is set. */
export function requiredLimit(rules: LinkagePolicy, kind: RequiredLimitKind): number {
  return rules.workingDays[kind] ?? NATIONAL_DEFAULT.workingDays[kind]!;
}
