// /api/tasks: supervision tasks (监管任务) — a division's inbox and its actions on each task. Only
// the division's own admin acts on its task (the scope names the division).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findingsMissing, refusals } from '../../../domain/case/actions.js';
import { findDivision } from '../../../db/divisions.js';
import { divisionInbox } from '../../../db/inbox.js';
import { findDepartment } from '../../../db/organisation.js';
import { orderRectificationUpdate, proposeRevocationUpdate, recordInspectionUpdate, reportRectificationUpdate, viewTaskUpdate } from '../../../workflows/messages.js';
import { found, HttpError } from '../../errors.js';
import { hiddenOutsideRegion, principalOf, type Access } from '../../plugins/access.js';
import {
  ActionHeadersSchema,
  InspectionBodySchema,
  RectificationOrderBodySchema,
  RectificationReportBodySchema,
  RevocationProposalBodySchema,
  TaskParamsSchema,
} from '../../schemas/case-actions.js';
import { CaseViewSchema } from '../../schemas/case-view.js';
import { ErrorSchema } from '../../schemas/common.js';
import { InboxPageSchema, InboxQuerySchema } from '../../schemas/inbox.js';
import { readPage } from '../../paging.js';
import { act, loadTaskScope } from '../cases/case-actions.js';
import { caseNoOfTask } from '../../../domain/case/task.js';
import { withStepFiles } from '../../files/step-files.js';

const tasksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const divisionOfTask: Access = { roles: ['division_admin'], scope: (request) => loadTaskScope(app, request, (request.params as { taskId: string }).taskId) };
  const responses = { 200: CaseViewSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
  const caseOf = (taskId: string) => caseNoOfTask(taskId)!;

  app.get(
    '/',
    {
      config: {
        access: {
          roles: ['division_admin', 'coordinator', 'auditor', 'region_admin'],
          scope: async (request) => {
            const code = (request.query as { division?: string }).division ?? principalOf(request).division;
            if (!code) throw new HttpError(400, 'validation', '请指定处室（division）', [{ field: 'querystring/division', rule: 'required', message: '请指定处室（division）' }]);
            const what = `处室 ${code} `;
            const division = found(await findDivision(app.db, code), what);
            const dept = found(await findDepartment(app.db, division.deptCode), what);
            hiddenOutsideRegion(request, dept.region, what);
            return { region: dept.region, dept: dept.code, division: division.code };
          },
        },
      },
      schema: {
        tags: ['tasks'],
        summary: 'A division’s open supervision tasks (处室待办), nearest deadline first',
        description:
          'From the read model: the division’s tasks still open, by nearest open deadline (tasks with none last, then by task ID), each with the working days that deadline leaves on the working-day calendar; `total` counts them all. Pass `nextCursor` as `cursor` for the next page.',
        querystring: InboxQuerySchema,
        response: { 200: InboxPageSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { division, ...page } = request.query;
      return readPage(() => divisionInbox(app.db, { divisionCode: division ?? principalOf(request).division!, ...page }, new Date()));
    },
  );

  app.post(
    '/:taskId/view',
    { config: { access: divisionOfTask }, schema: { tags: ['tasks'], summary: 'View the task (L9: within 3 working days of the SMS)', params: TaskParamsSchema, headers: ActionHeadersSchema, response: responses } },
    async (request) => {
      const input = { actor: principalOf(request).sub, taskId: request.params.taskId };
      return act(app, request, caseOf(input.taskId), viewTaskUpdate, input, (view) => refusals.viewTask(view, input));
    },
  );

  app.post(
    '/:taskId/inspections',
    {
      config: { access: divisionOfTask },
      schema: { tags: ['tasks'], summary: 'Record an inspection and its result (L10: within 5 working days of the inspection)', params: TaskParamsSchema, headers: ActionHeadersSchema, body: InspectionBodySchema, response: responses },
    },
    async (request) => {
      const { taskId } = request.params;
      // A field of the request, not a state of the case: 400 naming it, whatever the task's state.
      const missing = findingsMissing(request.body);
      if (missing) throw new HttpError(400, 'validation', `请求不符合要求：${missing}`, [{ field: 'body/findings', rule: 'required-when-noncompliant', message: missing }]);
      const input = await withStepFiles(app, { caseNo: caseOf(taskId), taskId, action: 'inspection' }, { actor: principalOf(request).sub, taskId, ...request.body });
      return act(app, request, caseOf(input.taskId), recordInspectionUpdate, input, (view) => refusals.recordInspection(view, input, new Date().toISOString()));
    },
  );

  app.post(
    '/:taskId/rectification-orders',
    {
      config: { access: divisionOfTask },
      schema: { tags: ['tasks'], summary: 'Order rectification by a date (限期整改)', params: TaskParamsSchema, headers: ActionHeadersSchema, body: RectificationOrderBodySchema, response: responses },
    },
    async (request) => {
      const { taskId } = request.params;
      const input = await withStepFiles(app, { caseNo: caseOf(taskId), taskId, action: 'rectification-order' }, { actor: principalOf(request).sub, taskId, ...request.body });
      return act(app, request, caseOf(input.taskId), orderRectificationUpdate, input, (view) => refusals.orderRectification(view, input, new Date().toISOString()));
    },
  );

  app.post(
    '/:taskId/rectification-reports',
    {
      config: { access: divisionOfTask },
      schema: { tags: ['tasks'], summary: 'Record the applicant’s rectification report', params: TaskParamsSchema, headers: ActionHeadersSchema, body: RectificationReportBodySchema, response: responses },
    },
    async (request) => {
      const { taskId } = request.params;
      const input = await withStepFiles(app, { caseNo: caseOf(taskId), taskId, action: 'rectification-report' }, { actor: principalOf(request).sub, taskId, ...request.body });
      return act(app, request, caseOf(input.taskId), reportRectificationUpdate, input, (view) => refusals.reportRectification(view, input));
    },
  );

  app.post(
    '/:taskId/revocation-proposals',
    {
      config: { access: divisionOfTask },
      schema: {
        tags: ['tasks'],
        summary: 'Propose revoking the licence (D 一(二)1: within 1 working day of the finding)',
        params: TaskParamsSchema, headers: ActionHeadersSchema,
        body: RevocationProposalBodySchema,
        response: responses,
      },
    },
    async (request) => {
      const { taskId } = request.params;
      const input = await withStepFiles(app, { caseNo: caseOf(taskId), taskId, action: 'revocation-proposal' }, { actor: principalOf(request).sub, taskId, ...request.body });
      return act(app, request, caseOf(input.taskId), proposeRevocationUpdate, input, (view) => refusals.proposeRevocation(view, input));
    },
  );
};

export default tasksRoutes;
