// Schemas of spot-check findings and notice letters (告知函, Dongli 四 2), and of the half-year
// regular check (定期检查).
import { Type, type Static } from '@sinclair/typebox';
import { SEED_PATTERN } from '../../domain/spot-sample.js';
import { CivilDate } from './common.js';
import { Code, Reason, RegionCode, Side } from './organisation.js';
import { AssessmentRowSchema } from './stats.js';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Instant = Type.String({ description: 'ISO instant' });
const NullableInstant = Type.Union([Instant, Type.Null()]);
const CaseNo = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', description: 'Case number (办件编号) of the department checked' });

/** Body of POST /api/notice-letters/findings. */
export const FindingInputSchema = Type.Object(
  {
    deptCode: Type.String({ pattern: Code.pattern, description: 'The department checked' }),
    caseNo: Type.Optional(CaseNo),
    sampleSeed: Type.Optional(Type.String({ pattern: SEED_PATTERN, description: 'The spot sample seed the case was drawn with' })),
    description: Type.String({ minLength: 1, maxLength: 2000, description: 'What the check found (发现的问题)' }),
    foundOn: Type.Optional(CivilDate('The day the check found it; default today')),
    reason: Reason,
  },
  { additionalProperties: false },
);
/** A finding to record. */
export type FindingInput = Static<typeof FindingInputSchema>;

/** A recorded finding. */
export const FindingSchema = Type.Object({
  id: Type.Integer(),
  region: RegionCode,
  deptCode: Code,
  caseNo: Type.Union([Type.String(), Type.Null()]),
  sampleSeed: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  foundOn: Type.String({ description: 'YYYY-MM-DD' }),
  recordedBy: Type.String(),
  recordedAt: Instant,
  letterId: Type.Union([Type.Integer(), Type.Null()], { description: 'The letter that reported it, if any' }),
});

/** Query of GET /api/notice-letters/findings. */
export const FindingQuerySchema = Type.Object(
  {
    region: Type.Optional(RegionCode),
    dept: Type.Optional(Type.String({ pattern: Code.pattern })),
    unissued: Type.Optional(Type.Boolean({ description: 'Only findings not yet in a letter' })),
  },
  { additionalProperties: false },
);

/** Body of POST /api/notice-letters. */
export const LetterInputSchema = Type.Object(
  {
    deptCode: Type.String({ pattern: Code.pattern, description: 'The department the letter goes to' }),
    findingIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true, description: 'Findings of that department not yet in a letter' }),
    issuingOffice: Type.Optional(Type.String({ minLength: 2, maxLength: 100, description: "Default: the region's name + 政务服务管理办公室" })),
    numberPrefix: Type.Optional(
      Type.String({ minLength: 2, maxLength: 20, pattern: '^[\\u4e00-\\u9fa5]+$', description: 'Chinese characters before 〔year〕; default: first character of the region name + 政务办告' }),
    ),
    note: Type.Optional(Type.String({ maxLength: 5000, description: 'Further remarks (其他事项)' })),
    reason: Reason,
  },
  { additionalProperties: false },
);
/** A letter to issue. */
export type LetterInput = Static<typeof LetterInputSchema>;

const LetterCaseSchema = Type.Object({ caseNo: Type.String(), handlingItem: Type.String(), handlingItemName: Type.Union([Type.String(), Type.Null()]), approvalDept: Code, approvalDeptName: Type.String() });

