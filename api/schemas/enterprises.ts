// Schemas of the enterprise portrait (企业画像, L13).
import { Type, type TSchema } from '@sinclair/typebox';
import { GradeSchema } from './credit-grades.js';
import { PortraitSourceRecordsSchema } from './external.js';

const Instant = Type.String({ description: 'ISO instant' });
const MaybeInstant = Type.Union([Instant, Type.Null()]);
const MaybeString = Type.Union([Type.String(), Type.Null()]);

/** Query of a portrait: how long each list may be. */
export const PortraitQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Rows per list at most (newest first); `total` counts them all' })),
});

/** A bounded list: the newest items and how many there are in all. */
const List = <T extends TSchema>(item: T, description: string) =>
  Type.Object({ total: Type.Integer({ description: 'How many there are in all (the caller sees)' }), items: Type.Array(item) }, { description });

const TaskRef = {
  taskId: Type.String(),
  caseNo: Type.String(),
  supervisingDept: Type.String(),
  divisionCode: Type.String(),
};

const Approval = Type.Object({
  caseNo: Type.String(),
  region: Type.String(),
  approvalDept: Type.String(),
  approvalItem: Type.String(),
  handlingItem: Type.String(),
  applicantName: Type.String(),
  mode: Type.String(),
  stage: Type.String(),
  outcome: MaybeString,
  decidedAt: MaybeInstant,
  startedAt: Instant,
  pushedAt: MaybeInstant,
  closedAt: MaybeInstant,
  nextDueAt: MaybeInstant,
  overdue: Type.Boolean(),
});

const Task = Type.Object({
  ...TaskRef,
  region: Type.String(),
  mode: Type.String(),
  approvalDept: Type.String(),
  subItemCode: Type.String(),
  status: Type.String(),
  notifiedAt: Instant,
  viewedAt: MaybeInstant,
  results: Type.Integer(),
  lateResults: Type.Integer(),
  nextDueAt: MaybeInstant,
  nextDueKind: MaybeString,
  escalationLevel: Type.Integer(),
  overdue: Type.Boolean(),
  closedAt: MaybeInstant,
});

const InspectionItem = Type.Object({
  ...TaskRef,
  inspectedAt: Instant,
  recordedAt: Instant,
  result: Type.Union([Type.Literal('compliant'), Type.Literal('noncompliant')]),
  findings: Type.Optional(Type.String()),
  resultDueAt: Instant,
  late: Type.Boolean({ description: 'Result recorded after its 5-working-day due time (L10)' }),
});

const Rectification = Type.Object({
  ...TaskRef,
  taskStatus: Type.String(),
  orderedAt: Instant,
  dueDate: Type.String(),
  requirements: Type.String(),
  reportedAt: Type.Optional(Instant),
  report: Type.Optional(Type.String()),
});

const Revocation = Type.Object({
  ...TaskRef,
  approvalDept: Type.String(),
  taskStatus: Type.String(),
  proposal: Type.Object({ proposedAt: Instant, reason: Type.String() }),
  decision: Type.Union([
    Type.Object({
      decidedAt: Instant,
      decision: Type.Union([Type.Literal('revoke'), Type.Literal('decline')]),
      explanation: Type.String(),
      documentNo: Type.Optional(Type.String()),
    }),
    Type.Null(),
  ]),
});

const CreditRecord = Type.Object({ event: Type.String(), reason: Type.String(), decisionDocument: MaybeString, caseNo: Type.String(), recordedAt: Instant });

const SamplingDraw = Type.Object({
  month: Type.String(),
  deptCode: Type.String(),
  divisionCode: Type.String(),
  grade: MaybeString,
  caseNo: Type.String(),
  drawnAt: Instant,
});

const PortraitFile = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  taskId: MaybeString,
  kind: Type.String(),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  addedAt: Instant,
});

/** The portrait of one enterprise as the caller sees it. */
export const EnterprisePortraitSchema = Type.Object({
  creditCode: Type.String(),
  name: Type.Union([Type.String(), Type.Null()], { description: 'Applicant name of the newest approval the caller sees (企业名称)' }),
  creditGrade: Type.Union([
    Type.Object({ grade: GradeSchema, gradeName: Type.String(), gradedOn: Type.String(), source: Type.String(), updatedAt: Instant }),
    Type.Null(),
  ]),
  dishonest: Type.Boolean({ description: 'On the dishonesty list: a credit record within the last three years' }),
  scope: Type.Object(
    { region: Type.String(), dept: Type.Optional(Type.String()) },
    { description: 'What the caller sees: rows of this region (100000 = all); with dept, only that department’s approvals, tasks and draws' },
  ),
  approvals: List(Approval, '审批办件, newest started first'),
  tasks: List(Task, '监管任务, newest notified first'),
  inspections: List(InspectionItem, '检查记录, newest inspected first'),
  rectifications: List(Rectification, '限期整改, newest ordered first'),
  revocations: List(Revocation, '撤销建议与决定, newest proposed first'),
  creditRecords: List(CreditRecord, '信用档案 (dishonesty records), newest first; not limited by region'),
  samplingDraws: List(SamplingDraw, '双随机抽查, newest drawn first'),
  files: List(PortraitFile, '办件档案与监管材料 of its cases (not withdrawn), newest added first; downloaded at /api/files/{id}/content by those who read the case'),
  externalRecords: Type.Object(
    { total: Type.Integer({ description: 'Records of every source the caller sees' }), sources: Type.Array(PortraitSourceRecordsSchema) },
    {
      description:
        '外部数据 (12345 热线, other supervision systems and platforms; L13) by source, each with its totals by kind and its newest `limit` records (newest occurred first). ' +
        'Shown for the sources within the caller’s region and those serving a region that covers it.',
    },
  ),
});
