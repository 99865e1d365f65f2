// When a part is down the API answers 503 within seconds, names the part and says when to ask
// again: no worker polling the case task queue, the database closed or unreachable, the Temporal
// service stopped. Each outage is a real one (a queue nobody polls, a closed database, a port
// nothing listens on, a dev server stopped).
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTIVE_CHECK_GRACE_MS, ACTIVE_CHECK_TTL_MS } from '../../api/auth/active-check.js';
import { buildApp } from '../../api/app.js';
import { outageOf } from '../../api/outages.js';
import { sendAction } from '../../api/routes/cases/case-actions.js';
import { openDatabase, type Database } from '../../db/client.js';
import { freePort, startDevServer, type DevServer } from '../../scripts/lib/dev-server.js';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { withdrawUpdate } from '../../workflows/messages.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';
import { bearer, people, verifyToken } from '../helpers/tokens.js';

/** A deadline far shorter than the defaults, so an answer in time shows it was the one used. */
const RPC_TIMEOUT_MS = 1000;
const ACTION_WAIT_MS = 1500;
/** Well under what an outage took before it had deadlines (17–29 s for Temporal, 85 s for the database). */
const PROMPTLY_MS = 10_000;

async function timed(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const started = Date.now();
  const res = await app.inject({ method: 'GET', url, headers });
  return { res, ms: Date.now() - started };
}

function expectUnavailable(res: Awaited<ReturnType<typeof timed>>['res'], part: 'database' | 'temporal' | 'worker', says: string): void {
  expect(res.statusCode).toBe(503);
  expect(res.headers['retry-after']).toBe('5');
  expect(res.json()).toMatchObject({ statusCode: 503, error: `${part}_unavailable`, message: expect.stringContaining(says) });
}

describe('no worker polls the case task queue', () => {
  let t: TestApp;
  /** An error every request throws after its access checks, to see how the handler answers it. */
  let thrown: unknown;
  const caseNo = caseInput().caseNo;

  beforeAll(async () => {
    t = await createTestApp({
      rpcTimeoutMs: RPC_TIMEOUT_MS,
      actionWaitMs: ACTION_WAIT_MS,
      afterAccess: async () => {
        if (thrown) throw thrown;
      },
    });
    // Started on the app's own task queue, which no worker polls: the case exists, nobody runs it.
    await t.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(caseNo),
      taskQueue: t.app.temporal.taskQueue,
      args: [{ case: caseInput({ caseNo }), startedBy: 'outages-test' }],
    });
  });
  afterAll(async () => {
    await t?.client.workflow.getHandle(caseWorkflowId(caseNo)).terminate('test over');
    await t?.close();
  });

  it('answers a read of a case the read model holds no view of 503 naming the worker, after the short deadline', async () => {
    const { res, ms } = await timed(t.app, `/api/cases/${caseNo}`, await bearer(people.lygAdmin));
    expectUnavailable(res, 'worker', '工作进程');
    expect(ms).toBeGreaterThanOrEqual(RPC_TIMEOUT_MS);
    expect(ms).toBeLessThan(PROMPTLY_MS);
  });

  it('bounds the wait for an action, and says it may still be applied', async () => {
    const started = Date.now();
    const error = await sendAction(t.app, caseNo, withdrawUpdate, { actor: 'outages-test', reason: '测试撤回' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(outageOf(error)).toBe('timeout');
    thrown = error;
    try {
      const { res } = await timed(t.app, '/api/departments', await bearer(people.lygAdmin));
      expectUnavailable(res, 'worker', '可能仍会生效');
      expect(res.json().message).toContain('未携带 Idempotency-Key');
      // With a key, the answer says a retry with it is safe.
      const keyed = await timed(t.app, '/api/departments', { ...(await bearer(people.lygAdmin)), 'idempotency-key': 'retry-me-1' });
      expectUnavailable(keyed.res, 'worker', '使用相同的 Idempotency-Key 重试是安全的');
    } finally {
      thrown = undefined;
    }
  });

  it('is not ready, naming the missing worker', async () => {
    const { res } = await timed(t.app, '/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({ status: 'not_ready', checks: { database: 'ok', temporal: 'ok', worker: 'missing', storage: 'ok' } });
  });
});

describe('the database is down', () => {
  let t: TestApp;
  let closedByTest = false;
  let unreachable: Database | undefined;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await unreachable?.close();
    // The test closed the database already (a Postgres test database is dropped by that close too).
    if (closedByTest) t.database.close = async () => {};
    await t?.close();
  });

  it('answers 503 naming a database that cannot be reached', async () => {
    // postgres.js on a port nothing listens on: the connection is refused.
    unreachable = await openDatabase({ url: `postgres://shenguan@127.0.0.1:${await freePort()}/shenguan` });
    const app = await buildApp({ temporal: { ...t.app.temporal }, db: unreachable.db, listen: unreachable.listen, verifyToken, payloadCodec: testPayloadCodec() });
    try {
      const { res, ms } = await timed(app, '/api/departments', await bearer(people.lygAdmin));
      expectUnavailable(res, 'database', '数据库');
      expect(ms).toBeLessThan(PROMPTLY_MS);
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming a database that was closed, and is not ready', async () => {
    await t.database.close();
    closedByTest = true;
    const { res } = await timed(t.app, '/api/departments', await bearer(people.lygAdmin));
    expectUnavailable(res, 'database', '数据库');
    const ready = await timed(t.app, '/readyz');
    expect(ready.res.statusCode).toBe(503);
    expect(ready.res.json()).toMatchObject({ status: 'not_ready', checks: { database: 'failed', temporal: 'ok' } });
  });
});

