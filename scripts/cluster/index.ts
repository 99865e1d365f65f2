// `npm run cluster [-- --cases 40] [--every-ms 750] [--settle 300]`: temporal-compose.yml's shape
// run for real without containers. One throw-away Postgres holds Temporal's two databases and
// shenguan's; a real Temporal server (not the dev server) runs on them with SQL persistence and SQL
// visibility; two worker processes and two API processes share it. Cases are driven through both
// APIs to their end; once a third of them started, one worker is killed (SIGKILL, a crash) and one
// API too, and the driving goes on through the other API. At the end every case must have finished
// once. Every process it started is stopped at the end, on error and on Ctrl-C. README, The
// production topology, run for real; RELIABILITY.md holds its results.
import { mkdtemp } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '../../api/auth/tokens.js';
import type { Principal } from '../../domain/access.js';
import { intOption } from '../bench/lib/timing.js';
import { answers } from '../chaos/answers.js';
import { CaseDriver } from '../chaos/case-driver.js';
import { nodePart, until, type NodePart } from '../chaos/node-process.js';
import { startChaosPostgres } from '../chaos/postgres-cluster.js';
import { runEnvironment } from '../chaos/run-environment.js';
import { runThenTeardown } from '../chaos/teardown.js';
import { verify } from '../chaos/verify.js';
import { createApiClient } from '../lib/demo/api-client.js';
import { seedRegion } from '../lib/demo/seed.js';
import { freePort } from '../lib/dev-server.js';
import { payloadCodec } from '../lib/payload-keys.js';
import { connectClient } from '../lib/temporal-client.js';
import { temporalTarget } from '../lib/temporal-connection.js';
import { resolveTemporalServer } from '../lib/temporal-server-binaries.js';
import { apiPool } from './api-pool.js';
import { checkExecutions } from './executions.js';
import { clusterReport } from './report.js';
import { startClusterTemporal } from './temporal-server.js';

const began = Date.now();
const log = (line: string) => process.stderr.write(`[cluster ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const cases = intOption('cases', 40);
const everyMs = intOption('every-ms', 750);
const settleSeconds = intOption('settle', 300);
/** What happened that the run did not do: a part that died on its own. */
const incidents: string[] = [];

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'shenguan-cluster-'));
  log(`${cases} 个办件，每 ${everyMs} ms 受理一个；日志与 Temporal 配置在 ${dir}`);
  const release = await resolveTemporalServer(process.env, log);
  const pgPort = await freePort();
  const pg = await startChaosPostgres(pgPort, log);
  const temporal = await startClusterTemporal(
    release,
    { host: '127.0.0.1', port: pgPort, user: 'postgres', password: '', database: 'temporal', visibilityDatabase: 'temporal_visibility' },
    dir,
    log,
  );
  const { env, secret } = await runEnvironment({ databaseUrl: pg.url, temporalAddress: temporal.address, dir, keyId: 'cluster', extra: { TEMPORAL_NAMESPACE: 'default' } });

  // Until the run kills one of each on purpose, an exit fails the run; killed parts stay down.
  const crashed = (name: string) => (exit: string, lastOutput: string) => {
    incidents.push(`${name} 自行退出（${exit}）：${lastOutput.trim().split('\n').slice(-3).join(' | ').slice(0, 600)}`);
    log(`${name} 自行退出（${exit}）`);
  };
  const workerNames = new Map<string, string>();
  const workers: NodePart[] = [1, 2].map((n) =>
    nodePart({
      name: `worker ${n}`,
      entry: 'scripts/worker.ts',
      env,
      logFile: join(dir, `worker-${n}.log`),
      ready: (seen, child) => {
        // The SDK's default identity, which every task the worker runs carries in the history.
        workerNames.set(`${child.pid}@${hostname()}`, `worker ${n}`);
        return until(`worker ${n}`, 180_000, () => seen('"msg":"worker started"'));
      },
      onCrash: crashed(`worker ${n}`),
    }),
  );
  const apiUrls = [await freePort(), await freePort()].map((port) => `http://127.0.0.1:${port}`);
  const apis: NodePart[] = apiUrls.map((url, k) =>
    nodePart({
      name: `API ${k + 1}`,
      entry: 'api/server.ts',
      env: { ...env, API_PORT: new URL(url).port },
      logFile: join(dir, `api-${k + 1}.log`),
      ready: () => until(`API ${k + 1}`, 120_000, () => fetch(`${url}/readyz`).then((r) => r.ok, () => false)),
      onCrash: crashed(`API ${k + 1}`),
    }),
  );
  // One after the other: two cores compile the same sources faster in turn than at once.
  for (const part of [...workers, ...apis]) await part.start();
  log(`2 个 worker 与 2 个 API 已启动：${apiUrls.join('、')}，共用 ${pg.url} 与 Temporal ${temporal.address}`);

  const mint = (principal: Principal) => mintToken(secret, principal);
  const pool = apiPool(apiUrls, mint, log);
  const driver = new CaseDriver(pool.clients, 'CLUSTER');
  // Straight to API 1, outside the pool: its counts are the cases' requests only.
  const seeded = await seedRegion(createApiClient(apiUrls[0]!, mint), driver.run.tag);
  log(`已通过 API 写入示例地区（连云港市 320700）：${seeded.written} 条；办件轮流经 API 1 与 API 2 受理`);
  driver.settleBy(Date.now() + cases * everyMs + settleSeconds * 1000);
  const driving = driver.drive(cases, everyMs);

  const third = Math.ceil(cases / 3);
  await until(`第 ${third} 个办件`, cases * everyMs + 60_000, () => driver.cases.length >= third);
  const killedAt = Date.now();
  await workers[0]!.kill();
  await apis[1]!.kill();
  log(`已受理 ${third} 个办件：kill -9 worker 1 与 API 2；其余请求经负载均衡到 API 1，任务由 worker 2 接手`);
  await driving;
  pool.stop();
  log('办件驱动结束；核对工作流、可见性、读模型与 outbox');

  const client = await connectClient(temporalTarget(env), payloadCodec(env));
  try {
    const findings = await verify(driver.cases, pg.url, client, 60_000);
    const accepted = driver.cases.filter((c) => c.accepted).map((c) => c.caseNo);
    const executions = await checkExecutions(client, accepted, 30_000);
    const { text, goals } = clusterReport({
      cases,
      findings,
      executions,
      answers,
      killedAt,
      sentTo: [...pool.sent].map(([url], k) => [`API ${k + 1}`, pool.sent.get(url) ?? 0] as [string, number]),
      workerNames,
      rerouted: driver.cases.filter((c) => c.via === 1 && driver.cases.indexOf(c) >= third).length,
      incidents,
    });
    const heading = `shenguan 生产拓扑实跑 ${new Date().toISOString().slice(0, 10)}：Temporal 服务端 ${release.version}（PostgreSQL 持久化与可见性，${temporal.numHistoryShards} 个历史分片），2 个 worker、2 个 API，${cases} 个办件；用时 ${((Date.now() - began) / 60_000).toFixed(1)} 分钟`;
    process.stdout.write(`\n${heading}\n\n${text}\n\n日志：${dir}\n`);
    return goals.every((g) => g.pass) ? 0 : 1;
  } finally {
    await client.connection.close();
  }
}

await runThenTeardown(main, log);
