// Traces and log lines of one case, through the real API, client, worker and dev server: the
// request's span is the parent of the workflow's and its activities', and the request's ID is in
// the API's line and in the workflow's and activities' lines of that case.
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../scripts/lib/logger.js';
import { temporalLogger } from '../../scripts/lib/temporal-runtime.js';
import { startTracing, type Tracing } from '../../scripts/lib/tracing.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bundleWorkflows } from '../helpers/bundle.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';
import { routeTemporalLogs } from '../helpers/runtime-logs.js';
import { bearer, people } from '../helpers/tokens.js';

type Line = Record<string, unknown> & { msg: string; temporal?: Record<string, unknown> };

const spans = new InMemorySpanExporter();
const lines: Line[] = [];
const logger = createLogger('shenguan', { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
const applicant = { name: '连云港市海州区追踪测试食品店', phone: '13911112222', creditCode: '91350100M000100Y43' };
const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品安全条件', applicant });
const caseUrl = `/api/cases/${input.caseNo}`;
const START_ID = 'start-req-0001';
const WITHDRAW_ID = 'withdraw-req-0002';

let t: TestApp;
let tracing: Tracing;
let unroute: () => void;

beforeAll(async () => {
  tracing = startTracing('shenguan', {}, new SimpleSpanProcessor(spans))!;
  unroute = routeTemporalLogs(temporalLogger(logger));
  t = await createTestApp({ withWorker: true, logger, tracing });

  const platform = await bearer(people.approvalPlatform);
  const officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
  const started = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { ...platform, 'x-request-id': START_ID }, payload: input });
  expect(started.statusCode).toBe(201);
  expect(started.headers['x-request-id']).toBe(START_ID);
  await vi.waitFor(async () => expect((await t.app.inject({ method: 'GET', url: caseUrl, headers: officer })).json().stage).toBe('supervising'), { timeout: 20_000 });
  const withdrawn = await t.app.inject({ method: 'POST', url: `${caseUrl}/withdrawal`, headers: { ...platform, 'x-request-id': WITHDRAW_ID }, payload: { reason: '申请人撤回' } });
  expect(withdrawn.statusCode).toBe(200);
  await vi.waitFor(() => expect(lines.some((l) => l.msg === 'activity completed' && l.requestId === WITHDRAW_ID)).toBe(true), { timeout: 20_000 });
});

afterAll(async () => {
  await t?.close();
  unroute?.();
  await tracing?.shutdown();
});

describe('traces', () => {
  it('run from the API request through the workflow start and run to its activities, in one trace', async () => {
    let finished: ReadableSpan[] = [];
    const request = () => finished.find((s) => s.name === 'POST /api/cases');
    await vi.waitFor(
      () => {
        finished = spans.getFinishedSpans();
        const traceId = request()?.spanContext().traceId;
        const names = finished.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
        expect(names).toEqual(expect.arrayContaining(['StartWorkflow:caseWorkflow', 'RunWorkflow:caseWorkflow', expect.stringMatching(/^RunActivity:/)]));
      },
      { timeout: 20_000 },
    );
    expect(request()?.attributes).toMatchObject({ 'http.method': 'POST', 'http.route': '/api/cases', 'http.status_code': 201 });
    // The action's span is named by its route, and is the parent of the workflow's handling of it.
    const action = finished.find((s) => s.name === 'POST /api/cases/:caseNo/withdrawal');
    expect(action?.attributes['http.route']).toBe('/api/cases/:caseNo/withdrawal');
    expect(finished.filter((s) => s.spanContext().traceId === action?.spanContext().traceId).map((s) => s.name)).toContain('StartWorkflowUpdate:withdraw');

    // Nothing personal in any span: names, attributes, events.
    const everything = JSON.stringify(finished.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, resource: s.resource.attributes })));
    for (const secret of [applicant.name, applicant.phone]) expect(everything).not.toContain(secret);
  });

  it('leave a history that replays with the same workflow code', async () => {
    const history = await t.client.workflow.getHandle(caseWorkflowId(input.caseNo)).fetchHistory();
    const sinks = { exporter: makeWorkflowExporter(new SimpleSpanProcessor(new InMemorySpanExporter()), new Resource({})) };
    await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows(), dataConverter: { payloadCodecs: [testPayloadCodec()] }, sinks }, history);
  });
});

describe('log lines', () => {
  it('carry the request ID from the API line into the workflow and activity lines of the case', () => {
    for (const [requestId, route, action] of [
      [START_ID, '/api/cases', 'case.pushed'],
      [WITHDRAW_ID, '/api/cases/:caseNo/withdrawal', 'case.withdrawn'],
    ] as const) {
      const ofRequest = lines.filter((l) => l.requestId === requestId);
      const requestLines = ofRequest.filter((l) => l.msg === 'request');
      expect(requestLines).toHaveLength(1);
      expect(requestLines[0]).toMatchObject({ level: 30, method: 'POST', route, caseNo: input.caseNo, durationMs: expect.any(Number) });
      expect(ofRequest.find((l) => l.msg === action)).toMatchObject({ level: 30, caseNo: input.caseNo, temporal: { sdkComponent: 'workflow' } });
      const activityLine = ofRequest.find((l) => l.msg === 'activity completed');
      expect(activityLine).toMatchObject({ level: 30, caseNo: input.caseNo, temporal: { sdkComponent: 'activity' } });
      // Traced: the activity's line names the trace of the request that led to it.
      expect(activityLine?.trace_id).toBe(requestLines[0]?.trace_id);
    }
    // Nothing personal in any line, and no SDK chatter below warn.
    const everything = JSON.stringify(lines);
    for (const secret of [applicant.name, applicant.phone]) expect(everything).not.toContain(secret);
    expect(lines.filter((l) => l.temporal?.sdkComponent === 'worker' && (l.level as number) < 40)).toEqual([]);
  });

  it('replaces a malformed X-Request-Id with its own, and answers with it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\twith "quotes"' } });
    const given = res.headers['x-request-id'];
    expect(given).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((l) => l.msg === 'request' && l.requestId === given)).toMatchObject([{ route: '/healthz', status: res.statusCode }]);
  });
});
