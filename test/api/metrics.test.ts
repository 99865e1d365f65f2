// The metrics ops scrape, from the real app and database: request timings under route patterns,
// case starts by mode, the figures read from the database at scrape time, and the endpoint that
// serves them apart from the API.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMessage } from '../../db/outbox.js';
import { caseDeadlines, caseTasks } from '../../db/schema/index.js';
import { registerOpsGauges } from '../../scripts/lib/metrics/ops-gauges.js';
import { startMetricsServer } from '../../scripts/lib/metrics/server.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { seedCatalogue } from '../helpers/catalogue-fixture.js';
import { deadlineRow, org, taskRow } from '../helpers/case-list-rows.js';
import { createTestDatabase } from '../helpers/database.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
const registry = new Registry();

beforeAll(async () => {
  t = await createTestApp({ metrics: registry });
  await seedCatalogue(t.database.db);
  registerOpsGauges(registry, t.database.db, { cacheMs: 0, timeoutMs: 5_000 });
});
afterAll(async () => t?.close());

/** The samples of a metric: each its labels, value and sample name (a histogram's `_count`, say). */
async function values(name: string): Promise<Record<string, string | number | undefined>[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.map((sample) => ({ ...sample.labels, value: sample.value, metricName: (sample as { metricName?: string }).metricName }));
}

describe('request metrics', () => {
  it('time every answer under its route pattern and status, and count started cases by mode', async () => {
    const platform = await bearer(people.approvalPlatform);
    const input = caseInput();
    const started = await t.app.inject({ method: 'POST', url: '/api/cases', payload: input, headers: platform });
    expect(started.statusCode).toBe(201);
    const read = await t.app.inject({ method: 'GET', url: `/api/cases/${input.caseNo}`, headers: await bearer(people.nationalAdmin) });
    expect(read.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/cases/${input.caseNo}` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/no/such/path' })).statusCode).toBe(404);

    const counts = (await values('shenguan_http_request_duration_seconds')).filter((v) => v.metricName === 'shenguan_http_request_duration_seconds_count');
    expect(counts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'POST', route: '/api/cases', status_code: '201', value: 1 }),
        expect.objectContaining({ method: 'GET', route: '/api/cases/:caseNo', status_code: '200', value: 1 }),
        expect.objectContaining({ method: 'GET', route: '/api/cases/:caseNo', status_code: '401', value: 1 }),
        expect.objectContaining({ method: 'GET', route: 'unmatched', status_code: '404', value: 1 }),
      ]),
    );
    // Case numbers never become label values.
    expect(await registry.metrics()).not.toContain(input.caseNo);

    const byMode = await values('shenguan_cases_started_total');
    expect(byMode).toContainEqual(expect.objectContaining({ mode: input.mode, value: 1 }));
    expect(byMode.filter((v) => v.mode !== input.mode).every((v) => v.value === 0)).toBe(true);
  });
});

describe('the figures from the database', () => {
  it('count open tasks, open deadlines by level and state, and undelivered messages by channel', async () => {
    const { db } = t.database;
    const dept = org.lyg.scjgj;
    await db.insert(caseTasks).values([
      taskRow('OPS-1', dept, 'D1'),
      taskRow('OPS-2', dept, 'D1', { status: 'rectifying' }),
      taskRow('OPS-3', dept, 'D1', { status: 'done', closedAt: '2026-11-02T02:00:00.000Z' }),
    ]);
    const future = '2099-01-01T00:00:00.000Z';
    await db.insert(caseDeadlines).values([
      deadlineRow('OPS-1', 'a', dept, { dueAt: future, warnAt: future }),
      deadlineRow('OPS-1', 'b', dept, { dueAt: future, warned: true }),
      deadlineRow('OPS-2', 'a', dept, { dueAt: '2026-11-20T16:00:00.000Z', warned: true, overdue: true, escalatedLevels: [2, 1], escalationLevel: 1 }),
      deadlineRow('OPS-3', 'a', dept, { dueAt: '2026-11-20T16:00:00.000Z', closedAt: '2026-11-02T02:00:00.000Z' }),
    ]);
    const message = (key: string, channel: 'sms' | 'credit', status: 'recorded' | 'failed' | 'dead' | 'delivered') => ({
      key,
      channel,
      recipient: 'p1',
      purpose: 'deadlineWarning',
      why: '即将超期预警',
      caseNo: 'OPS-1',
      payload: {},
      status,
    });
    for (const m of [message('m1', 'sms', 'recorded'), message('m2', 'sms', 'recorded'), message('m3', 'sms', 'failed'), message('m4', 'credit', 'dead'), message('m5', 'sms', 'delivered')]) {
      await recordMessage(db, m);
    }

    expect(await values('shenguan_ops_figures_up')).toEqual([expect.objectContaining({ value: 1 })]);
    const tasks = await values('shenguan_tasks_open');
    expect(tasks.filter((v) => v.value !== 0)).toEqual([expect.objectContaining({ status: 'notified', value: 1 }), expect.objectContaining({ status: 'rectifying', value: 1 })]);
    expect(tasks).toContainEqual(expect.objectContaining({ status: 'viewed', value: 0 }));
    expect(await values('shenguan_deadlines_open')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ escalation_level: '0', state: 'pending', value: 1 }),
        expect.objectContaining({ escalation_level: '0', state: 'warned', value: 1 }),
        expect.objectContaining({ escalation_level: '0', state: 'overdue', value: 0 }),
        expect.objectContaining({ escalation_level: '1', state: 'overdue', value: 1 }),
        expect.objectContaining({ escalation_level: '3', state: 'overdue', value: 0 }),
      ]),
    );
    const backlog = await values('shenguan_outbox_backlog');
    expect(backlog).toContainEqual(expect.objectContaining({ channel: 'sms', value: 3 }));
    expect(backlog).toContainEqual(expect.objectContaining({ channel: 'credit', value: 0 }));
    const failed = await values('shenguan_outbox_failed');
    expect(failed).toContainEqual(expect.objectContaining({ channel: 'sms', status: 'failed', value: 1 }));
    expect(failed).toContainEqual(expect.objectContaining({ channel: 'credit', status: 'dead', value: 1 }));
    expect(failed).toContainEqual(expect.objectContaining({ channel: 'sms', status: 'dead', value: 0 }));
  });
});

describe('the figures when the database is gone', () => {
  it('are left out, and the scrape answers at once with shenguan_ops_figures_up 0', async () => {
    const database = await createTestDatabase();
    const own = new Registry();
    registerOpsGauges(own, database.db, { cacheMs: 0, timeoutMs: 5_000 });
    await database.close();
    const text = await own.metrics();
    expect(text).toMatch(/^shenguan_ops_figures_up 0$/m);
    expect(text).not.toMatch(/^shenguan_outbox_backlog\{/m);
  });
});

describe('the metrics endpoint', () => {
  it('serves the registry at GET /metrics on its own port, and nothing else', async () => {
    const server = await startMetricsServer({ registry, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });
    try {
      const answer = await fetch(server.url);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/plain');
      const text = await answer.text();
      expect(text).toMatch(/^shenguan_http_request_duration_seconds_bucket\{.*route="\/api\/cases".*\} \d+$/m);
      expect(text).toMatch(/^shenguan_outbox_backlog\{channel="sms"\} \d+$/m);
      expect((await fetch(new URL('/', server.url))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
