import { Client, Connection, isRetryableError, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { requestIdClientInterceptor } from '../../api/request-id.js';
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

/**
 * The client's retry of a failed call (UNAVAILABLE and the like): as the SDK's default, but never
 * sleeping more than half a second between attempts. The SDK sleeps up to 5 s, past the call's own
 * deadline, so an action sent while Temporal is down was answered seconds after its wait was over.
 */
const shortRetries = makeGrpcRetryInterceptor({
  delayFunction: (attempt) => Math.min(500, 100 * 1.7 ** attempt) * (1 - Math.random() * 0.2),
  retryableDecider: (attempt, status) => attempt < 10 && isRetryableError(status),
});

/**
 * Opens one client connection for the whole process; the caller closes `client.connection`. Every
 * payload it sends or reads passes the codec (scripts/lib/payload-keys.ts), so what Temporal
 * stores of an applicant is sealed. The request being handled, if any, goes with every start,
 * signal and update: its ID, and with `traced` its span (api/plugins/request-log.ts).
 */
export async function connectClient(target: TemporalTarget, payloadCodec: PayloadCodec, options: { traced?: boolean } = {}): Promise<Client> {
  const connection = await Connection.connect({
    address: target.address,
    ...(target.tls !== undefined ? { tls: target.tls } : {}),
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
    channelArgs: followOutageChannelArgs,
    interceptors: [shortRetries],
  });
  return new Client({
    connection,
    namespace: target.namespace,
    dataConverter: { payloadCodecs: [payloadCodec] },
    interceptors: { workflow: [...(options.traced ? [new OpenTelemetryWorkflowClientInterceptor()] : []), requestIdClientInterceptor] },
  });
}
