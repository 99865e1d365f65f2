// A case whose worker died mid-activity goes on within 15 s, on the real clock of the shared dev
// server: the licence check heartbeats while it waits on the licence service, so an attempt that
// falls silent — all the server sees of a worker that died — is given up after its 5 s heartbeat
// timeout and run again, not after its 2-minute start-to-close timeout; and an attempt that is
// alive but waits longer than that keeps its place by heartbeating.
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { LicenceCheckRequest } from '../../activities/contracts.js';
import type { Database } from '../../db/client.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { caseWorkflow } from '../../workflows/case-workflow.js';
import { getCaseQuery } from '../../workflows/messages.js';
import { bundleWorkflows } from '../helpers/bundle.js';
import { createTestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { fakeActivities, linkedCase, newWorld, people, type World } from './case-harness.js';

const address = inject('devServerAddress');
const SECRET = 'worker-died-test-secret';
/** What the goal allows from the worker's death to the case going on. */
const RESUMED_WITHIN_MS = 15_000;

let client: Client;
let connection: NativeConnection;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
let database: Database;
let receiver: Receiver;

beforeAll(async () => {
  client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  connection = await NativeConnection.connect({ address });
  [bundle, database, receiver] = await Promise.all([bundleWorkflows(), createTestDatabase(), startReceiver(SECRET)]);
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
  await connection?.close();
  await client?.connection.close();
});

/** Runs a verification case on a worker with `verifyLicences` until it is supervised; answers when that was. */
async function superviseCase(world: World, verifyLicences: (request: LicenceCheckRequest) => Promise<unknown>): Promise<number> {
  const taskQueue = `worker-died-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities: { ...fakeActivities(world), verifyLicences } });
  const input = linkedCase(world, { mode: 'verification', commitment: '承诺所持证照真实有效', materials: ['营业执照'] });
  return worker.runUntil(async () => {
    const handle = await client.workflow.start(caseWorkflow, { workflowId: caseWorkflowId(input.caseNo), taskQueue, args: [{ case: input, startedBy: people.platform }] });
    try {
      await vi.waitFor(async () => expect((await handle.query(getCaseQuery)).stage).toBe('supervising'), { timeout: 60_000, interval: 100 });
      return Date.now();
    } finally {
      await handle.terminate('test over');
    }
  });
}

describe('a licence check on a worker that died', () => {
  it('is run again and the case goes on within 15 s of the attempt falling silent', async () => {
    const world = newWorld();
    let attempts = 0;
    let silentSince = 0;
    const supervisedAt = await superviseCase(world, async () => {
      attempts += 1;
      if (attempts === 1) {
        // The first attempt dies: one heartbeat, then silence, and it never returns (until the worker stops).
        Context.current().heartbeat();
        silentSince = Date.now();
        return Context.current().cancelled;
      }
      return { ok: true, missing: [] };
    });
    expect(attempts).toBe(2);
    expect(supervisedAt - silentSince).toBeLessThan(RESUMED_WITHIN_MS);
  }, 90_000);

  it('is kept alive by heartbeats while the licence service takes longer than the heartbeat timeout', async () => {
    receiver.delayMs = 7_000;
    receiver.answer = { ok: true, missing: [] };
    const real = createActivities({ db: database.db, adapters: { urls: { licence: receiver.url }, signingSecret: SECRET, timeoutMs: 20_000 } });
    const world = newWorld();
    let attempts = 0;
    await superviseCase(world, async (request) => {
      attempts += 1;
      return real.verifyLicences(request);
    });
    // One attempt, one request: no timeout cut the slow answer short and asked again.
    expect(attempts).toBe(1);
    expect(receiver.requests).toHaveLength(1);
  }, 90_000);
});
