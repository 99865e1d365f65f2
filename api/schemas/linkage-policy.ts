// A linkage policy (审管联动规则) as the API answers it: on a case, the rules it runs on and the
// versions they came from (domain/policy/linkage-policy.ts).
import { Type, type TSchema } from '@sinclair/typebox';
import { configurableModes } from '../../domain/catalogue.js';
import { policyLimitKinds } from '../../domain/policy/linkage-policy.js';
import { smsTemplates, type SmsTemplateName } from '../../domain/sms-templates.js';

const Limit = Type.Union([Type.Integer(), Type.Null()], { description: 'Working days; null: the region sets no such deadline' });
const objectOf = <K extends string, S extends TSchema>(keys: readonly K[], schema: S) => Type.Object(Object.fromEntries(keys.map((k) => [k, schema])) as Record<K, S>);
const templateNames = Object.keys(smsTemplates) as SmsTemplateName[];

/** One step of the escalation ladder. */
export const EscalationStepSchema = Type.Object({ level: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]), workingDaysLate: Type.Integer() });

/** A policy with every value set. */
export const LinkagePolicySchema = Type.Object({
  workingDays: objectOf(policyLimitKinds, Limit),
  modes: Type.Array(Type.Union(configurableModes.map((m) => Type.Literal(m)))),
  warning: Type.Object({ workingDaysBefore: Type.Integer(), hour: Type.Integer() }),
  escalation: Type.Array(EscalationStepSchema),
  linkageRecheckHours: Type.Integer(),
  smsTemplates: Type.Partial(objectOf(templateNames, Type.String())),
});

/** Where a case's policy came from. */
export const PolicyRefSchema = Type.Object({
  region: Type.String(),
  versions: Type.Array(Type.Object({ region: Type.String(), version: Type.Integer(), preset: Type.Optional(Type.String()) })),
  on: Type.String({ description: 'The day (Asia/Shanghai) the policy was resolved for: the decision’s' }),
});

/** A case's pinned policy. */
export const PinnedPolicySchema = Type.Object(
  { ref: PolicyRefSchema, rules: LinkagePolicySchema },
  { description: 'The region’s linkage policy in force at the decision, pinned at the start; absent for cases started before policies were pinned (national default)' },
);
