// The environment every process of a run shares, as one deployment's config would: one database,
// one Temporal cluster, one token secret, one payload key ring; the database migrated before any
// part starts.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runOnce } from './node-process.js';

/** What the run's parts share, and the token secret the run mints its own tokens with. */
export interface RunEnvironment {
  env: NodeJS.ProcessEnv;
  secret: string;
}

/** Builds the environment (`extra` on top) and migrates the database; the migration's log goes to `dir`. */
export async function runEnvironment(o: { databaseUrl: string; temporalAddress: string; dir: string; keyId: string; extra?: NodeJS.ProcessEnv }): Promise<RunEnvironment> {
  const secret = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    TEMPORAL_ADDRESS: o.temporalAddress,
    JWT_SECRET: secret,
    // One key for the APIs, the workers and the final check, as a deployment shares PAYLOAD_KEYS.
    PAYLOAD_KEYS: `${o.keyId}:${randomBytes(32).toString('base64')}`,
    API_HOST: '127.0.0.1',
    // The run calls faster than a person, from one address.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // The parts share this host: each serves its metrics on a free port of its own.
    METRICS_PORT: '0',
    SHENGUAN_DATA_DIR: o.dir,
    ...o.extra,
  };
  const migrated = await runOnce('scripts/migrate.ts', env, join(o.dir, 'migrate.log'));
  if (migrated !== 0) throw new Error(`迁移失败（${migrated}），见 ${join(o.dir, 'migrate.log')}`);
  return { env, secret };
}
