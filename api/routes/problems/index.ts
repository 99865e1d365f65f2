// /api/problems: coordinators' problem records (问题记录, Dongli 二 3, 四 3(2)). A coordinator raises a
// problem its department cannot solve — about a case, a task, a catalogue item or in general — with
// the measures taken; it goes to the next coordinator level (2 → 1 → 3), is answered, escalated,
// resolved or referred to a consultation (会商), each step an event and an audit row in one
// transaction. The problem's workflow (workflows/problem-workflow.ts) is then told by
// signal-with-start, so its escalation clock starts again or ends. The database change comes
// first and stands when Temporal cannot be told: the answer is then 503 saying so, and the next
// step (or a retry with the same Idempotency-Key, which records nothing twice) tells the workflow,
// which reads the problem from the database whenever it wakes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findApprovalItem } from '../../../db/approval-items.js';
import { recordAudit } from '../../../db/audit.js';
import { findConsultation } from '../../../db/consultations.js';
import { findDepartment } from '../../../db/organisation.js';
import {
  applyProblemStep,
  findProblem,
  findRaisedWithKey,
  insertProblem,
  listProblemEvents,
  listProblems,
  lockProblem,
  notifyEscalation,
  problemRef,
  stepTakenWithKey,
  type ProblemRow,
  type ProblemStepInput,
} from '../../../db/problems.js';
import { readCaseView } from '../../../db/read-model.js';
import { findSupervisionItem } from '../../../db/supervision-items.js';
import { accessDenial, NATIONAL_REGION, regionCovers, type Scope } from '../../../domain/access.js';
import { caseNoOfTask } from '../../../domain/case/task.js';
import { findTask, type CaseView } from '../../../domain/case/state.js';
import { assignedLevel, nextLevel, statusAfter, stepRefusal, type ProblemAction, type ProblemStatus, type ProblemStep, type ProblemSubjectKind } from '../../../domain/problems.js';
import { tellProblemWorkflow } from '../../problem-clock.js';
import { found, HttpError, notFoundMessage, unprocessable } from '../../errors.js';
import { outageOf, RETRY_AFTER_SECONDS } from '../../outages.js';
import { readPage } from '../../paging.js';
import { hiddenOutsideRegion, principalOf, resourceScope, type ResourceScope } from '../../plugins/access.js';
import { ActionHeadersSchema } from '../../schemas/case-actions.js';
import { ErrorSchema } from '../../schemas/common.js';
import {
  ProblemCommentSchema,
  ProblemDetailSchema,
  ProblemEscalateSchema,
  ProblemLinkSchema,
  ProblemListQuerySchema,
  ProblemMeasureSchema,
  ProblemPageSchema,
  ProblemParamsSchema,
  ProblemRaiseSchema,
  ProblemReferSchema,
  ProblemResolveSchema,
  type ProblemRaiseInput,
} from '../../schemas/problems.js';
import { idempotencyKey } from '../cases/idempotency.js';

const what = (id: number) => `问题记录 ${id} `;
const readers = ['coordinator', 'region_admin', 'auditor'] as const;

/** The problem's scope: its department and the counterpart's (coordinators of either; region admins and auditors above either). */
async function problemScope(app: FastifyInstance, request: FastifyRequest): Promise<ResourceScope> {
  const { id } = request.params as { id: number };
  const problem = found(await findProblem(app.db, id), what(id));
  request.problem = problem;
  const scopes: Scope[] = [{ region: problem.region, dept: problem.deptCode }];
  if (problem.counterpartDept) {
    const counterpart = await findDepartment(app.db, problem.counterpartDept);
    if (counterpart) scopes.push({ region: counterpart.region, dept: counterpart.code });
  }
  return resourceScope(what(id), ...scopes);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The problem the route's scope check loaded. */
    problem?: ProblemRow;
  }
}

/** Whether the caller, as a coordinator, may see a case (its approval department or a supervising one). */
async function caseVisible(app: FastifyInstance, request: FastifyRequest, view: CaseView, taskOnly?: string): Promise<boolean> {
  const principal = principalOf(request);
  const scopes: Scope[] = [{ region: view.input.region, dept: view.input.approvalDept }];
  for (const task of view.tasks) {
    if (taskOnly !== undefined && task.taskId !== taskOnly) continue;
    const dept = await findDepartment(app.db, task.supervisingDeptCode);
    scopes.push({ region: dept?.region ?? view.input.region, dept: task.supervisingDeptCode });
  }
  return scopes.some((scope) => accessDenial(principal, ['coordinator'], scope) === undefined);
}

