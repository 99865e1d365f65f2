// Bearer tokens: HS256 with a shared secret (local deployments, scripts) or keys from a JWKS URL
// (the government's unified login). Claims: sub, roles, region, and where they apply dept,
// division, level. Every token must say when it expires (`exp`) and when it was issued (`iat`),
// live no longer than the configured maximum, and not be issued (`iat`) or valid from (`nbf`)
// later than now plus a small clock skew.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { roles, type Principal } from '../../domain/access.js';
import { HttpError } from '../errors.js';
import { durationSeconds } from './duration.js';

/** The longest a token may live (exp − iat) unless configured otherwise. */
export const DEFAULT_TOKEN_MAX_LIFETIME = '12h';

/** How far the issuer's clock may be ahead of or behind ours unless configured otherwise. */
export const DEFAULT_TOKEN_CLOCK_SKEW = '60s';

/** The shortest HS256 secret accepted: HS256 keys shorter than its 256-bit hash can be brute-forced. */
export const MIN_SECRET_BYTES = 32;

/** Limits every token is held to, as durations like `12h` and `60s`. */
export interface TokenLimits {
  maxLifetime?: string;
  clockSkew?: string;
}

/** How tokens are checked. */
export type TokenConfig = ({ secret: string } | { jwksUrl: string }) & { issuer?: string; audience?: string } & TokenLimits;

/** Checks a bearer token and returns its principal; throws a 401 HttpError when it is not valid. */
export type TokenVerifier = (token: string) => Promise<Principal>;

const ClaimsSchema = Type.Object({
  sub: Type.String({ minLength: 1 }),
  roles: Type.Array(Type.Union(roles.map((r) => Type.Literal(r))), { minItems: 1 }),
  region: Type.String({ pattern: '^\\d{6}$' }),
  dept: Type.Optional(Type.String({ minLength: 1 })),
  division: Type.Optional(Type.String({ minLength: 1 })),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
});
type Claims = Static<typeof ClaimsSchema>;

/** Builds the verifier for a configuration. */
export function createTokenVerifier(config: TokenConfig): TokenVerifier {
  const key = 'secret' in config ? secretKey(config.secret) : createRemoteJWKSet(new URL(config.jwksUrl));
  const maxLifetime = config.maxLifetime ?? DEFAULT_TOKEN_MAX_LIFETIME;
  const maxSeconds = positiveSeconds(maxLifetime, 'maximum token lifetime');
  const options = {
    ...('secret' in config ? { algorithms: ['HS256'] } : {}),
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
    // exp required; maxTokenAge requires iat and refuses an iat in the future; the tolerance
    // applies to exp, nbf and iat alike.
    requiredClaims: ['exp'],
    maxTokenAge: maxSeconds,
    clockTolerance: durationSeconds(config.clockSkew ?? DEFAULT_TOKEN_CLOCK_SKEW),
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      // jose's overloads differ for a key and a key set; both accept these options.
      payload = (await jwtVerify(token, key as Uint8Array, options)).payload;
    } catch (error) {
      throw new HttpError(401, 'unauthenticated', `访问令牌无效：${(error as Error).message}`);
    }
    // Both are numbers here: jose checked them.
    if (payload.exp! - payload.iat! > maxSeconds) throw new HttpError(401, 'unauthenticated', `访问令牌有效期过长：最长 ${maxLifetime}`);
    const claims = Value.Clean(ClaimsSchema, structuredClone(payload)) as unknown;
    if (!Value.Check(ClaimsSchema, claims)) {
      const first = [...Value.Errors(ClaimsSchema, claims)][0];
      throw new HttpError(401, 'unauthenticated', `访问令牌声明无效：${first ? `${first.path} ${first.message}` : ''}`);
    }
    return principalOf(claims);
  };
}

function principalOf(claims: Claims): Principal {
  return {
    sub: claims.sub,
    roles: claims.roles,
    region: claims.region,
    ...(claims.dept ? { dept: claims.dept } : {}),
    ...(claims.division ? { division: claims.division } : {}),
    ...(claims.level ? { level: claims.level } : {}),
  };
}

/** What a token is minted with: its lifetime (default 8h), at most the verifier's maximum. */
export interface MintOptions {
  expiresIn?: string;
  issuer?: string;
  audience?: string;
  maxLifetime?: string;
}

/** Signs an HS256 token for a principal (local tokens, tests, the start command's admin token). */
export async function mintToken(secret: string, principal: Principal, options: MintOptions = {}): Promise<string> {
  const expiresIn = options.expiresIn ?? '8h';
  const maxLifetime = options.maxLifetime ?? DEFAULT_TOKEN_MAX_LIFETIME;
  // A token the API would refuse is no use to anyone: say so here instead.
  if (durationSeconds(expiresIn) > positiveSeconds(maxLifetime, 'maximum token lifetime')) {
    throw new Error(`a token may live at most ${maxLifetime} (TOKEN_MAX_LIFETIME), not ${expiresIn}`);
  }
  const { sub, ...claims } = principal;
  let jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime(expiresIn);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(secretKey(secret));
}

/** The HS256 key of a secret; refuses a short one, so a process with a weak secret never starts. */
function secretKey(secret: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.length < MIN_SECRET_BYTES) {
    throw new Error(`JWT_SECRET has ${key.length} bytes; at least ${MIN_SECRET_BYTES} are required (e.g. openssl rand -base64 48)`);
  }
  return key;
}

function positiveSeconds(duration: string, what: string): number {
  const seconds = durationSeconds(duration);
  if (seconds <= 0) throw new Error(`the ${what} must be positive, not ${duration}`);
  return seconds;
}
