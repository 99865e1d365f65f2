// Query and answer of GET /api/tasks, a division's inbox (处室待办) from the read model.
import { Type } from '@sinclair/typebox';
import { caseModes } from '../../domain/case.js';
import { deadlineKinds } from '../../domain/case/deadlines.js';
import { taskStatuses } from '../../domain/case/task.js';
import { NextCursorSchema, PageQueryFields } from './common.js';

/** Which division, optionally which status, and which page. */
export const InboxQuerySchema = Type.Object(
  {
    division: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The division (处室); defaults to the caller’s own' })),
    status: Type.Optional(Type.Union(taskStatuses.map((s) => Type.Literal(s)), { description: 'Only open tasks in this status' })),
    ...PageQueryFields,
  },
  { additionalProperties: false },
);

/** One open task of the division. */
export const InboxTaskSchema = Type.Object({
  taskId: Type.String(),
  caseNo: Type.String(),
  handlingItem: Type.String(),
  creditCode: Type.String(),
  applicantName: Type.String(),
  mode: Type.Union(caseModes.map((m) => Type.Literal(m))),
  approvalDept: Type.String(),
  supervisingDept: Type.String(),
  divisionCode: Type.String(),
  status: Type.Union(taskStatuses.map((s) => Type.Literal(s))),
  notifiedAt: Type.String(),
  viewedAt: Type.Union([Type.String(), Type.Null()]),
  nextDeadline: Type.Optional(
    Type.Object(
      {
        kind: Type.Union(deadlineKinds.map((k) => Type.Literal(k))),
        dueAt: Type.String(),
        provisional: Type.Boolean({ description: 'Computed on a year without an official holiday arrangement yet' }),
        overdue: Type.Boolean(),
        workingDaysLeft: Type.Integer({
          description:
            'Working days left: before the deadline, the working days from today (included when a working day) through the deadline’s last day (≥ 1 on that day); from the deadline on, minus the working days late (0 until the next working day begins).',
        }),
      },
      { description: 'The task’s nearest open deadline; absent when none is open' },
    ),
  ),
  warned: Type.Boolean({ description: 'An open deadline of the task was warned (即将超期预警)' }),
  overdue: Type.Boolean({ description: 'An open deadline of the task is past due' }),
  escalationLevel: Type.Integer({ description: 'Last escalation level reached by an open deadline: 0 none, 2 at the deadline, 1 one working day late, 3 three' }),
});

/** A page of the inbox. */
export const InboxPageSchema = Type.Object({
  total: Type.Integer({ description: 'Open tasks of the division (of the status asked for) in all, on every page' }),
  items: Type.Array(InboxTaskSchema),
  nextCursor: NextCursorSchema,
});
