// /api/calendar through the real app and database: days, deadlines, and loading a new year.
import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { relayYearLoads, RELAY_GRACE_MS } from '../../api/calendar-relay.js';
import { freePort } from '../../scripts/lib/dev-server.js';
import { statutoryArrangement } from '../../domain/calendar/index.js';
import { auditLog, calendarYears, domainEvents } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';
import { bearer, people, verifyToken } from '../helpers/tokens.js';

let t: TestApp;
let reader: { authorization: string };
let calendarAdmin: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  reader = await bearer(people.lygAuditor);
  calendarAdmin = await bearer({ sub: 'cal-admin', roles: ['calendar_admin'], region: '320000' });
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: reader });
const put = (year: number, body: unknown, headers = calendarAdmin) => t.app.inject({ method: 'PUT', url: `/api/calendar/years/${year}?reason=国办通知已发布`, headers, payload: body as object });

/** The 2027 arrangement an official notice might publish: statutory days plus make-up Saturdays. */
function official2027() {
  const base = statutoryArrangement(2027);
  return {
    year: 2027,
    notice: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
    holidays: base.holidays.map((h) => (h.name === '春节' ? { ...h, days: [...h.days, '2027-02-09', '2027-02-10', '2027-02-11'], makeupDays: ['2027-02-20'] } : h)),
  };
}

describe('GET /api/calendar/days', () => {
  it('says for each day whether it is worked, and why', async () => {
    const res = await get('/api/calendar/days?from=2026-02-13&to=2026-02-16');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { date: '2026-02-13', working: true, kind: 'workday', provisional: false },
      { date: '2026-02-14', working: true, kind: 'makeup', name: '春节', provisional: false },
      { date: '2026-02-15', working: false, kind: 'holiday', name: '春节', provisional: false },
      { date: '2026-02-16', working: false, kind: 'holiday', name: '春节', provisional: false },
    ]);
  });

  it('marks days of a year without an official arrangement provisional', async () => {
    const [day] = (await get('/api/calendar/days?from=2027-05-03&to=2027-05-03')).json();
    expect(day).toEqual({ date: '2027-05-03', working: true, kind: 'workday', provisional: true });
  });

  it('refuses a reversed or oversized range and a malformed date', async () => {
    expect((await get('/api/calendar/days?from=2026-02-16&to=2026-02-13')).statusCode).toBe(400);
    expect((await get('/api/calendar/days?from=2025-01-01&to=2027-12-31')).statusCode).toBe(400);
    const bad = await get('/api/calendar/days?from=2026-2-1&to=2026-02-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems[0].field).toBe('querystring/from');
  });

  it.each([
    ['from=2000-01-01&to=2000-01-01', 'querystring/from', 'calendar'],
    ['from=2101-01-01&to=2101-01-01', 'querystring/from', 'calendar'],
    ['from=2026-02-01&to=2101-01-01', 'querystring/to', 'calendar'],
    ['from=2026-02-30&to=2026-03-01', 'querystring/from', 'format'],
  ])('answers 400 naming the field for %s: a day the calendar does not serve, or none at all', async (query, field, rule) => {
    const res = await get(`/api/calendar/days?${query}`);
    expect(res.statusCode).toBe(400);
    const problem = res.json().problems.find((p: { field: string }) => p.field === field);
    expect(problem).toMatchObject({ rule });
    if (rule === 'calendar') expect(problem.message).toContain('2025-01-01 至 2099-12-31');
  });
});

