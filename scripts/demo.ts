// `npm run demo`: starts the whole system (as `npm start` does) on its own data folder
// (SHENGUAN_DATA_DIR/demo, i.e. .data/demo by default), seeds Lianyungang (320700) with its linkage
// policy (the Lianyungang preset; 赣榆区 320707 on the Dongli preset) and drives a few
// dozen cases of every mode through the HTTP API, then prints a summary and keeps running until
// Ctrl-C, leaving everything to look at in the API and the Temporal UI. A second run on the same
// folder adds a new set of cases (numbered by the run's time) beside the old ones.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { setting } from './config.js';
import { createLogger } from './lib/logger.js';
import { actors } from './lib/demo/actors.js';
import { createApiClient } from './lib/demo/api-client.js';
import { driveCases, newRun } from './lib/demo/drive.js';
import { divisions, coordinators, staff } from './lib/demo/organisation.js';
import { progressBar } from './lib/progress-bar.js';
import { showcaseScenario } from './lib/demo/scenarios.js';
import { driveOversight } from './lib/demo/oversight.js';
import { seedPolicies } from './lib/demo/policies.js';
import { seedRegion } from './lib/demo/seed.js';
import { formatSummary, policyLines, readBack, tokensFileText } from './lib/demo/summary.js';
import { writeOwnerOnlyFile } from './lib/owner-only-file.js';
import { startSystem, stopOnSignals } from './lib/system.js';

const dataDir = join(setting('SHENGUAN_DATA_DIR')!, 'demo');
// The system's own log goes to a file: the terminal shows the progress and the summary.
const logFile = join(dataDir, 'demo.log');
mkdirSync(dataDir, { recursive: true });
const logger = createLogger('shenguan-demo', pino.destination({ dest: logFile, sync: false }));

console.log(`Starting the system in ${dataDir} (log: ${logFile}) …`);
// The demo calls the API faster than a person: the per-client rate limit is raised for it.
const system = await startSystem({ logger, dataDir, rateLimitPerMinute: 100_000 });
stopOnSignals(system, logger);

// Tokens of the default 8 hours: the API accepts none longer than TOKEN_MAX_LIFETIME.
const api = createApiClient(system.apiUrl, (principal) => system.mint(principal));
const run = newRun();
const runLabel = `连云港市 (320700), run ${run.caseNoPrefix}`;
try {
  const seeding = progressBar('Seeding 连云港市   ');
  const seeded = await seedRegion(api, run.tag, (done, total) => seeding.update(done, total));
  seeding.finish();
  console.log(`  ${seeded.written} written, ${seeded.existed} already there`);
  // Before the cases: a case pins the policy in force at its start.
  const policies = await seedPolicies(api);
  console.log(`  policies (审管联动规则): ${[...policies.added.map((p) => `${p} added`), ...policies.existed.map((p) => `${p} already there`)].join(', ')}`);

  const driving = progressBar('Driving cases     ');
  const driven = await driveCases(api, run, { onProgress: (done, total) => driving.update(done, total) });
  driving.finish();

  const tally = await readBack(api, driven);
  const oversight = await driveOversight(api, driven);
  const [foodDivision, , , foodAdmin] = divisions[0]!;
  const [coordinatorDept, coordinatorName] = coordinators.find(([dept]) => dept === 'LYG-SCJGJ')!;
  const tokens = [
    ...(system.adminToken ? [{ who: '本地管理员 local-admin (region_admin, catalogue_admin, calendar_admin, auditor; all regions; 8 hours)', variable: 'ADMIN_TOKEN', token: system.adminToken, tryPath: '/api/people?region=320700' }] : []),
    { who: `处室管理员 ${foodAdmin}（${foodDivision}; 8 hours）`, variable: 'DIVISION_ADMIN_TOKEN', token: await api.token(actors.divisionAdmin(foodDivision)), tryPath: `/api/tasks` },
    { who: `1级审管协调员 ${coordinatorName}（${coordinatorDept}; 8 hours）`, variable: 'COORDINATOR_TOKEN', token: await api.token(actors.coordinator(coordinatorDept, 1)), tryPath: `/api/dashboard/coordinator?dept=${coordinatorDept}` },
    { who: `考核（auditor）${staff.auditor.name}（320700; 8 hours）`, variable: 'AUDITOR_TOKEN', token: await api.token(actors.auditor), tryPath: `/api/cases/${driven[0]?.caseNo ?? ''}` },
  ];
  const tokensFile = writeOwnerOnlyFile(join(dataDir, 'tokens.env'), tokensFileText(tokens));
  console.log(
    formatSummary(tally, driven, {
      runLabel,
      apiUrl: system.apiUrl,
      uiUrl: system.uiUrl,
      namespace: system.temporal.namespace,
      caseNoPrefix: run.caseNoPrefix,
      showcase: driven.find((c) => c.scenario === showcaseScenario && !c.error),
      oversight: oversight.lines,
      rules: policyLines(tally, driven),
      tokens,
      tokensFile,
    }),
  );
  console.log('  Press Ctrl-C to stop.');
} catch (error) {
  console.error(`\nThe demo stopped: ${(error as Error).message}`);
  await system.stop();
  process.exit(1);
}
