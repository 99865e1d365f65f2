import { openDatabase, type Database } from '../../db/client.js';
import { databaseLocation } from './database-location.js';

/**
 * Opens and migrates the database of a separate API or worker process. The embedded database
 * belongs to one process, so these entry points need DATABASE_URL; `npm start` runs both in one.
 */
export async function openServerDatabase(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const location = databaseLocation(env);
  if (!('url' in location)) {
    throw new Error('DATABASE_URL is not set. The embedded database serves one process: run `npm start` to run API and worker together, or set DATABASE_URL.');
  }
  const database = await openDatabase(location);
  await database.migrate();
  return database;
}
