// `npm run chaos [-- --quick] [--cases 200] [--short 20] [--long 120]`: fault injection against
// the parts run apart (README, Growing past one machine) on a throw-away Postgres cluster and a
// Temporal dev server with a history file: cases are driven through the API while the worker is
// killed, Postgres is crashed and the Temporal server is killed, each for a while; then the run
// waits for the cases to settle, checks that none was lost or recorded twice and that every answer
// during an outage was a prompt 503 (README, When a part is down), prints the tables and exits
// non-zero when a goal fails. Every process it started is stopped at the end, on error and on
// Ctrl-C. RELIABILITY.md holds its results.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { mintToken } from '../../api/auth/tokens.js';
import { createApiClient } from '../lib/demo/api-client.js';
import { seedRegion } from '../lib/demo/seed.js';
import { payloadCodec } from '../lib/payload-keys.js';
import { connectClient } from '../lib/temporal-client.js';
import { temporalTarget } from '../lib/temporal-connection.js';
import { answers } from './answers.js';
import { CaseDriver } from './case-driver.js';
import { runFaults, scheduleSeconds } from './faults.js';
import { nodePart, startAgain, until, type NodePart } from './node-process.js';
import { chaosOptions } from './options.js';
import { startChaosPostgres } from './postgres-cluster.js';
import { report } from './report.js';
import { runEnvironment } from './run-environment.js';
import { startChaosTemporal } from './temporal-server.js';
import { onTeardown, runThenTeardown } from './teardown.js';
import { verify } from './verify.js';

const began = Date.now();
const log = (line: string) => process.stderr.write(`[chaos ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const options = chaosOptions();
/** What happened that no fault asked for: a part that died on its own. */
const incidents: string[] = [];

/** Whether nothing listens on a loopback port yet. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'shenguan-chaos-'));
  // The logs stay for reading afterwards; the Temporal history file goes.
  onTeardown(() => rm(join(dir, 'temporal.db'), { force: true }));
  log(`${options.quick ? '快速运行（--quick）' : '完整运行'}：${options.cases} 个办件，短停 ${options.shortSeconds} s，长停 ${options.longSeconds} s；日志在 ${dir}`);

  for (const [name, port] of Object.entries(options.ports)) {
    if (!(await portFree(port))) throw new Error(`端口 ${port} 已被占用：换一个（--${name === 'postgres' ? 'pg' : name}-port）`);
  }
  const pg = await startChaosPostgres(options.ports.postgres, log);
  const temporal = await startChaosTemporal(options.ports.temporal, dir, log);
  const { env, secret } = await runEnvironment({
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    dir,
    keyId: 'chaos',
    // Only linked from case answers: the dev server runs without its Web UI here.
    extra: { TEMPORAL_UI_URL: 'http://localhost:8900', API_PORT: String(options.ports.api) },
  });

  const apiUrl = `http://127.0.0.1:${options.ports.api}`;
  // A part that dies on its own once both run is reported and started again; before, its start fails the run.
  let supervising = false;
  const keepAlive = (part: () => NodePart) => (exit: string, lastOutput: string) => {
    if (!supervising) return;
    incidents.push(`${part().name} 自行退出（${exit}）：${lastOutput.trim().split('\n').slice(-3).join(' | ').slice(0, 600)}`);
    log(`${part().name} 自行退出（${exit}），3 秒后重启`);
    void (async () => {
      for (let attempt = 0; attempt < 60 && !part().running(); attempt++) {
        await new Promise((r) => setTimeout(r, 3000));
        if (!part().running()) await part().start().catch(() => undefined);
      }
    })();
  };
  const worker: NodePart = nodePart({
    name: 'worker',
    entry: 'scripts/worker.ts',
    env,
    logFile: join(dir, 'worker.log'),
    ready: (seen) => until('worker', 180_000, () => seen('"msg":"worker started"')),
    onCrash: keepAlive(() => worker),
  });
  const api: NodePart = nodePart({
    name: 'API',
    entry: 'api/server.ts',
    env,
    logFile: join(dir, 'api.log'),
    ready: () => until('API', 120_000, () => fetch(`${apiUrl}/healthz`).then((r) => r.ok, () => false)),
    onCrash: keepAlive(() => api),
  });
  await worker.start();
  await api.start();
  await until('/readyz', 120_000, () => fetch(`${apiUrl}/readyz`).then((r) => r.ok, () => false));
  supervising = true;
  log(`worker 与 API 已启动：${apiUrl}`);

  const client = createApiClient(apiUrl, (principal) => mintToken(secret, principal));
  const driver = new CaseDriver(client);
  const seeded = await seedRegion(client, driver.run.tag);
  log(`已通过 API 写入示例地区（连云港市 320700）：${seeded.written} 条`);

  const everyMs = Math.max(200, Math.round((scheduleSeconds(options) * 1000) / options.cases));
  log(`每 ${(everyMs / 1000).toFixed(1)} 秒受理一个办件，同时注入故障`);
  let probing = true;
  const driving = driver.drive(options.cases, everyMs);
  const probes = driver.probe(() => !probing);
  const windows = await runFaults(
    options,
    {
      worker: { down: () => worker.kill(), up: () => startAgain(worker, 5, (error) => incidents.push(`worker 重启失败：${error.message.split('\n')[0]}`)) },
      postgres: { down: () => pg.crash(), up: () => pg.start() },
      temporal: { down: () => temporal.kill(), up: () => temporal.start() },
    },
    log,
  );
  driver.settleBy(Date.now() + options.settleSeconds * 1000);
  log(`故障注入结束；等待办件办结（至多 ${options.settleSeconds} 秒）`);
  await driving;
  probing = false;
  await probes;

  log('核对工作流、读模型与 outbox');
  const temporalClient = await connectClient(temporalTarget(env), payloadCodec(env));
  const findings = await verify(driver.cases, pg.url, temporalClient, 60_000).finally(() => temporalClient.connection.close());
  const { text, goals } = report(answers, windows, findings, options.cases, options.answerLimitMs);
  const heading = `shenguan 故障注入（${options.quick ? '--quick' : '完整'}）${new Date().toISOString().slice(0, 10)}：${options.cases} 个办件，短停 ${options.shortSeconds} s / 长停 ${options.longSeconds} s，worker 被杀 ${options.workerKills} 次；用时 ${((Date.now() - began) / 60_000).toFixed(1)} 分钟`;
  const incidentText = incidents.length ? `\n\n未经注入的事件：进程自行退出、重启失败（${incidents.length}）：\n${incidents.map((i) => `  ${i}`).join('\n')}` : '';
  process.stdout.write(`\n${heading}\n\n${text}${incidentText}\n\n日志：${dir}\n`);
  return goals.every((g) => g.pass) ? 0 : 1;
}

await runThenTeardown(main, log);
