// `npm start`: the whole system on the embedded defaults in one go — Temporal dev server (history
// and Web UI), the database (embedded PGlite unless DATABASE_URL is set), the worker and the API.
// Ctrl-C stops everything it started. With TEMPORAL_ADDRESS set it uses that cluster instead.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApp } from '../api/app.js';
import { createTokenVerifier, mintToken } from '../api/auth/tokens.js';
import { NATIONAL_REGION } from '../domain/access.js';
import { openDatabase } from '../db/client.js';
import { portSetting, setting } from './config.js';
import { databaseLocation } from './lib/database-location.js';
import { startDevServer, type DevServer } from './lib/dev-server.js';
import { createLogger } from './lib/logger.js';
import { installTemporalRuntime } from './lib/temporal-runtime.js';
import { resolveTemporalCli } from './lib/temporal-binaries.js';
import { connectClient } from './lib/temporal-client.js';
import { localSecret, tokenConfig } from './lib/token-config.js';
import { temporalTarget } from './lib/temporal-connection.js';
import { adapterConfig } from './lib/adapter-config.js';
import { connectWorker, createCaseWorker } from './lib/worker.js';

const logger = createLogger('shenguan');
// Signals are handled below, in order: API first, then worker, then the servers.
installTemporalRuntime(logger, []);

const dataDir = resolve(setting('SHENGUAN_DATA_DIR')!);
mkdirSync(dataDir, { recursive: true });

let devServer: DevServer | undefined;
const env = { ...process.env };
if (!process.env.TEMPORAL_ADDRESS) {
  const serverLog = createWriteStream(join(dataDir, 'temporal.log'), { flags: 'a' });
  const uiPort = portSetting('TEMPORAL_UI_PORT');
  devServer = await startDevServer({
    cliPath: await resolveTemporalCli(),
    port: portSetting('TEMPORAL_DEV_PORT'),
    uiPort,
    dbFile: join(dataDir, 'temporal.db'),
    namespace: setting('TEMPORAL_NAMESPACE')!,
    onOutput: (chunk) => serverLog.write(chunk),
  });
  // Last resort: never leave the dev server behind, even if this process dies on an error.
  process.once('exit', () => devServer?.child.kill('SIGKILL'));
  env.TEMPORAL_ADDRESS = devServer.address;
  env.TEMPORAL_UI_URL ??= devServer.uiUrl;
}
const target = temporalTarget(env);

const database = await openDatabase(databaseLocation());
await database.migrate();

const workerConnection = await connectWorker(target);
const worker = await createCaseWorker({ connection: workerConnection, namespace: target.namespace, taskQueue: target.taskQueue, db: database.db, adapters: adapterConfig() });
const workerRun = worker.run();

const client = await connectClient(target);
// Without configured tokens, a secret kept in the data folder signs local tokens (npm run token).
const tokens = tokenConfig() ?? { secret: localSecret(dataDir) };
const adminToken =
  'secret' in tokens
    ? await mintToken(tokens.secret, { sub: 'local-admin', roles: ['region_admin', 'catalogue_admin', 'calendar_admin', 'auditor'], region: NATIONAL_REGION }, {
        expiresIn: '30d',
        ...(tokens.issuer ? { issuer: tokens.issuer } : {}),
        ...(tokens.audience ? { audience: tokens.audience } : {}),
      })
    : undefined;
const app = await buildApp({
  temporal: { client, taskQueue: target.taskQueue, uiUrl: setting('TEMPORAL_UI_URL', env)! },
  db: database.db,
  verifyToken: createTokenVerifier(tokens),
  rateLimitPerMinute: Number(setting('RATE_LIMIT_PER_MINUTE')),
  logger,
});
const apiHost = setting('API_HOST')!;
await app.listen({ host: apiHost, port: portSetting('API_PORT') });
const apiUrl = `http://${apiHost === '0.0.0.0' ? 'localhost' : apiHost}:${portSetting('API_PORT')}`;

console.log(`
  shenguan 审管联动 is running
    API          ${apiUrl}/api
    OpenAPI docs ${apiUrl}/docs
    Temporal UI  ${setting('TEMPORAL_UI_URL', env)}
    Temporal     ${target.address} (namespace ${target.namespace})
    Database     ${database.kind === 'pglite' ? `embedded PGlite in ${join(dataDir, 'pglite')}` : 'DATABASE_URL'}
${adminToken ? `    Admin token  (region_admin, catalogue_admin, calendar_admin, auditor; all regions; 30 days)
      ${adminToken}
    More tokens  npm run token -- --sub ID --roles ROLE --region CODE [--dept D] [--division V]
` : ''}  Press Ctrl-C to stop.
`);

let stopping = false;
async function stopAll(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  await app.close();
  await client.connection.close();
  worker.shutdown();
  await workerRun;
  await workerConnection.close();
  await database.close();
  await devServer?.stop();
  logger.info('stopped');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAll(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  });
}
