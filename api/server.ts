// The API process (production): listens, and on SIGINT/SIGTERM closes the listener, the Temporal
// connection and the database.
import { portSetting, positiveIntSetting, setting } from '../scripts/config.js';
import { requiredTokenConfig } from '../scripts/lib/token-config.js';
import { createLogger } from '../scripts/lib/logger.js';
import { openServerDatabase } from '../scripts/lib/process-database.js';
import { payloadCodec } from '../scripts/lib/payload-keys.js';
import { connectClient } from '../scripts/lib/temporal-client.js';
import { temporalTarget } from '../scripts/lib/temporal-connection.js';
import { prepareProcessMetrics } from '../scripts/lib/metrics/process-metrics.js';
import { startTracing } from '../scripts/lib/tracing.js';
import { buildApp } from './app.js';
import { createTokenVerifier } from './auth/tokens.js';

const logger = createLogger('shenguan-api');
// Off (undefined) unless an OTLP endpoint is configured.
const tracing = startTracing('shenguan-api');
const target = temporalTarget();
const verifyToken = createTokenVerifier(requiredTokenConfig());
// Before anything connects: without keys in production the API refuses to start here.
const codec = payloadCodec();
// Request timings and case starts only: the figures read from the database are the worker's.
const metrics = await prepareProcessMetrics({ sdk: false });
const database = await openServerDatabase();
const client = await connectClient(target, codec, { traced: tracing !== undefined });
const app = await buildApp({
  temporal: {
    client,
    taskQueue: target.taskQueue,
    uiUrl: setting('TEMPORAL_UI_URL')!,
    rpcTimeoutMs: positiveIntSetting('TEMPORAL_RPC_TIMEOUT_MS'),
    actionWaitMs: positiveIntSetting('ACTION_WAIT_MS'),
  },
  db: database.db,
  listen: database.listen,
  verifyToken,
  payloadCodec: codec,
  rateLimitPerMinute: Number(setting('RATE_LIMIT_PER_MINUTE')),
  serverUrl: setting('API_PUBLIC_URL')!,
  logger,
  ...(metrics ? { metrics: metrics.registry } : {}),
  ...(tracing ? { tracer: tracing.tracer } : {}),
});
const metricsServer = await metrics?.serve(logger);
app.addHook('onClose', async () => {
  await metricsServer?.close();
  await client.connection.close();
  await database.close();
  await tracing?.shutdown();
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

await app.listen({ host: setting('API_HOST')!, port: portSetting('API_PORT') });
