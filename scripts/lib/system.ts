// The whole system in one process, as `npm start` and `npm run demo` run it: the Temporal dev
// server (history and Web UI; none when TEMPORAL_ADDRESS is set), the database (embedded PGlite
// unless DATABASE_URL is set — single process, hence all of it here), the case worker and the API.
// `stop()` ends it all in order: API → outbox relay → worker → database → dev server.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { buildApp } from '../../api/app.js';
import { createTokenVerifier, mintToken } from '../../api/auth/tokens.js';
import { openDatabase } from '../../db/client.js';
import { NATIONAL_REGION, type Principal } from '../../domain/access.js';
import { portSetting, positiveIntSetting, setting } from '../config.js';
import { adapterConfig } from './adapter-config.js';
import { databaseLocation } from './database-location.js';
import { startDevServer, type DevServer } from './dev-server.js';
import { installTemporalRuntime } from './temporal-runtime.js';
import { resolveTemporalCli } from './temporal-binaries.js';
import { connectClient } from './temporal-client.js';
import { temporalTarget } from './temporal-connection.js';
import { writeOwnerOnlyFile } from './owner-only-file.js';
import { adminTokenPath, localSecret, tokenConfig, tokenLimits } from './token-config.js';
import { connectWorker, createCaseWorker } from './worker.js';
import { ensureSamplingSchedule } from './sampling-schedule.js';
import { payloadCodec as configuredPayloadCodec } from './payload-keys.js';
import { prepareProcessMetrics } from './metrics/process-metrics.js';
import { registerOpsGauges } from './metrics/ops-gauges.js';
import { startTracing } from './tracing.js';
import { startOutboxRelay } from '../../activities/adapters/outbox-relay.js';
import { startCalendarRelay } from '../../api/calendar-relay.js';

/** How to start the system; every setting not given here comes from `env` (scripts/config.ts). */
export interface SystemOptions {
  logger: Logger;
  /** The environment the settings are read from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where state is kept (PGlite, dev server history, the local token secret); default SHENGUAN_DATA_DIR. */
  dataDir?: string;
  /** Requests per minute per client address (default RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute?: number;
}

/** A running system. */
export interface RunningSystem {
  /** Base URL of the API (routes under /api, docs under /docs). */
  apiUrl: string;
  /** The Prometheus endpoint of the process (METRICS_PORT), or undefined when it is off. */
  metricsUrl: string | undefined;
  /** The Temporal Web UI. */
  uiUrl: string;
  /** The codec endpoint the Web UI opens sealed payloads with; ops sign in at its /sign-in. */
  codecUrl: string;
  /** The Temporal frontend and namespace the cases run on. */
  temporal: { address: string; namespace: string; taskQueue: string };
  /** Where the data is: the PGlite folder, or undefined for DATABASE_URL. */
  pgliteDir: string | undefined;
  dataDir: string;
  /** An 8-hour token of the local admin (all regions); undefined when tokens come from JWT_JWKS_URL. */
  adminToken: string | undefined;
  /** The file in the data folder holding adminToken, readable by its owner only (0600). */
  adminTokenFile: string | undefined;
  /** Mints an 8-hour (or `expiresIn`, at most TOKEN_MAX_LIFETIME) token for anyone; throws when tokens come from JWT_JWKS_URL. */
  mint(principal: Principal, expiresIn?: string): Promise<string>;
  /** Stops everything it started, in order; a second call waits for the first. */
  stop(): Promise<void>;
}

/** The local administrator `npm start` writes a token for. */
export const localAdmin: Principal = { sub: 'local-admin', roles: ['region_admin', 'catalogue_admin', 'calendar_admin', 'auditor'], region: NATIONAL_REGION };

/** Starts the dev server (unless TEMPORAL_ADDRESS is set), the database, the worker and the API. */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { logger } = options;
  const env = { ...(options.env ?? process.env) };
  const dataDir = resolve(options.dataDir ?? setting('SHENGUAN_DATA_DIR', env)!);
  env.SHENGUAN_DATA_DIR = dataDir;
  mkdirSync(dataDir, { recursive: true });
  // Without configured tokens, a secret kept in the data folder signs local tokens (npm run token).
  // Checked before anything starts: a weak secret or a bad lifetime stops the start here.
  const tokens = tokenConfig(env) ?? { secret: localSecret(dataDir), ...tokenLimits(env) };
  const mint = async (principal: Principal, expiresIn = '8h') => {
    if (!('secret' in tokens)) throw new Error('Tokens come from the unified login (JWT_JWKS_URL): no local tokens can be minted.');
    return mintToken(tokens.secret, principal, {
      expiresIn,
      ...(tokens.maxLifetime ? { maxLifetime: tokens.maxLifetime } : {}),
      ...(tokens.issuer ? { issuer: tokens.issuer } : {}),
      ...(tokens.audience ? { audience: tokens.audience } : {}),
    });
  };
  const verifyToken = createTokenVerifier(tokens);
  // Without PAYLOAD_KEYS, a key kept in the data folder seals what Temporal stores of applicants.
  const payloadCodec = configuredPayloadCodec(env);
  // One endpoint for all of it: the API's requests, the worker's activities, the figures from the
  // database, and the SDK's own metrics.
  const metrics = await prepareProcessMetrics({ sdk: true, env });
  // Signals are the caller's: it stops the system in order, never the SDK on its own.
  installTemporalRuntime(logger, [], metrics?.sdkBindAddress);

