// How the read-model queries behind the portrait, the inbox, the dashboard and the case list
// hold up with a million cases in Postgres: p50 / p99 of each, against a primary-key lookup of one case
// (`select * from cases where case_no = $1`) timed the same way, round robin with it, over the
// same drizzle / postgres.js connection. The functions are the ones the API calls:
// enterprisePortrait (db/enterprise-portrait.ts), divisionInbox (db/inbox.ts), coordinatorDashboard
// (db/dashboard.ts) and listCases (db/case-list.ts). Prints markdown for BENCHMARKS.md.
//
//   npx tsx scripts/bench/read-model-queries.ts [--cases 1000000] [--iterations 300] [--pg-dir DIR] [--explain] [--nice 10]
//
// The data comes from scripts/bench/generate-cases.ts: when the database holds no cases they are
// generated first (with its progress bar); with --pg-dir the cluster, and so the data, is kept
// for the next run. --explain prints EXPLAIN (ANALYZE, BUFFERS) of one call of each query.
import { sql as dsql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../../db/client.js';
import { listCases, type CaseListFilters } from '../../db/case-list.js';
import { coordinatorDashboard } from '../../db/dashboard.js';
import { enterprisePortrait } from '../../db/enterprise-portrait.js';
import { divisionInbox } from '../../db/inbox.js';
import * as schema from '../../db/schema/index.js';
import { openDatabase } from '../../db/client.js';
import { generateCases, regionCodes } from './generate-cases.js';
import { benchPostgres } from './lib/postgres.js';
import { flag, intOption, markdownTable, ms, option, ratio, timeInterleaved, type Operation } from './lib/timing.js';
import { seededRandom } from '../../domain/sampling.js';

const targetCases = intOption('cases', 1_000_000);
const iterations = intOption('iterations', 300);
const warmup = Math.min(30, Math.max(3, Math.round(iterations / 10)));
const pageSize = 50;
const laterPage = 20;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const random = seededRandom('20261123');
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const pgDir = option('pg-dir');
const nice = option('nice') === undefined ? undefined : intOption('nice', 10);
const pg = await benchPostgres({ ...(pgDir ? { dataDir: pgDir } : {}), ...(nice ? { nice } : {}) });
const migrated = await openDatabase({ url: pg.url });
await migrated.migrate();
await migrated.close();

const client = postgres(pg.url, { max: 10, onnotice: () => {} });
// Every statement the functions send, kept (when --explain) to explain one call of each.
let captured: { query: string; params: unknown[] }[] | undefined;
const db: Db = drizzle(client, {
  schema,
  logger: { logQuery: (query, params) => captured?.push({ query, params }) },
});

const [{ n: existing }] = (await client`select count(*)::int as n from cases`) as unknown as [{ n: number }];
if (existing === 0) {
  log(`generating ${targetCases.toLocaleString('en-US')} cases`);
  const generated = await generateCases(pg.url, { cases: targetCases });
  log(`generated in ${generated.seconds.toFixed(0)} s`);
} else if (existing !== targetCases) {
  log(`the database holds ${existing.toLocaleString('en-US')} cases (not ${targetCases.toLocaleString('en-US')}): measuring on those`);
}

const [sizes] = (await client`
  select (select count(*) from cases)::int as cases, (select count(*) from case_tasks)::int as tasks,
         (select count(*) from case_deadlines)::int as deadlines, (select count(*) from credit_records)::int as records,
         (select count(*) from bench_enterprises)::int as enterprises,
         pg_size_pretty(pg_database_size(current_database())) as size`) as unknown as [
  { cases: number; tasks: number; deadlines: number; records: number; enterprises: number; size: string },
];
log(`data: ${JSON.stringify(sizes)}`);

// What to ask for: random cases, enterprises and divisions, drawn once.
const caseNos = Array.from({ length: 2000 }, () => `BENCH-${String(1 + Math.floor(random() * sizes.cases)).padStart(8, '0')}`);
const enterpriseNs = Array.from({ length: 500 }, () => Math.floor(random() * sizes.enterprises));
// Enterprises with at least one case (an enterprise of the long tail may have none), with their case counts.
const sampled = (await client`
  select e.credit_code, count(*)::int as n from bench_enterprises e join cases c on c.credit_code = e.credit_code
  where e.n = any(${enterpriseNs}::int[]) group by 1 order by 2`) as unknown as { credit_code: string; n: number }[];
const creditCodes = sampled.map((r) => r.credit_code);
const medianCases = sampled[Math.floor(sampled.length / 2)]!.n;
const [largest] = (await client`select credit_code, count(*)::int as n from cases group by 1 order by 2 desc limit 1`) as unknown as [{ credit_code: string; n: number }];
const openByDivision = (await client`
  select division_code, count(*)::int as n from case_tasks where closed_at is null group by 1 order by 2 desc`) as unknown as { division_code: string; n: number }[];
const divisionCodes = openByDivision.map((r) => r.division_code);
const busiest = openByDivision[0]!;
const medianOpen = openByDivision[Math.floor(openByDivision.length / 2)]!.n;
const openByDept = (await client`
  select dept_code, count(*)::int as n from case_deadlines where closed_at is null group by 1 order by 2 desc`) as unknown as { dept_code: string; n: number }[];
const deptCodes = openByDept.map((r) => r.dept_code);
const busiestDept = openByDept[0]!;
const medianDeptOpen = openByDept[Math.floor(openByDept.length / 2)]!.n;
const cities = regionCodes().filter((r) => r.code.endsWith('00') && r.code !== '320000').map((r) => r.code);
const deptOf = (division: string) => division.split('-').slice(0, 2).join('-');
const regionOf = (division: string) => division.split('-')[0]!;

const province = { region: '320000' };
const cityOpen = (city: string): CaseListFilters => ({ visibility: { region: city }, stage: 'supervising', limit: pageSize });
// The cursor of page `laterPage` of each city's open cases, found by walking the pages (untimed).
const laterCursors = new Map<string, string>();
for (const city of cities) {
  let cursor: string | undefined;
  let page = 1;
  for (; page < laterPage; page++) {
    const result = await listCases(db, { ...cityOpen(city), ...(cursor ? { cursor } : {}) });
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  // Only a city whose open cases run to that page (a small data set may have fewer).
  if (cursor && page === laterPage) laterCursors.set(city, cursor);
}
const citiesWithLaterPage = [...laterCursors.keys()];
// The cursor of page `laterPage` of the busiest division's inbox (or its last page, for a small data set).
let busiestLaterCursor: string | undefined;
let busiestLaterPage = 1;
for (let page = 1; page < laterPage; page++) {
  const result = await divisionInbox(db, { divisionCode: busiest.division_code, limit: pageSize, ...(busiestLaterCursor ? { cursor: busiestLaterCursor } : {}) }, new Date());
  if (!result.nextCursor) break;
  busiestLaterCursor = result.nextCursor;
  busiestLaterPage = page + 1;
}
if (citiesWithLaterPage.length === 0) throw new Error(`no city has ${laterPage} pages of open cases: generate more cases`);

/** Throws unless a call found something: a benchmark of empty answers would measure nothing. */
function nonEmpty(what: string, n: number): void {
  if (n === 0) throw new Error(`${what} answered nothing`);
}

const operations: Operation[] = [
  {
    label: 'primary-key lookup: select * from cases where case_no = $1',
    run: async () => {
      const rows = (await db.execute(dsql`select * from cases where case_no = ${pick(caseNos)}`)) as unknown as unknown[];
      nonEmpty('pk lookup', rows.length);
    },
  },
  {
    label: `enterprise portrait, random enterprise (median ${medianCases} cases), province scope`,
    run: async () => {
      const portrait = await enterprisePortrait(db, pick(creditCodes), province);
      nonEmpty('portrait', portrait.approvals.total);
    },
  },
  {
    label: `enterprise portrait, the largest enterprise (${largest!.n.toLocaleString('en-US')} cases)`,
    run: async () => nonEmpty('largest portrait', (await enterprisePortrait(db, largest!.credit_code, province)).approvals.items.length),
  },
  {
    label: `division inbox, first page of ${pageSize}, random division (median ${medianOpen} open tasks)`,
    run: async () => {
      await divisionInbox(db, { divisionCode: pick(divisionCodes), limit: pageSize }, new Date());
    },
  },
  {
    label: `division inbox, first page, the busiest division (${busiest.n.toLocaleString('en-US')} open tasks)`,
    run: async () => nonEmpty('busiest inbox', (await divisionInbox(db, { divisionCode: busiest.division_code, limit: pageSize }, new Date())).items.length),
  },
  {
    label: `division inbox, page ${busiestLaterPage} (keyset cursor), the busiest division`,
    run: async () =>
      nonEmpty('busiest inbox, later page', (await divisionInbox(db, { divisionCode: busiest.division_code, limit: pageSize, ...(busiestLaterCursor ? { cursor: busiestLaterCursor } : {}) }, new Date())).items.length),
  },
  {
    label: `coordinator dashboard, random department (median ${medianDeptOpen} open deadlines)`,
    run: async () => {
      await coordinatorDashboard(db, pick(deptCodes), new Date());
    },
  },
  {
    label: `coordinator dashboard, the busiest department (${busiestDept.n.toLocaleString('en-US')} open deadlines)`,
    run: async () => nonEmpty('busiest dashboard', (await coordinatorDashboard(db, busiestDept.dept_code, new Date())).counts.open),
  },
  {
    label: `case list, first page of ${pageSize}, whole province`,
    run: async () => nonEmpty('province list', (await listCases(db, { visibility: province, limit: pageSize })).items.length),
  },
  {
    label: `case list, first page, a city, stage = supervising`,
    run: async () => nonEmpty('city list', (await listCases(db, cityOpen(pick(cities)))).items.length),
  },
  {
    label: `case list, page ${laterPage} (keyset cursor), a city, stage = supervising`,
    run: async () => {
      const city = pick(citiesWithLaterPage);
      nonEmpty('later page', (await listCases(db, { ...cityOpen(city), cursor: laterCursors.get(city)! })).items.length);
    },
  },
  {
    label: `case list, first page, a division's cases (division filter)`,
    run: async () => {
      const division = pick(divisionCodes);
      nonEmpty('division list', (await listCases(db, { visibility: { region: regionOf(division) }, division, limit: pageSize })).items.length);
    },
  },
  {
    label: `case list, first page, a department's cases (approved or supervised)`,
    run: async () => {
      const dept = deptOf(pick(divisionCodes));
      nonEmpty('dept list', (await listCases(db, { visibility: { region: dept.split('-')[0]! }, dept, limit: pageSize })).items.length);
    },
  },
];

if (flag('explain')) {
  for (const operation of operations) {
    captured = [];
    await operation.run(0);
    const statements = captured;
    captured = undefined;
    console.log(`\n#### ${operation.label}\n`);
    for (const statement of statements) {
      const plan = (await client.unsafe(`explain (analyze, buffers, costs off) ${statement.query}`, statement.params as never[])) as unknown as {
        'QUERY PLAN': string;
      }[];
      console.log('```\n' + statement.query.slice(0, 400) + (statement.query.length > 400 ? ' …' : '') + '\n' + plan.map((r) => r['QUERY PLAN']).join('\n') + '\n```');
    }
  }
}

log(`timing ${operations.length} queries round robin: ${warmup} warm-up + ${iterations} timed calls each`);
const timings = await timeInterleaved(operations, { warmup, iterations });
const pk = timings[0]!;
console.log(
  `\n${markdownTable(
    ['query', 'n', 'p50 (ms)', 'p99 (ms)', 'mean (ms)', 'p50 vs PK', 'p99 vs PK'],
    timings.map((t) => [t.label, String(t.samples.length), ms(t.p50), ms(t.p99), ms(t.mean), ratio(t.p50, pk.p50), ratio(t.p99, pk.p99)]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  )}`,
);
console.log(
  `\n${sizes.cases.toLocaleString('en-US')} cases, ${sizes.tasks.toLocaleString('en-US')} tasks, ${sizes.deadlines.toLocaleString('en-US')} deadlines, ` +
    `${sizes.records.toLocaleString('en-US')} credit records, ${sizes.enterprises.toLocaleString('en-US')} enterprises (${sizes.size}); ${pg.about}; Node ${process.version}.`,
);

await client.end({ timeout: 5 });
await pg.stop();
