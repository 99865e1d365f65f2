// What the API costs on top of Temporal, on one fresh dev server, one database and one process:
//   (a) starting a case with POST /api/cases against a raw client.workflow.start of a no-op
//       workflow (scripts/bench/noop-workflow.ts, same input, its own worker and task queue), and
//       against the very start the API makes (api/routes/cases/start-options.ts) made directly;
//   (b) a supervisor action, POST /api/tasks/:taskId/view on a case in `supervising`, against a
//       raw handle.executeUpdate(viewTaskUpdate) on another case of the same kind;
//   (c) full-lifecycle standard cases per second through the API: start → pushed → viewed →
//       inspected compliant → completed, several at once.
// Prints markdown for BENCHMARKS.md.
//
//   npx tsx scripts/bench/api-vs-raw.ts [--starts 200] [--actions 100] [--lifecycle 100] [--concurrency 10[,25…]]
//
// Postgres: DATABASE_URL's server, else a throw-away cluster (scripts/bench/lib/postgres.ts); a
// fresh database on it either way, dropped at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { and, count, eq, inArray } from 'drizzle-orm';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { buildApp } from '../../api/app.js';
import { createTokenVerifier, mintToken } from '../../api/auth/tokens.js';
import { openDatabase } from '../../db/client.js';
import { cases } from '../../db/schema/index.js';
import type { Principal } from '../../domain/access.js';
import type { CaseView } from '../../domain/case/state.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { viewTaskUpdate, type CaseWorkflowInput } from '../../workflows/messages.js';
import { caseInput } from '../../test/helpers/case-input.js';
import { fixture, seedCatalogue } from '../../test/helpers/catalogue-fixture.js';
import { createCaseWorker, workflowInterceptorModules, workflowsPath } from '../lib/worker.js';
import { PayloadKeyRing, SealingPayloadCodec } from '../lib/payload-codec.js';
import { onAbort } from './lib/cleanup.js';
import { benchPostgres, freshDatabase } from './lib/postgres.js';
import { progressBar } from '../lib/progress-bar.js';
import { benchDevServer } from './lib/temporal.js';
import { elapsedMs, intOption, markdownTable, ms, option, summarise, timeInterleaved, timingTable } from './lib/timing.js';
import type { noopWorkflow } from './noop-workflow.js';
import { caseStartOptions } from '../../api/routes/cases/start-options.js';
import type { caseWorkflow } from '../../workflows/case-workflow.js';

const starts = intOption('starts', 200);
const startWarmup = Math.min(20, Math.max(2, Math.round(starts / 10)));
const actions = intOption('actions', 100);
const actionWarmup = Math.min(10, Math.max(2, Math.round(actions / 10)));
const lifecycleCases = intOption('lifecycle', 100);
// One or more levels, run one after the other: --concurrency 10,25.
const concurrencies = (option('concurrency') ?? '10').split(',').map((level) => {
  const n = Number(level);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--concurrency takes whole numbers, not ${level}`);
  return n;
});
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// The SDK's own log lines (worker start and stop) would drown the progress output.
Runtime.install({ logger: new DefaultLogger('WARN') });

const pg = await benchPostgres();
const fresh = await freshDatabase(pg.url);
onAbort(fresh.drop);
const database = await openDatabase({ url: fresh.url });
await database.migrate();
await seedCatalogue(database.db);
const server = await benchDevServer();
const connection = await Connection.connect({ address: server.address });
// Sealed as in production, on both sides of the comparison: the codec's cost is part of a start.
const payloadCodec = new SealingPayloadCodec({ keys: new PayloadKeyRing([{ id: 'bench', secret: randomBytes(32) }]) });
const client = new Client({ connection, namespace: 'default', dataConverter: { payloadCodecs: [payloadCodec] } });
const workerConnection = await NativeConnection.connect({ address: server.address });
const caseQueue = 'bench-cases';
const noopQueue = 'bench-noop';

log('bundling the case workflows and the no-op workflow');
const quiet = new DefaultLogger('WARN');
const caseWorker = await createCaseWorker({
  connection: workerConnection,
  namespace: 'default',
  taskQueue: caseQueue,
  db: database.db,
  payloadCodec,
  workflowBundle: await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: workflowInterceptorModules, logger: quiet }),
});
const noopWorker = await Worker.create({
  connection: workerConnection,
  namespace: 'default',
  taskQueue: noopQueue,
  dataConverter: { payloadCodecs: [payloadCodec] },
  workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./noop-workflow.ts', import.meta.url)), logger: quiet }),
});

const secret = 'bench-secret-of-at-least-thirty-two-bytes!';
const app = await buildApp({
  temporal: { client, taskQueue: caseQueue, uiUrl: 'http://localhost:8233' },
  db: database.db,
  listen: database.listen,
  verifyToken: createTokenVerifier({ secret }),
  payloadCodec,
  // The default 600 a minute per address would throttle the benchmark itself.
  rateLimitPerMinute: 100_000_000,
});
const base = await app.listen({ host: '127.0.0.1', port: 0 });
log(`API on ${base}`);

const headers = async (principal: Principal) => ({ authorization: `Bearer ${await mintToken(secret, principal)}`, 'content-type': 'application/json' });
const platform = await headers({ sub: 'svc:approval-platform', roles: ['approval_officer'], region: fixture.region });
const officer = await headers({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
const divisionAdmin = await headers({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });

/** Calls the API over HTTP; throws unless it answers the expected status. */
async function call<T>(method: 'GET' | 'POST', path: string, auth: Record<string, string>, expected: number, body?: object): Promise<T> {
  const init = { method, headers: body ? auth : { authorization: auth.authorization! }, ...(body ? { body: JSON.stringify(body) } : {}) };
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${method} ${path} → ${res.status} (expected ${expected}): ${text}`);
  return JSON.parse(text) as T;
}

