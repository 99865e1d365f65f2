// What `npm start` prints once the system runs. The admin token itself is not in it: stdout also
// carries the JSON logs, so the banner gives the path of the owner-only file that holds the token.
import type { RunningSystem } from './system.js';

/** The banner for a running system. */
export function formatStartBanner(system: Pick<RunningSystem, 'apiUrl' | 'uiUrl' | 'codecUrl' | 'temporal' | 'pgliteDir' | 'adminTokenFile'> & Partial<Pick<RunningSystem, 'metricsUrl'>>): string {
  const admin = system.adminTokenFile
    ? `    Admin token  region_admin, catalogue_admin, calendar_admin, auditor; all regions; 8 hours
                 in ${system.adminTokenFile} (readable by you only)
                 curl -H "authorization: Bearer $(cat ${system.adminTokenFile})" '${system.apiUrl}/api/regions'
    More tokens  npm run token -- --sub ID --roles ROLE --region CODE [--dept D] [--division V]
`
    : '';
  return `
  shenguan 审管联动 is running
    API          ${system.apiUrl}/api
    OpenAPI docs ${system.apiUrl}/docs
    Temporal UI  ${system.uiUrl}
    Ops sign-in  ${system.codecUrl}/sign-in  (role ops: names and phones in the UI, audited)
${system.metricsUrl ? `    Metrics      ${system.metricsUrl}
` : ''}    Temporal     ${system.temporal.address} (namespace ${system.temporal.namespace})
    Database     ${system.pgliteDir ? `embedded PGlite in ${system.pgliteDir}` : 'DATABASE_URL'}
${admin}  Press Ctrl-C to stop.
`;
}
