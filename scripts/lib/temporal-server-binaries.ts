// Finds (or installs into the user cache) a real Temporal server, the one a production cluster
// runs rather than the CLI's dev server: the `server` binary, its SQL schema tool and the
// versioned Postgres schema of the same version. They come from the Go module proxy like the
// CLI's go route (scripts/lib/temporal-binaries.ts); the schema is copied beside the binaries so
// that a later run needs no Go at all.
import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheRoot } from './temporal-binaries.js';
import { exists, prefix, run, whichOnPath } from './exec-helpers.js';
import { withFileLock } from './file-lock.js';

/**
 * The server's version. Later tags need a newer Go toolchain than many machines have; any tag
 * used here must have no `replace` directive in its go.mod, which `go install pkg@version` refuses.
 */
export const TEMPORAL_SERVER = { module: 'go.temporal.io/server', version: 'v1.29.1' } as const;

/** What a cluster run needs of the server's release. */
export interface TemporalServerRelease {
  version: string;
  /** `temporal-server`: `server --root … --config … --env … start`. */
  server: string;
  /** `temporal-sql-tool`. */
  sqlTool: string;
  /** schema/postgresql/v12 of the release: temporal/ and visibility/, each with versioned/. */
  postgresSchema: string;
}

const installCommand = `go install ${TEMPORAL_SERVER.module}/cmd/server@${TEMPORAL_SERVER.version} ${TEMPORAL_SERVER.module}/cmd/tools/sql@${TEMPORAL_SERVER.version}`;

/** Returns the release in $SHENGUAN_CACHE/temporal-server/<version>, installing what is missing. */
export async function resolveTemporalServer(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = () => {}): Promise<TemporalServerRelease> {
  const dir = join(cacheRoot(env), 'temporal-server', TEMPORAL_SERVER.version);
  const release: TemporalServerRelease = {
    version: TEMPORAL_SERVER.version,
    server: join(dir, 'server'),
    sqlTool: join(dir, 'sql'),
    postgresSchema: join(dir, 'schema', 'postgresql', 'v12'),
  };
  const complete = async () => (await exists(release.server)) && (await exists(release.sqlTool)) && (await exists(join(release.postgresSchema, 'temporal', 'versioned')));
  if (!(await complete())) {
    await withFileLock(join(cacheRoot(env), 'locks', 'temporal-server.lock'), async () => {
      // Another process may have installed it while this one waited for the lock.
      if (!(await complete())) await install(dir, release, env, log);
    });
  }
  const reported = await run(release.server, ['--version'], { env, timeoutMs: 30_000 }).catch(prefix(release.server));
  if (!reported.includes(TEMPORAL_SERVER.version.slice(1))) throw new Error(`${release.server} reports ${reported.trim()}, not ${TEMPORAL_SERVER.version}: remove ${dir} to install it again`);
  return release;
}

/** Builds the binaries that are missing and copies the schema out of the module cache. */
async function install(dir: string, release: TemporalServerRelease, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const go = await whichOnPath('go', env).catch(() => {
    throw new Error(`Temporal 服务端 ${TEMPORAL_SERVER.version} 不在缓存 ${dir} 中，且本机没有 go（需要 Go ≥ 1.25）。安装 Go 后重试，或自行运行：GOBIN=${dir} ${installCommand}`);
  });
  await mkdir(dir, { recursive: true });
  if (!(await exists(release.server)) || !(await exists(release.sqlTool))) {
    // Built in a temp dir and renamed into place, so no run ever sees a half-written binary.
    for (const name of await readdir(dir)) if (name.startsWith('.tmp-bin-')) await rm(join(dir, name), { recursive: true, force: true });
    const tmp = await mkdtemp(join(dir, '.tmp-bin-'));
    try {
      log(`构建 Temporal 服务端（数分钟）：GOBIN=${dir} ${installCommand}`);
      await run(go, installCommand.split(' ').slice(1), { env: { ...env, GOBIN: tmp }, cwd: tmp, timeoutMs: 40 * 60_000 });
      for (const name of ['server', 'sql']) {
        await chmod(join(tmp, name), 0o755);
        await rename(join(tmp, name), join(dir, name));
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  if (!(await exists(join(release.postgresSchema, 'temporal', 'versioned')))) {
    // `go mod download` names the module's folder; the schema is not part of the binaries.
    const downloaded = JSON.parse(await run(go, ['mod', 'download', '-json', `${TEMPORAL_SERVER.module}@${TEMPORAL_SERVER.version}`], { env, cwd: dir, timeoutMs: 10 * 60_000 })) as { Dir?: string };
    if (!downloaded.Dir) throw new Error(`go mod download named no folder for ${TEMPORAL_SERVER.module}@${TEMPORAL_SERVER.version}`);
    await rm(release.postgresSchema, { recursive: true, force: true });
    await cp(join(downloaded.Dir, 'schema', 'postgresql', 'v12'), release.postgresSchema, { recursive: true });
    // The module cache is read-only; the copy must stay removable.
    await chmodTree(release.postgresSchema);
  }
}

async function chmodTree(path: string): Promise<void> {
  await chmod(path, 0o755);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodTree(join(path, entry.name));
    else await chmod(join(path, entry.name), 0o644);
  }
}
