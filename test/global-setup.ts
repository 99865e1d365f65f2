// Obtains the Temporal servers once for the whole run (installing them into the cache if need be)
// and starts one in-memory dev server that the API and end-to-end tests share; each test file
// uses its own task queue on it.
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../scripts/lib/dev-server.js';
import { resolveTemporalCli, resolveTestServer } from '../scripts/lib/temporal-binaries.js';

let devServer: DevServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const [cliPath, testServerPath] = await Promise.all([resolveTemporalCli(), resolveTestServer()]);
  devServer = await startDevServer({ cliPath, port: 0 });
  project.provide('testServerPath', testServerPath);
  project.provide('devServerAddress', devServer.address);
}

export async function teardown(): Promise<void> {
  await devServer?.stop();
}
