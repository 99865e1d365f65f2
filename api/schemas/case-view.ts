// The case state as GET /api/cases/:caseNo and every action answer it: the workflow's view, the phone masked.
import { Type, type Static } from '@sinclair/typebox';
import type { CaseView } from '../../domain/case/state.js';
import { caseOutcomes, caseStages } from '../../domain/case.js';
import { deadlineKinds } from '../../domain/case/deadlines.js';
import { taskStatuses } from '../../domain/case/task.js';
import { CaseInputSchema } from './cases.js';
import { PinnedPolicySchema } from './linkage-policy.js';

const Instant = Type.String({ description: 'ISO instant' });
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Level = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]);

const LinkageTargetSchema = Type.Object({ supervisingDeptCode: Type.String(), divisionCode: Type.String(), subItemCode: Type.String(), revision: Type.Integer() });

const TaskSchema = Type.Object({
  taskId: Type.String(),
  supervisingDeptCode: Type.String(),
  divisionCode: Type.String(),
  subItemCode: Type.String(),
  revision: Type.Integer(),
  status: literals(taskStatuses),
  notifiedAt: Instant,
  viewedAt: Type.Optional(Instant),
  inspectors: Type.Optional(Type.Array(Type.String(), { description: 'Spot checks: the inspectors drawn (person IDs)' })),
  inspections: Type.Array(
    Type.Object({
      inspectedAt: Instant,
      recordedAt: Instant,
      result: Type.Union([Type.Literal('compliant'), Type.Literal('noncompliant')]),
      findings: Type.Optional(Type.String()),
      resultDueAt: Instant,
      late: Type.Boolean(),
    }),
  ),
  rectification: Type.Optional(
    Type.Object({ orderedAt: Instant, dueDate: Type.String(), requirements: Type.String(), reportedAt: Type.Optional(Instant), report: Type.Optional(Type.String()) }),
  ),
  revocationDueSince: Type.Optional(Instant),
  proposal: Type.Optional(Type.Object({ proposedAt: Instant, reason: Type.String() })),
  decision: Type.Optional(
    Type.Object({ decidedAt: Instant, decision: Type.Union([Type.Literal('revoke'), Type.Literal('decline')]), explanation: Type.String(), documentNo: Type.Optional(Type.String()) }),
  ),
});

const DeadlineSchema = Type.Object({
  id: Type.String(),
  kind: literals(deadlineKinds),
  taskId: Type.Optional(Type.String()),
  spec: Type.Union([Type.Object({ start: Instant, workingDays: Type.Integer() }), Type.Object({ dueDate: Type.String() })]),
  dueAt: Instant,
  provisional: Type.Boolean({ description: 'Computed on a year whose official arrangement is not loaded yet' }),
  warnAt: Type.Optional(Instant),
  escalations: Type.Array(Type.Object({ level: Level, at: Instant })),
  warned: Type.Boolean(),
  escalatedLevels: Type.Array(Level),
  overdue: Type.Boolean(),
});

/** The case state. */
export const CaseViewSchema = Type.Object({
  caseNo: Type.String(),
  stage: literals(caseStages),
  outcome: Type.Optional(literals(caseOutcomes)),
  input: CaseInputSchema,
  startedAt: Instant,
  linkage: Type.Optional(Type.Array(LinkageTargetSchema)),
  materialsSubmittedAt: Type.Optional(Instant),
  pushedAt: Type.Optional(Instant),
  tasks: Type.Array(TaskSchema),
  deadlines: Type.Array(DeadlineSchema),
  pendingDecisions: Type.Array(
    Type.Object({ kind: Type.Union([Type.Literal('commitment'), Type.Literal('revocation')]), taskId: Type.Optional(Type.String()), reason: Type.String(), requestedAt: Instant }),
  ),
  timeline: Type.Array(
    Type.Object({
      at: Instant,
      actor: Type.String(),
      action: Type.String(),
      reason: Type.Optional(Type.String()),
      files: Type.Optional(Type.Array(Type.Object({ id: Type.Integer(), sha256: Type.String() }), { description: 'Files the step took in (GET /api/files/{id})' })),
    }),
  ),
  attention: Type.Optional(
    Type.Object(
      {
        step: Type.String({ description: 'The step that failed: an activity name, or the part of the workflow' }),
        cause: Type.String({ description: '`database:<SQLSTATE>`, `calendar`, `workflow` or `input`' }),
        reason: Type.String({ description: '需人工处理的原因（不含个人信息）' }),
        since: Instant,
        stageBefore: literals(caseStages),
      },
      { description: 'Set while the stage is needs_attention: a step failed in a way no retry can mend; withdrawal ends the case' },
    ),
  ),
  policy: Type.Optional(PinnedPolicySchema),
});

/** Query of GET /api/cases/:caseNo. */
export const CaseReadQuerySchema = Type.Object(
  {
    fresh: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Ask the case’s workflow itself instead of the read model: current to the instant, but needs a running worker (503 within seconds otherwise)',
      }),
    ),
  },
  { additionalProperties: false },
);

/** GET /api/cases/:caseNo: the case state, and where and as of when it was read. */
export const CaseReadSchema = Type.Composite([
  CaseViewSchema,
  Type.Object({
    source: Type.Union([Type.Literal('read-model'), Type.Literal('workflow')], { description: 'read-model: as last projected (no worker needed); workflow: asked with fresh=true, or a case the read model holds no view of' }),
    revision: Type.Optional(Type.Integer({ description: 'The workflow’s revision the read model holds (0: as started, before the workflow ran)' })),
    asOf: Instant,
  }),
]);

// The schema must describe the workflow's view exactly; this line stops compiling when they drift.
// Strict equality: optional fields count too.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const viewMatches: Same<Static<typeof CaseViewSchema>, CaseView> = true;
void viewMatches;

/** The query of GET /api/cases/:caseNo, as the handler reads it. */
export type CaseReadQuery = Static<typeof CaseReadQuerySchema>;
