// The API's Temporal client follows the server through an outage: once the server answers again,
// so does the client within seconds (gRPC's own reconnect backoff grows to 2 minutes, and after a
// 120 s outage the client kept failing for 42 s). A real dev server is stopped and started again on
// the same port and history file. Here the port refuses while the server is away; where the
// server's name stops resolving too (a container that is gone), gRPC backs off the same way, by
// the same settings (scripts/lib/temporal-client.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { temporalAnswers } from '../../api/outages.js';
import { freePort, startDevServer, type DevServer } from '../../scripts/lib/dev-server.js';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries.js';
import { connectClient } from '../../scripts/lib/temporal-client.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';

/** How long the server stays away, failing every call meanwhile, so the channel backs off all the while. */
const OUTAGE_MS = 12_000;
/** How soon after the server answers again the client must. */
const RECONNECT_WITHIN_MS = 5_000;
const CALL_TIMEOUT_MS = 1_000;

const dir = mkdtempSync(join(tmpdir(), 'shenguan-reconnect-'));
let server: DevServer | undefined;
let client: Client | undefined;

afterAll(async () => {
  await client?.connection.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Calls the server every 100 ms until `done` says the answer is the awaited one; answers when it was. */
async function pollUntil(done: (answers: boolean) => boolean, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (done(await temporalAnswers(client!, CALL_TIMEOUT_MS))) return Date.now();
    if (Date.now() - started > limitMs) throw new Error(`no change within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the Temporal client', () => {
  it('answers again within seconds of the server coming back after an outage', async () => {
    const cliPath = await resolveTemporalCli();
    const port = await freePort();
    const dbFile = join(dir, 'temporal.db');
    server = await startDevServer({ cliPath, port, dbFile });
    // By name, not by the server's address: gRPC shares one connection between clients of the same
    // target and settings, so the restart's own readiness probe would otherwise reconnect this client.
    client = await connectClient({ address: `localhost:${port}`, namespace: 'default', taskQueue: 'reconnect-test' }, testPayloadCodec());
    expect(await temporalAnswers(client, CALL_TIMEOUT_MS)).toBe(true);

    await server.stop();
    const down = Date.now();
    // Calls keep failing while the server is away, so the channel backs off all the while.
    let failed = 0;
    await pollUntil((answers) => {
      expect(answers).toBe(false);
      failed += 1;
      return Date.now() - down >= OUTAGE_MS;
    }, OUTAGE_MS + 5_000);
    expect(failed).toBeGreaterThan(3);

    server = await startDevServer({ cliPath, port, dbFile });
    const back = Date.now();
    const answered = await pollUntil((answers) => answers, 30_000);
    expect(answered - back).toBeLessThan(RECONNECT_WITHIN_MS);
  }, 90_000);
});
