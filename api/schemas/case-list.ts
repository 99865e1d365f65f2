// Query and answer of GET /api/cases, the list of cases from the read model.
import { Type, type Static } from '@sinclair/typebox';
import { caseModes, caseOutcomes, caseStages } from '../../domain/case.js';
import { taskStatuses } from '../../domain/case/task.js';
import { CivilDate, CreditCode, NextCursorSchema, PageQueryFields } from './common.js';

const Instant = (description: string) => Type.String({ description: `${description} (ISO 8601, UTC)` });
const NullableInstant = (description: string) => Type.Union([Instant(description), Type.Null()]);

/** Filters and paging of the list; they combine with AND. */
export const CaseListQuerySchema = Type.Object(
  {
    creditCode: Type.Optional(CreditCode),
    stage: Type.Optional(Type.Union(caseStages.map((s) => Type.Literal(s)), { description: '办件阶段' })),
    mode: Type.Optional(Type.Union(caseModes.map((m) => Type.Literal(m)), { description: '审批模式' })),
    dept: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'A department: cases it approved (审批部门) OR in which it supervises a task (监管部门) — every case the department has work in.',
      }),
    ),
    division: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A division (处室): cases with a supervision task of it' })),
    from: Type.Optional(CivilDate('Period start: cases started (received from the approval platform) on or after 00:00 of this date, Asia/Shanghai')),
    to: Type.Optional(CivilDate('Period end: cases started up to 24:00 of this date, Asia/Shanghai (the date is included)')),
    overdue: Type.Optional(Type.Boolean({ description: 'true: a deadline of the case is open and past due; false: none is' })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
);
/** The list's query. */
export type CaseListQuery = Static<typeof CaseListQuerySchema>;

/** One case in the list. */
export const CaseListItemSchema = Type.Object({
  caseNo: Type.String(),
  region: Type.String(),
  approvalDept: Type.String(),
  approvalItem: Type.String(),
  handlingItem: Type.String(),
  creditCode: Type.String(),
  applicantName: Type.String({ description: '申请人（企业）名称' }),
  mode: Type.Union(caseModes.map((m) => Type.Literal(m))),
  stage: Type.Union(caseStages.map((s) => Type.Literal(s))),
  outcome: Type.Union([...caseOutcomes.map((o) => Type.Literal(o)), Type.Null()]),
  decidedAt: NullableInstant('审批办结 instant'),
  startedAt: Instant('When the case was received'),
  pushedAt: NullableInstant('When it was pushed to the supervising divisions'),
  closedAt: NullableInstant('When it closed'),
  nextDueAt: NullableInstant('Nearest open deadline'),
  overdue: Type.Boolean(),
  attentionStep: Type.Union([Type.String(), Type.Null()], { description: 'needs_attention: the step that failed' }),
  attentionReason: Type.Union([Type.String(), Type.Null()], { description: 'needs_attention: why (需人工处理的原因)' }),
  attentionSince: NullableInstant('needs_attention: since when'),
  tasks: Type.Array(
    Type.Object({
      taskId: Type.String(),
      supervisingDept: Type.String(),
      divisionCode: Type.String(),
      status: Type.Union(taskStatuses.map((s) => Type.Literal(s))),
      nextDueAt: NullableInstant('Nearest open deadline of the task'),
      overdue: Type.Boolean(),
    }),
  ),
});

/** A page of the list. */
export const CaseListPageSchema = Type.Object({
  items: Type.Array(CaseListItemSchema),
  nextCursor: NextCursorSchema,
});
