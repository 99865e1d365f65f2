// Fuzzing every route of the OpenAPI document against the real app, worker, dev server and
// database: requests generated from each route's schemas (valid, one place spoilt, arbitrary JSON,
// raw malformed ones), each carrying a token of a role the route allows. Never a 5xx; a refused
// write leaves the audit log and the tables the API writes as they were, and starts no workflow.
import { WorkflowNotFoundError } from '@temporalio/common';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mintToken } from '../../api/auth/tokens.js';
import { roles, type Principal, type Role } from '../../domain/access.js';
import { csvColumns } from '../../domain/catalogue-csv.js';
import { GRADE_CSV_COLUMNS } from '../../domain/credit-grade.js';
import { EXTERNAL_CSV_COLUMNS } from '../../domain/external-records.js';
import { signRecordBody } from '../../api/routes/external-records/index.js';
import { externalSources } from '../../db/schema/index.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { operationOf, rawRequests, requestArbitrary, type FuzzRequest, type Operation } from '../helpers/fuzz-requests.js';
import { hostileStrings, type Hints } from '../helpers/schema-arbitrary.js';
import { TEST_SECRET } from '../helpers/tokens.js';

/** Generated requests per route; FUZZ_RUNS=500 for a longer run by hand. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** The run's seed; each route draws from it and its own name, so adding a route moves no other. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);

// Broad scopes, so that requests reach validation and the handlers rather than 401/403: the whole
// country for the regional roles, the fixture's department and division for the department roles.
// The subs are nobody's person id, so a fuzzed deactivation cannot lock the run out.
const principals: Record<Role, Principal> = {
  region_admin: { sub: 'fuzz-region-admin', roles: ['region_admin'], region: '100000' },
  catalogue_admin: { sub: 'fuzz-catalogue-admin', roles: ['catalogue_admin'], region: '100000' },
  calendar_admin: { sub: 'fuzz-calendar-admin', roles: ['calendar_admin'], region: '100000' },
  auditor: { sub: 'fuzz-auditor', roles: ['auditor'], region: '100000' },
  credit_officer: { sub: 'fuzz-credit-officer', roles: ['credit_officer'], region: '100000' },
  ops: { sub: 'fuzz-ops', roles: ['ops'], region: '100000' },
  records_admin: { sub: 'fuzz-records-admin', roles: ['records_admin'], region: '100000' },
  policy_admin: { sub: 'fuzz-policy-admin', roles: ['policy_admin'], region: '100000' },
  approval_officer: { sub: 'fuzz-officer', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept },
  coordinator: { sub: 'fuzz-coordinator', roles: ['coordinator'], region: fixture.region, dept: fixture.dept, level: 1 },
  division_admin: { sub: 'fuzz-division-admin', roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division },
};

/** A data source (L13) whose webhook the run calls, signed with its key. */
const FUZZ_SOURCE = { code: 'FUZZ12345', secret: 'fuzz-source-key-of-at-least-32-bytes!' };

/** Tables only the API writes (the worker writes the read model, outbox and draws as cases run). */
const apiTables = [
  'external_sources', 'external_records', 'regions', 'departments', 'divisions', 'people', 'approval_items', 'handling_items', 'supervision_items', 'supervision_sub_items', 'linkages',
  'licences', 'enterprise_credit_grades', 'consultations', 'half_year_summaries', 'sampling_settings', 'calendar_years', 'domain_events',
];
const snapshotQuery = sql.raw(
  `select (select count(*) from audit_log)::text as audit_log, ${apiTables
    .map((table) => `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from ${table} t) as ${table}`)
    .join(', ')}`,
);

