// /api/consultations: consultation meetings (审管联动会商, D 三 1–2) — topics, participants,
// decisions and follow-up items — and the half-year summaries (工作小结) each unit files, which
// the 政务服务办 checks every half year (D 四 2 定期检查). Coordinators record for their own
// department, region admins for any of their region; auditors read. Summaries: ./summaries.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { findConsultation, insertConsultation, listConsultations, peopleByIds, updateFollowUps } from '../../../db/consultations.js';
import { findDepartment } from '../../../db/organisation.js';
import { findProblem, linkConsultation } from '../../../db/problems.js';
import { regionCovers } from '../../../domain/access.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import { consultationCsvCells, consultationCsvColumns } from '../../../domain/consultations.js';
import { found, HttpError, notFoundMessage, unprocessable } from '../../errors.js';
import { principalOf } from '../../plugins/access.js';
import { ErrorSchema, type Problem } from '../../schemas/common.js';
import {
  ConsultationInputSchema,
  ConsultationQuerySchema,
  ConsultationSchema,
  FollowUpChangeSchema,
  FollowUpParamsSchema,
  type ConsultationInput,
} from '../../schemas/consultations.js';
import { csvResponse, queryRegion, readers, recorders, regionScope, sendCsv } from './shared.js';
import summariesRoutes from './summaries.js';

const consultationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Every reference of a meeting checked at once: departments of the region, people of their department. */
  async function meetingProblems(body: ConsultationInput, region: string): Promise<Problem[]> {
    const problems: Problem[] = [];
    const today = shanghaiDate(new Date());
    if (body.heldOn > today) problems.push({ field: 'heldOn', rule: 'past', message: `会商日期 ${body.heldOn} 晚于今天（${today}）：只能记录已召开的会商` });
    const deptCodes = [...new Set([...body.participants.map((p) => p.deptCode), ...body.followUps.map((f) => f.ownerDept)])];
    const depts = new Map(await Promise.all(deptCodes.map(async (code) => [code, await findDepartment(app.db, code)] as const)));
    const deptProblem = (field: string, code: string): Problem | undefined => {
      const dept = depts.get(code);
      if (!dept) return { field, rule: 'exists', message: `部门 ${code} 不存在` };
      if (!regionCovers(region, dept.region)) return { field, rule: 'region', message: `部门 ${code} 不属于本区划（${region}）` };
      return undefined;
    };
    const persons = await peopleByIds(app.db, [...new Set(body.participants.flatMap((p) => p.personIds))]);
    body.participants.forEach((p, i) => {
      const problem = deptProblem(`participants/${i}/deptCode`, p.deptCode);
      if (problem) problems.push(problem);
      p.personIds.forEach((id, j) => {
        const field = `participants/${i}/personIds/${j}`;
        const person = persons.get(id);
        if (!person) problems.push({ field, rule: 'exists', message: `人员 ${id} 不存在` });
        else if (person.deptCode !== null && person.deptCode !== p.deptCode) problems.push({ field, rule: 'department', message: `人员 ${id} 不属于部门 ${p.deptCode}` });
        else if (!regionCovers(region, person.region)) problems.push({ field, rule: 'region', message: `人员 ${id} 不属于本区划（${region}）` });
      });
    });
    for (const [i, id] of (body.problemIds ?? []).entries()) {
      const problem = await findProblem(app.db, id);
      // D 二 3: a problem of the meeting's region; another region's is not found, as in /api/problems.
      if (!problem || !regionCovers(region, problem.region)) problems.push({ field: `problemIds/${i}`, rule: 'exists', message: `问题记录 ${id} 不存在` });
    }
    body.followUps.forEach((f, i) => {
      const problem = deptProblem(`followUps/${i}/ownerDept`, f.ownerDept);
      if (problem) problems.push(problem);
      if (f.dueDate < body.heldOn) problems.push({ field: `followUps/${i}/dueDate`, rule: 'after', message: `后续事项完成期限 ${f.dueDate} 早于会商日期 ${body.heldOn}` });
    });
    return problems;
  }

  app.post(
    '/',
    {
      config: {
        access: {
          roles: recorders,
          // The meeting belongs to the convening department's region; a coordinator records its own department's meetings.
          scope: async (request) => {
            const { convenedBy } = request.body as ConsultationInput;
            const dept = await findDepartment(app.db, convenedBy);
            if (!dept) throw unprocessable([{ field: 'convenedBy', rule: 'exists', message: `召集单位 ${convenedBy} 不存在` }]);
            return { region: dept.region, dept: dept.code };
          },
        },
      },
      schema: {
        tags: ['assessment'],
        summary: 'Record a consultation meeting (会商记录, D 三)',
        description: 'Topics (D 三 2: 信息交互基本情况、主要问题及应对措施、其他), participating departments and the people who attended, decisions, follow-up items with owner and due date.',
        body: ConsultationInputSchema,
        response: { 201: ConsultationSchema, 400: ErrorSchema, 403: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const convening = (await findDepartment(app.db, body.convenedBy))!;
      const problems = await meetingProblems(body, convening.region);
      if (problems.length > 0) throw unprocessable(problems);
      const actor = principalOf(request).sub;
      const saved = await app.db.transaction(async (tx) => {
        const row = await insertConsultation(tx, {
          region: convening.region,
          convenedBy: body.convenedBy,
          heldOn: body.heldOn,
          topics: body.topics,
          participants: body.participants,
          decisions: body.decisions,
          followUps: body.followUps.map((f) => ({ ...f, done: false })),
          recordedBy: actor,
        });
        await recordAudit(tx, { actor, action: 'consultation.recorded', entity: 'consultation', entityId: String(row.id), reason: body.reason, details: { heldOn: row.heldOn, convenedBy: row.convenedBy } });
        for (const id of body.problemIds ?? []) await linkConsultation(tx, id, row.id, actor, `会商（${row.heldOn}）讨论：${body.reason}`.slice(0, 500));
        return row;
      });
      return reply.code(201).send(saved);
    },
  );

  app.get(
    '/',
    {
      config: { access: { roles: readers, scope: regionScope } },
      schema: {
        tags: ['assessment'],
        summary: 'Consultation meetings of a region (会商记录)',
        description: 'Meetings held in [from, to), oldest first; `dept` keeps those it convened or attended.',
        querystring: ConsultationQuerySchema,
        response: { 200: { type: 'array', items: ConsultationSchema }, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => listConsultations(app.db, { ...request.query, region: queryRegion(request) }),
  );

  app.get(
    '/export',
    {
      config: { access: { roles: readers, scope: regionScope } },
      schema: {
        tags: ['assessment'],
        summary: 'Consultation meetings as CSV (会商记录导出)',
        description: 'The meetings of GET /api/consultations, one line each; lists one entry per line within a cell.',
        produces: ['text/csv'],
        querystring: ConsultationQuerySchema,
        response: { 200: csvResponse, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const region = queryRegion(request);
      const rows = await listConsultations(app.db, { ...request.query, region });
      return sendCsv(reply, `consultations-${region}.csv`, consultationCsvColumns, rows.map(consultationCsvCells));
    },
  );

  app.patch(
    '/:id/follow-ups/:n',
    {
      config: {
        access: {
          roles: recorders,
          // The owning department's coordinator, or the convening one's, marks it.
          scope: async (request) => {
            const { id, n } = request.params as { id: number; n: number };
            const meeting = found(await findConsultation(app.db, id), `会商记录 ${id} `);
            // Another region's meeting is not found, exactly like one that does not exist.
            if (!regionCovers(principalOf(request).region, meeting.region)) throw new HttpError(404, 'not_found', notFoundMessage(`会商记录 ${id} `));
            const followUp = found(meeting.followUps[n], `会商记录 ${id} 的第 ${n + 1} 项后续事项`);
            const own = principalOf(request).dept;
            return { region: meeting.region, dept: own === meeting.convenedBy ? own : followUp.ownerDept };
          },
        },
      },
      schema: {
        tags: ['assessment'],
        summary: 'Mark a follow-up item of a meeting done or not done (会商事项落实, D 四 3(3))',
        params: FollowUpParamsSchema,
        body: FollowUpChangeSchema,
        response: { 200: ConsultationSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { id, n } = request.params;
      const actor = principalOf(request).sub;
      return app.db.transaction(async (tx) => {
        const meeting = found(await findConsultation(tx, id), `会商记录 ${id} `);
        const before = found(meeting.followUps[n], `会商记录 ${id} 的第 ${n + 1} 项后续事项`);
        const followUps = meeting.followUps.map((f, i) => (i === n ? { ...f, done: request.body.done } : f));
        const saved = await updateFollowUps(tx, id, followUps);
        await recordAudit(tx, {
          actor,
          action: 'consultation.follow-up-updated',
          entity: 'consultation',
          entityId: String(id),
          reason: request.body.reason,
          details: { followUp: n, item: before.item, before: before.done, after: request.body.done },
        });
        return saved;
      });
    },
  );

  await app.register(summariesRoutes, { prefix: '/summaries' });
};

export default consultationsRoutes;