/** A letter as listed. */
export const LetterSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: 'e.g. 连政务办告〔2026〕3号; unique per region and year' }),
  region: RegionCode,
  year: Type.Integer(),
  seq: Type.Integer(),
  deptCode: Code,
  issuingOffice: Type.String(),
  note: Type.String(),
  issuedBy: Type.String(),
  issuedAt: Instant,
  issuedOn: Type.String({ description: 'YYYY-MM-DD (Asia/Shanghai)' }),
  rectificationWorkingDays: Type.Integer(),
  rectificationDueAt: Type.String({ description: 'ISO instant: the end (24:00 Asia/Shanghai) of the last working day' }),
  dueProvisional: Type.Boolean(),
  status: Type.Union([Type.Literal('issued'), Type.Literal('acknowledged'), Type.Literal('rectified')]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: NullableInstant,
  rectificationReport: Type.Union([Type.String(), Type.Null()]),
  rectifiedBy: Type.Union([Type.String(), Type.Null()]),
  rectifiedAt: NullableInstant,
  overdue: Type.Boolean({ description: 'Rectification not reported and the due time passed' }),
  rectifiedLate: Type.Boolean({ description: 'Rectification reported after the due time' }),
  workingDaysLate: Type.Integer({ minimum: 0 }),
});

/** One letter with its findings, cases and timeline. */
export const LetterDetailSchema = Type.Intersect([
  LetterSchema,
  Type.Object({
    findings: Type.Array(FindingSchema),
    cases: Type.Array(LetterCaseSchema),
    timeline: Type.Array(Type.Object({ at: Instant, actor: Type.String(), action: Type.String(), reason: Type.Union([Type.String(), Type.Null()]) })),
    documentFileId: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The document as issued, kept as a file (kind notice-letter, GET /api/files/{id}/content); null until it could be kept (then at its first read)',
    }),
  }),
]);

/** Query of GET /api/notice-letters. */
export const LetterQuerySchema = Type.Object(
  {
    region: Type.Optional(RegionCode),
    dept: Type.Optional(Type.String({ pattern: Code.pattern })),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    status: Type.Optional(Type.Union([Type.Literal('issued'), Type.Literal('acknowledged'), Type.Literal('rectified')])),
    overdue: Type.Optional(Type.Boolean({ description: 'Only letters whose rectification is overdue' })),
  },
  { additionalProperties: false },
);

/** Params naming a letter. */
export const LetterParamsSchema = Type.Object({ id: Id });

/** Body of POST /api/notice-letters/:id/acknowledgement. */
export const AcknowledgementSchema = Type.Object({ reason: Reason }, { additionalProperties: false });

/** Body of POST /api/notice-letters/:id/rectification. */
export const RectificationInputSchema = Type.Object(
  { report: Type.String({ minLength: 1, maxLength: 20_000, description: 'What the department changed (整改情况)' }), reason: Reason },
  { additionalProperties: false },
);

/** Query of GET /api/stats/regular-checks. */
export const RegularCheckQuerySchema = Type.Object(
  { region: Type.Optional(RegionCode), year: Type.Optional(Type.Integer({ minimum: 2025, maximum: 2100, description: 'Default: this year' })) },
  { additionalProperties: false },
);

const HalfSummarySchema = Type.Object({
  filed: Type.Boolean(),
  summary: Type.Union([Type.String(), Type.Null()]),
  filedBy: Type.Union([Type.String(), Type.Null()]),
  filedAt: NullableInstant,
});

/** The answer of GET /api/stats/regular-checks. */
export const RegularCheckSchema = Type.Object({
  region: RegionCode,
  year: Type.Integer(),
  asOf: Instant,
  midYear: Type.Object({ from: Type.String(), to: Type.String() }, { description: 'The H1 period [from, to)' }),
  yearEnd: Type.Object({ from: Type.String(), to: Type.String() }, { description: 'The whole year [from, to)' }),
  departments: Type.Array(
    Type.Object({
      deptCode: Code,
      deptName: Type.String(),
      side: Side,
      owesSummary: Type.Boolean({ description: 'Approval-side units owe a half-year summary (D 三 1)' }),
      summaries: Type.Object({ h1: HalfSummarySchema, h2: HalfSummarySchema }),
      midYear: AssessmentRowSchema,
      yearEnd: AssessmentRowSchema,
    }),
  ),
});
