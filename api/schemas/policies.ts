// Schemas of a region's linkage policy (审管联动规则): the policy in force, its versions, a new
// version. The schema checks the shape (unknown keys are 400); the value rules of
// domain/policy/policy-rules.ts answer 422 listing every problem at once.
import { Type, type Static } from '@sinclair/typebox';
import { policyLimitKinds } from '../../domain/policy/linkage-policy.js';
import { policyPresetNames } from '../../domain/policy/presets.js';
import { smsTemplates } from '../../domain/sms-templates.js';
import { CivilDate } from './common.js';
import { LinkagePolicySchema, PolicyRefSchema } from './linkage-policy.js';
import { Reason, RegionCode } from './organisation.js';

const strict = { additionalProperties: false } as const;
const Days = Type.Union([Type.Number(), Type.Null()], { description: 'Working days; null: the region sets no such limit' });
const Step = Type.Object({ level: Type.Number({ description: 'Coordinator level 1–3' }), workingDaysLate: Type.Number({ description: 'Working days late that reach it' }) }, strict);
const Texts = Type.Object(Object.fromEntries(Object.keys(smsTemplates).map((name) => [name, Type.Optional(Type.String())])), strict);

/** What a version sets: any part of a policy. */
export const PolicySettingsSchema = Type.Object(
  {
    workingDays: Type.Optional(Type.Object(Object.fromEntries(policyLimitKinds.map((kind) => [kind, Type.Optional(Days)])), strict)),
    modes: Type.Optional(Type.Array(Type.String(), { description: 'Commitment modes allowed: deferral, verification, postCheck' })),
    warning: Type.Optional(Type.Object({ workingDaysBefore: Type.Optional(Type.Number()), hour: Type.Optional(Type.Number()) }, strict)),
    escalation: Type.Optional(Type.Array(Step)),
    linkageRecheckHours: Type.Optional(Type.Number()),
    smsTemplates: Type.Optional(Texts),
  },
  strict,
);

const Preset = Type.Union(
  policyPresetNames.map((name) => Type.Literal(name)),
  { description: 'A policy document adopted as it stands: lianyungang (连云港市), dongli (东丽区)' },
);

/** The policy in force for a region on a day, and the versions it came from. */
export const EffectivePolicySchema = Type.Object({ ref: PolicyRefSchema, rules: LinkagePolicySchema });

/** One version of a region's policy. */
export const PolicyVersionSchema = Type.Object(
  {
    region: RegionCode,
    version: Type.Integer(),
    effectiveFrom: Type.String({ description: 'YYYY-MM-DD (Asia/Shanghai)' }),
    settings: PolicySettingsSchema,
    preset: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.String(),
    reason: Type.String(),
    createdAt: Type.String({ description: 'ISO instant' }),
  },
  strict,
);

/** Body of POST /api/regions/:code/policy/versions: exactly one of settings and preset. */
export const PolicyVersionInputSchema = Type.Object(
  {
    effectiveFrom: CivilDate('The first day it is in force: today or later'),
    reason: Reason,
    settings: Type.Optional(PolicySettingsSchema),
    preset: Type.Optional(Preset),
  },
  strict,
);
/** A version to add. */
export type PolicyVersionInput = Static<typeof PolicyVersionInputSchema>;

/** Query of GET /api/regions/:code/policy. */
export const PolicyQuerySchema = Type.Object({ on: Type.Optional(CivilDate('The day; default today')) }, strict);
