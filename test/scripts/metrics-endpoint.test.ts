// `npm start` serves one scrape target: the project's metrics and the Temporal SDK's own (Runtime
// telemetry) at GET /metrics on METRICS_PORT. A child process, since the SDK runtime (and its
// exporter) is installed once per process and the test processes share theirs.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `npm start` against the shared dev server, on free ports and a fresh data folder. */
function startSystemProcess() {
  const { DATABASE_URL: _database, PAYLOAD_KEYS: _keys, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      TEMPORAL_ADDRESS: inject('devServerAddress'),
      TEMPORAL_TASK_QUEUE: `test-metrics-${process.pid}`,
      SHENGUAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'shenguan-metrics-')),
      API_PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    },
  });
  let output = '';
  const metricsUrl = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const served = /"url":"(http:\/\/[^"]+\/metrics)"[^\n]*"msg":"metrics served"/.exec(output);
      if (served) resolve(served[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, metricsUrl };
}

const started = startSystemProcess();
afterAll(() => {
  started.child.kill('SIGKILL');
});

describe('the metrics endpoint of npm start', () => {
  it("serves the project's metrics and the SDK's on one port", async () => {
    const url = await started.metricsUrl;
    // The SDK's exporter answers once the runtime is up (the worker's connection): until then a
    // scrape holds the project's metrics only.
    let text = '';
    for (const until = Date.now() + 45_000; Date.now() < until && !/^temporal_\w+/m.test(text); ) {
      const answer = await fetch(url);
      expect(answer.status).toBe(200);
      text = await answer.text();
      if (!/^temporal_\w+/m.test(text)) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(text).toMatch(/^temporal_\w+/m);
    expect(text).toMatch(/^shenguan_ops_figures_up 1$/m);
    expect(text).toMatch(/^shenguan_outbox_backlog\{channel="sms"\} 0$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });
});