describe('GET /api/calendar/deadline', () => {
  it.each([
    ['2026-02-13T10:00:00+08:00', 1, '2026-02-15T00:00:00.000+08:00', '2026-02-14'],
    ['2026-09-30T10:00:00+08:00', 1, '2026-10-09T00:00:00.000+08:00', '2026-10-08'],
    ['2026-02-12T16:30:00+08:00', 3, '2026-02-25T00:00:00.000+08:00', '2026-02-24'],
  ])('from %s, %i working day(s) ends at %s', async (start, n, deadline, lastWorkingDay) => {
    const res = await get(`/api/calendar/deadline?start=${encodeURIComponent(start)}&workingDays=${n}`);
    expect(res.json()).toEqual({ deadline, lastWorkingDay, provisional: false });
  });

  it('refuses an instant without an offset and a negative count', async () => {
    expect((await get('/api/calendar/deadline?start=2026-02-12T10:00:00&workingDays=3')).statusCode).toBe(400);
    expect((await get('/api/calendar/deadline?start=2026-02-12T10:00:00Z&workingDays=-1')).statusCode).toBe(400);
  });

  it.each([
    ['2026-12-31T23:59:60Z', 'format'],
    ['2026-02-30T10:00:00+08:00', 'format'],
    ['2024-12-30T10:00:00+08:00', 'calendar'],
    ['0001-01-01T00:00:00Z', 'calendar'],
  ])('answers 400 naming the start for %s', async (start, rule) => {
    const res = await get(`/api/calendar/deadline?start=${encodeURIComponent(start)}&workingDays=1`);
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([expect.objectContaining({ field: 'querystring/start', rule })]);
  });
});

describe('PUT /api/calendar/years/:year', () => {
  it('refuses a bad file whole, listing every problem, and stores nothing', async () => {
    const bad = official2027();
    bad.holidays[0]!.makeupDays = ['2027-01-04']; // a Monday
    bad.holidays[1]!.days = bad.holidays[1]!.days.filter((d) => d !== '2027-02-06'); // 春节 初一 missing
    bad.holidays.push({ name: '错年', days: ['2028-01-03'], makeupDays: [] });
    const res = await put(2027, bad);
    expect(res.statusCode).toBe(400);
    const rules = res.json().problems.map((p: { rule: string }) => p.rule);
    expect(rules).toEqual(expect.arrayContaining(['makeup-not-weekend', 'statutory-day-missing', 'date-outside-year']));
    expect(res.json().problems.find((p: { rule: string }) => p.rule === 'makeup-not-weekend').field).toBe('body/holidays/0/makeupDays/0');
    expect(await t.database.db.$count(calendarYears)).toBe(0);
    expect(await t.database.db.$count(domainEvents)).toBe(0);
  });

  it('validates the year and the reason as every route does, and stores nothing', async () => {
    const res = (url: string) => t.app.inject({ method: 'PUT', url, headers: calendarAdmin, payload: official2027() });
    const outside = await res('/api/calendar/years/1900?reason=x');
    expect(outside.statusCode).toBe(400);
    expect(outside.json().problems).toEqual([expect.objectContaining({ field: 'params/year', rule: 'minimum' })]);
    const notYear = await res('/api/calendar/years/20x7?reason=x');
    expect(notYear.json().problems).toEqual([expect.objectContaining({ field: 'params/year', rule: 'type' })]);
    const reason = await res('/api/calendar/years/2027?reason=%E5%9B%BD%00%E5%8A%9E');
    expect(reason.statusCode).toBe(400);
    expect(reason.json().problems).toEqual([expect.objectContaining({ field: 'querystring/reason', rule: 'text' })]);
    expect(await t.database.db.$count(calendarYears)).toBe(0);
    expect(await t.database.db.$count(auditLog)).toBe(0);
  });

  it('refuses a NUL or a lone surrogate in the notice or a holiday name, with every other problem, and stores nothing', async () => {
    const bad = official2027();
    bad.notice = '国务院办公厅\u0000通知';
    bad.holidays[0]!.name = '元旦\ud800';
    const res = await put(2027, bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ field: 'body/notice', rule: 'text' }),
      expect.objectContaining({ field: 'body/holidays/0/name', rule: 'text' }),
    ]);
    expect(await t.database.db.$count(calendarYears)).toBe(0);
    expect(await t.database.db.$count(domainEvents)).toBe(0);
  });

  it('is for calendar admins only', async () => {
    const res = await put(2027, official2027(), await bearer(people.lygAdmin));
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('calendar_admin');
  });

  it('loads a year: its days stop being provisional, an event is published and the load is audited', async () => {
    const res = await put(2027, official2027());
    expect(res.json()).toEqual({ year: 2027, replaced: false, recomputing: expect.any(Number), relayed: false });

    const [makeup] = (await get('/api/calendar/days?from=2027-02-20&to=2027-02-20')).json();
    expect(makeup).toEqual({ date: '2027-02-20', working: true, kind: 'makeup', name: '春节', provisional: false });
    const deadline = (await get(`/api/calendar/deadline?start=${encodeURIComponent('2027-02-04T09:00:00+08:00')}&workingDays=1`)).json();
    expect(deadline).toEqual({ deadline: '2027-02-13T00:00:00.000+08:00', lastWorkingDay: '2027-02-12', provisional: false });

    const events = await t.database.db.select().from(domainEvents);
    expect(events.map((e) => [e.type, e.payload])).toEqual([['calendar.year-loaded', { year: 2027 }]]);
    // The API told the running cases at once: nothing is left to the worker's calendar relay.
    expect(events[0]!.processedAt).toEqual(expect.any(String));
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, '2027'));
    expect(entry).toMatchObject({ actor: 'cal-admin', action: 'calendar.year-loaded', reason: '国办通知已发布' });

    const years = (await get('/api/calendar/years')).json();
    expect(years.map((y: { year: number; source: string }) => [y.year, y.source])).toEqual([
      [2025, 'built-in'],
      [2026, 'built-in'],
      [2027, 'loaded'],
    ]);
    expect((await put(2027, official2027())).json()).toEqual({ year: 2027, replaced: true, recomputing: expect.any(Number), relayed: false });
  });
});

