// Small process and file helpers for finding and installing the Temporal servers.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Finds an executable by name on the PATH of env, like `which`. */
export async function whichOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = resolve(dir, name);
    if (await assertExecutableFile(path).then(() => true, () => false)) return path;
  }
  throw new Error(`no ${name} on PATH`);
}

/** Throws unless path is an executable file, saying which check failed. */
export async function assertExecutableFile(path: string): Promise<void> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new Error(`${path} does not exist`);
  if (!st.isFile()) throw new Error(`${path} is not a file`);
  await access(path, constants.X_OK).catch(() => {
    throw new Error(`${path} is not executable`);
  });
}

/** Runs a command and returns its stdout; a failure names the command and the last lines of stderr. */
export async function run(cmd: string, args: string[], o: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, { env: o.env, cwd: o.cwd, timeout: o.timeoutMs, maxBuffer: 32 << 20 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; code?: unknown; signal?: unknown; message: string };
    const detail = e.stderr?.trim().split('\n').slice(-3).join(' | ') || e.message;
    throw new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${e.code ?? e.signal}): ${detail}`);
  }
}

/** Whether anything exists at path. */
export function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** Rethrows an error with `what` in front of its one-line message. */
export function prefix(what: string): (error: unknown) => never {
  return (error) => {
    throw new Error(`${what}: ${oneLine(error)}`);
  };
}

/** An error's message on one line, shortened in the middle. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  // Keep both ends: tools put the context first and the actual cause last.
  return line.length > 500 ? `${line.slice(0, 250)} … ${line.slice(-250)}` : line;
}

/** Quotes a string for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
