// Servers a benchmark starts must not outlive it, even when it fails half-way or is interrupted:
// what is registered here runs (last registered first) on an uncaught error or Ctrl-C, before
// the process exits. A script that ends normally stops its servers itself.

const cleanups: (() => Promise<void>)[] = [];
let installed = false;

async function runCleanups(): Promise<void> {
  for (let fn = cleanups.shift(); fn; fn = cleanups.shift()) {
    await fn().catch((error: unknown) => process.stderr.write(`[bench] cleanup failed: ${String(error)}\n`));
  }
}

function exitAfterCleanup(code: number): void {
  void runCleanups().finally(() => process.exit(code));
}

/** Runs fn if the process fails or is interrupted; fn must be safe to call twice. */
export function onAbort(fn: () => Promise<void>): void {
  cleanups.unshift(fn);
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitAfterCleanup(1);
  });
  process.on('unhandledRejection', (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exitAfterCleanup(1);
  });
  process.once('SIGINT', () => exitAfterCleanup(130));
  process.once('SIGTERM', () => exitAfterCleanup(143));
}
