// Bodies of the actions on cases and tasks. The actor is always the token's subject, never the body.
import { Type } from '@sinclair/typebox';
import { CivilDate, Instant } from './common.js';
import { FileIdsSchema } from './files.js';

const Text = (description: string, maxLength = 2000) => Type.String({ minLength: 1, maxLength, description });

/** POST /api/cases/:caseNo/materials. */
export const MaterialsBodySchema = Type.Object({ materials: Type.Array(Text('Material name', 200), { minItems: 1, maxItems: 200 }), files: FileIdsSchema }, { additionalProperties: false });

/** POST /api/cases/:caseNo/decisions. */
export const DecisionBodySchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('commitment'), Type.Literal('revocation')], {
      description: 'commitment: an overdue deferral or a failed licence check; revocation: a division’s proposal',
    }),
    taskId: Type.Optional(Type.String({ description: 'The task whose revocation proposal is decided (kind revocation)' })),
    decision: Type.Union([Type.Literal('revoke'), Type.Literal('keep'), Type.Literal('decline')], {
      description: 'commitment: revoke | keep; revocation: revoke | decline',
    }),
    reason: Text('The written reason; for a declined proposal, the explanation that goes back to the division'),
    documentNo: Type.Optional(Text('撤销结果决定书 number', 100)),
    files: FileIdsSchema,
  },
  { additionalProperties: false },
);

/** POST /api/cases/:caseNo/withdrawal. */
export const WithdrawalBodySchema = Type.Object({ reason: Text('Why the case is withdrawn') }, { additionalProperties: false });

/** POST /api/tasks/:taskId/inspections. */
export const InspectionBodySchema = Type.Object(
  {
    inspectedAt: Instant('When the inspection was carried out'),
    result: Type.Union([Type.Literal('compliant'), Type.Literal('noncompliant')]),
    findings: Type.Optional(Text('What was found; required when noncompliant (400 `required-when-noncompliant` on `body/findings` without it)')),
    files: FileIdsSchema,
  },
  { additionalProperties: false },
);

/** POST /api/tasks/:taskId/rectification-orders. */
export const RectificationOrderBodySchema = Type.Object(
  { dueDate: CivilDate('Rectify by the end of this date (Asia/Shanghai)'), requirements: Text('What must be rectified'), files: FileIdsSchema },
  { additionalProperties: false },
);

/** POST /api/tasks/:taskId/rectification-reports. */
export const RectificationReportBodySchema = Type.Object({ report: Text('The applicant’s rectification report'), files: FileIdsSchema }, { additionalProperties: false });

/** POST /api/tasks/:taskId/revocation-proposals. */
export const RevocationProposalBodySchema = Type.Object({ reason: Text('Why the licence should be revoked'), files: FileIdsSchema }, { additionalProperties: false });

/** Path parameters naming a task. */
export const TaskParamsSchema = Type.Object({ taskId: Type.String({ minLength: 3, maxLength: 80, description: '<caseNo>:<n>' }) });

/** An action's idempotency key (see api/routes/cases/idempotency.ts). */
export const IdempotencyKey = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$',
  description: 'Applies the action once: a retry with the same key answers the first one’s outcome (GET /api/cases/{caseNo}/actions/{key} tells it later)',
});

/** Headers every case and task action reads. */
export const ActionHeadersSchema = Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKey) });
