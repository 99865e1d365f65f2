// Query and answer of GET /api/dashboard/coordinator (审管协调员看板).
import { Type } from '@sinclair/typebox';
import { deadlineKinds } from '../../domain/case/deadlines.js';

/** Which department, and how long each list may be. */
export const CoordinatorDashboardQuerySchema = Type.Object(
  {
    dept: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The department (supervising or approval side); defaults to the caller’s own' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per list, 1–200, nearest due first; the counts are always whole' }),
  },
  { additionalProperties: false },
);

const DashboardItemSchema = Type.Object({
  caseNo: Type.String(),
  deadlineId: Type.String(),
  taskId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union(deadlineKinds.map((k) => Type.Literal(k))),
  divisionCode: Type.Union([Type.String(), Type.Null()]),
  handlingItem: Type.String(),
  creditCode: Type.String(),
  applicantName: Type.String(),
  dueAt: Type.String(),
  warnAt: Type.Union([Type.String(), Type.Null()]),
  provisional: Type.Boolean(),
  warned: Type.Boolean(),
  overdue: Type.Boolean(),
  escalatedLevels: Type.Array(Type.Integer()),
  escalationLevel: Type.Integer({ description: '0 none, 2 at the deadline, 1 one working day late, 3 three working days late' }),
  workingDaysLeft: Type.Integer({ description: 'As in GET /api/tasks: ≥ 1 before the deadline, minus the working days late after it' }),
});

/** The dashboard of one department. */
export const CoordinatorDashboardSchema = Type.Object({
  dept: Type.String(),
  at: Type.String({ description: 'The instant the dashboard was computed for' }),
  counts: Type.Object({
    open: Type.Integer({ description: 'Open deadlines the department owes' }),
    warning: Type.Integer({ description: '即将超期: warned, not yet due' }),
    overdue: Type.Integer({ description: '超期: past due and still open' }),
    escalated: Type.Integer({ description: 'Escalated to a coordinator (level > 0)' }),
    needsAttention: Type.Integer({ description: '需人工处理: cases of the department (approved or supervised) whose step failed in a way no retry can mend' }),
  }),
  warnings: Type.Array(DashboardItemSchema, { description: '即将超期, nearest deadline first (the first `limit`; counts.warning has them all)' }),
  overdueByLevel: Type.Array(
    Type.Object({ level: Type.Integer(), count: Type.Integer({ description: 'All overdue at this level' }), items: Type.Array(DashboardItemSchema, { description: 'The first `limit`, earliest due first' }) }),
    { description: 'Overdue open deadlines by escalation level, in the order lateness reaches them: 0 (not yet escalated), 2, 1, 3' },
  ),
  escalations: Type.Array(DashboardItemSchema, { description: 'Escalations waiting (level > 0), longest waiting (earliest due) first (the first `limit`; counts.escalated has them all)' }),
  needsAttention: Type.Array(
    Type.Object({
      caseNo: Type.String(),
      mode: Type.String(),
      handlingItem: Type.String(),
      creditCode: Type.String(),
      applicantName: Type.String(),
      step: Type.Union([Type.String(), Type.Null()], { description: 'The step that failed' }),
      reason: Type.Union([Type.String(), Type.Null()], { description: '需人工处理的原因' }),
      since: Type.Union([Type.String(), Type.Null()]),
    }),
    { description: '需人工处理, longest waiting first (the first `limit`; counts.needsAttention has them all): withdraw them, and start them again with correct data' },
  ),
});
