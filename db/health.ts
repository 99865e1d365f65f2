import { sql } from 'drizzle-orm';
import type { Db } from './client.js';

/** Answers whether the database is reachable; throws when it is not. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
