// Registers the case search attributes on the cluster of TEMPORAL_ADDRESS (a real cluster that
// was not set up by temporal-compose.yml). Idempotent.
import { caseSearchAttributes } from '../workflows/search-attributes.js';
import { registerSearchAttributes } from './lib/register-search-attributes.js';
import { payloadCodec } from './lib/payload-keys.js';
import { connectClient } from './lib/temporal-client.js';
import { temporalTarget } from './lib/temporal-connection.js';

const target = temporalTarget();
const client = await connectClient(target, payloadCodec());
try {
  await registerSearchAttributes(client.connection, target.namespace);
  console.log(`search attributes present in ${target.namespace}: ${caseSearchAttributes.map((k) => k.name).join(', ')}`);
} finally {
  await client.connection.close();
}