  // What has been started, last first: a failure halfway stops those again before it is thrown.
  const stops: (() => Promise<unknown>)[] = [];
  const stopStarted = async () => {
    for (const stopOne of stops.splice(0)) await stopOne();
  };
  try {
    // By the name the Web UI's page has (localhost): the codec's sign-in cookie is then sent by
    // the UI's calls, which it would not be across localhost and 127.0.0.1 (two sites to a browser).
    const configuredApiPort = portSetting('API_PORT', env);
    // Off (undefined) unless an OTLP endpoint is configured; stopped last, after all that made spans.
    const tracing = startTracing('shenguan', env);
    if (tracing) stops.unshift(() => tracing.shutdown());
    let devServer: DevServer | undefined;
    if (!env.TEMPORAL_ADDRESS) {
      const serverLog = createWriteStream(join(dataDir, 'temporal.log'), { flags: 'a' });
      devServer = await startDevServer({
        cliPath: await resolveTemporalCli(),
        port: portSetting('TEMPORAL_DEV_PORT', env),
        uiPort: portSetting('TEMPORAL_UI_PORT', env),
        // A free API port (0) is known only later: the UI is then left without the codec.
        ...(configuredApiPort ? { uiCodecEndpoint: codecUrlOf(configuredApiPort) } : {}),
        dbFile: join(dataDir, 'temporal.db'),
        namespace: setting('TEMPORAL_NAMESPACE', env)!,
        onOutput: (chunk) => serverLog.write(chunk),
      });
      const server = devServer;
      // Last resort: never leave the dev server behind, even if this process dies on an error.
      process.once('exit', () => server.child.kill('SIGKILL'));
      stops.unshift(async () => {
        await server.stop();
        serverLog.end();
      });
      env.TEMPORAL_ADDRESS = devServer.address;
      env.TEMPORAL_UI_URL ??= devServer.uiUrl;
    }
    const target = temporalTarget(env);
    const uiUrl = setting('TEMPORAL_UI_URL', env)!;

    const location = databaseLocation(env);
    const database = await openDatabase(location);
    stops.unshift(() => database.close());
    await database.migrate();
    // The only process: it exports the figures from the database too (as the worker does).
    if (metrics) registerOpsGauges(metrics.registry, database.db);
    const metricsServer = await metrics?.serve(logger);
    if (metricsServer) stops.unshift(() => metricsServer.close());

    const workerConnection = await connectWorker(target);
    stops.unshift(() => workerConnection.close());
    const adapters = adapterConfig(env);
    const worker = await createCaseWorker({ connection: workerConnection, namespace: target.namespace, taskQueue: target.taskQueue, db: database.db, adapters, payloadCodec, ...(metrics ? { metrics: metrics.registry } : {}), ...(tracing ? { tracing } : {}) });
    const workerRun = worker.run();
    stops.unshift(async () => {
      worker.shutdown();
      await workerRun;
    });
    // Delivers what the activities record; stopped before the database closes.
    const relay = startOutboxRelay({ db: database.db, config: adapters }, { logger, ...(metrics ? { metrics: metrics.registry } : {}) });
    stops.unshift(() => relay.stop());

    const client = await connectClient(target, payloadCodec, { traced: tracing !== undefined });
    stops.unshift(() => client.connection.close());
    const rpcTimeoutMs = positiveIntSetting('TEMPORAL_RPC_TIMEOUT_MS', env);
    // Tells running cases of a loaded year the API could not tell; stopped before the client closes.
    const calendarRelay = startCalendarRelay({ db: database.db, temporal: { client, rpcTimeoutMs }, log: logger });
    stops.unshift(() => calendarRelay.stop());

    // The monthly 双随机 draw (L12) on this system's task queue, created or brought up to date.
    await ensureSamplingSchedule(client, target.taskQueue);

    const adminToken = 'secret' in tokens ? await mint(localAdmin) : undefined;
    const adminTokenFile = adminToken ? writeOwnerOnlyFile(adminTokenPath(dataDir), `${adminToken}\n`) : undefined;

    const app = await buildApp({
      temporal: {
        client,
        taskQueue: target.taskQueue,
        uiUrl,
        rpcTimeoutMs,
        actionWaitMs: positiveIntSetting('ACTION_WAIT_MS', env),
      },
      db: database.db,
      listen: database.listen,
      verifyToken,
    payloadCodec,
      rateLimitPerMinute: options.rateLimitPerMinute ?? Number(setting('RATE_LIMIT_PER_MINUTE', env)),
      logger,
      ...(metrics ? { metrics: metrics.registry } : {}),
      ...(tracing ? { tracer: tracing.tracer } : {}),
    });
    stops.unshift(() => app.close());
    const apiHost = setting('API_HOST', env)!;
    await app.listen({ host: apiHost, port: portSetting('API_PORT', env) });
    // The port it got (API_PORT=0 picks a free one).
    const listening = app.server.address();
    const apiPort = typeof listening === 'object' && listening ? listening.port : portSetting('API_PORT', env);

    let stopping: Promise<void> | undefined;
    return {
      apiUrl: `http://${apiHost === '0.0.0.0' ? 'localhost' : apiHost}:${apiPort}`,
      metricsUrl: metricsServer?.url,
      uiUrl,
      codecUrl: codecUrlOf(apiPort),
      temporal: { address: target.address, namespace: target.namespace, taskQueue: target.taskQueue },
      pgliteDir: 'pgliteDir' in location ? location.pgliteDir : undefined,
      dataDir,
      adminToken,
      adminTokenFile,
      mint,
      // In the order they were put on the list: API, calendar relay, Temporal client, outbox relay, worker, its
      // connection, metrics server, database, dev server.
      stop: () => (stopping ??= stopStarted()),
    };
  } catch (error) {
    await stopStarted().catch((stopError: unknown) => logger.error({ err: stopError }, 'stopping after a failed start failed'));
    throw error;
  }
}

/** The API's codec endpoint as the local Web UI reaches it. */
function codecUrlOf(apiPort: number): string {
  return `http://localhost:${apiPort}/codec`;
}

/** Stops the system on SIGINT/SIGTERM (once), then exits: 0 when it stopped cleanly, 1 otherwise. */
export function stopOnSignals(system: Pick<RunningSystem, 'stop'>, logger: Logger): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      system.stop().then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
}
