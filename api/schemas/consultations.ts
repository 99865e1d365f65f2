// Schemas of consultation records (会商, D 三) and half-year summaries (工作小结).
import { Type, type Static } from '@sinclair/typebox';
import { CivilDate } from './common.js';
import { Code, Reason, RegionCode } from './organisation.js';

const Day = CivilDate('Date (Asia/Shanghai)');
const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const PersonId = Type.String({ minLength: 1, maxLength: 100, description: 'Person ID (as in /api/people)' });

const ParticipantSchema = Type.Object(
  { deptCode: Code, personIds: Type.Array(PersonId, { minItems: 1, maxItems: 50, description: 'Who attended for the department' }) },
  { additionalProperties: false },
);

const FollowUpInputSchema = Type.Object(
  { item: Text(500, 'What is to be done (后续事项)'), ownerDept: Code, dueDate: Day },
  { additionalProperties: false },
);

/** Body of POST /api/consultations. */
export const ConsultationInputSchema = Type.Object(
  {
    heldOn: Day,
    convenedBy: Type.String({ pattern: Code.pattern, description: 'The department that convened the meeting (召集单位)' }),
    topics: Type.Array(Text(500, 'A topic (议题), e.g. 审管联动信息交互基本情况 (D 三 2)'), { minItems: 1, maxItems: 50 }),
    participants: Type.Array(ParticipantSchema, { minItems: 1, maxItems: 100 }),
    decisions: Type.Array(Text(2000, 'A decision (会商结论)'), { maxItems: 100 }),
    followUps: Type.Array(FollowUpInputSchema, { maxItems: 100 }),
    problemIds: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }), { maxItems: 100, uniqueItems: true, description: 'Problem records (问题记录, D 二 3) the meeting discussed: each is linked to it' }),
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);
/** A meeting to record. */
export type ConsultationInput = Static<typeof ConsultationInputSchema>;

/** A recorded meeting. */
export const ConsultationSchema = Type.Object({
  id: Type.Integer(),
  region: RegionCode,
  convenedBy: Code,
  heldOn: Day,
  topics: Type.Array(Type.String()),
  participants: Type.Array(Type.Object({ deptCode: Code, personIds: Type.Array(Type.String()) })),
  decisions: Type.Array(Type.String()),
  followUps: Type.Array(Type.Object({ item: Type.String(), ownerDept: Code, dueDate: Day, done: Type.Boolean() })),
  recordedBy: Type.String(),
  recordedAt: Type.String({ description: 'ISO instant' }),
});

/** The query of the list and its export. */
export const ConsultationQuerySchema = Type.Object(
  {
    region: Type.Optional(RegionCode),
    from: Type.Optional(CivilDate('Held on or after this day')),
    to: Type.Optional(CivilDate('Held before this day (excluded)')),
    dept: Type.Optional(Type.String({ pattern: Code.pattern, description: 'Convened or attended by this department' })),
  },
  { additionalProperties: false },
);

/** Params of PATCH /api/consultations/:id/follow-ups/:n. */
export const FollowUpParamsSchema = Type.Object({
  // Ids are Postgres bigserial read as JS numbers: past the safe range a number is no meeting, not a database error.
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  n: Type.Integer({ minimum: 0, description: 'Index of the follow-up in the meeting’s list (0 = first)' }),
});

/** Body of PATCH /api/consultations/:id/follow-ups/:n. */
export const FollowUpChangeSchema = Type.Object({ done: Type.Boolean(), reason: Reason }, { additionalProperties: false });

/** Params of the summary of one unit and half year. */
export const SummaryParamsSchema = Type.Object({
  deptCode: Code,
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  half: Type.Union([Type.Literal(1), Type.Literal(2)], { description: '1 = 上半年 (January–June), 2 = 下半年 (July–December)' }),
});

/** Body of PUT /api/consultations/summaries/:deptCode/:year/:half. */
export const SummaryInputSchema = Type.Object(
  { summary: Type.String({ minLength: 1, maxLength: 20_000, description: 'The half-year summary (工作小结)' }), reason: Reason },
  { additionalProperties: false },
);

/** A filed summary. */
export const SummarySchema = Type.Object({
  deptCode: Code,
  year: Type.Integer(),
  half: Type.Integer(),
  region: RegionCode,
  summary: Type.String(),
  filedBy: Type.String(),
  filedAt: Type.String({ description: 'ISO instant' }),
});

/** The query of the summaries list and export. */
export const SummaryQuerySchema = Type.Object(
  {
    region: Type.Optional(RegionCode),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'Default: the current half year' })),
    half: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
  },
  { additionalProperties: false },
);

/** Which units filed a half year's summary and which did not. */
export const SummaryStandingsSchema = Type.Object({
  region: RegionCode,
  year: Type.Integer(),
  half: Type.Integer(),
  filed: Type.Integer({ description: 'Units that filed' }),
  missing: Type.Integer({ description: 'Units that owe a summary and have not filed' }),
  units: Type.Array(
    Type.Object({
      deptCode: Code,
      deptName: Type.String(),
      side: Type.String(),
      filed: Type.Boolean(),
      summary: Type.Union([Type.String(), Type.Null()]),
      filedBy: Type.Union([Type.String(), Type.Null()]),
      filedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
