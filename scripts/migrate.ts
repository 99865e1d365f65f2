// Applies the committed migrations to DATABASE_URL, or to the embedded database.
import { openDatabase } from '../db/client.js';
import { databaseLocation } from './lib/database-location.js';

const database = await openDatabase(databaseLocation());
await database.migrate();
await database.close();
console.log(`migrations applied (${database.kind})`);