const sleep = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay));
let serial = 0;
const newCase = () => caseInput({ caseNo: `BENCH-${process.pid}-${String(++serial).padStart(6, '0')}` });

// (a) Starts. Neither worker runs yet, so the workflows started here wait on their task queues
// instead of running in this process (and on these two cores) while the next start is timed.
log(`(a) ${starts} starts each way after ${startWarmup} warm-up`);
const apiStarted: string[] = [];
const rawStarted: WorkflowHandle[] = [];
const sameStarted: WorkflowHandle[] = [];
const [apiStart, rawStart, sameStart] = await timeInterleaved(
  [
    {
      label: 'POST /api/cases (case start through the API)',
      run: async () => {
        const input = newCase();
        await call('POST', '/api/cases', platform, 201, input);
        apiStarted.push(input.caseNo);
      },
    },
    {
      label: 'client.workflow.start(noopWorkflow)',
      run: async () => {
        const input = newCase();
        const args: [CaseWorkflowInput] = [{ case: input, startedBy: 'svc:approval-platform' }];
        rawStarted.push(await client.workflow.start<typeof noopWorkflow>('noopWorkflow', { taskQueue: noopQueue, workflowId: `noop:${input.caseNo}`, args }));
      },
    },
    {
      label: 'client.workflow.start(caseWorkflow) as the API starts it',
      run: async () => {
        // The API's own start options (search attributes, summary, ID policies) on a queue no
        // worker polls: what the API adds is the difference. Terminated after the timing.
        const input = newCase();
        sameStarted.push(await client.workflow.start<typeof caseWorkflow>('caseWorkflow', caseStartOptions(input, 'svc:approval-platform', 'bench-unpolled')));
      },
    },
  ],
  { warmup: startWarmup, iterations: starts },
);

await Promise.all(sameStarted.map((handle) => handle.terminate('benchmark: timed start only')));
// The no-op workflows are real ones: they all run to completion once their worker runs.
const noopRun = noopWorker.run();
await Promise.all(rawStarted.map((handle) => handle.result()));
log(`${rawStarted.length} no-op workflows completed`);

// (b) Actions on cases in `supervising`: every API-started case, plus more if (b) needs them.
const needed = 2 * (actionWarmup + actions);
while (apiStarted.length < needed) {
  const input = newCase();
  await call('POST', '/api/cases', platform, 201, input);
  apiStarted.push(input.caseNo);
}
const caseRun = caseWorker.run();
log(`waiting for ${apiStarted.length} cases to reach supervising`);
const supervising = progressBar('cases supervising');
for (const deadline = Date.now() + 10 * 60_000; ; ) {
  const [row] = await database.db
    .select({ n: count() })
    .from(cases)
    .where(and(eq(cases.stage, 'supervising'), inArray(cases.caseNo, apiStarted)));
  const n = row?.n ?? 0;
  supervising.update(n, apiStarted.length);
  if (n >= apiStarted.length) break;
  if (Date.now() > deadline) throw new Error(`only ${n} of ${apiStarted.length} cases reached supervising in 10 minutes`);
  await sleep(500);
}
supervising.finish();

