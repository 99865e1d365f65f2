// Fills the read model with a province's worth of cases for the query benchmarks: `cases`,
// `case_tasks`, `case_deadlines`, `credit_records` and `enterprise_credit_grades`, plus the
// regions, departments, divisions and catalogue items they name. Everything is made by the server
// itself with `insert … select … from generate_series`, one batch of cases at a time, from hash
// draws of the case number, so the same --cases gives the same data on every run.
//
//   npx tsx scripts/bench/generate-cases.ts [--cases 1000000] [--enterprises N] [--batch 25000] [--replace] [--pg-dir DIR] [--nice 10]
//
// The world: Jiangsu (320000), its 13 cities and 6 districts each (91 regions), 4 departments per
// region (market regulation, health, housing, transport), 3 divisions each; ~cases/5 enterprises
// with valid 统一社会信用代码, a few large (a chain's hundreds of licences) and most with one or
// two cases; cases started since 1 January 2025 (no case can be older: the working-day calendar
// its deadlines are computed on begins then), the older ones nearly all closed, about
// 8% still open, and a third of the open ones overdue. Working-day deadlines are approximated by
// calendar days (3 working days ≈ 4 days): the queries do not care.
//
// Postgres: DATABASE_URL, else a throw-away cluster (scripts/bench/lib/postgres.ts); --pg-dir
// keeps that cluster in a folder, for scripts/bench/read-model-queries.ts --pg-dir to reuse;
// --nice runs the server at that niceness, to load data politely on a shared machine.
import postgres from 'postgres';
import { openDatabase } from '../../db/client.js';
import { FIRST_SUPPORTED_YEAR } from '../../domain/calendar/supported-years.js';
import { creditCodeCheckCharacter, organisationCodeCheckCharacter } from '../../domain/credit-code.js';
import { benchPostgres } from './lib/postgres.js';
import { progressBar } from '../lib/progress-bar.js';
import { flag, intOption, option } from './lib/timing.js';

type Sql = postgres.Sql;

/** Jiangsu's cities in code order (3201 南京 … 3213 宿迁). */
const CITIES = ['南京市', '无锡市', '徐州市', '常州市', '苏州市', '南通市', '连云港市', '淮安市', '盐城市', '扬州市', '镇江市', '泰州市', '宿迁市'];
const DISTRICTS_PER_CITY = 6;
/** Department kinds: code suffix and name; every region has one of each, on both sides. */
const DEPT_KINDS = [
  ['SCJGJ', '市场监督管理局'],
  ['WJW', '卫生健康委员会'],
  ['ZJJ', '住房和城乡建设局'],
  ['JTJ', '交通运输局'],
] as const;
const DIVISIONS_PER_DEPT = 3;
const ITEMS_PER_KIND = 5;

/** Every region code: the province, its cities, their districts. */
export function regionCodes(): { code: string; name: string; parent: string | null }[] {
  const rows: { code: string; name: string; parent: string | null }[] = [{ code: '320000', name: '江苏省', parent: null }];
  CITIES.forEach((name, c) => {
    const city = `32${String(c + 1).padStart(2, '0')}00`;
    rows.push({ code: city, name, parent: '320000' });
    for (let d = 1; d <= DISTRICTS_PER_CITY; d++) rows.push({ code: `${city.slice(0, 4)}${String(d + 1).padStart(2, '0')}`, name: `${name}第${d}区`, parent: city });
  });
  return rows;
}

/** A valid 统一社会信用代码 for enterprise n registered in a region (企业 9-1, org code MAnnnnnn). */
export function enterpriseCreditCode(n: number, region: string): string {
  const org8 = `MA${String(n).padStart(6, '0')}`;
  const body = `91${region}${org8}${organisationCodeCheckCharacter(org8)}`;
  return body + creditCodeCheckCharacter(body);
}

/** A uniform draw in [0, 1) from the hash of an integer expression and a seed: deterministic. */
const u = (expr: string, seed: number) => `((hashint8extended((${expr})::bigint, ${seed}) & 2147483647)::float8 / 2147483648.0)`;

/** The bench's own table: one row per generated enterprise, for the benchmarks to pick from. */
const ENTERPRISES_DDL = `create table if not exists bench_enterprises (n int primary key, credit_code text not null, name text not null, region text not null)`;