let t: TestApp;
let tokens: Record<Role, string>;
let operations: Operation[];
let hints: Hints;
let caseNo: string;
/** Workflows a successful request may have started: the fixture's case, and those of answers 2xx. */
const started = new Set<string>();
/** What went wrong, once per route, status and kind of request, with the first request that did it. */
const findings = new Map<string, { first: string; count: number }>();
function report(r: FuzzRequest, what: string, detail: string): void {
  const key = `${what} ${r.route} [${r.kind.replace(/\/\d+/g, '/n')}]`;
  const seen = findings.get(key);
  if (seen) seen.count++;
  else findings.set(key, { first: `${describeRequest(r)} → ${detail}`, count: 1 });
}
const findingList = () => [...findings].map(([key, { first, count }]) => `${key} ×${count}: ${first}`);
let sent = 0;
let snapshot: Record<string, string>;

async function takeSnapshot(): Promise<Record<string, string>> {
  const result = (await t.database.db.execute(snapshotQuery)) as unknown as { rows?: Record<string, string>[] } & Record<string, string>[];
  return (result.rows ?? result)[0]!;
}

const isWrite = (method: string) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method);
const shorten = (text: string | undefined, max = 300) => (text === undefined ? '' : text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
const describeRequest = (r: FuzzRequest) =>
  `${r.method} ${shorten(r.url, 200)} [${r.kind}; ${r.role ?? 'no role'}] ${r.headers['content-type'] ?? ''} ${JSON.stringify(shorten(r.payload))}`;

/** The workflows a request names: its case number, or the sampling month of a national run. */
function workflowsNamed(r: FuzzRequest): string[] {
  const body = (r.body ?? {}) as Record<string, unknown>;
  const ids: string[] = [];
  for (const no of [r.params.caseNo, body.caseNo]) if (typeof no === 'string') ids.push(caseWorkflowId(no));
  if (typeof body.month === 'string') ids.push(`sampling:${body.month}`);
  return ids;
}

/** Whether a request is for a source's webhook. */
const isWebhook = (r: FuzzRequest) => r.route === 'POST /api/external-records/:source';

/**
 * The webhook of a source (L13) is public and signed: a request to it gets the fixture source's
 * signature over its payload, as a source would send it, so that it reaches validation and the
 * handler (an unsigned one is refused 401 before anything else). Raw requests that set their own
 * headers keep them.
 */
function signWebhook(r: FuzzRequest): void {
  if (!isWebhook(r) || r.headers['x-shenguan-signature'] !== undefined) return;
  const timestamp = String(Math.floor(Date.now() / 1000));
  r.headers['x-shenguan-timestamp'] = timestamp;
  r.headers['x-shenguan-signature'] = signRecordBody(FUZZ_SOURCE.secret, timestamp, r.payload ?? '');
}

/** Sends a request and checks it: no 5xx; a refused write changes no row and starts no workflow. */
async function send(r: FuzzRequest): Promise<void> {
  signWebhook(r);
  let res;
  try {
    res = await t.app.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, ...(r.payload !== undefined ? { payload: r.payload } : {}) });
  } catch (error) {
    // light-my-request refuses methods Node's HTTP parser would; those never reach the app.
    if (/method/i.test(String(error))) return;
    throw error;
  }
  sent++;
  if (res.statusCode >= 500) report(r, String(res.statusCode), shorten(res.body));
  if (!isWrite(r.method)) return;
  const after = await takeSnapshot();
  if (res.statusCode >= 400) {
    const changed = Object.keys(after).filter((key) => after[key] !== snapshot[key]);
    if (changed.length) report(r, `refused ${res.statusCode} but wrote ${changed.join(', ')}`, shorten(res.body));
    // An ID that is not well-formed Unicode cannot name a workflow (the client would send another).
    for (const id of workflowsNamed(r).filter((id) => !started.has(id) && !/\p{Cs}/u.test(id))) {
      const exists = await t.client.workflow
        .getHandle(id)
        .describe()
        .then(
          () => true,
          (error: unknown) => {
            if (error instanceof WorkflowNotFoundError) return false;
            throw error;
          },
        );
      if (exists) report(r, `refused ${res.statusCode} but started ${id}`, shorten(res.body));
    }
  } else {
    for (const id of workflowsNamed(r)) started.add(id);
    // A record a source sent may raise a spot-check case (L13), named in its answer.
    if (isWebhook(r)) {
      const raisedRef = (res.json() as { raisedRef?: unknown }).raisedRef;
      if (typeof raisedRef === 'string') started.add(caseWorkflowId(raisedRef));
    }
  }
  snapshot = after;
}

