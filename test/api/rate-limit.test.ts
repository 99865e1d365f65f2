// The rate limit comes before authentication: callers with no or a bad token are limited like
// anyone, and a limited caller is answered from memory, without a database read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
let closedByTest = false;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 3 });
});
afterAll(async () => {
  // The test closed the database already (a Postgres test database is dropped by that close too).
  if (closedByTest) t.database.close = async () => {};
  await t?.close();
});

describe('the rate limit', () => {
  it('answers 429 to unauthenticated callers past the limit, and a limited caller without touching the database', async () => {
    const get = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: '/api/departments', headers });
    const codes = [(await get()).statusCode, (await get({ authorization: 'Bearer not-a-token' })).statusCode, (await get({ authorization: 'Bearer x.y.z' })).statusCode];
    expect(codes).toEqual([401, 401, 401]);

    // From here on any database read would fail (500); a limited caller never gets that far.
    await t.database.close();
    closedByTest = true;
    const limited = await get(await bearer(people.lygAdmin));
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ statusCode: 429, error: 'rate_limited', message: expect.stringContaining('请求过于频繁') });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await get()).statusCode).toBe(429);
    expect((await get({ authorization: 'Bearer not-a-token' })).statusCode).toBe(429);
  });
});
