// The worker process (production): runs case workflows and activities, the outbox relay that
// delivers their messages, and the calendar relay that tells cases of loaded years, until
// SIGINT/SIGTERM.
import { createLogger } from './lib/logger.js';
import { installTemporalRuntime } from './lib/temporal-runtime.js';
import { openServerDatabase } from './lib/process-database.js';
import { temporalTarget } from './lib/temporal-connection.js';
import { adapterConfig } from './lib/adapter-config.js';
import { startOutboxRelay } from '../activities/adapters/outbox-relay.js';
import { startCalendarRelay } from '../api/calendar-relay.js';
import { positiveIntSetting } from './config.js';
import { ensureSamplingSchedule } from './lib/sampling-schedule.js';
import { connectClient } from './lib/temporal-client.js';
import { connectWorker, createCaseWorker } from './lib/worker.js';
import { payloadCodec as configuredPayloadCodec } from './lib/payload-keys.js';
import { prepareProcessMetrics } from './lib/metrics/process-metrics.js';
import { registerOpsGauges } from './lib/metrics/ops-gauges.js';
import { startTracing } from './lib/tracing.js';

const logger = createLogger('shenguan-worker');
// The worker's own SIGINT/SIGTERM handling drains running tasks before run() resolves.
const metrics = await prepareProcessMetrics({ sdk: true });
installTemporalRuntime(logger, ['SIGINT', 'SIGTERM'], metrics?.sdkBindAddress);
// Off (undefined) unless an OTLP endpoint is configured.
const tracing = startTracing('shenguan-worker');
const target = temporalTarget();
// Before anything connects: without keys in production the worker refuses to start here.
const payloadCodec = configuredPayloadCodec();
const database = await openServerDatabase();
// The figures from the database are exported by the workers, not by the API: API replicas scale
// with traffic, and each would read the same counts at every scrape. Every worker exports the
// same values: aggregate them with max(), not sum().
if (metrics) registerOpsGauges(metrics.registry, database.db);
const metricsServer = await metrics?.serve(logger);
const connection = await connectWorker(target);
let relay: { stop(): Promise<void> } | undefined;
let calendarRelay: { stop(): Promise<void> } | undefined;
let client: Awaited<ReturnType<typeof connectClient>> | undefined;
try {
  const adapters = adapterConfig();
  const worker = await createCaseWorker({ connection, namespace: target.namespace, taskQueue: target.taskQueue, db: database.db, adapters, payloadCodec, ...(metrics ? { metrics: metrics.registry } : {}), tracing });
  // The monthly 双随机 draw runs on this worker's task queue; every worker keeps the schedule current.
  client = await connectClient(target, payloadCodec);
  await ensureSamplingSchedule(client, target.taskQueue);
  logger.info({ address: target.address, namespace: target.namespace, taskQueue: target.taskQueue }, 'worker started');
  // Every worker process relays; concurrent relays never claim the same message (db/outbox.ts).
  relay = startOutboxRelay({ db: database.db, config: adapters }, { logger, ...(metrics ? { metrics: metrics.registry } : {}) });
  // Every worker process relays loaded years too; two relays at once only tell a case twice.
  calendarRelay = startCalendarRelay({ db: database.db, temporal: { client, rpcTimeoutMs: positiveIntSetting('TEMPORAL_RPC_TIMEOUT_MS') }, log: logger });
  await worker.run();
} finally {
  await calendarRelay?.stop();
  await relay?.stop();
  await client?.connection.close();
  await connection.close();
  await metricsServer?.close();
  await database.close();
  await tracing?.shutdown();
  logger.info('worker stopped');
}
