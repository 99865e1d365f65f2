// The Postgres server a benchmark runs against: the one DATABASE_URL names, or else a throw-away
// cluster started here with the machine's initdb / pg_ctl (as .ci/run does) on a free port, in a
// temp dir that is removed afterwards — or in a folder of your choice that is kept, so that
// 1,000,000 generated cases survive between runs. PGlite is no stand-in here: it is one process,
// in WASM, and far too slow for a million rows.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from '../../lib/dev-server.js';
import { onAbort } from './cleanup.js';

const execFileAsync = promisify(execFile);

/** A Postgres server to benchmark on. */
export interface BenchPostgres {
  /** URL of a database on it (`shenguan`, or DATABASE_URL's own). */
  url: string;
  /** What it is, for the report: version and settings. */
  about: string;
  /** Stops a cluster started here (and removes a temp one); nothing for DATABASE_URL. */
  stop(): Promise<void>;
}

/** Options of benchPostgres. */
export interface BenchPostgresOptions {
  /** Keep the cluster in this folder (reused when it holds one already) instead of a temp dir. */
  dataDir?: string;
  /** Run the server at this niceness (0–19), to share the machine politely while it loads data. */
  nice?: number;
  log?: (line: string) => void;
}

/** Settings of a cluster started here: a benchmark box, not a durable server (nothing to lose). */
export const CLUSTER_SETTINGS = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'shared_buffers=2GB',
  'effective_cache_size=8GB',
  'maintenance_work_mem=512MB',
  'max_wal_size=8GB',
  'checkpoint_timeout=30min',
] as const;

/** The newest PostgreSQL bin folder on the machine (Debian's layout, or pg_config's), if any. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

/** The postgres user's IDs when running as root (initdb and postgres refuse root), else undefined. */
export async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  // initdb and postgres refuse to run as root: run them as the postgres user.
  const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']).catch(() => {
    throw new Error('running as root and there is no postgres user to run the cluster as');
  });
  const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Creates the database of a URL on its server when it is not there yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`select 1 as found from pg_database where datname = ${name}`;
    if (!row) await admin.unsafe(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** A fresh database on the same server as `serverUrl`, dropped by `drop()`. */
export async function freshDatabase(serverUrl: string, prefix = 'shenguan_bench'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const adminUrl = new URL(serverUrl);
      adminUrl.pathname = '/postgres';
      const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

/** The pid and port of a server running on a data directory, from its postmaster.pid, if alive. */
function runningCluster(data: string): { pid: number; port: number } | undefined {
  const file = join(data, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const [pidLine, , , portLine] = readFileSync(file, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined; // stale: pg_ctl start copes with it
  }
}

/** Answers the server to benchmark on; throws (saying what to do) when there is none to be had. */
export async function benchPostgres(options: BenchPostgresOptions = {}): Promise<BenchPostgres> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[bench] ${line}\n`));
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    await ensureDatabase(url);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [{ version }] = (await sql`select current_setting('server_version') as version`) as unknown as [{ version: string }];
    await sql.end({ timeout: 5 });
    log(`using the Postgres server of DATABASE_URL (PostgreSQL ${version})`);
    return { url, about: `PostgreSQL ${version} (DATABASE_URL)`, stop: async () => {} };
  }

  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      'No PostgreSQL server binaries (initdb, pg_ctl) on this machine, and DATABASE_URL is not set. ' +
        'Install them (Debian: apt-get install postgresql) or point DATABASE_URL at a server.',
    );
  }
  const user = await postgresUser();
  const kept = options.dataDir !== undefined;
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'shenguan-bench-pg-')));
  await mkdir(dir, { recursive: true });
  if (user) await chown(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const exec = (cmd: string, args: string[]) =>
    execFileAsync(options.nice ? 'nice' : cmd, options.nice ? ['-n', String(options.nice), cmd, ...args] : args, {
      ...(user ?? {}),
      cwd: dir,
      maxBuffer: 16 << 20,
    });

  const running = runningCluster(data);
  if (running) {
    // Left running by an earlier run (or started by hand): use it, and leave it running.
    const url = `postgres://postgres@127.0.0.1:${running.port}/shenguan`;
    await ensureDatabase(url);
    log(`using the cluster already running in ${data} (pid ${running.pid}, port ${running.port}); it is left running`);
    return { url, about: `PostgreSQL, cluster in ${dir} started earlier`, stop: async () => {} };
  }
  if (!existsSync(join(data, 'PG_VERSION'))) {
    log(`initdb in ${data}`);
    await exec(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  } else {
    log(`reusing the cluster in ${data}`);
  }
  const port = await freePort();
  const serverOptions = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...CLUSTER_SETTINGS.map((s) => `-c ${s}`)].join(' ');
  await exec(join(bin, 'pg_ctl'), ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/shenguan`;
  await ensureDatabase(url);
  const { stdout } = await execFileAsync(join(bin, 'postgres'), ['--version']);
  const version = /\(PostgreSQL\) (\S+)/.exec(stdout)?.[1] ?? stdout.trim();
  log(`PostgreSQL ${version} running on 127.0.0.1:${port} (${kept ? 'kept in' : 'temp dir'} ${dir})`);

  // One stop, however often asked for: a second caller (Ctrl-C during the normal stop) waits for it.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await exec(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']).catch((error: Error) => log(`pg_ctl stop: ${error.message}`));
      if (!kept) await rm(dir, { recursive: true, force: true });
    })());
  onAbort(stop);
  return { url, about: `PostgreSQL ${version}, throw-away cluster (${CLUSTER_SETTINGS.join(', ')})`, stop };
}
