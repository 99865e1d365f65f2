// `npm start`: the whole system on the embedded defaults in one go — Temporal dev server (history
// and Web UI), the database (embedded PGlite unless DATABASE_URL is set), the worker and the API.
// Ctrl-C stops everything it started. With TEMPORAL_ADDRESS set it uses that cluster instead.
import { createLogger } from './lib/logger.js';
import { startSystem, stopOnSignals } from './lib/system.js';

const logger = createLogger('shenguan');
const system = await startSystem({ logger });

console.log(`
  shenguan 审管联动 is running
    API          ${system.apiUrl}/api
    OpenAPI docs ${system.apiUrl}/docs
    Temporal UI  ${system.uiUrl}
    Temporal     ${system.temporal.address} (namespace ${system.temporal.namespace})
    Database     ${system.pgliteDir ? `embedded PGlite in ${system.pgliteDir}` : 'DATABASE_URL'}
${system.adminToken ? `    Admin token  (region_admin, catalogue_admin, calendar_admin, auditor; all regions; 30 days)
      ${system.adminToken}
    More tokens  npm run token -- --sub ID --roles ROLE --region CODE [--dept D] [--division V]
` : ''}  Press Ctrl-C to stop.
`);

stopOnSignals(system, logger);