async function insertOrganisation(sql: Sql): Promise<void> {
  const regions = regionCodes();
  await sql`insert into regions ${sql(regions.map((r) => ({ code: r.code, name: r.name, parent_code: r.parent })))} on conflict do nothing`;
  const depts = regions.flatMap((r) => DEPT_KINDS.map(([kind, name]) => ({ code: `${r.code}-${kind}`, region: r.code, name: `${r.name}${name}`, side: 'both' })));
  await sql`insert into departments ${sql(depts)} on conflict do nothing`;
  const divisions = depts.flatMap((d) => Array.from({ length: DIVISIONS_PER_DEPT }, (_, k) => ({ code: `${d.code}-D${k + 1}`, dept_code: d.code, name: `${d.name}监管${k + 1}处` })));
  await sql`insert into divisions ${sql(divisions)} on conflict do nothing`;
  const approvalItems = DEPT_KINDS.flatMap(([kind, name]) =>
    Array.from({ length: ITEMS_PER_KIND }, (_, k) => ({ code: `${kind}-A${k + 1}`, dept_code: `320000-${kind}`, name: `${name}许可事项${k + 1}` })),
  );
  await sql`insert into approval_items ${sql(approvalItems)} on conflict do nothing`;
  const handlingItems = approvalItems.flatMap((a) => [
    { code: `${a.code}-N`, approval_item_code: a.code, name: `${a.name}（新办）`, allowed_modes: ['deferral', 'verification', 'postCheck'] },
    { code: `${a.code}-C`, approval_item_code: a.code, name: `${a.name}（变更）`, allowed_modes: ['postCheck'] },
  ]);
  await sql`insert into handling_items ${sql(handlingItems)} on conflict do nothing`;
  await sql`insert into supervision_items ${sql(DEPT_KINDS.map(([kind, name]) => ({ code: `${kind}-S`, dept_code: `320000-${kind}`, name: `${name}监督检查` })))} on conflict do nothing`;
  const subItems = DEPT_KINDS.flatMap(([kind, name]) => [1, 2, 3].map((k) => ({ code: `${kind}-S${k}`, supervision_item_code: `${kind}-S`, name: `${name}监督检查子项${k}` })));
  await sql`insert into supervision_sub_items ${sql(subItems)} on conflict do nothing`;
}

async function insertEnterprises(sql: Sql, count: number): Promise<void> {
  const districts = regionCodes().filter((r) => !r.code.endsWith('00'));
  const cities = regionCodes().filter((r) => r.code.endsWith('00') && r.code !== '320000');
  for (let start = 0; start < count; start += 20_000) {
    const ns: number[] = [];
    const codes: string[] = [];
    const names: string[] = [];
    const regions: string[] = [];
    for (let n = start; n < Math.min(count, start + 20_000); n++) {
      // Four in five are registered in a district, the rest at city level.
      const region = n % 5 === 4 ? cities[(n * 7) % cities.length]! : districts[(n * 13) % districts.length]!;
      ns.push(n);
      codes.push(enterpriseCreditCode(n, region.code));
      names.push(`${region.name}示例${n}号企业有限公司`);
      regions.push(region.code);
    }
    await sql`insert into bench_enterprises select * from unnest(${ns}::int[], ${codes}::text[], ${names}::text[], ${regions}::text[])`;
  }
  // Three in five have a credit grade from the credit platform: A 50%, B 35%, C 10%, D 5%.
  await sql.unsafe(`
    insert into enterprise_credit_grades (credit_code, grade, graded_on, source, updated_by)
    select credit_code,
      case when ${u('n', 71)} < 0.50 then 'A' when ${u('n', 71)} < 0.85 then 'B' when ${u('n', 71)} < 0.95 then 'C' else 'D' end,
      current_date - (${u('n', 72)} * 365)::int, 'csv', 'bench'
    from bench_enterprises where ${u('n', 70)} < 0.6
    on conflict do nothing`);
}

