// A fresh, migrated database per test file: a new database on the Postgres server of
// DATABASE_URL when it is set (as in CI), otherwise an in-memory PGlite.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../db/client.js';

/**
 * Problem records' workflows are named by the database's own ID (`problem:<id>`), unique in one
 * deployment; the test files share one Temporal namespace, so each database numbers its problems
 * from a random start, and no two files signal the same workflow.
 */
async function spreadProblemIds(database: Database): Promise<void> {
  const start = 1 + Number(randomBytes(4).readUInt32BE() % 1_000_000_000);
  await database.db.execute(sql.raw(`alter sequence problems_id_seq restart with ${start}`));
}

/** Opens a fresh database with migrations applied; `close` drops it. */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ pgliteDir: undefined });
    await database.migrate();
    await spreadProblemIds(database);
    return database;
  }
  const name = `shenguan_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await database.migrate();
  await spreadProblemIds(database);
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name}`);
      await admin.end({ timeout: 5 });
    },
  };
}
