// /api/stats: the assessment figures per department (考核, D 四, L21) and the auditors' random
// spot-check sample of handled cases (随机抽查, D 四 2). Everything is counted from the read model
// the case workflows write; nothing is typed in.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { approvalCounts, eventCounts, overdueCounts, supervisionCounts, type AssessmentQuery } from '../../../db/assessment.js';
import { problemCounts } from '../../../db/problems.js';
import { createCalendarSource } from '../../../db/calendar.js';
import { noticeCounts } from '../../../db/notice-letters.js';
import { listSummaries } from '../../../db/consultations.js';
import { listDepartments } from '../../../db/organisation.js';
import { sampledCases, spotSampleCandidates } from '../../../db/spot-sample.js';
import type { Principal, Scope } from '../../../domain/access.js';
import { assessmentPeriod, assessmentRows, nextDate, pushDueByDay, type AssessmentPeriod } from '../../../domain/assessment.js';
import { assessmentCsvCells, assessmentCsvColumns } from '../../../domain/assessment-csv.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import { owesSummary } from '../../../domain/consultations.js';
import { drawSample } from '../../../domain/spot-sample.js';
import { toCsv } from '../../csv/csv.js';
import { HttpError } from '../../errors.js';
import { principalOf } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { RegularCheckQuerySchema, RegularCheckSchema } from '../../schemas/notice-letters.js';
import { AssessmentQuerySchema, AssessmentSchema, SpotSampleQuerySchema, SpotSampleSchema, type AssessmentQueryInput } from '../../schemas/stats.js';

type ScopedQuery = { region?: string; dept?: string; from?: string; to?: string };

/** A coordinator sees its own department only; auditors and region admins every department of their region. */
function ownDept(principal: Principal): string | undefined {
  return principal.roles.some((r) => r === 'auditor' || r === 'region_admin') ? undefined : principal.dept;
}

/** The region and department a statistics request is about: as asked, else the caller's own. */
function requestScope(request: FastifyRequest): { region: string; dept: string | undefined } {
  const query = request.query as ScopedQuery;
  const principal = principalOf(request);
  return { region: query.region ?? principal.region, dept: query.dept ?? ownDept(principal) };
}

const statsScope = (request: FastifyRequest): Scope => {
  const { region, dept } = requestScope(request);
  return dept === undefined ? { region } : { region, dept };
};

/** The period asked for, by default this year to date (Asia/Shanghai): [1 January, tomorrow). */
function requestPeriod(query: ScopedQuery, now: Date): AssessmentPeriod {
  const today = shanghaiDate(now);
  const checked = assessmentPeriod(query.from ?? `${today.slice(0, 4)}-01-01`, query.to ?? nextDate(today));
  if ('problems' in checked) {
    const problems = checked.problems.map((p) => ({ ...p, field: `querystring/${p.field}` }));
    throw new HttpError(400, 'validation', problems.map((p) => p.message).join('；'), problems);
  }
  return checked.period;
}