/** The cases of numbers lo..hi (one batch). `$1` lo, `$2` hi, `$3` now, `$4` enterprise count. */
const CASES_SQL = `
insert into cases (case_no, region, approval_dept, approval_item, handling_item, credit_code, applicant_name, mode, stage, outcome,
                   decided_at, started_at, pushed_at, closed_at, next_due_at, overdue, revision, updated_at)
select case_no, region, approval_dept, approval_item,
       -- the handling item follows from the approval item: new (70%) or a change
       approval_item || case when u11 < 0.7 then '-N' else '-C' end,
       credit_code, applicant_name, mode, stage, outcome,
       started_at - u8 * interval '2 hours', started_at,
       case when stage in ('supervising', 'awaiting_decision') or (stage = 'closed' and outcome <> 'withdrawn') then started_at + interval '3 seconds' end,
       closed_at,
       case when stage <> 'closed' then case when overdue then $3::timestamptz - u9 * interval '20 days' else $3::timestamptz + u9 * interval '10 days' end end,
       overdue, 12, coalesce(closed_at, started_at)
from (
  select s.*,
    case when stage = 'closed' then case when u7 < 0.92 then 'completed' when u7 < 0.95 then 'revoked' else 'withdrawn' end end as outcome,
    case when stage = 'closed' then least(started_at + (2 + u8 * 40) * interval '1 day', $3::timestamptz) end as closed_at,
    stage <> 'closed' and u10 < 0.33 as overdue
  from (
    select b.*,
      case when started_at < $3::timestamptz - interval '30 days' then
             case when u6 < 0.94 then 'closed' when u6 < 0.995 then 'supervising' else 'awaiting_decision' end
           else
             case when u6 < 0.45 then 'closed' when u6 < 0.88 then 'supervising' when u6 < 0.92 then 'awaiting_linkage'
                  when u6 < 0.97 then case mode when 'deferral' then 'awaiting_materials' when 'verification' then 'verifying' else 'supervising' end
                  else 'awaiting_decision' end
      end as stage
    from (
      select g.*, e.credit_code, e.name as applicant_name, e.region,
        e.region || '-' || (array['SCJGJ','SCJGJ','SCJGJ','SCJGJ','SCJGJ','WJW','WJW','ZJJ','ZJJ','JTJ'])[1 + floor(u2 * 10)::int] as approval_dept,
        (array['SCJGJ','SCJGJ','SCJGJ','SCJGJ','SCJGJ','WJW','WJW','ZJJ','ZJJ','JTJ'])[1 + floor(u2 * 10)::int] || '-A' || (1 + floor(u3 * ${ITEMS_PER_KIND})::int) as approval_item,
        case when u4 < 0.40 then 'standard' when u4 < 0.65 then 'postCheck' when u4 < 0.80 then 'verification' when u4 < 0.90 then 'deferral' else 'spotCheck' end as mode,
        date_trunc('milliseconds', $3::timestamptz - u5 * ($3::timestamptz - '${FIRST_SUPPORTED_YEAR}-01-01T00:00:00+08:00'::timestamptz)) as started_at
      from (
        select i, 'BENCH-' || lpad(i::text, 8, '0') as case_no,
          ${u('i', 1)} as u1, ${u('i', 2)} as u2, ${u('i', 3)} as u3, ${u('i', 4)} as u4, ${u('i', 5)} as u5,
          ${u('i', 6)} as u6, ${u('i', 7)} as u7, ${u('i', 8)} as u8, ${u('i', 9)} as u9, ${u('i', 10)} as u10, ${u('i', 11)} as u11
        from generate_series($1::int, $2::int) as i
      ) g
      -- u1² skews towards the first enterprises: a few chains with hundreds of cases, a long tail of one or two.
      join bench_enterprises e on e.n = floor(g.u1 * g.u1 * $4::int)::int
    ) b
  ) s
) c
`;

