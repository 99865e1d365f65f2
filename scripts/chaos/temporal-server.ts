// The Temporal dev server with its history in a SQLite file (--db-filename), so that it can be
// killed and started again on the same file with every case still there; headless, on its own port.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../lib/dev-server.js';
import { resolveTemporalCli } from '../lib/temporal-binaries.js';
import { killOnExit, onTeardown } from './teardown.js';

/** The dev server, which can be killed and restarted. */
export interface ChaosTemporal {
  address: string;
  /** `kill -9`. */
  kill(): Promise<void>;
  /** Starts it on the same file and port; resolves once its frontend answers. */
  start(): Promise<void>;
}

/** Starts the dev server on `port`, keeping its history in `dir`. */
export async function startChaosTemporal(port: number, dir: string, log: (line: string) => void): Promise<ChaosTemporal> {
  const cliPath = await resolveTemporalCli();
  const serverLog = createWriteStream(join(dir, 'temporal.log'), { flags: 'a' });
  let server: DevServer | undefined;
  const kill = async () => {
    const child = server?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const start = async () => {
    server = await startDevServer({ cliPath, port, dbFile: join(dir, 'temporal.db'), onOutput: (chunk) => serverLog.write(chunk) });
    const forget = killOnExit(server.child);
    server.child.once('exit', forget);
  };
  onTeardown(async () => {
    await server?.stop();
    serverLog.end();
  });
  await start();
  log(`Temporal 开发服务器已启动：127.0.0.1:${port}（${join(dir, 'temporal.db')}）`);
  return { address: `127.0.0.1:${port}`, kill, start };
}