const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const calendars = createCalendarSource(app.db);

  async function assessment(query: AssessmentQueryInput, scope: { region: string; dept: string | undefined }) {
    const now = new Date();
    const period = requestPeriod(query, now);
    const today = shanghaiDate(now);
    const asOf = now.toISOString();
    const q: AssessmentQuery = { region: scope.region, dept: scope.dept, period, asOf };
    // A push is due on or after the decision (≥ from) and at the latest now: due times for those days.
    const calendar = await calendars.current();
    const pushDue = { firstDay: period.from, dues: period.from <= today ? pushDueByDay(calendar, period.from, today) : [] };
    const [departments, approval, supervision, supervisionEvents, approvalEvents, overdue, notices, problems] = await Promise.all([
      listDepartments(app.db, scope.region),
      approvalCounts(app.db, q, pushDue),
      supervisionCounts(app.db, q),
      eventCounts(app.db, q, 'supervising'),
      eventCounts(app.db, q, 'approval'),
      overdueCounts(app.db, q),
      noticeCounts(app.db, { ...q, ...period }),
      // D 四 3(2): coordinators' problem records, by the raising department.
      problemCounts(app.db, { region: scope.region, dept: scope.dept, fromInstant: period.fromInstant, toInstant: period.toInstant }),
    ]);
    const rows = assessmentRows(
      departments.filter((d) => scope.dept === undefined || d.code === scope.dept),
      { approval, supervision, supervisionEvents, approvalEvents, overdue, notices, problems },
    );
    return { region: scope.region, dept: scope.dept ?? null, from: period.from, to: period.to, asOf, rows };
  }

  const assessmentAccess = { roles: ['auditor', 'region_admin', 'coordinator'] as const, scope: statsScope };
  const csvResponse = { description: 'CSV with a UTF-8 BOM, Chinese headers', content: { 'text/csv': { schema: { type: 'string' } } } };

  app.get(
    '/assessment',
    {
      config: { access: assessmentAccess },
      schema: {
        tags: ['assessment'],
        summary: 'Assessment figures per department (审管联动考核, D 四)',
        description:
          'One row per department of the region (or the one asked for): approval-side figures (push timeliness, revocation decisions) for approval departments, ' +
          'supervision-side figures (tasks viewed within 3 working days, post-checks started within 1 / finished within 10, results within 5, overdue deadlines by escalation level, ' +
          'rectifications, revocations) for supervising ones. Period [from, to) in Asia/Shanghai dates: timeliness by when the clock started ' +
          '(cases decided, tasks pushed in the period), events by when they happened, overdue deadlines by their due time. `format=csv` answers the CSV export. ' +
          'A coordinator sees its own department only.',
        querystring: AssessmentQuerySchema,
        response: { 200: AssessmentSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const scope = requestScope(request);
      const result = await assessment(request.query, scope);
      if (request.query.format !== 'csv') return result;
      return sendCsv(reply, `assessment-${scope.region}-${result.from}-${result.to}.csv`, result.rows);
    },
  );

  app.get(
    '/assessment.csv',
    {
      config: { access: assessmentAccess },
      schema: {
        tags: ['assessment'],
        summary: 'Assessment figures per department as CSV (考核统计导出)',
        description: 'The rows of GET /api/stats/assessment, one line per department, rates as percentages; a side the department is not on stays blank.',
        produces: ['text/csv'],
        querystring: AssessmentQuerySchema,
        response: { 200: csvResponse, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const scope = requestScope(request);
      const result = await assessment(request.query, scope);
      return sendCsv(reply, `assessment-${scope.region}-${result.from}-${result.to}.csv`, result.rows);
    },
  );

  app.get(
    '/regular-checks',
    {
      config: { access: { roles: ['auditor', 'region_admin'], scope: (request) => ({ region: requestScope(request).region }) } },
      schema: {
        tags: ['assessment'],
        summary: 'Half-year regular check (定期检查, D 四 2): summaries and mid-year / year-end figures per department',
        description:
          'For a region and year (default this year): every department with its half-year summaries (工作小结, D 三 1; filed or not) and its assessment row ' +
          'for the first half [year-01-01, year-07-01) and for the whole year [year-01-01, next year-01-01), side by side — the same figures as GET /api/stats/assessment.',
        querystring: RegularCheckQuerySchema,
        response: { 200: RegularCheckSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const region = request.query.region ?? principalOf(request).region;
      const year = request.query.year ?? Number(shanghaiDate(new Date()).slice(0, 4));
      const scope = { region, dept: undefined };
      const midYear = { from: `${year}-01-01`, to: `${year}-07-01` };
      const yearEnd = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
      const [h1, whole, departments, filedH1, filedH2] = await Promise.all([
        assessment(midYear, scope),
        assessment(yearEnd, scope),
        listDepartments(app.db, region),
        listSummaries(app.db, region, year, 1),
        listSummaries(app.db, region, year, 2),
      ]);
      const summary = (filed: typeof filedH1, code: string) => {
        const s = filed.find((f) => f.deptCode === code);
        return { filed: s !== undefined, summary: s?.summary ?? null, filedBy: s?.filedBy ?? null, filedAt: s?.filedAt ?? null };
      };
      return {
        region,
        year,
        asOf: whole.asOf,
        midYear,
        yearEnd,
        departments: departments.map((d) => ({
          deptCode: d.code,
          deptName: d.name,
          side: d.side,
          owesSummary: owesSummary(d.side),
          summaries: { h1: summary(filedH1, d.code), h2: summary(filedH2, d.code) },
          midYear: h1.rows.find((r) => r.deptCode === d.code)!,
          yearEnd: whole.rows.find((r) => r.deptCode === d.code)!,
        })),
      };
    },
  );

  app.get(
    '/spot-sample',
    {
      config: { access: { roles: ['auditor'], scope: (request) => ({ region: requestScope(request).region }) } },
      schema: {
        tags: ['assessment'],
        summary: 'A reproducible random sample of handled cases for spot checks (随机抽查, D 四 2)',
        description:
          'Draws `size` of the closed cases of the region (optionally of one approval department) closed in [from, to) (Asia/Shanghai dates). ' +
          'Each candidate is ranked by cyrb53("<seed>:<caseNo>") and the lowest ranks are taken: the same seed and filters give the same cases. ' +
          'Without `seed` one is chosen and named in the answer.',
        querystring: SpotSampleQuerySchema,
        response: { 200: SpotSampleSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const { query } = request;
      const region = query.region ?? principalOf(request).region;
      const period = requestPeriod(query, new Date());
      const seed = query.seed ?? randomBytes(6).toString('hex');
      const candidates = await spotSampleCandidates(app.db, { region, dept: query.dept, fromInstant: period.fromInstant, toInstant: period.toInstant });
      const drawn = drawSample(candidates, seed, query.size);
      const details = await sampledCases(app.db, drawn);
      return {
        seed,
        algorithm: 'cyrb53("<seed>:<caseNo>") ascending, first `size`',
        region,
        dept: query.dept ?? null,
        from: period.from,
        to: period.to,
        size: query.size,
        candidates: candidates.length,
        cases: drawn.map((caseNo, i) => ({ rank: i + 1, ...details.get(caseNo)! })),
      };
    },
  );
};

function sendCsv(reply: FastifyReply, filename: string, rows: Parameters<typeof assessmentCsvCells>[0][]) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(toCsv(assessmentCsvColumns, rows.map(assessmentCsvCells)));
}

export default statsRoutes;
