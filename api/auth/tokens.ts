// Bearer tokens: HS256 with a shared secret (local deployments, scripts) or keys from a JWKS URL
// (the government's unified login). Claims: sub, roles, region, and where they apply dept,
// division, level.
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { roles, type Principal } from '../../domain/access.js';
import { HttpError } from '../errors.js';

/** How tokens are checked. */
export type TokenConfig = ({ secret: string } | { jwksUrl: string }) & { issuer?: string; audience?: string };

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
  const key = 'secret' in config ? new TextEncoder().encode(config.secret) : createRemoteJWKSet(new URL(config.jwksUrl));
  const options = {
    ...('secret' in config ? { algorithms: ['HS256'] } : {}),
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      // jose's overloads differ for a key and a key set; both accept these options.
      payload = (await jwtVerify(token, key as Uint8Array, options)).payload;
    } catch (error) {
      throw new HttpError(401, 'unauthenticated', `访问令牌无效：${(error as Error).message}`);
    }
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

/** Signs an HS256 token for a principal (local tokens, tests, the start command's admin token). */
export async function mintToken(secret: string, principal: Principal, options: { expiresIn?: string; issuer?: string; audience?: string } = {}): Promise<string> {
  const { sub, ...claims } = principal;
  let jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime(options.expiresIn ?? '8h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
