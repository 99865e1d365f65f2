// The Temporal dev server a benchmark runs against: a fresh in-memory one on a free port, with
// the case search attributes registered (scripts/lib/dev-server.ts), from the CLI the project
// resolves or installs (scripts/lib/temporal-binaries.ts).
import { startDevServer, type DevServer } from '../../lib/dev-server.js';
import { resolveTemporalCli } from '../../lib/temporal-binaries.js';
import { onAbort } from './cleanup.js';

/** Starts a headless, in-memory dev server. */
export async function benchDevServer(): Promise<DevServer & { cliPath: string }> {
  const cliPath = await resolveTemporalCli();
  const server = await startDevServer({ cliPath, port: 0 });
  onAbort(server.stop);
  process.stderr.write(`[bench] Temporal dev server on ${server.address}\n`);
  return { ...server, cliPath };
}
