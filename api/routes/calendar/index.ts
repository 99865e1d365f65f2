// /api/calendar: working days (README "Working days") — which days count, deadlines in working days, and the
// official arrangement of a new year, loaded by a calendar admin.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { builtInArrangements, FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, validateYearArrangement, type YearArrangement } from '../../../domain/calendar/index.js';
import { shanghaiDate, shanghaiIso } from '../../../domain/case/local-time.js';
import { createCalendarSource, listLoadedYears, loadYear } from '../../../db/calendar.js';
import { deliverYearLoad } from '../../calendar-relay.js';
import { HttpError } from '../../errors.js';
import { principalOf } from '../../plugins/access.js';
import { requestValidatorCompiler } from '../../plugins/validation.js';
import { DaySchema, DaysQuerySchema, DeadlineQuerySchema, DeadlineSchema, LoadedYearSchema, YearArrangementSchema, YearLoadedSchema } from '../../schemas/calendar.js';
import { ErrorSchema } from '../../schemas/common.js';
import { Reason } from '../../schemas/organisation.js';

/** Longest range GET /days answers in one call. */
const MAX_DAYS = 800;
const DAY_MS = 86_400_000;

const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const source = createCalendarSource(app.db);

  app.get(
    '/days',
    {
      config: { access: { roles: 'any' } },
      schema: { tags: ['calendar'], summary: 'Each day of a range: working or not, and why', querystring: DaysQuerySchema, response: { 200: Type.Array(DaySchema), 400: ErrorSchema } },
    },
    async (request) => {
      const { from, to } = request.query;
      const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
      if (!(span >= 0)) throw new HttpError(400, 'validation', `日期范围无效：to（${to}）早于 from（${from}）或日期不存在`);
      if (span >= MAX_DAYS) throw new HttpError(400, 'validation', `日期范围过长：一次最多 ${MAX_DAYS} 天`);
      return (await source.current()).days(from, to);
    },
  );

  app.get(
    '/deadline',
    {
      config: { access: { roles: 'any' } },
      schema: {
        tags: ['calendar'],
        summary: 'The deadline N working days after an instant',
        description: 'The day of the event does not count; the deadline is the end (24:00) of the N-th working day after it.',
        querystring: DeadlineQuerySchema,
        response: { 200: DeadlineSchema, 400: ErrorSchema },
      },
    },
    async (request) => {
      const { start, workingDays } = request.query;
      let result;
      try {
        result = (await source.current()).deadlineAfter(start, workingDays);
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError(400, 'validation', `无法计算期限：${error.message}`);
        throw error;
      }
      return {
        deadline: shanghaiIso(result.deadline),
        lastWorkingDay: shanghaiDate(new Date(result.deadline.getTime() - 1)),
        provisional: result.provisional,
      };
    },
  );

  app.get(
    '/years',
    {
      config: { access: { roles: 'any' } },
      schema: { tags: ['calendar'], summary: 'Years with an official arrangement, built in or loaded', response: { 200: Type.Array(LoadedYearSchema) } },
    },
    async () => {
      const loaded = await listLoadedYears(app.db);
      const loadedYears = new Set(loaded.map((row) => row.year));
      return [
        ...builtInArrangements.filter((a) => !loadedYears.has(a.year)).map((a) => ({ year: a.year, notice: a.notice, source: 'built-in' as const })),
        ...loaded.map((row) => ({
          year: row.year,
          notice: (row.arrangement as YearArrangement).notice,
          source: 'loaded' as const,
          loadedBy: row.loadedBy,
          loadedAt: row.loadedAt,
        })),
      ].sort((a, b) => a.year - b.year);
    },
  );

  app.put(
    '/years/:year',
    {
      // National by design: the holiday arrangement is the State Council's, one for the whole
      // country, so the role is the whole rule and no region scopes it.
      config: { access: { roles: ['calendar_admin'] } },
      // The arrangement is checked whole by the calendar rules below (text rule included), so that
      // one answer lists every problem of the file, shape and dates alike; the body schema serves
      // the documentation. The year and the reason are validated as everywhere.
      validatorCompiler: (part) => (part.httpPart === 'body' ? () => true : requestValidatorCompiler(part)),
      schema: {
        tags: ['calendar'],
        summary: 'Load the official arrangement of a year',
        description: 'Validated whole (dates inside the year, make-up days on weekends, no day both off and on, statutory days present); refused whole with every problem listed.',
        params: Type.Object({ year: Type.Integer({ minimum: FIRST_SUPPORTED_YEAR, maximum: LAST_SUPPORTED_YEAR, description: `A year the calendar serves, ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}` }) }),
        querystring: Type.Object({ reason: Reason }),
        body: YearArrangementSchema,
        response: { 200: YearLoadedSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const { year } = request.params;
      const problems = validateYearArrangement(year, request.body);
      if (problems.length > 0) {
        throw new HttpError(400, 'validation', `${year} 年节假日安排有 ${problems.length} 处问题，未导入`, problems.map((p) => ({ ...p, field: `body${p.field}` })));
      }
      const { replaced, eventId } = await loadYear(app.db, request.body as YearArrangement, {
        actor: principalOf(request).sub,
        reason: request.query.reason,
      });
      // Open cases holding a provisional deadline recompute it (found by search attribute). Told at
      // once; a case missed here, or all of them if Temporal is away, is told by the worker's relay
      // (api/calendar-relay.ts). The year is stored either way, so the load has succeeded.
      try {
        const { told, missed } = await deliverYearLoad({ db: app.db, temporal: app.temporal, log: request.log }, { eventId, year });
        if (missed === 0) return { year, replaced, recomputing: told, relayed: false };
        return { year, replaced, recomputing: told, relayed: true, message: `${year} 年节假日安排已保存；${missed} 件在办办件未能立即通知，将由日历中继稍后通知` };
      } catch (error) {
        request.log.warn({ year, err: error }, 'calendar load stored; the cases are left to the calendar relay');
        return { year, replaced, recomputing: 0, relayed: true, message: `${year} 年节假日安排已保存；暂时无法通知在办办件（Temporal 服务不可用），将由日历中继在其恢复后通知` };
      }
    },
  );
};

export default calendarRoutes;
