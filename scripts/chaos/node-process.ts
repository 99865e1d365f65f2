// The worker and the API as separate processes (README, Growing past one machine): each one node
// process running its entry file through tsx's loader, not the tsx CLI, so that `kill -9` hits the
// process that serves and leaves no grandchild behind. Output goes to a log file per part.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { killOnExit, onTeardown } from './teardown.js';

/** The repository the entry files are in. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A part run as a child process, which can be killed and started again. */
export interface NodePart {
  readonly name: string;
  /** Starts it; resolves once `ready` says so (or rejects when it exits first). */
  start(): Promise<void>;
  /** `kill -9`. */
  kill(): Promise<void>;
  /** Whether it is running. */
  running(): boolean;
}

/** How to run a part. */
export interface NodePartOptions {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Resolves once the started process serves; `seen` tells whether its output held a text yet. */
  ready: (seen: (text: string) => boolean, child: ChildProcess) => Promise<void>;
  /** Called when it exits without being killed here (a crash the run reports). */
  onCrash?: (exit: string, lastOutput: string) => void;
}

/** Spawns `node --import tsx <entry>` from the repository's top, its output piped. */
const spawnTsx = (entry: string, env: NodeJS.ProcessEnv) => spawn(process.execPath, ['--import', 'tsx', entry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });

/** Runs `node --import tsx <entry>` once; resolves with its exit code. */
export async function runOnce(entry: string, env: NodeJS.ProcessEnv, logFile: string): Promise<number | null> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawnTsx(entry, env);
  const forget = killOnExit(child);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  forget();
  log.end();
  return code;
}

/** A part; nothing runs until start(). */
export function nodePart(options: NodePartOptions): NodePart {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let killing = false;
  const kill = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    killing = true;
    current.kill('SIGKILL');
    await exited;
  };
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  onTeardown(async () => {
    options.onCrash = undefined;
    await kill();
    log.end();
  });
  const startOnce = async () => {
    killing = false;
    const started = spawnTsx(options.entry, options.env);
    child = started;
    const forget = killOnExit(started);
    let output = '';
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      output = (output + chunk.toString()).slice(-20_000);
    };
    started.stdout?.on('data', collect);
    started.stderr?.on('data', collect);
    exited = new Promise((resolve) =>
      started.once('exit', (code, signal) => {
        forget();
        if (!killing) options.onCrash?.(String(code ?? signal), output.slice(-1500));
        resolve();
      }),
    );
    const died = exited.then(() => {
      throw new Error(`${options.name} 启动失败，进程已退出（${started.exitCode ?? started.signalCode}）；日志：${options.logFile}\n${output.slice(-2000)}`);
    });
    const ready = options.ready((text) => output.includes(text), started);
    // Whichever loses the race settles later, unheard: a readiness poll that runs out after the
    // process died, or the death of a process that served.
    ready.catch(() => undefined);
    died.catch(() => undefined);
    await Promise.race([ready, died]);
  };
  // One start at a time, and none while it runs: the fault schedule and the restart after a crash
  // may both ask for one, and two workers must never be left running.
  let starting: Promise<void> | undefined;
  return {
    name: options.name,
    running,
    kill,
    start() {
      if (starting) return starting;
      if (running()) return Promise.resolve();
      starting = startOnce().finally(() => (starting = undefined));
      return starting;
    },
  };
}

/** Polls `check` every 250 ms until it is true; throws after `ms`. */
export async function until(what: string, ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}：${Math.round(ms / 1000)} 秒内未就绪`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts a part, trying again (3 s apart) when a start fails; each failure is told to `failed`. */
export async function startAgain(part: NodePart, attempts: number, failed: (error: Error) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await part.start();
    } catch (error) {
      failed(error as Error);
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
}
