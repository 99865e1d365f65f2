// The SMS gateway down for the whole of a case's deadlines (a week of skipped time): the case
// records its warning, overdue and escalations on time all the same, because its SMS activity
// only records the message; the outbox relay meets the failures, and delivers once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRelayPolicy, relayDue } from '../../activities/adapters/outbox-relay.js';
import type { AdapterContext } from '../../activities/adapters/outbox.js';
import { createActivities } from '../../activities/index.js';
import type { Database } from '../../db/client.js';
import { listCaseMessages } from '../../db/outbox.js';
import { departments, divisions, people as staff, regions } from '../../db/schema/index.js';
import type { LinkageTarget } from '../../domain/case/task.js';
import { getCaseQuery, withdrawUpdate } from '../../workflows/messages.js';
import { createTestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { fakeActivities, linkedCase, newWorld, people, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();
const SECRET = 'gateway-test-secret';
const DAY = 86_400_000;
const MINUTE = 60_000;
const construction: LinkageTarget = { supervisingDeptCode: 'LYG-ZJJ', divisionCode: 'LYG-ZJJ-JZSC', subItemCode: 'BUILD-CHECK', revision: 3 };

let database: Database;
let gateway: Receiver;
let relay: AdapterContext;

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = await startReceiver(SECRET);
  relay = { db: database.db, config: { urls: { sms: gateway.url }, signingSecret: SECRET, timeoutMs: 1000 } };
  const { db } = database;
  await db.insert(regions).values({ code: '320700', name: '连云港市' });
  await db.insert(departments).values({ code: 'LYG-ZJJ', region: '320700', name: '连云港市住房和城乡建设局', side: 'supervision' });
  await db.insert(divisions).values({ code: 'LYG-ZJJ-JZSC', deptCode: 'LYG-ZJJ', name: '建筑市场监管处' });
  await db.insert(staff).values([
    { id: 'div-admin', name: '处室管理员', phone: '13800000001', region: '320700', deptCode: 'LYG-ZJJ', divisionCode: 'LYG-ZJJ-JZSC', roles: ['division_admin'] },
    ...[1, 2, 3].map((level) => ({ id: `coordinator-${level}`, name: `协调员${level}`, phone: `1380000001${level}`, region: '320700', deptCode: 'LYG-ZJJ', roles: ['coordinator'], level })),
  ]);
});
afterAll(async () => {
  await gateway?.close();
  await database?.close();
});

describe('the SMS gateway down', () => {
  it('holds no case back: warning, overdue and every escalation on time; the relay retries and delivers once the gateway is back', async () => {
    const world = newWorld();
    const input = linkedCase(world, { handlingItem: 'BUILD-PERMIT-NEW', approvalDept: 'LYG-XZSPJ' });
    world.linkages.set(input.handlingItem, [construction]);
    // The gateway answers 503 to everything until told otherwise.
    gateway.failNext(Number.MAX_SAFE_INTEGER);
    // The real SMS activity over the database and the gateway; the rest of the world is faked.
    const activities = { ...fakeActivities(world), sendSms: createActivities({ db: database.db, adapters: relay.config }).sendSms };
    await d.withWorker(
      world,
      async (taskQueue) => {
        const handle = await d.start(input, taskQueue);
        await d.env.sleep('1 minute');
        const [deadline] = (await handle.query(getCaseQuery)).deadlines;
        // The relay tries while the case waits, and fails.
        expect(await relayDue(relay, defaultRelayPolicy, new Date(await d.nowMs()))).toMatchObject({ delivered: 0, retrying: 1 });

        // Past the last escalation, 3 working days after the deadline: more than a day of gateway outage.
        await d.sleepUntil(deadline!.escalations[2]!.at, MINUTE);
        expect(Date.parse(deadline!.escalations[2]!.at) - Date.parse(deadline!.warnAt!)).toBeGreaterThan(DAY);
        const view = await handle.query(getCaseQuery);
        const warned = view.timeline.filter((e) => e.action === 'deadline.warned');
        const overdue = view.timeline.filter((e) => e.action === 'deadline.overdue');
        const escalated = view.timeline.filter((e) => e.action === 'deadline.escalated');
        expect(warned).toHaveLength(1);
        expect(Date.parse(warned[0]!.at) - Date.parse(deadline!.warnAt!)).toBeLessThan(MINUTE);
        expect(overdue).toHaveLength(1);
        expect(Date.parse(overdue[0]!.at) - Date.parse(deadline!.dueAt)).toBeLessThan(MINUTE);
        expect(escalated.map((e) => e.reason)).toEqual([2, 1, 3].map((l) => `${deadline!.id} → ${l} 级协调员`));
        escalated.forEach((e, i) => expect(Date.parse(e.at) - Date.parse(deadline!.escalations[i]!.at)).toBeLessThan(MINUTE));

        // Every SMS of the case is in the outbox, one per recipient; none got through.
        const recorded = await listCaseMessages(database.db, input.caseNo);
        expect(recorded.map((m) => `${m.purpose}→${m.recipient}`)).toEqual([
          'taskAssigned→div-admin',
          'deadlineWarning→div-admin',
          'deadlineWarning→coordinator-1',
          'deadlineOverdue→coordinator-2',
          'deadlineOverdue→coordinator-1',
          'deadlineOverdue→coordinator-3',
        ]);
        expect(recorded.filter((m) => m.status === 'delivered')).toEqual([]);
        expect(gateway.requests.every((r) => r.status === 503)).toBe(true);

        // The gateway comes back: the relay delivers each message, once.
        gateway.failNext(0);
        const back = new Date((await d.nowMs()) + DAY);
        expect(await relayDue(relay, defaultRelayPolicy, back)).toEqual({ delivered: 6, retrying: 0, dead: 0 });
        expect(await relayDue(relay, defaultRelayPolicy, new Date(back.getTime() + DAY))).toEqual({ delivered: 0, retrying: 0, dead: 0 });
        const delivered = gateway.requests.filter((r) => r.status === 200).map((r) => r.headers['idempotency-key']);
        expect(delivered.sort()).toEqual(recorded.map((m) => m.key).sort());

        await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
        await d.result(handle);
      },
      activities,
    );
  });
});