/** The tasks of the cases of one batch; `$1` first case number, `$2` last. */
const TASKS_SQL = `
insert into case_tasks (task_id, case_no, region, credit_code, mode, approval_dept, supervising_dept, division_code, sub_item_code, status,
                        notified_at, viewed_at, start_due_at, finish_due_at, first_inspected_at, results, late_results,
                        rectification_ordered_at, revocation_proposed_at, revocation_decision, revocation_decided_at, inspectors, detail,
                        next_due_at, next_due_kind, escalation_level, warned, overdue, closed_at, revision, updated_at)
select task_id, case_no, region, credit_code, mode, approval_dept, supervising_dept, division_code, sub_item_code, status,
       notified_at, viewed_at, start_due_at, finish_due_at, first_inspected_at, results, late_results,
       rectification_ordered_at, revocation_proposed_at,
       case status when 'revoked' then 'revoke' end, case status when 'revoked' then revocation_proposed_at + interval '5 days' end,
       case when mode = 'spotCheck' then jsonb_build_array('inspector-' || (1 + floor(t1 * 40)::int), 'inspector-' || (41 + floor(t2 * 40)::int)) end,
       jsonb_build_object('taskId', task_id, 'status', status, 'notifiedAt', notified_at, 'viewedAt', viewed_at,
                          'supervisingDeptCode', supervising_dept, 'divisionCode', division_code, 'subItemCode', sub_item_code,
                          'inspections', case when results > 0 then jsonb_build_array(jsonb_build_object('inspectedAt', first_inspected_at, 'recordedAt', first_inspected_at,
                            'result', case when rectification_ordered_at is null then 'compliant' else 'noncompliant' end, 'late', late_results > 0)) else '[]'::jsonb end),
       case when next_due_kind is not null then case_next_due end, next_due_kind,
       case when case_overdue and next_due_kind is not null then (array[2, 1, 3])[1 + floor(t6 * 3)::int] else 0 end,
       (case_overdue and next_due_kind is not null) or t6 < 0.2,
       case_overdue and next_due_kind is not null,
       closed_at, 12, coalesce(closed_at, notified_at)
from (
  select s.*,
    case when finished then null
         when status = 'notified' then case when mode in ('postCheck', 'spotCheck') then 'postCheckStart' else 'view' end
         when status = 'viewed' and mode in ('postCheck', 'spotCheck') then 'postCheckFinish'
         when status = 'rectifying' then 'rectification'
         when status = 'revocation_due' then 'revocationProposal'
    end as next_due_kind,
    case when finished then coalesce(case_closed, notified_at + (5 + t3 * 20) * interval '1 day') end as closed_at,
    case when status in ('notified', 'cancelled') then null else viewed_at0 end as viewed_at,
    case when status in ('notified', 'viewed', 'cancelled') then null else viewed_at0 + t4 * interval '8 days' end as first_inspected_at,
    case when status in ('notified', 'viewed', 'cancelled') then 0 when rect then 2 else 1 end as results,
    case when status not in ('notified', 'viewed', 'cancelled') and t5 < 0.05 then 1 else 0 end as late_results,
    case when rect then viewed_at0 + t4 * interval '8 days' + interval '1 day' end as rectification_ordered_at,
    case when status in ('awaiting_revocation_decision', 'revoked') then viewed_at0 + t4 * interval '8 days' + (6 + t5 * 7) * interval '1 day' end as revocation_proposed_at
  from (
    select r.*,
      status in ('done', 'revoked', 'declined', 'cancelled') as finished,
      status in ('rectifying', 'reinspecting', 'revocation_due', 'awaiting_revocation_decision', 'revoked') or (status = 'done' and t5 < 0.08) as rect
    from (
      select q.*,
        case
          when case_stage = 'closed' then case case_outcome when 'withdrawn' then 'cancelled' when 'revoked' then case when n = 1 then 'revoked' else 'done' end else 'done' end
          when case_stage = 'awaiting_decision' then case when n = 1 then 'awaiting_revocation_decision' else 'done' end
          when t1 < 0.35 then 'notified' when t1 < 0.70 then 'viewed' when t1 < 0.75 then 'noncompliant' when t1 < 0.90 then 'rectifying'
          when t1 < 0.95 then 'reinspecting' when t1 < 0.98 then 'revocation_due' else 'awaiting_revocation_decision'
        end as status,
        supervising_dept || '-D' || (1 + floor(t7 * ${DIVISIONS_PER_DEPT})::int) as division_code,
        split_part(supervising_dept, '-', 2) || '-S' || (1 + floor(t8 * 3)::int) as sub_item_code,
        case when mode in ('postCheck', 'spotCheck') then decided_at + interval '34 hours' else notified_at + interval '4 days' end as start_due_at,
        case when mode in ('postCheck', 'spotCheck') then decided_at + interval '14 days' end as finish_due_at,
        -- about one view in ten comes after its deadline (3 working days; a check's start: 1)
        notified_at + case when mode in ('postCheck', 'spotCheck') then t2 * t2 * t2 * interval '2 days' else t2 * t2 * interval '5 days' end as viewed_at0
      from (
        select c.case_no || ':' || n as task_id, c.case_no, c.region, c.credit_code, c.mode, c.approval_dept, c.decided_at,
          c.stage as case_stage, c.outcome as case_outcome, c.closed_at as case_closed, c.next_due_at as case_next_due, c.overdue as case_overdue,
          c.pushed_at as notified_at, n,
          case when n = 1 then c.approval_dept
               else c.region || '-' || (array['WJW','ZJJ','JTJ','SCJGJ'])[array_position(array['SCJGJ','WJW','ZJJ','JTJ'], split_part(c.approval_dept, '-', 2))] end as supervising_dept,
          ${u('k', 101)} as t1, ${u('k', 102)} as t2, ${u('k', 103)} as t3, ${u('k', 104)} as t4,
          ${u('k', 105)} as t5, ${u('k', 106)} as t6, ${u('k', 107)} as t7, ${u('k', 108)} as t8
        from cases c
        cross join generate_series(1, 2) as n
        cross join lateral (select substr(c.case_no, 7)::bigint * 2 + n as k) kk
        where c.case_no between $1 and $2 and c.pushed_at is not null
          -- one case in eight is linked to a second division (another department of its region)
          and (n = 1 or ${u('substr(c.case_no, 7)::bigint', 109)} < 0.12)
      ) q
    ) r
  ) s
) t
`;

