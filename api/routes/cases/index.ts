// /api/cases: the approval platform starts a case; anyone allowed reads its state.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { sameCaseInput, type CaseInput } from '../../../domain/case.js';
import { caseWorkflowId } from '../../../workflows/case-id.js';
import type { caseWorkflow } from '../../../workflows/case-workflow.js';
import { getCaseQuery, type CaseView } from '../../../workflows/messages.js';
import { caseSearchAttributePairs } from '../../../workflows/search-attributes.js';
import { HttpError } from '../../errors.js';
import { principalOf } from '../../plugins/access.js';
import { CaseViewSchema } from '../../schemas/case-view.js';
import { CaseInputSchema, CaseParamsSchema, CaseStartedSchema } from '../../schemas/cases.js';
import { ErrorSchema } from '../../schemas/common.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The case a route's scope check loaded, so the handler does not query it twice. */
    caseView?: CaseView;
  }
}

const casesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const caseUiUrl = (workflowId: string) =>
    `${app.temporal.uiUrl}/namespaces/${encodeURIComponent(app.temporal.client.options.namespace)}/workflows/${encodeURIComponent(workflowId)}`;

  app.post(
    '/',
    {
      // The approval department's officers, or the approval platform's service account (no dept).
      config: { access: { roles: ['approval_officer'], scope: (request) => {
        const body = request.body as CaseInput;
        return { region: body.region, dept: body.approvalDept };
      } } },
      schema: {
        tags: ['cases'],
        summary: 'Start a case (办件推送)',
        description: 'Idempotent on caseNo: the same payload again answers 200 with the existing case; a different one 409.',
        body: CaseInputSchema,
        response: { 201: CaseStartedSchema, 200: CaseStartedSchema, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const workflowId = caseWorkflowId(input.caseNo);
      try {
        // By name with the type only: the API process never loads workflow code.
        await app.temporal.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
          workflowId,
          taskQueue: app.temporal.taskQueue,
          args: [{ case: input, startedBy: principalOf(request).sub }],
          // A case number names one case forever, even after it closed.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: caseSearchAttributePairs(input, 'awaiting_linkage'),
          staticSummary: `办件 ${input.caseNo} · ${input.mode} · ${input.handlingItem}`,
        });
        return reply.status(201).send({ caseNo: input.caseNo, workflowId, created: true, temporalUiUrl: caseUiUrl(workflowId) });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      const existing = await app.temporal.client.workflow.getHandle(workflowId).query(getCaseQuery);
      if (!sameCaseInput(existing.input, input)) {
        throw new HttpError(409, 'conflict', `办件编号 ${input.caseNo} 已被另一份不同内容的办件使用，未重复创建`);
      }
      return reply.status(200).send({ caseNo: input.caseNo, workflowId, created: false, temporalUiUrl: caseUiUrl(workflowId) });
    },
  );

  app.get(
    '/:caseNo',
    {
      config: {
        access: {
          roles: ['approval_officer', 'coordinator', 'auditor', 'region_admin'],
          scope: async (request) => {
            const { caseNo } = request.params as { caseNo: string };
            request.caseView = await app.temporal.client.workflow.getHandle(caseWorkflowId(caseNo)).query(getCaseQuery);
            return { region: request.caseView.input.region, dept: request.caseView.input.approvalDept };
          },
        },
      },
      schema: {
        tags: ['cases'],
        summary: 'The state of a case',
        params: CaseParamsSchema,
        response: { 200: CaseViewSchema, 404: ErrorSchema },
      },
    },
    async (request) => request.caseView!,
  );
};

export default casesRoutes;
