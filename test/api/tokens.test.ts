// Local HS256 tokens: the secret's strength, and the time rules every token is held to.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier, mintToken } from '../../api/auth/tokens.js';
import { people, TEST_SECRET } from '../helpers/tokens.js';

const HOUR = 3600;
const verify = createTokenVerifier({ secret: TEST_SECRET });

/** A token signed with the test secret, its time claims as given (seconds from now; undefined = left out). */
const signTimed = (times: { iat?: number; nbf?: number; exp?: number }) => {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ roles: ['auditor'], region: '320700' }).setProtectedHeader({ alg: 'HS256' }).setSubject('lyg-auditor');
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(now + times.iat);
  if (times.nbf !== undefined) jwt = jwt.setNotBefore(now + times.nbf);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(now + times.exp);
  return jwt.sign(new TextEncoder().encode(TEST_SECRET));
};

describe('the secret', () => {
  it('is refused under 32 bytes, for checking and for minting', async () => {
    expect(() => createTokenVerifier({ secret: 'x'.repeat(31) })).toThrow(/at least 32/);
    // Bytes, not characters: 11 Chinese characters are 33 bytes.
    expect(() => createTokenVerifier({ secret: '审'.repeat(11) })).not.toThrow();
    await expect(mintToken('too-short', people.lygAuditor)).rejects.toThrow(/at least 32/);
  });
});

describe('token lifetimes', () => {
  it('refuses a token without exp, one living longer than the maximum, and one issued or valid from the future', async () => {
    await expect(verify(await signTimed({ iat: 0, exp: 8 * HOUR }))).resolves.toMatchObject({ sub: 'lyg-auditor' });
    await expect(verify(await signTimed({ iat: 0 }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"exp"') });
    await expect(verify(await signTimed({ exp: HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"iat"') });
    await expect(verify(await signTimed({ iat: 0, exp: 30 * 24 * HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('有效期过长') });
    await expect(verify(await signTimed({ iat: 2 * 60, exp: HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"iat"') });
    await expect(verify(await signTimed({ iat: 0, nbf: 2 * 60, exp: HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('"nbf"') });
  });

  it('follows the configured maximum and clock skew', async () => {
    const strict = createTokenVerifier({ secret: TEST_SECRET, maxLifetime: '1h', clockSkew: '0s' });
    await expect(strict(await signTimed({ iat: 0, exp: HOUR }))).resolves.toMatchObject({ sub: 'lyg-auditor' });
    await expect(strict(await signTimed({ iat: 0, exp: 2 * HOUR }))).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('最长 1h') });
    await expect(strict(await signTimed({ iat: 10, exp: HOUR }))).rejects.toMatchObject({ statusCode: 401 });
    expect(() => createTokenVerifier({ secret: TEST_SECRET, maxLifetime: 'forever' })).toThrow(/not a duration/);
  });

  it('mints no token longer than the maximum', async () => {
    await expect(mintToken(TEST_SECRET, people.lygAuditor, { expiresIn: '30d' })).rejects.toThrow(/at most 12h/);
    await expect(mintToken(TEST_SECRET, people.lygAuditor, { expiresIn: '2h', maxLifetime: '1h' })).rejects.toThrow(/at most 1h/);
    expect(await verify(await mintToken(TEST_SECRET, people.lygAuditor, { expiresIn: '12h' }))).toMatchObject({ sub: 'lyg-auditor' });
  });
});
