// One database client for every process: postgres.js when DATABASE_URL is set, otherwise
// embedded PGlite (a WASM Postgres) in a folder, so a newcomer needs no server. The same drizzle
// schema, queries and migrations serve both.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';

/** The drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open database with its driver's migration and shutdown. */
export interface Database {
  db: Db;
  /** `postgres` for a server, `pglite` for the embedded one. */
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations that are not applied yet. */
  migrate(): Promise<void>;
  /**
   * Calls `onPayload` with each notification on `channel` (LISTEN), and `onListening` each time
   * the listen is in place: at first, and again after a lost connection is back (notifications
   * sent meanwhile are lost). Resolves to the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListening: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Where to open: a Postgres URL, or a PGlite folder (`undefined` folder = in memory). */
export type DatabaseLocation = { url: string } | { pgliteDir: string | undefined };

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

// API and worker both migrate on start; an advisory lock on one dedicated connection makes the
// second wait for the first instead of racing it.
const MIGRATION_LOCK = 7_220_530;

async function migrateUnderLock(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(sql), { migrationsFolder });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Bounds that make a database that is down fail a request in seconds (the API answers 503), not
 * after the operating system gives up on the socket: a connection is refused after 5 s, a
 * statement stopped by the server after 30 s, and a connection idle for a minute is closed, so
 * none left from before a restart is used. A broken connection is tried again after at most
 * half a second: postgres.js's own backoff grows with every failure of the whole pool to 20 s,
 * and a query waits that long for its connection before it can fail — or succeed once the
 * server is back.
 */
const failFast = {
  connect_timeout: 5,
  idle_timeout: 60,
  backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
  connection: { statement_timeout: 30_000 },
} as const;

/** Opens the database. */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if ('url' in location) {
    // onnotice: migrations' "already exists, skipping" notices are not worth a log line.
    const sql = postgres(location.url, { max: 10, onnotice: () => {}, ...failFast });
    const db = drizzlePostgres(sql, { schema });
    return {
      db,
      kind: 'postgres',
      migrate: () => migrateUnderLock(location.url),
      // postgres.js listens on a connection of its own and listens again after reconnecting.
      listen: async (channel, onPayload, onListening) => {
        const { unlisten } = await sql.listen(channel, onPayload, onListening);
        return unlisten;
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  if (location.pgliteDir) mkdirSync(location.pgliteDir, { recursive: true });
  const client = await PGlite.create(location.pgliteDir);
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    // One client: every notification sent through it reaches its own listeners.
    listen: async (channel, onPayload, onListening) => {
      const unlisten = await client.listen(channel, onPayload);
      onListening();
      return () => unlisten();
    },
    close: () => client.close(),
  };
}
