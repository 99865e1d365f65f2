// /api/problems: coordinators' problem records (问题记录, D 二 3) on the real stack — the API, a real
// worker running each problem's workflow, the database: raise (about a case, idempotent), the
// lists, comment, measures, escalation by hand (with its SMS), resolution ending the workflow,
// referral to 会商 with its consultation, and what lies outside the caller's scope.
import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { buildApp } from '../../api/app.js';
import { freePort } from '../../scripts/lib/dev-server.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertConsultation } from '../../db/consultations.js';
import { auditLog, departments, outbox, people as peopleTable, problems } from '../../db/schema/index.js';
import { problemWorkflowId } from '../../workflows/problem-messages.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { bearer, people, verifyToken } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let level1: Headers;
let level2: Headers;
let otherDept: Headers;
let auditor: Headers;
let caseNo: string;

const coordinator = (sub: string, dept: string, level: number) => bearer({ sub, roles: ['coordinator'], region: fixture.region, dept, level });

beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  await t.database.db.insert(departments).values({ code: 'LYG-ZJJ', region: fixture.region, name: '连云港市住房和城乡建设局', side: 'both' });
  await t.database.db.insert(peopleTable).values({ id: 'zjj-coordinator', name: '住建协调员', phone: null, region: fixture.region, deptCode: 'LYG-ZJJ', roles: ['coordinator'], level: 1 });
  [level1, level2, otherDept, auditor] = await Promise.all([
    coordinator('coordinator-1', fixture.dept, 1),
    coordinator('coordinator-2', fixture.dept, 2),
    coordinator('zjj-coordinator', 'LYG-ZJJ', 1),
    bearer(people.lygAuditor),
  ]);
  const input = caseInput({ mode: 'standard' });
  const started = await t.app.inject({ method: 'POST', url: '/api/cases', headers: await bearer(people.approvalPlatform), payload: input });
  expect(started.statusCode).toBe(201);
  caseNo = input.caseNo;
}, 60_000);
afterAll(async () => t?.close());

const raise = (headers: Headers, body: object, key?: string) =>
  t.app.inject({ method: 'POST', url: '/api/problems', headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) }, payload: { description: '监管处室未按期查看任务，本部门协调无果', measures: ['已电话督促'], ...body } });
const act = (headers: Headers, id: number, path: string, payload: object, method: 'POST' | 'PUT' = 'POST') => t.app.inject({ method, url: `/api/problems/${id}/${path}`, headers, payload });
const list = async (headers: Headers, query: Record<string, string>) => {
  const answer = await t.app.inject({ method: 'GET', url: '/api/problems', headers, query });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json<{ items: { id: number }[]; nextCursor: string | null }>();
};

