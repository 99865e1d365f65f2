import { join } from 'node:path';
import type { DatabaseLocation } from '../../db/client.js';
import { setting } from '../config.js';

/** DATABASE_URL when set, otherwise embedded PGlite under the data folder. */
export function databaseLocation(env: NodeJS.ProcessEnv = process.env): DatabaseLocation {
  const url = setting('DATABASE_URL', env);
  return url ? { url } : { pgliteDir: join(setting('SHENGUAN_DATA_DIR', env)!, 'pglite') };
}
