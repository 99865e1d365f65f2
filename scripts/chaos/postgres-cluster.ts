// A throw-away Postgres cluster the run can stop and start again (the database outages): initdb in
// a temp dir, pg_ctl on a fixed port, removed at the end. initdb and postgres refuse to run as
// root, so as root they run as the postgres user, the way .ci/run does.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDatabase, findPostgresBin, postgresUser } from '../bench/lib/postgres.js';
import { shellQuote } from '../lib/exec-helpers.js';
import { onTeardown } from './teardown.js';

const execFileAsync = promisify(execFile);

/** The cluster. */
export interface ChaosPostgres {
  /** URL of the `shenguan` database on it. */
  url: string;
  dir: string;
  /** Stops the server at once, as a crash would (`-m immediate`): clients see their connections drop. */
  crash(): Promise<void>;
  /** Starts it again on the same data and port; resolves once it accepts connections. */
  start(): Promise<void>;
}

/** Creates and starts the cluster on `port`; it is stopped and removed at teardown. */
export async function startChaosPostgres(port: number, log: (line: string) => void): Promise<ChaosPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('本机没有 PostgreSQL 服务端程序（initdb、pg_ctl）：apt-get install postgresql');
  const ids = await postgresUser();
  const dir = await mkdtemp(join(tmpdir(), 'shenguan-chaos-pg-'));
  if (ids) await chown(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  // Absolute paths: no PATH lookup that a broken folder on it (a dangling node_modules/.bin) can fail.
  const asPostgres = (command: string) =>
    ids ? execFileAsync('/bin/su', ['postgres', '-s', '/bin/bash', '-c', command], { cwd: dir }) : execFileAsync('/bin/bash', ['-c', command], { cwd: dir });
  const pgCtl = (args: string) => asPostgres(`${shellQuote(join(bin, 'pg_ctl'))} -D ${shellQuote(data)} ${args}`);

  let removed = false;
  onTeardown(async () => {
    if (removed) return;
    removed = true;
    // pg_ctl first; should it fail, the postmaster itself (SIGQUIT: immediate shutdown), so that
    // no server outlives the run, then the folder.
    await pgCtl('-m immediate -w stop').catch(async () => {
      const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          // already gone
        }
        await new Promise((r) => setTimeout(r, 2000));
      }
    });
    await rm(dir, { recursive: true, force: true });
  });
  await asPostgres(`${shellQuote(join(bin, 'initdb'))} -D ${shellQuote(data)} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null`);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const start = async () => {
    await pgCtl(`-o ${shellQuote(serverOptions)} -l ${shellQuote(join(dir, 'log'))} -w -t 120 start >/dev/null`);
  };
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/shenguan`;
  await ensureDatabase(url);
  log(`PostgreSQL 已启动：127.0.0.1:${port}（${dir}）`);
  return {
    url,
    dir,
    crash: async () => {
      await pgCtl('-m immediate -w stop >/dev/null');
    },
    start,
  };
}