describe('problem records', () => {
  let id: number;

  it('raises a problem about a case to the next level, once per Idempotency-Key, and starts its workflow', async () => {
    const first = await raise(level2, { subject: { kind: 'case', caseNo } }, 'raise-1');
    expect(first.statusCode, first.body).toBe(201);
    const body = first.json();
    id = body.id;
    expect(body).toMatchObject({ ref: `PR-${id}`, deptCode: fixture.dept, subjectKind: 'case', subjectCode: caseNo, caseNo, status: 'open', level: 1, raisedBy: 'coordinator-2', raisedLevel: 2 });
    expect(body.timeline).toEqual([expect.objectContaining({ actor: 'coordinator-2', action: 'raised', measures: ['已电话督促'], fromLevel: 2, toLevel: 1, toStatus: 'open' })]);
    const again = await raise(level2, { subject: { kind: 'case', caseNo } }, 'raise-1');
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(id);
    expect(await t.database.db.$count(problems)).toBe(1);
    const described = await t.client.workflow.getHandle(problemWorkflowId(id)).describe();
    expect(described).toMatchObject({ type: 'problemWorkflow', status: { name: 'RUNNING' } });
    expect(await t.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entity, 'problem'))).toEqual([{ action: 'problem.raised' }]);
  });

  it('looks every code up in the caller’s scope', async () => {
    // Another department's coordinator sees neither the case nor the problem.
    expect((await raise(otherDept, { subject: { kind: 'case', caseNo } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: otherDept })).statusCode).toBe(404);
    expect((await act(otherDept, id, 'comments', { comment: '路过' })).statusCode).toBe(404);
    expect((await raise(level2, { subject: { kind: 'case', caseNo: 'LYG-NO-SUCH' } })).statusCode).toBe(404);
    expect((await raise(level2, { subject: { kind: 'task', taskId: `${caseNo}:9` } })).statusCode).toBe(404);
    expect((await raise(level2, { subject: { kind: 'item', itemCode: 'NO-SUCH-ITEM' } })).statusCode).toBe(404);
    // Raising for another department is forbidden; a counterpart must exist.
    expect((await raise(level2, { subject: { kind: 'general' }, deptCode: 'LYG-ZJJ' })).statusCode).toBe(403);
    const unknown = await raise(level2, { subject: { kind: 'general' }, counterpartDept: 'NO-DEPT' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().problems).toEqual([expect.objectContaining({ field: 'body/counterpartDept' })]);
  });

  it('lists mine, the department’s, and what waits for the caller’s level', async () => {
    const ids = (page: { items: { id: number }[] }) => page.items.map((p) => p.id);
    expect(ids(await list(level2, { view: 'mine' }))).toEqual([id]);
    expect(ids(await list(level1, { view: 'waiting' }))).toEqual([id]);
    expect(ids(await list(level2, { view: 'waiting' }))).toEqual([]);
    expect(ids(await list(auditor, { dept: fixture.dept }))).toEqual([id]);
    expect(ids(await list(otherDept, {}))).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/problems', headers: otherDept, query: { dept: fixture.dept } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/problems', headers: auditor, query: { view: 'waiting' } })).statusCode).toBe(400);
  });

  it('takes comments and measures, escalates by hand telling the next level, and ends the workflow when resolved', async () => {
    const commented = await act(level1, id, 'comments', { comment: '已约谈监管处室负责人' });
    expect(commented.statusCode, commented.body).toBe(200);
    expect(commented.json()).toMatchObject({ status: 'in_progress', level: 1 });
    const measured = await act(level1, id, 'measures', { measures: ['发函督办'] });
    expect(measured.json().timeline.at(-1)).toMatchObject({ action: 'measure-added', measures: ['发函督办'], actor: 'coordinator-1' });
    const escalated = await act(level1, id, 'escalation', { reason: '部门间协调无果，提请分管领导' });
    expect(escalated.json()).toMatchObject({ level: 3, status: 'in_progress' });
    expect(escalated.json().timeline.at(-1)).toMatchObject({ action: 'escalated', fromLevel: 1, toLevel: 3, text: '部门间协调无果，提请分管领导' });
    const sms = await t.database.db.select({ recipient: outbox.recipient, purpose: outbox.purpose }).from(outbox).where(eq(outbox.caseNo, `PR-${id}`));
    expect(sms).toEqual([{ recipient: 'coordinator-3', purpose: 'problemEscalated' }]);
    // Level 3 is the top.
    const refused = await act(level1, id, 'escalation', { reason: '再升级' });
    expect(refused.statusCode).toBe(409);
    const resolved = await act(level1, id, 'resolution', { resolution: '监管处室已查看并启动核查' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolution: '监管处室已查看并启动核查' });
    expect(resolved.json().closedAt).toEqual(expect.any(String));
    expect(await t.client.workflow.getHandle(problemWorkflowId(id)).result()).toMatchObject({ problemId: id, status: 'resolved', escalations: 0 });
    expect((await act(level1, id, 'comments', { comment: '补充' })).statusCode).toBe(409);
    const actions = (await t.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, String(id)))).map((a) => a.action);
    expect(actions).toEqual(['problem.raised', 'problem.commented', 'problem.measure-added', 'problem.escalated', 'problem.resolved']);
  });

  it('refers a problem to 会商 and links the consultation; pages the list by cursor', async () => {
    const second = (await raise(level1, { subject: { kind: 'item', itemCode: fixture.approvalItem }, counterpartDept: 'LYG-ZJJ' })).json();
    expect(second).toMatchObject({ level: 3, subjectKind: 'item', counterpartDept: 'LYG-ZJJ' });
    // The counterpart's coordinators follow it too: in their department's list, and by acting on it.
    expect((await list(otherDept, {})).items.map((p) => p.id)).toEqual([second.id]);
    expect((await act(otherDept, second.id, 'comments', { comment: '住建局意见：需会商' })).statusCode).toBe(200);
    expect((await act(level1, second.id, 'referral', { reason: '提交季度会商', consultationId: 999_999 })).statusCode).toBe(422);
    const referred = await act(level1, second.id, 'referral', { reason: '提交季度会商' });
    expect(referred.json()).toMatchObject({ status: 'referred', consultationId: null });
    const meeting = await insertConsultation(t.database.db, {
      region: fixture.region,
      convenedBy: fixture.dept,
      heldOn: '2026-11-30',
      topics: ['信息交互工作中出现的主要问题及应对措施'],
      participants: [{ deptCode: fixture.dept, personIds: ['coordinator-1'] }],
      decisions: [],
      followUps: [],
      recordedBy: 'test',
    });
    const linked = await act(level1, second.id, 'consultation', { consultationId: meeting.id, reason: '会商已讨论' }, 'PUT');
    expect(linked.json()).toMatchObject({ status: 'referred', consultationId: meeting.id });
    expect(await t.client.workflow.getHandle(problemWorkflowId(second.id)).result()).toMatchObject({ status: 'referred' });

    const first = await list(auditor, { dept: fixture.dept, limit: '1' });
    expect(first.items.map((p) => p.id)).toEqual([second.id]);
    const next = await list(auditor, { dept: fixture.dept, limit: '1', cursor: first.nextCursor! });
    expect(next).toEqual({ items: [expect.objectContaining({ id })], nextCursor: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/problems', headers: auditor, query: { cursor: 'bad' } })).statusCode).toBe(400);
  });

  it('links the problems a consultation discussed when the meeting is recorded', async () => {
    const meeting = {
      heldOn: '2026-11-30',
      convenedBy: fixture.dept,
      topics: ['信息交互工作中出现的主要问题及应对措施'],
      participants: [{ deptCode: fixture.dept, personIds: ['coordinator-1'] }],
      decisions: ['问题已解决，纳入季度通报'],
      followUps: [],
      reason: '季度会商',
    };
    const unknown = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: level1, payload: { ...meeting, problemIds: [id, 999_999] } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().problems).toEqual([expect.objectContaining({ field: 'body/problemIds/1', rule: 'exists' })]);
    const recorded = await t.app.inject({ method: 'POST', url: '/api/consultations', headers: level1, payload: { ...meeting, problemIds: [id] } });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const problem = (await t.app.inject({ method: 'GET', url: `/api/problems/${id}`, headers: level1 })).json();
    expect(problem).toMatchObject({ status: 'resolved', consultationId: recorded.json().id });
    expect(problem.timeline.at(-1)).toMatchObject({ action: 'consultation-linked', actor: 'coordinator-1', fromStatus: 'resolved', toStatus: 'resolved' });
  });

  it('keeps a step taken while Temporal is away, answers 503 saying so, and a retry with the same key tells the workflow', async () => {
    // Nothing listens on the port: every Temporal call of this app fails.
    const down = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }), namespace: 'default' });
    const app = await buildApp({ temporal: { ...t.app.temporal, client: down, rpcTimeoutMs: 500 }, db: t.database.db, listen: t.database.listen, verifyToken, payloadCodec: testPayloadCodec() });
    let saved: { id: number } | undefined;
    try {
      const res = await app.inject({ method: 'POST', url: '/api/problems', headers: { ...level2, 'idempotency-key': 'raise-while-down' }, payload: { subject: { kind: 'general' }, description: '跨部门问题', measures: [] } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ error: 'temporal_unavailable', message: expect.stringContaining('已保存') });
      saved = await t.database.db.query.problems.findFirst({ where: (p, { eq }) => eq(p.idempotencyKey, 'raise-while-down') });
      expect(saved).toBeDefined();
    } finally {
      await app.close();
      await down.connection.close();
    }
    const retried = await raise(level2, { subject: { kind: 'general' }, description: '跨部门问题', measures: [] }, 'raise-while-down');
    expect(retried.statusCode).toBe(200);
    expect(retried.json().id).toBe(saved!.id);
    expect(await t.database.db.$count(problems, eq(problems.idempotencyKey, 'raise-while-down'))).toBe(1);
    expect((await t.client.workflow.getHandle(problemWorkflowId(saved!.id)).describe()).status.name).toBe('RUNNING');
  });
});