/** CSV files for the import routes: the kind's header (or another's), rows of real codes and hostile cells. */
function csvBody(url: string): fc.Arbitrary<string> {
  const kind = /catalogue\/([a-z-]+)\/import/.exec(url)?.[1] as keyof typeof csvColumns | undefined;
  const header: readonly string[] = kind ? csvColumns[kind] : url.includes('external-records') ? EXTERNAL_CSV_COLUMNS : GRADE_CSV_COLUMNS;
  const real = [fixture.dept, fixture.division, fixture.approvalItem, fixture.handlingItem, fixture.subItem, 'FOOD-SUPERVISION', 'NEW-ITEM-1', '食品经营', 'postCheck|deferral', 'A', 'D', '2026-11-01', '91350100M000100Y43', 'complaint', 'report', 'FZ-1'];
  const cell = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: fc.constantFrom(...hostileStrings.filter((s) => s.length < 200), '"', '"a""b"', 'a,b', '\n') });
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  return fc
    .tuple(fc.oneof({ weight: 5, arbitrary: fc.constant(header) }, { weight: 1, arbitrary: fc.shuffledSubarray([...header, 'extra']) }), fc.array(fc.array(cell, { minLength: 0, maxLength: header.length + 1 }), { maxLength: 4 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([head, rows, eol, bom]) => (bom ? '\uFEFF' : '') + [head, ...rows].map((row) => row.map(quote).join(',')).join(eol) + eol);
}

/** GETs first and what ends things last, so the fixture's case and codes serve as many routes as they can. */
const order = (op: Operation) => (op.method === 'GET' ? 0 : op.method === 'DELETE' || /withdrawal|decisions/.test(op.url) ? 2 : 1);

/** A number from a route's name, so each route's sequence depends on the seed and itself only. */
const seedOf = (key: string) => [...key].reduce((hash, char) => (Math.imul(hash, 31) + char.charCodeAt(0)) | 0, SEED);

beforeAll(async () => {
  // Rate limiting would answer most of the run 429 from one client address.
  t = await createTestApp({ withWorker: true, rateLimitPerMinute: 1_000_000 });
  tokens = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await mintToken(TEST_SECRET, principals[role])] as const))) as Record<Role, string>;
  const officer = { authorization: `Bearer ${tokens.approval_officer}` };

  // One real case under supervision, with its task pushed to the fixture's division.
  const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品经营条件' });
  caseNo = input.caseNo;
  expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: officer, payload: input })).statusCode).toBe(201);
  started.add(caseWorkflowId(caseNo));
  const divisionAdmin = { authorization: `Bearer ${tokens.division_admin}` };
  await vi.waitFor(
    async () => expect((await t.app.inject({ method: 'GET', url: `/api/tasks?division=${fixture.division}`, headers: divisionAdmin })).json().items).toHaveLength(1),
    { timeout: 30_000, interval: 200 },
  );

  await t.database.db.insert(externalSources).values({
    code: FUZZ_SOURCE.code,
    name: '模糊测试热线',
    region: fixture.region,
    kinds: ['complaint', 'report', 'inspection'],
    rules: [
      { kind: 'complaint', raises: 'task' },
      { kind: 'report', raises: 'problem' },
    ],
    secret: FUZZ_SOURCE.secret,
    createdBy: 'fuzz-seed',
  });

  hints = {
    source: [FUZZ_SOURCE.code],
    recordId: ['FZ-1', 'FZ-2'],
    kind: ['complaint', 'report', 'inspection'],
    occurredOn: ['2026-11-01'],
    caseNo: [caseNo],
    taskId: [`${caseNo}:1`],
    region: [fixture.region, '320000', '100000'],
    parentCode: ['320000'],
    code: [fixture.dept, fixture.division, fixture.approvalItem, fixture.handlingItem, 'FOOD-SUPERVISION', fixture.subItem, fixture.region, input.applicant.creditCode],
    dept: [fixture.dept],
    deptCode: [fixture.dept],
    approvalDept: [fixture.dept],
    supervisingDeptCode: [fixture.dept],
    ownerDept: [fixture.dept],
    convenedBy: [fixture.dept],
    division: [fixture.division],
    divisionCode: [fixture.division],
    approvalItem: [fixture.approvalItem],
    approvalItemCode: [fixture.approvalItem],
    handlingItem: [fixture.handlingItem, fixture.unlinkedItem],
    handlingItemCode: [fixture.handlingItem, fixture.unlinkedItem],
    supervisionItem: ['FOOD-SUPERVISION'],
    supervisionItemCode: ['FOOD-SUPERVISION'],
    subItemCode: [fixture.subItem],
    creditCode: [input.applicant.creditCode],
    id: [fixture.divisionAdmin, 'coordinator-1', 'officer-1', 1],
    adminPersonId: [fixture.divisionAdmin],
    'personIds[]': ['coordinator-1', fixture.divisionAdmin],
    year: [2026, 2025, 2027],
    month: ['2026-11', '2026-10', '2027-01'],
    n: [0],
    reason: ['fuzz'],
  };

  await t.app.ready();
  const doc = t.app.swagger() as unknown as Parameters<typeof operationOf>[0];
  // CORS preflights are left out of the document (test/api/payload-sealing.test.ts covers them).
  operations = t.app.routeAccess
    .filter((route) => route.method !== 'OPTIONS')
    .map((route) => {
      const op = operationOf(doc, route.method, route.url, 'public' in route.access ? [] : route.access.roles === 'any' ? roles : route.access.roles);
      // Every route is in the document (test/api/openapi.test.ts); one missing here would be fuzzed by nobody.
      expect(op, `${route.method} ${route.url} in the OpenAPI document`).toBeDefined();
      return op!;
    })
    .sort((a, b) => order(a) - order(b));
  snapshot = await takeSnapshot();
});