/** The deadlines of the tasks (and deferral cases) of one batch; `$1` first case number, `$2` last. */
const DEADLINES_SQL = `
insert into case_deadlines (case_no, deadline_id, task_id, kind, dept_code, division_code, region, due_at, warn_at, warned, overdue,
                            escalated_levels, escalation_level, opened_at, closed_at, revision)
select case_no, kind || ':' || task_id, task_id, kind, supervising_dept, division_code, region, due_at, due_at - interval '1 day',
       is_open and (overdue or warned) or (not is_open and late), (is_open and overdue) or late,
       case when (is_open and overdue) or late then case escalation_level when 1 then '[2,1]'::jsonb when 3 then '[2,1,3]'::jsonb else '[2]'::jsonb end else '[]'::jsonb end,
       case when (is_open and overdue) or late then greatest(escalation_level, 2) else 0 end,
       notified_at, case when not is_open then closed end, 12
from (
  select t.*, d.kind, d.due_at, d.closed,
    d.closed is null and t.next_due_kind = d.kind as is_open,
    coalesce(d.closed > d.due_at, false) as late
  from case_tasks t
  cross join lateral (values
    (case when t.mode in ('postCheck', 'spotCheck') then 'postCheckStart' else 'view' end, t.start_due_at,
     case when t.status = 'notified' then t.closed_at else coalesce(t.viewed_at, t.first_inspected_at, t.closed_at) end),
    (case when t.mode in ('postCheck', 'spotCheck') then 'postCheckFinish' end, t.finish_due_at,
     case when t.status in ('notified', 'viewed') then t.closed_at else coalesce(t.first_inspected_at, t.closed_at) end),
    (case when t.rectification_ordered_at is not null then 'rectification' end, t.rectification_ordered_at + interval '7 days',
     case when t.status = 'rectifying' then t.closed_at else coalesce(t.rectification_ordered_at + interval '6 days', t.closed_at) end),
    (case when t.status in ('revocation_due', 'awaiting_revocation_decision', 'revoked') then 'revocationProposal' end, t.first_inspected_at + interval '12 days',
     case when t.status = 'revocation_due' then t.closed_at else t.revocation_proposed_at end)
  ) as d(kind, due_at, closed)
  where t.case_no between $1 and $2 and d.kind is not null
) x
union all
select c.case_no, 'materials', null, 'materials', c.approval_dept, null, c.region, c.started_at + interval '30 days', c.started_at + interval '29 days',
       c.stage = 'awaiting_materials' and c.overdue, c.stage = 'awaiting_materials' and c.overdue,
       case when c.stage = 'awaiting_materials' and c.overdue then '[2]'::jsonb else '[]'::jsonb end,
       case when c.stage = 'awaiting_materials' and c.overdue then 2 else 0 end,
       c.started_at, case when c.stage <> 'awaiting_materials' then coalesce(c.pushed_at, c.closed_at, c.started_at + interval '20 days') end, 12
from cases c
where c.case_no between $1 and $2 and c.mode = 'deferral'
`;

/** 失信 records of the revoked cases of one batch. */
const CREDIT_RECORDS_SQL = `
insert into credit_records (key, credit_code, event, reason, decision_document, case_no, recorded_at)
select 'bench:' || case_no, credit_code,
       case mode when 'deferral' then 'deferral_revoked' when 'verification' then 'verification_revoked' else 'licence_revoked' end,
       '撤销行政许可', '苏撤〔' || extract(year from closed_at) || '〕' || substr(case_no, 7) || '号', case_no, closed_at
from cases
where case_no between $1 and $2 and outcome = 'revoked'
`;

