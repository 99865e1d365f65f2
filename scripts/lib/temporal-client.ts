import { Client, Connection } from '@temporalio/client';
import type { TemporalTarget } from './temporal-connection.js';

/** Opens one client connection for the whole process; the caller closes `client.connection`. */
export async function connectClient(target: TemporalTarget): Promise<Client> {
  const connection = await Connection.connect({
    address: target.address,
    ...(target.tls !== undefined ? { tls: target.tls } : {}),
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
  });
  return new Client({ connection, namespace: target.namespace });
}