describe('the database is down briefly', () => {
  let t: TestApp;
  let closedByTest = false;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    if (closedByTest) t.database.close = async () => {};
    await t?.close();
  });

  it('lets a caller checked lately reach a route that needs no database, within the grace period only', async () => {
    const warm = await bearer(people.lygAdmin);
    const unknown = await bearer({ sub: 'never-seen', roles: ['auditor'], region: '320700' });
    const check = (headers: Record<string, string>) => timed(t.app, '/api/credit-codes/91320700MA1M8XYZ0Q', headers);
    expect((await check(warm)).res.statusCode).toBe(200);
    await t.database.close();
    closedByTest = true;
    // Past the cache's lifetime the check asks the database, fails, and uses the answer it has.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ACTIVE_CHECK_TTL_MS + 1000 });
    expect((await check(warm)).res.statusCode).toBe(200);
    expectUnavailable((await check(unknown)).res, 'database', '数据库');
    vi.setSystemTime(Date.now() + ACTIVE_CHECK_GRACE_MS);
    expectUnavailable((await check(warm)).res, 'database', '数据库');
  });
});

describe('the Temporal service is down', () => {
  let server: DevServer;
  let t: TestApp;

  beforeAll(async () => {
    server = await startDevServer({ cliPath: await resolveTemporalCli(), port: 0 });
    t = await createTestApp({ temporalAddress: server.address, rpcTimeoutMs: RPC_TIMEOUT_MS });
    await server.stop();
  });
  afterAll(async () => {
    await t?.close();
    await server?.stop();
  });

  it('answers a case read 503 naming Temporal, promptly', async () => {
    const { res, ms } = await timed(t.app, `/api/cases/${caseInput().caseNo}`, await bearer(people.lygAdmin));
    expectUnavailable(res, 'temporal', 'Temporal 服务');
    expect(ms).toBeLessThan(PROMPTLY_MS);
  });

  it('is not ready, naming Temporal', async () => {
    const { res } = await timed(t.app, '/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', checks: { database: 'ok', temporal: 'failed', worker: 'unknown', storage: 'ok' } });
  });

  it('answers an action within its wait, though every attempt to reach Temporal fails and is retried', async () => {
    // Long enough that the client's retries between attempts would show: they must stop at the wait.
    const waitMs = 7000;
    const app = await buildApp({ temporal: { ...t.app.temporal, actionWaitMs: waitMs }, db: t.database.db, listen: t.database.listen, verifyToken, payloadCodec: testPayloadCodec() });
    try {
      const started = Date.now();
      const error = await sendAction(app, caseInput().caseNo, withdrawUpdate, { actor: 'outages-test', reason: '测试撤回' }).catch((e: unknown) => e);
      expect(outageOf(error)).toBeDefined();
      expect(Date.now() - started).toBeLessThan(waitMs);
    } finally {
      await app.close();
    }
  });
});
