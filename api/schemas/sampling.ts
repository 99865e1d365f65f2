// Schemas of the credit-graded spot-check sampling (双随机、一公开 + 分级分类, L12).
import { Type } from '@sinclair/typebox';
import { DEFAULT_INSPECTORS_PER_CHECK, DEFAULT_WEIGHTS, MAX_WEIGHT, MIN_WEIGHT } from '../../domain/sampling.js';
import { CivilMonth, CreditCode } from './common.js';
import { Code, Reason } from './organisation.js';

const Timestamp = Type.String({ description: 'ISO instant' });
const Grade = Type.Union(['A', 'B', 'C', 'D'].map((g) => Type.Literal(g)), { description: '信用等级 A 守信 · B 基本守信 · C 失信 · D 严重失信' });
const Weight = Type.Number({ minimum: 0, maximum: MAX_WEIGHT, description: `Relative draw weight: 0 (never drawn) or ${MIN_WEIGHT}–${MAX_WEIGHT}` });

/** A month, YYYY-MM. */
export const Month = CivilMonth('Month');

/** Relative draw weights per credit grade; ungraded enterprises weigh as B. */
export const WeightsSchema = Type.Object(
  { A: Weight, B: Weight, C: Weight, D: Weight },
  { additionalProperties: false, description: `Weights per credit grade; default ${JSON.stringify(DEFAULT_WEIGHTS)}. Ungraded enterprises weigh as B.` },
);

/** Path parameter of the settings. */
export const SamplingDeptParamsSchema = Type.Object({ deptCode: Code });

/** A department's sampling settings. */
export const SamplingSettingsSchema = Type.Object({
  deptCode: Code,
  configured: Type.Boolean({ description: 'false: the department has no settings and is not sampled; the values shown are the defaults' }),
  enterprisesPerMonth: Type.Integer({ minimum: 0, description: 'Enterprises drawn each month (0 = not sampled)' }),
  inspectorsPerCheck: Type.Integer({ minimum: 0, description: 'Inspectors drawn for each check' }),
  weights: WeightsSchema,
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});

/** Body of PUT /api/sampling/settings/:deptCode. */
export const SamplingSettingsInputSchema = Type.Object(
  {
    enterprisesPerMonth: Type.Integer({ minimum: 0, maximum: 10_000 }),
    inspectorsPerCheck: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, default: DEFAULT_INSPECTORS_PER_CHECK })),
    weights: Type.Optional(WeightsSchema),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** Query of GET /api/sampling/draws. */
export const SamplingDrawsQuerySchema = Type.Object({ month: Month, dept: Code }, { additionalProperties: false });

/** One enterprise drawn. */
export const SamplingDrawSchema = Type.Object({
  month: Month,
  deptCode: Code,
  creditCode: CreditCode,
  grade: Type.Union([Grade, Type.Null()], { description: 'Grade at the draw; null = ungraded (weighed as B)' }),
  weight: Type.Number(),
  divisionCode: Code,
  inspectors: Type.Array(Type.String(), { description: 'Person IDs of the inspectors drawn' }),
  caseNo: Type.String({ description: 'The spot-check case (GET /api/cases/:caseNo)' }),
  seed: Type.String({ description: 'The seed of the draw (一公开: redo it with domain/sampling.ts)' }),
  drawnAt: Timestamp,
});

/** Body of POST /api/sampling/runs. */
export const SamplingRunInputSchema = Type.Object({ month: Month, reason: Reason }, { additionalProperties: false });

/** What a run of a month answers. */
export const SamplingRunSchema = Type.Object({
  month: Month,
  workflowId: Type.String(),
  departments: Type.Array(Type.Object({ deptCode: Code, seed: Type.String(), drawn: Type.Integer() })),
  cases: Type.Array(
    Type.Object({
      caseNo: Type.String(),
      deptCode: Code,
      status: Type.Union([Type.Literal('started'), Type.Literal('existing')], { description: 'started by this run, or by an earlier run of the month' }),
    }),
  ),
  unresolved: Type.Array(Type.String(), { description: 'Case numbers of draws whose enterprise has no task with the department any more (not started)' }),
  draws: Type.Array(SamplingDrawSchema, { description: "The month's draws of the departments within the caller's region" }),
});
