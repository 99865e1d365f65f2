// The approval side's actions on a case: deferred materials, decisions, withdrawal; and the outcome
// of any action sent with an Idempotency-Key.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { refusals } from '../../../domain/case/actions.js';
import { decideUpdate, submitMaterialsUpdate, withdrawUpdate } from '../../../workflows/messages.js';
import { found } from '../../errors.js';
import { principalOf, type Access } from '../../plugins/access.js';
import { ActionHeadersSchema, DecisionBodySchema, IdempotencyKey, MaterialsBodySchema, WithdrawalBodySchema } from '../../schemas/case-actions.js';
import { CaseViewSchema } from '../../schemas/case-view.js';
import { CaseParamsSchema } from '../../schemas/cases.js';
import { ErrorSchema } from '../../schemas/common.js';
import { act, approvalCase, readableCase, withdrawableCase, withdrawingSide } from './case-actions.js';
import { priorOutcome } from './idempotency.js';
import { withStepFiles } from '../../files/step-files.js';

const caseActionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Only the case's own approval department (or the approval platform's account) acts on it.
  const approvalDepartment: Access = {
    roles: ['approval_officer'],
    scope: (request) => approvalCase(app, request),
  };
  const responses = { 200: CaseViewSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

  app.post(
    '/:caseNo/materials',
    {
      config: { access: approvalDepartment },
      schema: {
        tags: ['cases'],
        summary: '材料延期: the deferred materials arrived',
        params: CaseParamsSchema,
        headers: ActionHeadersSchema,
        body: MaterialsBodySchema,
        response: responses,
      },
    },
    async (request) => {
      const { caseNo } = request.params;
      const input = await withStepFiles(app, { caseNo, action: 'materials' }, { actor: principalOf(request).sub, ...request.body });
      return act(app, request, caseNo, submitMaterialsUpdate, input, (view) => refusals.submitMaterials(view, input));
    },
  );

  app.post(
    '/:caseNo/decisions',
    {
      config: { access: approvalDepartment },
      schema: {
        tags: ['cases'],
        summary: 'The approval department decides',
        description: 'On a broken commitment (revoke: dishonesty record, case revoked | keep: supervision goes on) or on a revocation proposal (revoke with the decision document | decline with a written explanation back to the division).',
        params: CaseParamsSchema,
        headers: ActionHeadersSchema,
        body: DecisionBodySchema,
        response: responses,
      },
    },
    async (request) => {
      const input = await withStepFiles(app, { caseNo: request.params.caseNo, action: 'decision' }, { actor: principalOf(request).sub, ...request.body });
      return act(app, request, request.params.caseNo, decideUpdate, input, (view) => refusals.decide(view, input));
    },
  );

  app.post(
    '/:caseNo/withdrawal',
    {
      config: { access: { roles: ['approval_officer', 'coordinator'], scope: (request) => withdrawableCase(app, request) } },
      schema: {
        tags: ['cases'],
        summary: 'Withdraw a case',
        description:
          'At any stage before it closes: nothing more is pushed, open tasks are cancelled and their divisions told, every deadline closes; the case ends `withdrawn`. ' +
          'A spot check (双随机) is ended only by a coordinator of the department that drew it; the approval side is refused (409).',
        params: CaseParamsSchema,
        headers: ActionHeadersSchema,
        body: WithdrawalBodySchema,
        response: responses,
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const input = { actor: principal.sub, reason: request.body.reason, side: withdrawingSide(principal, request.caseView!) };
      return act(app, request, request.params.caseNo, withdrawUpdate, input, (view) => refusals.withdraw(view, input));
    },
  );

  app.get(
    '/:caseNo/actions/:key',
    {
      config: { access: { roles: ['approval_officer', 'division_admin', 'coordinator', 'auditor', 'region_admin'], scope: (request) => readableCase(app, request) } },
      schema: {
        tags: ['cases'],
        summary: 'The outcome of an action sent with an Idempotency-Key',
        description: 'The case as that action left it; 404 when no action of this case was sent with the key (it was refused, or never arrived: sending it again is safe).',
        params: Type.Object({ caseNo: CaseParamsSchema.properties.caseNo, key: IdempotencyKey }),
        response: { 200: CaseViewSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { caseNo, key } = request.params;
      return found(await priorOutcome(app, caseNo, key), `办件 ${caseNo} 中使用 Idempotency-Key ${key} 的操作`);
    },
  );
};

export default caseActionsRoutes;
