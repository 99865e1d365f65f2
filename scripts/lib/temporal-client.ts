import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { TemporalTarget } from './temporal-connection.js';

/**
 * gRPC channel settings for a client that must follow Temporal through an outage. gRPC retries a
 * lost connection with a backoff that grows to 2 minutes by default, so after a long outage the
 * client kept failing long after the server answered again; capped at 1 s, it is back within about
 * a second. Keepalive pings notice a connection that died silently (a dropped network path) in
 * 20 s; not more often than every 10 s, which Temporal's frontend would refuse as too many pings.
 */
export const followOutageChannelArgs: ConnectionOptions['channelArgs'] = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 1000,
  'grpc.keepalive_time_ms': 15_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
};

/** Opens one client connection for the whole process; the caller closes `client.connection`. */
export async function connectClient(target: TemporalTarget): Promise<Client> {
  const connection = await Connection.connect({
    address: target.address,
    ...(target.tls !== undefined ? { tls: target.tls } : {}),
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
    channelArgs: followOutageChannelArgs,
  });
  return new Client({ connection, namespace: target.namespace });
}
