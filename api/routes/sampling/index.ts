// /api/sampling: the credit-graded spot-check sampling (双随机、一公开 + 分级分类, L12) — each
// supervising department's settings, the published draws, and running a month's draw now.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../../db/audit.js';
import { findDepartment } from '../../../db/organisation.js';
import { findSamplingSettings, listSamplingDraws, saveSamplingSettings } from '../../../db/sampling.js';
import { NATIONAL_REGION } from '../../../domain/access.js';
import { DEFAULT_INSPECTORS_PER_CHECK, DEFAULT_WEIGHTS, samplingMonthProblem, samplingPlanProblems } from '../../../domain/sampling.js';
import type { samplingWorkflow } from '../../../workflows/sampling-workflow.js';
import { WORKFLOW_TASK_TIMEOUT } from '../../../workflows/task-timeouts.js';
import { found, HttpError, unprocessable } from '../../errors.js';
import { temporalCall } from '../../outages.js';
import { hiddenOutsideRegion, principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import {
  SamplingDeptParamsSchema,
  SamplingDrawsQuerySchema,
  SamplingDrawSchema,
  SamplingRunInputSchema,
  SamplingRunSchema,
  SamplingSettingsInputSchema,
  SamplingSettingsSchema,
} from '../../schemas/sampling.js';

/** The workflow ID of a month's draw run on demand for a region (the whole country: `sampling:<month>`). */
export const samplingRunWorkflowId = (month: string, region: string) => (region === NATIONAL_REGION ? `sampling:${month}` : `sampling:${month}:${region}`);

/** How long a run request waits for the draw before answering 504 (the draw goes on). */
const RUN_WAIT_MS = 60_000;

const samplingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Settings and draws belong to the department: its coordinators, and the admins of its region.
  const departmentScope = async (deptCode: string) => {
    const department = found(await findDepartment(app.db, deptCode), `部门 ${deptCode} `);
    return { region: department.region, dept: department.code };
  };
  const paramScope = async (request: FastifyRequest) => {
    const { deptCode } = request.params as { deptCode: string };
    return resourceScope(`部门 ${deptCode} `, await departmentScope(deptCode));
  };

  app.get(
    '/settings/:deptCode',
    {
      config: { access: { roles: ['coordinator', 'region_admin'], scope: paramScope } },
      schema: {
        tags: ['sampling'],
        summary: "A department's sampling settings (抽查比例与信用等级权重)",
        description: 'A department without settings is not sampled; the answer then shows the defaults (configured: false).',
        params: SamplingDeptParamsSchema,
        response: { 200: SamplingSettingsSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => findSamplingSettings(app.db, request.params.deptCode),
  );

  app.put(
    '/settings/:deptCode',
    {
      config: { access: { roles: ['coordinator', 'region_admin'], scope: paramScope } },
      schema: {
        tags: ['sampling'],
        summary: "Set a department's sampling settings",
        description:
          `Enterprises drawn a month, inspectors per check (default ${DEFAULT_INSPECTORS_PER_CHECK}) and the relative weight of each credit grade ` +
          `(default ${JSON.stringify(DEFAULT_WEIGHTS)}: good credit is checked less often, dishonest more often). Weights ≥ 0, not all 0. ` +
          'Takes effect from the next month drawn; months already drawn keep their draw.',
        params: SamplingDeptParamsSchema,
        body: SamplingSettingsInputSchema,
        response: { 200: SamplingSettingsSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { deptCode } = request.params;
      const { reason, ...body } = request.body;
      const plan = { enterprisesPerMonth: body.enterprisesPerMonth, inspectorsPerCheck: body.inspectorsPerCheck ?? DEFAULT_INSPECTORS_PER_CHECK, weights: body.weights ?? { ...DEFAULT_WEIGHTS } };
      const problems = samplingPlanProblems(plan);
      const department = await findDepartment(app.db, deptCode);
      // Only a supervising department inspects (L1).
      if (department?.side === 'approval') problems.push({ field: 'deptCode', rule: 'supervision-side', message: `部门 ${deptCode} 仅为审批部门，不承担监管抽查` });
      if (problems.length > 0) throw unprocessable(problems);
      const actor = principalOf(request).sub;
      return app.db.transaction(async (tx) => {
        const saved = await saveSamplingSettings(tx, { deptCode, ...plan, updatedBy: actor });
        await recordAudit(tx, { actor, action: 'sampling.settings.changed', entity: 'sampling_settings', entityId: deptCode, reason, details: plan });
        return saved;
      });
    },
  );

  app.get(
    '/draws',
    {
      config: {
        access: {
          roles: ['coordinator', 'auditor', 'region_admin'],
          scope: async (request) => {
            const { dept } = request.query as { dept: string };
            const scope = await departmentScope(dept);
            hiddenOutsideRegion(request, scope.region, `部门 ${dept} `);
            return scope;
          },
        },
      },
      schema: {
        tags: ['sampling'],
        summary: "A department's draws of a month (一公开)",
        description: 'The enterprises drawn, their grade and weight, the inspectors drawn, the spot-check case, and the seed that reproduces the draw.',
        querystring: SamplingDrawsQuerySchema,
        response: { 200: Type.Array(SamplingDrawSchema), 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => listSamplingDraws(app.db, request.query.month, { deptCode: request.query.dept }),
  );

  app.post(
    '/runs',
    {
      config: { access: { roles: ['region_admin'] } },
      schema: {
        tags: ['sampling'],
        summary: "Run a month's draw now",
        description:
          "Starts the sampling workflow `sampling:<month>:<region>` for every department within the caller's region that samples, and answers when it has drawn and started the spot-check cases. " +
          'A month that has not begun (Asia/Shanghai) is refused (422). ' +
          'Idempotent: a month is drawn once, so a second call answers the same draws (its cases as `existing`). ' +
          "The draws listed are those of departments within the caller's region. 504 when the draw takes longer than a minute; it goes on, see GET /api/sampling/draws.",
        body: SamplingRunInputSchema,
        response: { 200: SamplingRunSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 422: ErrorSchema, 504: ErrorSchema },
      },
    },
    async (request) => {
      const { month, reason } = request.body;
      const principal = principalOf(request);
      const early = samplingMonthProblem(month, new Date());
      if (early) throw unprocessable([{ field: 'month', rule: 'month-begun', message: early }]);
      const workflowId = samplingRunWorkflowId(month, principal.region);
      await recordAudit(app.db, { actor: principal.sub, action: 'sampling.run.requested', entity: 'sampling_run', entityId: month, reason, details: { workflowId } });
      // A run of the month still going is joined, not doubled; a finished one is run again, which
      // finds the stored draw and starts only what is missing.
      const handle = await temporalCall(app, () =>
        app.temporal.client.workflow.start<typeof samplingWorkflow>('samplingWorkflow', {
          workflowId,
          taskQueue: app.temporal.taskQueue,
          // A region admin draws its own region's departments only.
          args: [principal.region === NATIONAL_REGION ? { month } : { month, region: principal.region }],
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
          staticSummary: `双随机抽查 ${month}（手动运行）`,
        }),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HttpError(504, 'timeout', `抽取仍在进行（${workflowId}），请稍后通过 GET /api/sampling/draws 查看结果`)), RUN_WAIT_MS);
      });
      try {
        const result = await Promise.race([handle.result(), timedOut]);
        const draws = await listSamplingDraws(app.db, month, { within: principal.region });
        return {
          month: result.month,
          workflowId,
          departments: result.departments,
          cases: result.cases.map(({ caseNo, deptCode, status }) => ({ caseNo, deptCode, status })),
          unresolved: result.unresolved,
          draws,
        };
      } finally {
        clearTimeout(timer);
      }
    },
  );
};

export default samplingRoutes;