log(`(b) ${actions} views each way after ${actionWarmup} warm-up`);
const taskOf = (caseNo: string) => `${caseNo}:1`;
const viewed = (view: CaseView, caseNo: string) => {
  if (view.tasks[0]?.status !== 'viewed') throw new Error(`${caseNo}: task is ${view.tasks[0]?.status} after the view`);
};
const [apiView, rawView] = await timeInterleaved(
  [
    {
      label: 'POST /api/tasks/:taskId/view',
      run: async (i) => {
        const caseNo = apiStarted[2 * i]!;
        viewed(await call<CaseView>('POST', `/api/tasks/${encodeURIComponent(taskOf(caseNo))}/view`, divisionAdmin, 200, {}), caseNo);
      },
    },
    {
      label: 'handle.executeUpdate(viewTaskUpdate)',
      run: async (i) => {
        const caseNo = apiStarted[2 * i + 1]!;
        const handle = client.workflow.getHandle(caseWorkflowId(caseNo));
        viewed(await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: fixture.divisionAdmin, taskId: taskOf(caseNo) }] }), caseNo);
      },
    },
  ],
  { warmup: actionWarmup, iterations: actions },
);

// (c) Whole standard cases through the API, `concurrency` at a time; each one polls its case
// (GET /api/cases/:caseNo, every 25 ms) where it waits for the workflow.
async function waitForStage(caseNo: string, done: (view: CaseView) => boolean): Promise<CaseView> {
  for (const deadline = Date.now() + 120_000; ; ) {
    const view = await call<CaseView>('GET', `/api/cases/${encodeURIComponent(caseNo)}`, officer, 200);
    if (done(view)) return view;
    if (Date.now() > deadline) throw new Error(`${caseNo} stuck in ${view.stage}`);
    await sleep(25);
  }
}
async function lifecycle(): Promise<void> {
  const input = newCase();
  const taskPath = `/api/tasks/${encodeURIComponent(taskOf(input.caseNo))}`;
  await call('POST', '/api/cases', platform, 201, input);
  await waitForStage(input.caseNo, (v) => v.stage === 'supervising');
  await call('POST', `${taskPath}/view`, divisionAdmin, 200, {});
  await call('POST', `${taskPath}/inspections`, divisionAdmin, 200, { inspectedAt: new Date().toISOString(), result: 'compliant' });
  const closed = await waitForStage(input.caseNo, (v) => v.stage === 'closed');
  if (closed.outcome !== 'completed') throw new Error(`${input.caseNo} closed as ${closed.outcome}`);
}
const lifecycleRows: string[][] = [];
for (const concurrency of concurrencies) {
  log(`(c) ${lifecycleCases} full lifecycles, ${concurrency} at a time (after ${concurrency} warm-up)`);
  await Promise.all(Array.from({ length: concurrency }, () => lifecycle()));
  const perCase: number[] = [];
  const lifecycleBar = progressBar('cases completed');
  let next = 0;
  const wallMs = await elapsedMs(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < lifecycleCases) {
          next += 1;
          perCase.push(await elapsedMs(lifecycle));
          lifecycleBar.update(perCase.length, lifecycleCases);
        }
      }),
    ),
  );
  lifecycleBar.finish();
  const life = summarise('start → completed', perCase);
  lifecycleRows.push([String(lifecycleCases), String(concurrency), (wallMs / 1000).toFixed(1), ((lifecycleCases * 1000) / wallMs).toFixed(2), ms(life.p50), ms(life.p99)]);
}

console.log(
  `\n### (a) Starting a case\n\n${timingTable([{ timing: rawStart! }, { timing: sameStart!, reference: rawStart! }, { timing: apiStart!, reference: rawStart! }])}` +
    `\n\nAgainst the same start made directly:\n\n${timingTable([{ timing: sameStart! }, { timing: apiStart!, reference: sameStart! }])}`,
);
console.log(`\n### (b) A supervisor action\n\n${timingTable([{ timing: rawView! }, { timing: apiView!, reference: rawView! }])}`);
console.log(
  `\n### (c) Full lifecycle through the API\n\n${markdownTable(
    ['cases', 'at once', 'wall time (s)', 'cases / s', 'per case p50 (ms)', 'per case p99 (ms)'],
    lifecycleRows,
    ['right', 'right', 'right', 'right', 'right', 'right'],
  )}`,
);
const { stdout: cliVersion } = await promisify(execFile)(server.cliPath, ['--version']);
console.log(`\n${pg.about}; ${cliVersion.trim()}; Node ${process.version}.`);

await app.close();
caseWorker.shutdown();
noopWorker.shutdown();
await Promise.all([caseRun, noopRun]);
await workerConnection.close();
await connection.close();
await database.close();
await server.stop();
await fresh.drop();
await pg.stop();
