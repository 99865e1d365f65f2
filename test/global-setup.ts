// Obtains the Temporal servers once for the whole run (installing them into the cache if need be)
// and starts one in-memory dev server that the API and end-to-end tests share; each test file
// uses its own task queue on it. Likewise one S3 server (versitygw), on which each test file
// uses its own key prefix.
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../scripts/lib/dev-server.js';
import { startS3Server, type S3Server } from '../scripts/lib/s3-server.js';
import { resolveTemporalCli, resolveTestServer } from '../scripts/lib/temporal-binaries.js';

let devServer: DevServer | undefined;
let s3Server: S3Server | undefined;

export async function setup(project: TestProject): Promise<void> {
  const startTemporal = async () => {
    const [cliPath, testServerPath] = await Promise.all([resolveTemporalCli(), resolveTestServer()]);
    devServer = await startDevServer({ cliPath, port: 0 });
    return testServerPath;
  };
  const started = await Promise.allSettled([startTemporal(), startS3Server({ port: 0 }).then((s) => (s3Server = s))]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await teardown(); // the one that did start
    throw failed.reason;
  }
  const testServerPath = (started[0] as PromiseFulfilledResult<string>).value;
  project.provide('testServerPath', testServerPath);
  project.provide('devServerAddress', devServer!.address);
  const { endpoint, region, bucket, accessKeyId, secretAccessKey } = s3Server!;
  project.provide('s3', { endpoint, region, bucket, accessKeyId, secretAccessKey });
}

export async function teardown(): Promise<void> {
  await Promise.all([devServer?.stop(), s3Server?.stop()]);
}
