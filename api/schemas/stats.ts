// Schemas of the assessment statistics (考核, D 四, L21) and the auditors' spot-check sample.
import { Type, type Static } from '@sinclair/typebox';
import { SEED_PATTERN } from '../../domain/spot-sample.js';
import { CivilDate, CreditCode } from './common.js';
import { Code, RegionCode, Side } from './organisation.js';

/** A Shanghai civil date. */
export const Day = CivilDate('Date (Asia/Shanghai)');

/** The period and scope of a statistics request. */
export const AssessmentQuerySchema = Type.Object(
  {
    region: Type.Optional(RegionCode),
    dept: Type.Optional(Code),
    from: Type.Optional(CivilDate('First day of the period (Asia/Shanghai); default 1 January of this year')),
    to: Type.Optional(CivilDate('Day after the period (excluded); default tomorrow')),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: '`csv` answers the CSV export' })),
  },
  { additionalProperties: false },
);
/** The query of GET /api/stats/assessment. */
export type AssessmentQueryInput = Static<typeof AssessmentQuerySchema>;

const Count = Type.Integer({ minimum: 0 });

/** One timeliness indicator, described by the rule it measures. */
const indicatorSchema = (description: string) =>
  Type.Object(
  {
    due: Type.Integer({ minimum: 0, description: 'Steps that fell due: inTime + late (the rate denominator)' }),
    inTime: Count,
    late: Type.Integer({ minimum: 0, description: 'Done after the due time, or not done when it passed' }),
    pending: Type.Integer({ minimum: 0, description: 'Not done, open and not yet due (not in the rate)' }),
    rate: Type.Union([Type.Number(), Type.Null()], { description: 'inTime / due (4 decimals); null when nothing was due' }),
  },
  { description: `${description} (numerator inTime, denominator due)` },
);

const ApprovalFiguresSchema = Type.Object(
  {
    casesDecided: Type.Integer({ minimum: 0, description: 'Cases (not spot checks) decided in the period' }),
    push: indicatorSchema('L9 / D 一(一)1: pushed by the end of the first working day after the push became due'),
    revocationsProposed: Type.Integer({ minimum: 0, description: 'Revocation proposals received in the period' }),
    revoked: Type.Integer({ minimum: 0, description: 'Decided to revoke in the period' }),
    declined: Type.Integer({ minimum: 0, description: 'Decided not to revoke in the period' }),
  },
  { description: 'Approval side (审批部门)' },
);

const SupervisionFiguresSchema = Type.Object(
  {
    tasksPushed: Type.Integer({ minimum: 0, description: 'Supervision tasks pushed (notified) in the period' }),
    view: indicatorSchema('L9: viewed within 3 working days of the push (not post-checks)'),
    checkStart: indicatorSchema('D 一(三)2: post-checks / spot checks started within 1 working day of the decision'),
    checkFinish: indicatorSchema('D 一(三)2: …finished (first result recorded) within 10 working days'),
    results: indicatorSchema('L10: results recorded within 5 working days of the inspection'),
    overdue: Type.Object(
      { total: Count, level2: Count, level1: Count, level3: Count },
      { description: 'Deadlines owed by the department, due in the period and missed, by last escalation level reached' },
    ),
    rectificationsOrdered: Type.Integer({ minimum: 0, description: 'Rectifications ordered in the period (责令整改)' }),
    revocationsProposed: Type.Integer({ minimum: 0, description: 'Revocations proposed in the period' }),
    revoked: Type.Integer({ minimum: 0, description: 'Proposals the approval department accepted in the period' }),
    declined: Type.Integer({ minimum: 0, description: 'Proposals the approval department declined in the period' }),
  },
  { description: 'Supervision side (监管部门)' },
);

