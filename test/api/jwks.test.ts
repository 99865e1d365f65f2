// Tokens of the unified login: checked against the keys its JWKS URL publishes (a local server here).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

type KeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, type TokenVerifier } from '../../api/auth/tokens.js';

let server: Server;
let verify: TokenVerifier;
let privateKey: KeyLike;
let strangerKey: KeyLike;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'login-1', alg: 'RS256', use: 'sig' }] };
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  verify = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, issuer: 'https://login.example.gov.cn', audience: 'shenguan' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sign = (key: KeyLike, claims: Record<string, unknown>, issuer = 'https://login.example.gov.cn') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'login-1' }).setSubject('u-42').setIssuer(issuer).setAudience('shenguan').setIssuedAt().setExpirationTime('5m').sign(key);

/** A login token with its time claims as given (seconds from now; undefined = left out). */
const signTimed = (times: { iat?: number; nbf?: number; exp?: number }) => {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ roles: ['auditor'], region: '320700' }).setProtectedHeader({ alg: 'RS256', kid: 'login-1' }).setSubject('u-42').setIssuer('https://login.example.gov.cn').setAudience('shenguan');
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(now + times.iat);
  if (times.nbf !== undefined) jwt = jwt.setNotBefore(now + times.nbf);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(now + times.exp);
  return jwt.sign(privateKey);
};
const HOUR = 3600;

describe('JWKS tokens', () => {
  it('accepts a token signed with a published key, with its claims', async () => {
    const token = await sign(privateKey, { roles: ['division_admin'], region: '320700', dept: 'LYG-SCJGJ', division: 'LYG-SCJGJ-SPAQ' });
    expect(await verify(token)).toEqual({ sub: 'u-42', roles: ['division_admin'], region: '320700', dept: 'LYG-SCJGJ', division: 'LYG-SCJGJ-SPAQ' });
  });

  it('refuses a key it does not publish, another issuer, and missing claims', async () => {
    await expect(verify(await sign(strangerKey, { roles: ['auditor'], region: '320700' }))).rejects.toMatchObject({ statusCode: 401 });
    await expect(verify(await sign(privateKey, { roles: ['auditor'], region: '320700' }, 'https://elsewhere'))).rejects.toMatchObject({ statusCode: 401 });
    await expect(verify(await sign(privateKey, { roles: ['auditor'] }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('region') });
  });

  it('holds login tokens to the same time rules: exp and iat required, 12 hours at most, nothing from the future', async () => {
    await expect(verify(await signTimed({ iat: 0, exp: 12 * HOUR }))).resolves.toMatchObject({ sub: 'u-42' });
    // Issued a little ahead of our clock: within the 60 s skew.
    await expect(verify(await signTimed({ iat: 30, nbf: 30, exp: HOUR }))).resolves.toMatchObject({ sub: 'u-42' });
    await expect(verify(await signTimed({ iat: 0 }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"exp"') });
    await expect(verify(await signTimed({ exp: HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"iat"') });
    await expect(verify(await signTimed({ iat: 0, exp: 12 * HOUR + 1 }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('有效期过长') });
    await expect(verify(await signTimed({ iat: -HOUR, exp: 30 * 24 * HOUR }))).rejects.toMatchObject({ statusCode: 401 });
    await expect(verify(await signTimed({ iat: 5 * 60, exp: HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"iat"') });
    await expect(verify(await signTimed({ iat: 0, nbf: 5 * 60, exp: HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"nbf"') });
  });
});
