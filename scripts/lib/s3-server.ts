// A real S3 server for the tests and for trying FILE_STORE=s3 locally: versitygw with its POSIX
// backend (a bucket is a directory), found on the machine or installed into the user cache with
// `go install`, like the Temporal servers in temporal-binaries.ts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from './dev-server.js';
import { assertExecutableFile, exists, oneLine, prefix, run, whichOnPath } from './exec-helpers.js';
import { withFileLock } from './file-lock.js';
import { cacheRoot } from './temporal-binaries.js';

/** The pinned release, so every machine tests against the same server. */
export const VERSITYGW = { module: 'github.com/versity/versitygw/cmd/versitygw', version: 'v1.8.0' } as const;

/** Options of resolveVersitygw. */
export interface ResolveVersitygwOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (default: stderr with a [s3-server] prefix). */
  log?: (line: string) => void;
}

/**
 * Returns the path of a working versitygw: $VERSITYGW, then one on PATH, then the cache
 * (<cache>/versitygw/<version>/versitygw), else installs it there with `go install`.
 */
export async function resolveVersitygw(opts: ResolveVersitygwOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(`[s3-server] ${line}\n`));
  const dir = join(cacheRoot(env), 'versitygw', VERSITYGW.version);
  const cached = join(dir, 'versitygw');
  const failures: string[] = [];
  const routes: [string, () => Promise<string>][] = [
    ['env', async () => {
      if (!env.VERSITYGW) throw new Error('VERSITYGW is not set');
      const path = resolve(env.VERSITYGW);
      await verify(path, env).catch(prefix(`VERSITYGW=${env.VERSITYGW}`));
      return path;
    }],
    ['path', async () => {
      const path = await whichOnPath('versitygw', env);
      await verify(path, env);
      return path;
    }],
    ['cache', async () => {
      await verify(cached, env);
      return cached;
    }],
    ['go', () => goInstall(dir, env, log)],
  ];
  for (const [name, route] of routes) {
    try {
      const path = await route();
      log(`versitygw: ${path} (route ${name})`);
      return path;
    } catch (error) {
      failures.push(`  ${name}: ${oneLine(error)}`);
    }
  }
  throw new Error(`Could not resolve versitygw. Routes tried:\n${failures.join('\n')}\nSet VERSITYGW to the path of an executable to skip resolution.`);
}

/** Builds into a temp dir beside `dir` and renames it into place, under the cache lock, so no one sees half an install. */
async function goInstall(dir: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const go = await whichOnPath('go', env);
  const exe = join(dir, 'versitygw');
  const parent = join(dir, '..');
  return withFileLock(join(cacheRoot(env), 'locks', 'versitygw.lock'), async () => {
    if (await verify(exe, env).then(() => true, () => false)) return exe; // installed meanwhile by another process
    const tmpPrefix = `.tmp-${VERSITYGW.version}-`;
    await mkdir(parent, { recursive: true });
    // Temp dirs are only made under this lock, so any left over are from a crashed install.
    for (const name of await readdir(parent)) {
      if (name.startsWith(tmpPrefix)) await rm(join(parent, name), { recursive: true, force: true });
    }
    log(`versitygw: installing with go install ${VERSITYGW.module}@${VERSITYGW.version} into ${dir}`);
    const tmp = await mkdtemp(join(parent, tmpPrefix));
    try {
      await chmod(tmp, 0o755); // mkdtemp makes it private; the cache may be shared
      await run(go, ['install', `${VERSITYGW.module}@${VERSITYGW.version}`], { env: { ...env, GOBIN: tmp }, cwd: tmp, timeoutMs: 40 * 60_000 });
      await verify(join(tmp, 'versitygw'), env);
      await rm(dir, { recursive: true, force: true }); // an unusable earlier install
      await rename(tmp, dir);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
    return exe;
  });
}

async function verify(path: string, env: NodeJS.ProcessEnv): Promise<void> {
  await assertExecutableFile(path);
  await run(path, ['--version'], { env, timeoutMs: 30_000 });
}

/** How to run the S3 server. */
export interface S3ServerOptions {
  /** The versitygw executable (default: resolveVersitygw()). */
  executable?: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Directory holding the buckets; undefined uses a temp directory removed by stop(). */
  dataDir?: string;
  /** Bucket created at start (default `shenguan-files`). */
  bucket?: string;
}

/** A running S3 server and what a client needs to reach it. */
export interface S3Server {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** Starts versitygw on loopback with fresh root keys, waits until it answers and creates the bucket. */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const executable = options.executable ?? (await resolveVersitygw());
  const port = options.port || (await freePort());
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'shenguan-s3-')));
  await mkdir(dataDir, { recursive: true });
  const keys = { accessKeyId: `shenguan${randomBytes(6).toString('hex')}`, secretAccessKey: randomBytes(24).toString('base64url') };
  const region = 'us-east-1';
  // The keys go in the environment, not the arguments, so they do not show in `ps`.
  const env = { ...process.env, ROOT_ACCESS_KEY: keys.accessKeyId, ROOT_SECRET_KEY: keys.secretAccessKey, VGW_REGION: region };
  const child = spawn(executable, ['--port', `127.0.0.1:${port}`, '--quiet', 'posix', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (ownDir) await rm(dataDir, { recursive: true, force: true });
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  // Any HTTP answer (an unsigned request gets 403) means it listens.
  while (!(await fetch(endpoint).then(() => true, () => false))) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`versitygw exited with ${child.exitCode}:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`versitygw did not answer on ${endpoint} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const bucket = options.bucket ?? 'shenguan-files';
  // Created through S3, not by mkdir, so the gateway records its owner as it does for any bucket.
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: keys });
  try {
    if (!(await exists(join(dataDir, bucket)))) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, region, bucket, ...keys, stop };
}
