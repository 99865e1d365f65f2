import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
let headers: { authorization: string };
beforeAll(async () => {
  t = await createTestApp();
  headers = await bearer(people.lygAuditor);
});
afterAll(async () => t?.close());

describe('GET /api/credit-codes/:code', () => {
  it('answers the parts of a valid code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/credit-codes/91350100M000100Y43', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: true, parts: { authority: '9', category: '1', region: '350100', organisationCode: 'M000100Y4', check: '3' } });
  });

  it('names the rule and the position that failed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/credit-codes/91350100M000100Y44', headers });
    expect(res.json()).toMatchObject({ valid: false, rule: 'check' });
    expect(res.json().reason).toContain('第18位');
    const short = await t.app.inject({ method: 'GET', url: '/api/credit-codes/9135', headers });
    expect(short.json()).toMatchObject({ valid: false, rule: 'length' });
  });

  it('needs a token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/credit-codes/91350100M000100Y43' })).statusCode).toBe(401);
  });
});