describe('PUT /api/calendar/years/:year while Temporal is down', () => {
  it('stores the year and answers at once that the calendar relay will tell the cases, which it does once Temporal answers', async () => {
    // Nothing listens on the port: every Temporal call of this app fails.
    const down = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}` }), namespace: 'default' });
    const app = await buildApp({ temporal: { ...t.app.temporal, client: down, rpcTimeoutMs: 500 }, db: t.database.db, listen: t.database.listen, verifyToken, payloadCodec: testPayloadCodec() });
    try {
      const arrangement = { ...statutoryArrangement(2028), notice: '国务院办公厅关于2028年部分节假日安排的通知（测试）' };
      const started = Date.now();
      const res = await app.inject({ method: 'PUT', url: '/api/calendar/years/2028?reason=国办通知已发布', headers: calendarAdmin, payload: arrangement });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ year: 2028, replaced: false, recomputing: 0, relayed: true, message: expect.stringContaining('日历中继') });
      expect((await t.database.db.select().from(calendarYears).where(eq(calendarYears.year, 2028))).map((row) => row.loadedBy)).toEqual(['cal-admin']);
      const [event] = await t.database.db.select().from(domainEvents).where(eq(domainEvents.payload, { year: 2028 }));
      expect(event).toMatchObject({ type: 'calendar.year-loaded', processedAt: null });
    } finally {
      await app.close();
      await down.connection.close();
    }

    // The relay of a worker, with Temporal answering, tells the cases and marks the load processed.
    const later = new Date(Date.now() + RELAY_GRACE_MS + 1000);
    expect(await relayYearLoads({ db: t.database.db, temporal: t.app.temporal, log: pino({ enabled: false }) }, later)).toEqual({ delivered: 1, pending: 0 });
    const [event] = await t.database.db.select().from(domainEvents).where(eq(domainEvents.payload, { year: 2028 }));
    expect(event!.processedAt).toEqual(expect.any(String));
  });
});