/** Options of generateCases. */
export interface GenerateOptions {
  cases: number;
  enterprises?: number;
  batch?: number;
  /** Empty the tables first; without it, a database that holds cases already is refused. */
  replace?: boolean;
  log?: (line: string) => void;
}

/** What was generated. */
export interface Generated {
  cases: number;
  tasks: number;
  deadlines: number;
  creditRecords: number;
  enterprises: number;
  seconds: number;
}

const caseNo = (i: number) => `BENCH-${String(i).padStart(8, '0')}`;

/** Generates the data into the (migrated) database of `url`. */
export async function generateCases(url: string, options: GenerateOptions): Promise<Generated> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[bench] ${line}\n`));
  const enterprises = options.enterprises ?? Math.max(100, Math.round(options.cases / 5));
  const batch = options.batch ?? 25_000;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const started = process.hrtime.bigint();
  try {
    const [existing] = await sql`select exists (select 1 from cases) as any`;
    if (existing?.any && !options.replace) throw new Error('the cases table holds rows already: run with --replace to empty the read model first');
    await sql.unsafe(ENTERPRISES_DDL);
    if (options.replace) {
      log('emptying the read model, credit records and grades');
      await sql`truncate cases, case_tasks, case_deadlines, case_timeline, credit_records, enterprise_credit_grades, bench_enterprises`;
    }
    // Nothing to lose on a benchmark box: no waiting for the WAL on every batch.
    await sql`set synchronous_commit = off`;
    await insertOrganisation(sql);
    log(`${enterprises.toLocaleString('en-US')} enterprises`);
    await insertEnterprises(sql, enterprises);
    const now = new Date().toISOString();
    const bar = progressBar('cases');
    bar.update(0, options.cases);
    for (let lo = 1; lo <= options.cases; lo += batch) {
      const hi = Math.min(options.cases, lo + batch - 1);
      await sql.begin(async (tx) => {
        await tx.unsafe(CASES_SQL, [lo, hi, now, enterprises]);
        await tx.unsafe(TASKS_SQL, [caseNo(lo), caseNo(hi)]);
        await tx.unsafe(DEADLINES_SQL, [caseNo(lo), caseNo(hi)]);
        await tx.unsafe(CREDIT_RECORDS_SQL, [caseNo(lo), caseNo(hi)]);
      });
      bar.update(hi, options.cases);
    }
    bar.finish();
    log('vacuum analyze');
    for (const table of ['cases', 'case_tasks', 'case_deadlines', 'credit_records', 'enterprise_credit_grades', 'bench_enterprises']) {
      await sql.unsafe(`vacuum analyze ${table}`);
    }
    const [counts] = await sql`
      select (select count(*) from cases)::int as cases, (select count(*) from case_tasks)::int as tasks,
             (select count(*) from case_deadlines)::int as deadlines, (select count(*) from credit_records)::int as credit_records`;
    return {
      cases: counts!.cases as number,
      tasks: counts!.tasks as number,
      deadlines: counts!.deadlines as number,
      creditRecords: counts!.credit_records as number,
      enterprises,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = intOption('cases', 1_000_000);
  const enterprises = option('enterprises') === undefined ? undefined : intOption('enterprises', 0);
  const pgDir = option('pg-dir');
  const nice = option('nice') === undefined ? undefined : intOption('nice', 10);
  const pg = await benchPostgres({ ...(pgDir ? { dataDir: pgDir } : {}), ...(nice ? { nice } : {}) });
  try {
    const database = await openDatabase({ url: pg.url });
    await database.migrate();
    await database.close();
    const result = await generateCases(pg.url, {
      cases,
      ...(enterprises !== undefined ? { enterprises } : {}),
      batch: intOption('batch', 25_000),
      replace: flag('replace'),
    });
    console.log(
      `Generated ${result.cases.toLocaleString('en-US')} cases, ${result.tasks.toLocaleString('en-US')} tasks, ` +
        `${result.deadlines.toLocaleString('en-US')} deadlines and ${result.creditRecords.toLocaleString('en-US')} credit records ` +
        `for ${result.enterprises.toLocaleString('en-US')} enterprises in ${result.seconds.toFixed(1)} s (${pg.about}).`,
    );
  } finally {
    await pg.stop();
  }
}