/** The subject of a raise, looked up in the caller's scope: 404 when it does not exist or is out of scope. */
async function resolveSubject(app: FastifyInstance, request: FastifyRequest, subject: ProblemRaiseInput['subject']): Promise<{ kind: ProblemSubjectKind; code: string | null; caseNo: string | null }> {
  switch (subject.kind) {
    case 'general':
      return { kind: 'general', code: null, caseNo: null };
    case 'case': {
      const stored = await readCaseView(app.db, subject.caseNo);
      if (!stored || !(await caseVisible(app, request, stored.view))) throw new HttpError(404, 'not_found', notFoundMessage(`办件 ${subject.caseNo} `));
      return { kind: 'case', code: subject.caseNo, caseNo: subject.caseNo };
    }
    case 'task': {
      const caseNo = caseNoOfTask(subject.taskId);
      const stored = caseNo ? await readCaseView(app.db, caseNo) : undefined;
      const task = stored ? findTask(stored.view, subject.taskId) : undefined;
      if (!stored || !task || !(await caseVisible(app, request, stored.view, subject.taskId))) throw new HttpError(404, 'not_found', notFoundMessage(`任务 ${subject.taskId} `));
      return { kind: 'task', code: subject.taskId, caseNo: caseNo! };
    }
    case 'item': {
      const item = (await findApprovalItem(app.db, subject.itemCode)) ?? (await findSupervisionItem(app.db, subject.itemCode));
      if (!item || !regionCovers(principalOf(request).region, item.region)) throw new HttpError(404, 'not_found', notFoundMessage(`事项 ${subject.itemCode} `));
      return { kind: 'item', code: subject.itemCode, caseNo: null };
    }
  }
}

const problemsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The problem with its timeline. */
  async function detail(problem: ProblemRow) {
    return { ...answer(problem), timeline: await listProblemEvents(app.db, problem.id) };
  }

  /**
   * Tells the problem's workflow it changed (signal-with-start: a problem raised while Temporal was
   * away gets its workflow now). The change is committed already: when Temporal cannot be told,
   * 503 says it was saved and how to catch up.
   */
  async function tellWorkflow(reply: FastifyReply, problemId: number): Promise<void> {
    try {
      await tellProblemWorkflow(app, problemId);
    } catch (error) {
      if (!outageOf(error)) throw error;
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new HttpError(
        503,
        'temporal_unavailable',
        `问题记录 ${problemRef(problemId)} 已保存，但 Temporal 服务暂时不可用，升级计时尚未更新：请稍后使用相同的 Idempotency-Key 重试（不会重复记录），此后的任何一步也会补上计时`,
      );
    }
  }

  app.post(
    '/',
    {
      config: {
        access: {
          roles: ['coordinator'],
          // The raising department: the caller's own unless named (a coordinator without a dept claim names one).
          scope: async (request) => {
            const code = (request.body as ProblemRaiseInput).deptCode ?? principalOf(request).dept;
            if (!code) throw unprocessable([{ field: 'deptCode', rule: 'required', message: '请指定提出问题的部门（deptCode）' }]);
            const dept = await findDepartment(app.db, code);
            if (!dept) throw unprocessable([{ field: 'deptCode', rule: 'exists', message: `部门 ${code} 不存在` }]);
            return { region: dept.region, dept: dept.code };
          },
        },
      },
      schema: {
        tags: ['problems'],
        summary: 'Raise a problem record (问题记录, D 二 3)',
        description:
          'A coordinator records a problem its department cannot solve, about a case, a task, a catalogue item or in general, with the measures taken. It goes to the next coordinator level (2 → 1 → 3; the leader keeps its own) and climbs on when unanswered for PROBLEM_ESCALATION_WORKING_DAYS working days. A repeat with the same Idempotency-Key answers the first (200).',
        headers: ActionHeadersSchema,
        body: ProblemRaiseSchema,
        response: { 200: ProblemDetailSchema, 201: ProblemDetailSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const principal = principalOf(request);
      const key = idempotencyKey(request);
      const earlier = key === undefined ? undefined : await findRaisedWithKey(app.db, principal.sub, key);
      if (earlier) {
        await tellWorkflow(reply, earlier.id);
        return reply.code(200).send(await detail(earlier));
      }
      const dept = (await findDepartment(app.db, body.deptCode ?? principal.dept!))!;
      const subject = await resolveSubject(app, request, body.subject);
      if (body.counterpartDept !== undefined) {
        const counterpart = await findDepartment(app.db, body.counterpartDept);
        const problem = !counterpart
          ? `部门 ${body.counterpartDept} 不存在`
          : counterpart.code === dept.code
            ? '对方部门不能是提出问题的部门本身'
            : !regionCovers(counterpart.region, dept.region) && !regionCovers(dept.region, counterpart.region)
              ? `部门 ${body.counterpartDept} 与本部门不在同一区划体系内`
              : undefined;
        if (problem) throw unprocessable([{ field: 'counterpartDept', rule: 'exists', message: problem }]);
      }
      // A coordinator token carries its level; one without is taken as level 2 (the item owner).
      const raisedLevel = principal.level ?? 2;
      const saved = await app.db.transaction(async (tx) => {
        const row = await insertProblem(
          tx,
          {
            region: dept.region,
            deptCode: dept.code,
            counterpartDept: body.counterpartDept ?? null,
            subjectKind: subject.kind,
            subjectCode: subject.code,
            caseNo: subject.caseNo,
            description: body.description,
            level: assignedLevel(raisedLevel),
            raisedBy: principal.sub,
            raisedLevel,
            idempotencyKey: key ?? null,
          },
          body.measures,
        );
        await recordAudit(tx, {
          actor: principal.sub,
          action: 'problem.raised',
          entity: 'problem',
          entityId: String(row.id),
          reason: body.reason ?? body.description.slice(0, 500),
          details: { deptCode: row.deptCode, subject: body.subject, level: row.level, measures: body.measures.length },
        });
        return row;
      });
      await tellWorkflow(reply, saved.id);
      return reply.code(201).send(await detail(saved));
    },
  );

  app.get(
    '/',
    {
      config: {
        access: {
          roles: readers,
          scope: async (request) => {
            const query = request.query as { view?: string; dept?: string; region?: string };
            const principal = principalOf(request);
            if (query.view === 'mine') return { region: principal.region };
            const code = query.dept ?? (principal.roles.includes('coordinator') ? principal.dept : undefined);
            if (query.view === 'waiting' && (!principal.roles.includes('coordinator') || !code)) {
              throw new HttpError(400, 'validation', '待我处理（view=waiting）只适用于本部门的协调员', [{ field: 'querystring/view', rule: 'coordinator', message: '待我处理只适用于协调员' }]);
            }
            if (!code) return { region: query.region ?? principal.region };
            const dept = found(await findDepartment(app.db, code), `部门 ${code} `);
            hiddenOutsideRegion(request, dept.region, `部门 ${code} `);
            return { region: dept.region, dept: dept.code };
          },
        },
      },
      schema: {
        tags: ['problems'],
        summary: 'Problem records: mine, my department’s, waiting for me',
        description:
          'view=mine: raised by the caller; view=department (default): raised by or concerning the department (a coordinator’s own; region admins and auditors name one, or see their region); view=waiting: held by the caller’s coordinator level of its department and not closed. Newest raised first, keyset-paged (`cursor`, `limit`).',
        querystring: ProblemListQuerySchema,
        response: { 200: ProblemPageSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { view, dept, region, status, cursor, limit } = request.query;
      const code = dept ?? (principal.roles.includes('coordinator') ? principal.dept : undefined);
      const page = await readPage(() =>
        listProblems(app.db, {
          // A department's list holds the problems concerning it raised elsewhere too (a city's about its district): the department bounds it.
          within: code === undefined || view === 'mine' ? (region ?? principal.region) : NATIONAL_REGION,
          ...(view === 'mine' ? { raisedBy: principal.sub } : view === 'waiting' ? { waitingFor: { dept: code!, level: principal.level ?? 2 } } : { dept: code }),
          status,
          cursor,
          limit,
        }),
      );
      return { items: page.items.map(answer), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    {
      config: { access: { roles: readers, scope: (request) => problemScope(app, request) } },
      schema: {
        tags: ['problems'],
        summary: 'One problem record with its timeline (who, when, what, why)',
        params: ProblemParamsSchema,
        response: { 200: ProblemDetailSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => detail(request.problem!),
  );

  /** A step through the API: refused (409) when the status does not allow it, else written with its audit row, then the workflow told. */
  async function step(request: FastifyRequest, reply: FastifyReply, kind: ProblemStep, build: (before: ProblemRow) => Promise<Omit<ProblemStepInput, 'actor' | 'status' | 'idempotencyKey'> & { reason: string }>) {
    const { id } = request.params as { id: number };
    const actor = principalOf(request).sub;
    const key = idempotencyKey(request);
    if (key !== undefined && (await stepTakenWithKey(app.db, id, key))) {
      await tellWorkflow(reply, id);
      return detail((await findProblem(app.db, id))!);
    }
    const refusalOf = (p: ProblemRow) => stepRefusal(kind, p);
    const pre = refusalOf(request.problem!);
    if (pre) throw new HttpError(409, 'refused', pre, undefined, request.problem!.status);
    const planned = await build(request.problem!);
    const saved = await app.db.transaction(async (tx) => {
      const before = (await lockProblem(tx, id))!;
      // Checked again under the lock: a concurrent step may have closed it.
      const refusal = refusalOf(before);
      if (refusal) throw new HttpError(409, 'refused', refusal, undefined, before.status);
      const { reason, ...change } = planned;
      const level = kind === 'escalate' ? nextLevel(before.level) : change.level;
      const row = await applyProblemStep(tx, before, { ...change, level, actor, status: statusAfter(kind, before.status as ProblemStatus), idempotencyKey: key });
      await recordAudit(tx, {
        actor,
        action: `problem.${change.action}`,
        entity: 'problem',
        entityId: String(id),
        reason,
        details: { status: row.status, level: row.level, ...(change.consultationId ? { consultationId: change.consultationId } : {}) },
      });
      if (kind === 'escalate') await notifyEscalation(tx, row, `协调员手动升级至 ${row.level} 级：${reason}`);
      return row;
    });
    if (kind !== 'link') await tellWorkflow(reply, id);
    return detail(saved);
  }

  /** A consultation the caller's region holds: 422 otherwise. */
  async function consultationOf(request: FastifyRequest, id: number): Promise<number> {
    const meeting = await findConsultation(app.db, id);
    if (!meeting || !regionCovers(principalOf(request).region, meeting.region)) {
      throw unprocessable([{ field: 'consultationId', rule: 'exists', message: `会商记录 ${id} 不存在` }]);
    }
    return id;
  }

  const actionRoute = (summary: string, body: object) => ({
    config: { access: { roles: ['coordinator'] as const, scope: (request: FastifyRequest) => problemScope(app, request) } },
    schema: {
      tags: ['problems'],
      summary,
      headers: ActionHeadersSchema,
      params: ProblemParamsSchema,
      body,
      response: { 200: ProblemDetailSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
    },
  });

  app.post('/:id/comments', actionRoute('Answer or comment on a problem (回复); starts the escalation count again', ProblemCommentSchema), async (request, reply) => {
    const { comment } = request.body as { comment: string };
    return step(request, reply, 'comment', async () => ({ action: 'commented', text: comment, answers: true, reason: comment.slice(0, 500) }));
  });

  app.post('/:id/measures', actionRoute('Add measures taken (补充措施); starts the escalation count again', ProblemMeasureSchema), async (request, reply) => {
    const { measures, comment } = request.body as { measures: string[]; comment?: string };
    return step(request, reply, 'measure', async () => ({ action: 'measure-added', measures, text: comment, answers: true, reason: (comment ?? measures.join('；')).slice(0, 500) }));
  });

  app.post('/:id/escalation', actionRoute('Escalate a problem one coordinator level by hand (2 → 1 → 3)', ProblemEscalateSchema), async (request, reply) => {
    const { reason } = request.body as { reason: string };
    return step(request, reply, 'escalate', async () => ({ action: 'escalated', text: reason, answers: true, reason }));
  });

  app.post('/:id/resolution', actionRoute('Resolve a problem (办结), with how it was resolved', ProblemResolveSchema), async (request, reply) => {
    const { resolution, reason } = request.body as { resolution: string; reason?: string };
    return step(request, reply, 'resolve', async () => ({ action: 'resolved', text: resolution, resolution, answers: true, reason: reason ?? resolution.slice(0, 500) }));
  });

  app.post('/:id/referral', actionRoute('Refer a problem to a consultation (提交会商, D 三); optionally name the consultation', ProblemReferSchema), async (request, reply) => {
    const { reason, consultationId } = request.body as { reason: string; consultationId?: number };
    const linked = consultationId === undefined ? undefined : await consultationOf(request, consultationId);
    return step(request, reply, 'refer', async () => ({ action: 'referred' satisfies ProblemAction, text: reason, consultationId: linked, answers: true, reason }));
  });

  app.put('/:id/consultation', actionRoute('Link the consultation (会商) that discussed a problem', ProblemLinkSchema), async (request, reply) => {
    const { consultationId, reason } = request.body as { consultationId: number; reason: string };
    const linked = await consultationOf(request, consultationId);
    return step(request, reply, 'link', async () => ({ action: 'consultation-linked', text: reason, consultationId: linked, answers: false, reason }));
  });
};

/** A problem as answered: with its `PR-<id>` reference. */
function answer(problem: ProblemRow) {
  return { ...problem, ref: problemRef(problem.id) };
}

export default problemsRoutes;