afterAll(async () => t?.close());

describe('fuzzing every route from its OpenAPI schemas', () => {
  it('answers every generated request below 500, and a refused write writes nothing and starts nothing', { timeout: 600_000 }, async () => {
    for (const op of operations) {
      const arbitrary = requestArbitrary(op, hints, (role) => tokens[role], csvBody(op.url));
      for (const request of fc.sample(arbitrary, { seed: seedOf(`${op.method} ${op.url}`), numRuns: RUNS })) await send(request);
    }
    expect(sent).toBeGreaterThanOrEqual(operations.length * RUNS);
    expect(findingList()).toEqual([]);
  });

  it('answers raw malformed requests below 500 on every route, writing nothing', { timeout: 600_000 }, async () => {
    findings.clear();
    for (const op of operations) {
      const role = op.roles[0];
      const [sample] = fc.sample(requestArbitrary(op, hints, (r) => tokens[r], csvBody(op.url)), { seed: seedOf(`raw ${op.method} ${op.url}`), numRuns: 1 });
      for (const request of rawRequests(op, role, role ? tokens[role] : undefined, sample!)) await send(request);
    }
    expect(findingList()).toEqual([]);
  });

  it('started no workflow but those of accepted requests', async () => {
    // Visibility lags behind starts; by now the last start is seconds old.
    const queue = t.app.temporal.taskQueue;
    const unexpected: string[] = [];
    for await (const execution of t.client.workflow.list({ query: `TaskQueue = "${queue}"` })) {
      // Spot-check cases are started by a sampling run, not by a request.
      if (!started.has(execution.workflowId) && !execution.workflowId.startsWith('case:SC-')) unexpected.push(execution.workflowId);
    }
    expect(unexpected).toEqual([]);
  });
});
