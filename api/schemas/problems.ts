// Schemas of coordinators' problem records (问题记录, Dongli 二 3, 四 3(2)).
import { Type, type Static } from '@sinclair/typebox';
import { problemActions, problemStatuses, problemSubjectKinds } from '../../domain/problems.js';
import { NextCursorSchema, PageQueryFields } from './common.js';
import { Code, Reason, RegionCode } from './organisation.js';

const Text = (max: number, description: string) => Type.String({ minLength: 1, maxLength: max, description });
const Measures = Type.Array(Text(1000, 'A measure taken (已采取的措施)'), { maxItems: 50, description: 'Measures taken (已采取的措施)' });
const Status = Type.Union(
  problemStatuses.map((s) => Type.Literal(s)),
  { description: 'open 待处理, in_progress 处理中, resolved 已解决, referred 已提交会商' },
);

/** What a problem is about: a case, a supervision task, a catalogue item, or nothing in particular. */
export const ProblemSubjectSchema = Type.Union(
  [
    Type.Object({ kind: Type.Literal('case'), caseNo: Type.String({ minLength: 1, maxLength: 64, description: '办件编号' }) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('task'), taskId: Type.String({ minLength: 3, maxLength: 80, description: '<caseNo>:<n>' }) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('item'), itemCode: Type.String({ pattern: Code.pattern, description: 'An approval item or supervision item code of the catalogue' }) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('general') }, { additionalProperties: false }),
  ],
  { description: 'What the problem is about (case, task, item or general)' },
);

/** Body of POST /api/problems. */
export const ProblemRaiseSchema = Type.Object(
  {
    subject: ProblemSubjectSchema,
    description: Text(4000, 'The problem (问题描述)'),
    measures: Measures,
    deptCode: Type.Optional(Type.String({ pattern: Code.pattern, description: 'The raising department; the caller’s own by default' })),
    counterpartDept: Type.Optional(Type.String({ pattern: Code.pattern, description: 'The other side’s department it concerns, whose coordinators follow it too' })),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
/** A problem to raise. */
export type ProblemRaiseInput = Static<typeof ProblemRaiseSchema>;

/** Body of a comment. */
export const ProblemCommentSchema = Type.Object({ comment: Text(4000, 'The answer or comment (回复)') }, { additionalProperties: false });
/** Body of a measure. */
export const ProblemMeasureSchema = Type.Object({ measures: Type.Array(Text(1000, 'A measure taken'), { minItems: 1, maxItems: 50 }), comment: Type.Optional(Text(4000, 'Remark')) }, { additionalProperties: false });
/** Body of an escalation by hand. */
export const ProblemEscalateSchema = Type.Object({ reason: Reason }, { additionalProperties: false });
/** Body of a resolution. */
export const ProblemResolveSchema = Type.Object({ resolution: Text(4000, 'How it was resolved (处理结果)'), reason: Type.Optional(Reason) }, { additionalProperties: false });
/** Body of a referral to 会商. */
export const ProblemReferSchema = Type.Object(
  { reason: Reason, consultationId: Type.Optional(Type.Integer({ minimum: 1, description: 'The consultation that takes it up, if already recorded' })) },
  { additionalProperties: false },
);
/** Body of a link to a consultation. */
export const ProblemLinkSchema = Type.Object({ consultationId: Type.Integer({ minimum: 1, description: 'The consultation (会商) that discussed it' }), reason: Reason }, { additionalProperties: false });

/** Path of one problem. */
export const ProblemParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991, description: 'Problem record ID' }) });

/** Query of the list. */
export const ProblemListQuerySchema = Type.Object(
  {
    view: Type.Union([Type.Literal('mine'), Type.Literal('department'), Type.Literal('waiting')], {
      default: 'department',
      description: 'mine: raised by the caller; department: raised by or concerning the department; waiting: held by the caller’s level of its department, not closed',
    }),
    dept: Type.Optional(Type.String({ pattern: Code.pattern, description: 'The department (region admins and auditors; a coordinator its own)' })),
    region: Type.Optional(RegionCode),
    status: Type.Optional(Status),
    ...PageQueryFields,
  },
  { additionalProperties: false },
);

/** One step of a problem's timeline. */
export const ProblemEventSchema = Type.Object({
  at: Type.String({ description: 'ISO instant' }),
  actor: Type.String({ description: 'Person ID, or system' }),
  action: Type.Union(problemActions.map((a) => Type.Literal(a))),
  text: Type.Union([Type.String(), Type.Null()]),
  measures: Type.Union([Type.Array(Type.String()), Type.Null()]),
  fromLevel: Type.Union([Type.Integer(), Type.Null()]),
  toLevel: Type.Union([Type.Integer(), Type.Null()]),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.Union([Type.String(), Type.Null()]),
});

/** A problem record. */
export const ProblemRecordSchema = Type.Object({
  id: Type.Integer(),
  ref: Type.String({ description: 'PR-<id>, as messages name it' }),
  region: RegionCode,
  deptCode: Code,
  counterpartDept: Type.Union([Code, Type.Null()]),
  subjectKind: Type.Union(problemSubjectKinds.map((k) => Type.Literal(k))),
  subjectCode: Type.Union([Type.String(), Type.Null()]),
  caseNo: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  status: Status,
  level: Type.Integer({ description: 'The coordinator level that holds it (2 → 1 → 3)' }),
  raisedBy: Type.String(),
  raisedLevel: Type.Integer(),
  raisedAt: Type.String({ description: 'ISO instant' }),
  lastActivityAt: Type.String({ description: 'ISO instant of the last answer: the escalation clock counts from it' }),
  resolution: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  consultationId: Type.Union([Type.Integer(), Type.Null()]),
});

/** A problem with its timeline. */
export const ProblemDetailSchema = Type.Composite([ProblemRecordSchema, Type.Object({ timeline: Type.Array(ProblemEventSchema) })]);

/** A page of problems. */
export const ProblemPageSchema = Type.Object({ items: Type.Array(ProblemRecordSchema), nextCursor: NextCursorSchema });
