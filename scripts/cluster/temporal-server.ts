// A real Temporal server on the run's Postgres, set up the way temporal-compose.yml's one-shot jobs
// do it: the schema by temporal-sql-tool (setup-schema -v 0.0, then the versioned upgrades), the
// server from a config file, then the namespace and the case search attributes by ops calls.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { caseSearchAttributes } from '../../workflows/search-attributes.js';
import { ensureDatabase } from '../bench/lib/postgres.js';
import { run } from '../lib/exec-helpers.js';
import { registerSearchAttributes } from '../lib/register-search-attributes.js';
import type { TemporalServerRelease } from '../lib/temporal-server-binaries.js';
import { until } from '../chaos/node-process.js';
import { killOnExit, onTeardown } from '../chaos/teardown.js';
import { dynamicConfig, freeServerPorts, serverConfig, type ServerDatabase } from './server-config.js';

/** The running server. */
export interface ClusterTemporal {
  /** The frontend, host:port. */
  address: string;
  numHistoryShards: number;
}

const NAMESPACE = 'default';
/** A day: the run's histories are of no use afterwards, and the databases go at the end anyway. */
const RETENTION = '1 day';

/** Creates Temporal's two databases on the run's Postgres and brings their schemas to the release's latest version. */
async function applySchema(release: TemporalServerRelease, db: ServerDatabase, log: (line: string) => void): Promise<void> {
  for (const [database, schema] of [
    [db.database, 'temporal'],
    [db.visibilityDatabase, 'visibility'],
  ] as const) {
    await ensureDatabase(`postgres://${db.user}@${db.host}:${db.port}/${database}`);
    const tool = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, ...(db.password ? ['--pw', db.password] : []), '--db', database];
    await run(release.sqlTool, [...tool, 'setup-schema', '-v', '0.0'], { env: process.env, timeoutMs: 120_000 });
    await run(release.sqlTool, [...tool, 'update-schema', '-d', join(release.postgresSchema, schema, 'versioned')], { env: process.env, timeoutMs: 300_000 });
  }
  log(`Temporal 模式已建立：temporal-sql-tool setup-schema -v 0.0 + update-schema（${db.database}、${db.visibilityDatabase}）`);
}

/** Starts the server on Postgres at `db`; it is stopped at teardown. Its config and log stay in `dir`. */
export async function startClusterTemporal(release: TemporalServerRelease, db: ServerDatabase, dir: string, log: (line: string) => void): Promise<ClusterTemporal> {
  await applySchema(release, db, log);
  const ports = await freeServerPorts();
  const numHistoryShards = 4;
  const configDir = join(dir, 'temporal-config');
  await mkdir(configDir, { recursive: true });
  const dynamicConfigFile = join(configDir, 'dynamicconfig.yaml');
  await writeFile(dynamicConfigFile, dynamicConfig);
  await writeFile(join(configDir, 'cluster.yaml'), serverConfig({ ports, db, numHistoryShards, dynamicConfigFile }));

  const serverLog = createWriteStream(join(dir, 'temporal.log'), { flags: 'a' });
  // No authorizer, as on a trusted network; a production cluster sets one (README, What differs from the dev server).
  const child = spawn(release.server, ['--root', dir, '--config', 'temporal-config', '--env', 'cluster', '--allow-no-auth', 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const forget = killOnExit(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    serverLog.write(chunk);
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(forget);
  onTeardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    serverLog.end();
  });

  const address = `127.0.0.1:${ports.frontend}`;
  let connection: Connection | undefined;
  await until('Temporal 服务端前端', 120_000, async () => {
    if (child.exitCode !== null) throw new Error(`Temporal 服务端已退出（${child.exitCode}）：\n${output}`);
    connection = await Connection.connect({ address, connectTimeout: 1000 }).catch(() => undefined);
    if (!connection) return false;
    const healthy = await connection.workflowService.getSystemInfo({}).then(() => true, () => false);
    if (!healthy) await connection.close();
    return healthy;
  });
  const ready = connection!;
  try {
    log(`Temporal 服务端 ${release.version} 已启动：${address}（frontend、history、matching、worker 同一进程；${numHistoryShards} 个历史分片）`);
    await ready.workflowService.registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: msToTs(RETENTION) });
    // A new namespace reaches the frontend's cache a few seconds later.
    await until(`命名空间 ${NAMESPACE}`, 60_000, () => ready.workflowService.describeNamespace({ namespace: NAMESPACE }).then(() => true, () => false));
    await until('搜索属性注册', 60_000, () => registerSearchAttributes(ready, NAMESPACE).then(() => true, () => false));
    // Usable once a visibility query on one of them is accepted: the frontend maps the names to
    // SQL columns from its namespace cache, which catches up after the registration.
    await until('搜索属性可用', 60_000, () =>
      ready.workflowService.countWorkflowExecutions({ namespace: NAMESPACE, query: `CaseNo = 'x' AND CaseStage = 'closed' AND NextDeadline > '2000-01-01T00:00:00Z'` }).then(() => true, () => false),
    );
    log(`命名空间 ${NAMESPACE}（保留 1 天）与 ${caseSearchAttributes.length} 个搜索属性已注册`);
  } finally {
    await ready.close();
  }
  return { address, numHistoryShards };
}