/** Coordinators' problem records raised by the department in the period (D 四 3(2)). */
const ProblemFiguresSchema = Type.Object(
  {
    raised: Type.Integer({ minimum: 0, description: 'Problem records raised in the period (协调员记录问题数)' }),
    resolved: Type.Integer({ minimum: 0, description: '…of them resolved' }),
    resolvedInTime: Type.Integer({ minimum: 0, description: '…resolved without ever sitting unanswered past the limit (no automatic escalation)' }),
    escalated: Type.Integer({ minimum: 0, description: '…escalated at least once, by hand or automatically' }),
    referred: Type.Integer({ minimum: 0, description: '…referred to a consultation (提交会商)' }),
    open: Type.Integer({ minimum: 0, description: '…still open or in progress' }),
  },
  { description: 'Coordinators’ problem records (问题记录, D 四 3(2))' },
);

/** One department's row. */
export const AssessmentRowSchema = Type.Object({
  deptCode: Code,
  deptName: Type.String(),
  region: RegionCode,
  side: Side,
  approval: Type.Union([ApprovalFiguresSchema, Type.Null()]),
  supervision: Type.Union([SupervisionFiguresSchema, Type.Null()]),
  notices: Type.Object(
    {
      findings: Type.Integer({ minimum: 0, description: 'Spot-check findings found in the period (抽查发现问题)' }),
      lettersReceived: Type.Integer({ minimum: 0, description: 'Notice letters (告知函) issued to the department in the period' }),
      acknowledged: Type.Integer({ minimum: 0, description: 'Of those, acknowledged (签收)' }),
      rectified: Type.Integer({ minimum: 0, description: 'Of those, rectification reported (已报送整改情况)' }),
      rectifiedLate: Type.Integer({ minimum: 0, description: 'Of those, reported after the due time' }),
      overdue: Type.Integer({ minimum: 0, description: 'Of those, not reported and the due time passed' }),
    },
    { description: 'Spot checks and notice letters (D 四 2), by when the letter was issued' },
  ),
  problems: ProblemFiguresSchema,
});

/** The answer of GET /api/stats/assessment. */
export const AssessmentSchema = Type.Object({
  region: RegionCode,
  dept: Type.Union([Code, Type.Null()]),
  from: Day,
  to: CivilDate('Day after the period (excluded)'),
  asOf: Type.String({ description: 'When the figures were computed (ISO instant): what is late or pending is as of then' }),
  rows: Type.Array(AssessmentRowSchema),
});

/** The query of GET /api/stats/spot-sample. */
export const SpotSampleQuerySchema = Type.Object(
  {
    region: Type.Optional(RegionCode),
    dept: Type.Optional(Type.String({ pattern: Code.pattern, description: 'Only the cases of this approval department' })),
    from: Type.Optional(CivilDate('Cases closed on or after this day (default 1 January of this year)')),
    to: Type.Optional(CivilDate('Cases closed before this day (default tomorrow)')),
    size: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'How many cases to draw' }),
    seed: Type.Optional(Type.String({ pattern: SEED_PATTERN, description: 'The seed; omit to have one chosen (the answer names it)' })),
  },
  { additionalProperties: false },
);

/** A drawn case. */
const SampledCaseSchema = Type.Object({
  rank: Type.Integer({ minimum: 1, description: 'Draw order' }),
  caseNo: Type.String(),
  region: RegionCode,
  approvalDept: Code,
  handlingItem: Type.String(),
  creditCode: CreditCode,
  applicantName: Type.String(),
  mode: Type.String(),
  outcome: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
});

/** The answer of GET /api/stats/spot-sample. */
export const SpotSampleSchema = Type.Object({
  seed: Type.String({ description: 'Draw again with this seed and the same filters to get the same cases' }),
  algorithm: Type.String(),
  region: RegionCode,
  dept: Type.Union([Code, Type.Null()]),
  from: Day,
  to: Day,
  size: Type.Integer(),
  candidates: Type.Integer({ minimum: 0, description: 'Closed cases in scope that could be drawn' }),
  cases: Type.Array(SampledCaseSchema),
});
