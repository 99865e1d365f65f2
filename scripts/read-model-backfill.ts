// `npm run read-model:backfill`: writes the read model of cases started before the case workflow
// projected itself (see scripts/lib/read-model-backfill.ts). Needs DATABASE_URL and a running
// worker (queries are answered by workers).
import { backfillLegacyCases } from './lib/read-model-backfill.js';
import { openServerDatabase } from './lib/process-database.js';
import { payloadCodec } from './lib/payload-keys.js';
import { connectClient } from './lib/temporal-client.js';
import { temporalTarget } from './lib/temporal-connection.js';

const target = temporalTarget();
const database = await openServerDatabase();
const client = await connectClient(target, payloadCodec());
try {
  const result = await backfillLegacyCases(client, database.db, target.taskQueue);
  console.log(`written ${result.written.length}, already projecting ${result.current}, failed ${result.failed.length}`);
  for (const { caseNo, error } of result.failed) console.log(`  ${caseNo}: ${error}`);
  process.exitCode = result.failed.length > 0 ? 1 : 0;
} finally {
  await client.connection.close();
  await database.close();
}
