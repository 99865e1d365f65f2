// Everything the run starts is stopped again: on the normal end, on an error, on Ctrl-C. The
// abort path is the benchmarks' (scripts/bench/lib/cleanup.ts); the normal end runs the same
// steps, last started first. Every step must be safe to run twice.
import { onAbort } from '../bench/lib/cleanup.js';

const steps: (() => Promise<void>)[] = [];
/** Child processes killed outright if this process exits without running the steps. */
const lastResort = new Set<{ kill(signal: NodeJS.Signals): unknown }>();

process.once('exit', () => {
  for (const child of lastResort) child.kill('SIGKILL');
});

// Ctrl-C reaches this process twice: from the terminal (the whole process group) and relayed by
// the tsx launcher when it missed the first. The benchmarks' handler listens once; this one stays,
// so that a second signal does not end the process before the cleanup has run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  let told = false;
  process.on(signal, () => {
    if (!told) process.stderr.write(`[chaos] 收到 ${signal}：停止所有进程，删除临时数据库…\n`);
    told = true;
  });
}

/** Registers a step that stops something just started. */
export function onTeardown(step: () => Promise<void>): void {
  steps.unshift(step);
  onAbort(step);
}

/** Kills a child process when this process exits, whatever the way. */
export function killOnExit(child: { kill(signal: NodeJS.Signals): unknown }): () => void {
  lastResort.add(child);
  return () => lastResort.delete(child);
}

/** Runs the steps (normal end). */
export async function teardown(log: (line: string) => void): Promise<void> {
  for (let step = steps.shift(); step; step = steps.shift()) {
    await step().catch((error: unknown) => log(`清理失败: ${String(error)}`));
  }
}

/** Runs a script's `main`, then the steps whatever happened, and exits with its code (1 when it threw). */
export async function runThenTeardown(main: () => Promise<number>, log: (line: string) => void): Promise<never> {
  let code = 1;
  try {
    code = await main();
  } catch (error) {
    log(`运行中止：${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  log('停止所有进程，删除临时数据库');
  await teardown(log);
  process.exit(code);
}
