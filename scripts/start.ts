// `npm start`: the whole system on the embedded defaults in one go — Temporal dev server (history
// and Web UI), the database (embedded PGlite unless DATABASE_URL is set), the worker and the API.
// Ctrl-C stops everything it started. With TEMPORAL_ADDRESS set it uses that cluster instead.
import { createLogger } from './lib/logger.js';
import { formatStartBanner } from './lib/start-banner.js';
import { startSystem, stopOnSignals } from './lib/system.js';

const logger = createLogger('shenguan');
const system = await startSystem({ logger });

console.log(formatStartBanner(system));

stopOnSignals(system, logger);
