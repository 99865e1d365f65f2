// /api/dashboard: the coordinator's dashboard (审管协调员看板, D 二) — what a department owes and
// is late with, from the read model. The division inbox is GET /api/tasks.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { coordinatorDashboard } from '../../../db/dashboard.js';
import { findDepartment } from '../../../db/organisation.js';
import { found, HttpError } from '../../errors.js';
import { hiddenOutsideRegion, principalOf } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { CoordinatorDashboardQuerySchema, CoordinatorDashboardSchema } from '../../schemas/dashboard.js';

/** The department a request names, or the caller's own. */
const deptOf = (query: unknown, dept: string | undefined) => (query as { dept?: string }).dept ?? dept;

const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/coordinator',
    {
      config: {
        access: {
          roles: ['coordinator', 'region_admin', 'auditor'],
          // A coordinator reads its own department; region admins and auditors any in their region.
          scope: async (request) => {
            const code = deptOf(request.query, principalOf(request).dept);
            if (!code) throw new HttpError(400, 'validation', '请指定部门（dept）', [{ field: 'querystring/dept', rule: 'required', message: '请指定部门（dept）' }]);
            const what = `部门 ${code} `;
            const dept = found(await findDepartment(app.db, code), what);
            hiddenOutsideRegion(request, dept.region, what);
            return { region: dept.region, dept: dept.code };
          },
        },
      },
      schema: {
        tags: ['dashboard'],
        summary: 'A department’s deadlines: 即将超期, overdue by escalation level, escalations waiting; cases needing attention',
        description:
          'Open deadlines the department owes (a task’s supervising department, or the approval department for its own): warned and not yet due (即将超期), overdue by escalation level (0, 2, 1, 3), escalated ones longest waiting first. Counts are whole; each list holds the first `limit` (default 50). A deadline counts as warned or overdue once the workflow flagged it or the clock passed its warning or due time. Besides deadlines: the department’s cases that need attention (需人工处理), with the reason.',
        querystring: CoordinatorDashboardQuerySchema,
        response: { 200: CoordinatorDashboardSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => coordinatorDashboard(app.db, deptOf(request.query, principalOf(request).dept)!, new Date(), request.query.limit),
  );
};

export default dashboardRoutes;
