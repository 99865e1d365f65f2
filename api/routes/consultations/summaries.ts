// /api/consultations/summaries: the half-year summaries (审管联动工作小结) units file (D 三 1), which
// the 政务服务办 checks every half year (D 四 2 定期检查): file or replace one, list who filed and
// who did not, export.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { findSummary, listSummaries, upsertSummary } from '../../../db/consultations.js';
import { findDepartment, listDepartments } from '../../../db/organisation.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import { halfYearBegun, halfYearFirstDay, halfYearOf, owesSummary, summaryCsvCells, summaryCsvColumns, type SummaryStanding } from '../../../domain/consultations.js';
import { found, HttpError } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { SummaryInputSchema, SummaryParamsSchema, SummaryQuerySchema, SummarySchema, SummaryStandingsSchema } from '../../schemas/consultations.js';
import { csvResponse, queryRegion, readers, recorders, regionScope, sendCsv } from './shared.js';

const summariesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/:deptCode/:year/:half',
    {
      config: {
        access: {
          roles: recorders,
          scope: async (request) => {
            const { deptCode } = request.params as { deptCode: string };
            const what = `部门 ${deptCode} `;
            const dept = found(await findDepartment(app.db, deptCode), what);
            return resourceScope(what, { region: dept.region, dept: dept.code });
          },
        },
      },
      schema: {
        tags: ['assessment'],
        summary: "File or replace a unit's half-year summary (审管联动工作小结, D 三 1)",
        description: 'A half year that has not begun (Asia/Shanghai) is refused with 422.',
        params: SummaryParamsSchema,
        body: SummaryInputSchema,
        response: { 200: SummarySchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { deptCode, year, half } = request.params;
      if (!halfYearBegun(year, half, new Date())) {
        const message = `${year} 年${half === 1 ? '上' : '下'}半年自 ${halfYearFirstDay(year, half)} 开始，尚未开始，不能报送工作小结`;
        throw new HttpError(422, 'unprocessable', message, [{ field: 'params/half', rule: 'begun', message }]);
      }
      const dept = (await findDepartment(app.db, deptCode))!;
      const actor = principalOf(request).sub;
      return app.db.transaction(async (tx) => {
        const before = await findSummary(tx, deptCode, year, half);
        const saved = await upsertSummary(tx, { deptCode, year, half, region: dept.region, summary: request.body.summary, filedBy: actor });
        await recordAudit(tx, {
          actor,
          action: before ? 'half-year-summary.replaced' : 'half-year-summary.filed',
          entity: 'half-year-summary',
          entityId: `${deptCode}/${year}/${half}`,
          reason: request.body.reason,
          details: before ? { before: { filedBy: before.filedBy, filedAt: before.filedAt } } : undefined,
        });
        return saved;
      });
    },
  );

  /** Every unit of the region for a half year: those that owe a summary (approval side, D 三 1) and any other that filed. */
  async function standings(region: string, year: number, half: 1 | 2): Promise<SummaryStanding[]> {
    const [departments, filed] = await Promise.all([listDepartments(app.db, region), listSummaries(app.db, region, year, half)]);
    const byDept = new Map(filed.map((s) => [s.deptCode, s]));
    return departments
      .filter((d) => owesSummary(d.side) || byDept.has(d.code))
      .map((d) => {
        const s = byDept.get(d.code);
        return { deptCode: d.code, deptName: d.name, side: d.side, filed: s !== undefined, summary: s?.summary ?? null, filedBy: s?.filedBy ?? null, filedAt: s?.filedAt ?? null };
      });
  }

  const halfAsked = (query: { year?: number; half?: 1 | 2 }) => {
    const current = halfYearOf(shanghaiDate(new Date()));
    return { year: query.year ?? current.year, half: query.half ?? (query.year === undefined ? current.half : 1) };
  };

  app.get(
    '/',
    {
      config: { access: { roles: readers, scope: regionScope } },
      schema: {
        tags: ['assessment'],
        summary: 'Which units filed their half-year summary and which did not (定期检查, D 四 2)',
        description: 'Units owing a summary: the departments of the region on the approval side (D 三 1 承担政务服务审批的单位); any other department that filed is listed too.',
        querystring: SummaryQuerySchema,
        response: { 200: SummaryStandingsSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const region = queryRegion(request);
      const { year, half } = halfAsked(request.query);
      const units = await standings(region, year, half);
      return { region, year, half, filed: units.filter((u) => u.filed).length, missing: units.filter((u) => !u.filed).length, units };
    },
  );

  app.get(
    '/export',
    {
      config: { access: { roles: readers, scope: regionScope } },
      schema: {
        tags: ['assessment'],
        summary: 'Half-year summaries, filed and missing, as CSV (工作小结报送情况导出)',
        produces: ['text/csv'],
        querystring: SummaryQuerySchema,
        response: { 200: csvResponse, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const region = queryRegion(request);
      const { year, half } = halfAsked(request.query);
      const units = await standings(region, year, half);
      return sendCsv(reply, `summaries-${region}-${year}-H${half}.csv`, summaryCsvColumns, units.map((u) => summaryCsvCells(year, half, u)));
    },
  );
};

export default summariesRoutes;
