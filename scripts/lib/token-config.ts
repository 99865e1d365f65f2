import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintToken, type TokenConfig, type TokenLimits } from '../../api/auth/tokens.js';
import type { Principal } from '../../domain/access.js';
import { setting } from '../config.js';

/** How the API checks tokens, from the environment; undefined when nothing is configured. */
export function tokenConfig(env: NodeJS.ProcessEnv = process.env): TokenConfig | undefined {
  const jwksUrl = setting('JWT_JWKS_URL', env);
  const secret = setting('JWT_SECRET', env);
  const claims = {
    ...(setting('JWT_ISSUER', env) ? { issuer: setting('JWT_ISSUER', env)! } : {}),
    ...(setting('JWT_AUDIENCE', env) ? { audience: setting('JWT_AUDIENCE', env)! } : {}),
    ...tokenLimits(env),
  };
  if (jwksUrl) return { jwksUrl, ...claims };
  if (secret) return { secret, ...claims };
  return undefined;
}

/** The lifetime and clock skew every token is held to. */
export function tokenLimits(env: NodeJS.ProcessEnv = process.env): Required<TokenLimits> {
  return { maxLifetime: setting('TOKEN_MAX_LIFETIME', env)!, clockSkew: setting('TOKEN_CLOCK_SKEW', env)! };
}

/** The token configuration a production process needs: refuses to run without one. */
export function requiredTokenConfig(env: NodeJS.ProcessEnv = process.env): TokenConfig {
  const config = tokenConfig(env);
  if (!config) throw new Error('Set JWT_SECRET (HS256) or JWT_JWKS_URL: the API refuses to run without a way to check tokens.');
  return config;
}

/** The local secret `npm start` uses when none is configured: created once, kept in the data folder. */
export function localSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Where `npm start` keeps the local admin's token (owner-only): in the data folder, beside the secret. */
export function adminTokenPath(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

/**
 * A token for a principal, signed with JWT_SECRET or npm start's local secret, as the API of this
 * installation checks it (issuer and audience included).
 */
export async function mintLocalToken(principal: Principal, expiresIn = '8h', env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const secret = setting('JWT_SECRET', env) ?? localSecret(setting('SHENGUAN_DATA_DIR', env)!);
  return mintToken(secret, principal, {
    expiresIn,
    maxLifetime: tokenLimits(env).maxLifetime,
    ...(setting('JWT_ISSUER', env) ? { issuer: setting('JWT_ISSUER', env)! } : {}),
    ...(setting('JWT_AUDIENCE', env) ? { audience: setting('JWT_AUDIENCE', env)! } : {}),
  });
}
