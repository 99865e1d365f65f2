// The calendar relay on the shared dev server and a real database: a year loaded while its signals
// were lost (the API gone after the commit, Temporal away) still reaches the running cases, and
// their deadlines stop being provisional. The case runs on fake activities (as in
// test/workflows): on the real clock its deadlines fall in the current, official year, so the fake
// holds them provisional until 2027 is stored, as a deadline reaching into 2027 would be.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { relayYearLoads, RELAY_GRACE_MS, type YearLoadContext } from '../../api/calendar-relay.js';
import { listLoadedYears, loadYear } from '../../db/calendar.js';
import type { Database } from '../../db/client.js';
import { domainEvents } from '../../db/schema/index.js';
import { statutoryArrangement } from '../../domain/calendar/index.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { caseWorkflow } from '../../workflows/case-workflow.js';
import { getCaseQuery } from '../../workflows/messages.js';
import { bundleWorkflows } from '../helpers/bundle.js';
import { createTestDatabase } from '../helpers/database.js';
import { fakeActivities, linkedCase, newWorld, people } from '../workflows/case-harness.js';

const address = inject('devServerAddress');
const taskQueue = `calendar-relay-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const log = pino({ enabled: false });
let database: Database;
let client: Client;
let worker: { instance: Worker; run: Promise<void>; connection: NativeConnection };
let startCase: () => ReturnType<Client['workflow']['start']>;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  const world = newWorld();
  const fakes = fakeActivities(world);
  const activities = {
    ...fakes,
    async planDeadline(spec: Parameters<typeof fakes.planDeadline>[0]) {
      const plan = await fakes.planDeadline(spec);
      const loaded = (await listLoadedYears(database.db)).some((row) => row.year === 2027);
      return { ...plan, provisional: plan.provisional || !loaded };
    },
  };
  const connection = await NativeConnection.connect({ address });
  const instance = await Worker.create({ connection, taskQueue, workflowBundle: await bundleWorkflows(), activities });
  worker = { instance, connection, run: instance.run() };
  // A case as the approval platform starts it, linked in the fakes' world.
  startCase = () => {
    const input = linkedCase(world);
    return client.workflow.start(caseWorkflow, { workflowId: caseWorkflowId(input.caseNo), taskQueue, args: [{ case: input, startedBy: people.platform }] });
  };
});

afterAll(async () => {
  worker?.instance.shutdown();
  await worker?.run;
  await worker?.connection.close();
  await client?.connection.close();
  await database?.close();
});

const provisional = async (workflowId: string) => (await client.workflow.getHandle(workflowId).describe()).searchAttributes.DeadlineProvisional?.[0];

describe('the calendar relay', () => {
  it('tells the running cases of a year whose signals were lost, once Temporal answers, and then marks the load processed', async () => {
    const handle = await startCase();
    try {
      // Visibility is eventually consistent: the relay finds the case once it is listed as provisional.
      await vi.waitFor(async () => expect(await client.workflow.count(`WorkflowId = '${handle.workflowId}' AND DeadlineProvisional = true`)).toEqual({ count: 1, groups: [] }), { timeout: 20_000, interval: 200 });

      // The API stored the load and died before signalling: only the event is there.
      const arrangement = { ...statutoryArrangement(2027), notice: '国务院办公厅关于2027年部分节假日安排的通知（测试用）' };
      const { eventId } = await loadYear(database.db, arrangement, { actor: 'cal-admin', reason: '国办通知已发布' });
      const later = new Date(Date.now() + RELAY_GRACE_MS + 1000);

      // Within the grace the load is the API's; past it, with Temporal unreachable, it stays pending.
      const down = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: 'default' });
      const unreachable: YearLoadContext = { db: database.db, temporal: { client: down, rpcTimeoutMs: 500 }, log };
      expect(await relayYearLoads(unreachable)).toEqual({ delivered: 0, pending: 0 });
      expect(await relayYearLoads(unreachable, later)).toEqual({ delivered: 0, pending: 1 });
      await down.connection.close();
      expect(await provisional(handle.workflowId)).toBe(true);

      const ctx: YearLoadContext = { db: database.db, temporal: { client, rpcTimeoutMs: 3000 }, log };
      expect(await relayYearLoads(ctx, later)).toEqual({ delivered: 1, pending: 0 });
      await vi.waitFor(async () => expect(await provisional(handle.workflowId)).toBe(false), { timeout: 20_000, interval: 200 });
      const view = await handle.query(getCaseQuery);
      expect(view.deadlines).toMatchObject([{ kind: 'view', provisional: false }]);
      expect(view.timeline.filter((e) => e.action === 'deadline.recomputed')).toMatchObject([{ actor: 'calendar', reason: expect.stringContaining('2027 年节假日安排已导入') }]);

      const [event] = await database.db.select().from(domainEvents);
      expect(event).toMatchObject({ id: eventId, processedAt: expect.any(String) });
      expect(await relayYearLoads(ctx, later)).toEqual({ delivered: 0, pending: 0 });
    } finally {
      await handle.terminate('test over');
    }
  });
});
