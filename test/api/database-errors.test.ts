// A database error in a request is answered 500 and logged without the values of its query: the
// log keeps the SQLSTATE and the names of what failed, never a name, a phone or a params list.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
const logLines: string[] = [];

beforeAll(async () => {
  // A plain pino logger: the app redacts whatever logger it is given.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  t = await createTestApp({ logger: pino({ level: 'info' }, sink) });
  await createRegions(t.app, await bearer(people.nationalAdmin));
  // A rule the API does not know of, so the audit row of a new person fails in the database itself
  // (23514), with the person's id, name and the reason among the query's parameters and in the
  // server's detail ("Failing row contains …").
  await t.database.db.execute(sql`alter table audit_log add constraint audit_reason_not_secret check (reason not like '%张秘密%')`);
});
afterAll(async () => t?.close());

describe('database errors', () => {
  it('are logged with the SQLSTATE and without the values of the query', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: await bearer(people.lygAdmin),
      payload: { id: 'p-secret', kind: 'person', name: '张秘密', phone: '13912345678', region: '320700', roles: ['auditor'], reason: '张秘密调入连云港' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('张秘密');
    const failed = logLines.map((line) => JSON.parse(line) as { msg?: string; err?: Record<string, unknown> }).find((entry) => entry.msg === 'request failed');
    expect(failed?.err).toMatchObject({ type: 'RedactedDatabaseError', code: '23514', constraint: 'audit_reason_not_secret', message: expect.stringContaining('SQLSTATE 23514') });
    const log = logLines.join('\n');
    for (const value of ['张秘密', '调入连云港', '13912345678', 'p-secret', 'params', 'Failing row']) expect(log).not.toContain(value);
  });
});
