// Records from other systems about an enterprise (L13): complaints and reports from the 12345
// hotline, inspection and penalty records of local supervision systems and the provincial
// platforms, keyed by the unified social credit code. Sources are configured as data (which kinds
// each may send, what each kind raises); this module holds the vocabulary and the rules a record
// must meet, whether it came by the signed webhook or in a CSV file. Pure.
import { checkCreditCode } from './credit-code.js';
import { parseCivilDate } from './calendar/civil-date.js';
import { canonicalJson } from './case.js';

/** The kinds of record another system may send. */
export const externalKinds = ['complaint', 'report', 'inspection', 'penalty'] as const;
/** One kind. */
export type ExternalKind = (typeof externalKinds)[number];

/** Each kind as staff know it. */
export const externalKindNames: Record<ExternalKind, string> = { complaint: '投诉', report: '举报', inspection: '检查记录', penalty: '行政处罚' };

/**
 * What a kind may raise when it arrives: `task`, a supervision task (a spot-check case for the
 * responsible division), or `problem`, a problem record (问题线索; acted on by onRecordRaisesProblem).
 */
export const raiseActions = ['task', 'problem'] as const;
/** One action. */
export type RaiseAction = (typeof raiseActions)[number];

/** One rule of a source: a kind and what it raises; `taskModes` narrows a task to enterprises with a task of these modes (their division is the latest such task's). */
export interface RaiseRule {
  kind: ExternalKind;
  raises: RaiseAction;
  /** e.g. ['postCheck']: raise only for an enterprise under post-check, for the division of its latest post-check task. */
  taskModes?: string[];
}

/** What a record raised: nothing (with the reason), a case, a problem record, or a raise still to be tried. */
export const raisedStates = ['none', 'task', 'problem', 'pending'] as const;
/** One state. */
export type RaisedState = (typeof raisedStates)[number];

/** A source code: letters and digits (e.g. `12345`, `JSSCJG`), part of case numbers `EX-<source>-<record id>`; not `import` (a route). */
export const SOURCE_CODE_PATTERN = '^[A-Za-z0-9]{2,16}$';
/** The one code a source may not take: the import's route (`/api/external-records/import`). */
export const RESERVED_SOURCE_CODE = 'import';
/** A source's record ID: letters, digits, - and _ (at most 40), so the case number stays a valid one. */
export const RECORD_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$';

/** A record as a source sends it. */
export interface ExternalRecordInput {
  recordId: string;
  creditCode: string;
  kind: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  occurredOn: string;
  title: string;
  summary?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

/** A broken rule: the field (as in the body or the CSV column), the rule, and why, in Chinese. */
export interface RecordProblem {
  field: string;
  rule: string;
  message: string;
}

/** The source's side of the checks. */
export interface SourceRules {
  code: string;
  kinds: readonly string[];
}

/**
 * Every rule a record breaks: the credit code's checksum (GB 32100-2015), a kind the source may
 * send, a readable date not after `today` (Asia/Shanghai). Shapes (lengths, patterns) are the
 * schema's; these are what the schema cannot say.
 */
export function externalRecordProblems(record: ExternalRecordInput, source: SourceRules, today: string): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const code = checkCreditCode(record.creditCode);
  if (!code.valid) problems.push({ field: 'creditCode', rule: `credit-code/${code.rule}`, message: `统一社会信用代码无效：${code.reason}` });
  if (!(externalKinds as readonly string[]).includes(record.kind)) {
    problems.push({ field: 'kind', rule: 'known-kind', message: `未知的记录类型 ${record.kind}：应为 ${externalKinds.join('、')} 之一` });
  } else if (!source.kinds.includes(record.kind)) {
    problems.push({ field: 'kind', rule: 'kind-of-source', message: `来源 ${source.code} 未配置记录类型 ${record.kind}（可报送：${source.kinds.join('、') || '无'}）` });
  }
  // Older records count too (a penalty of years ago): any real date, not only the calendar's years.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(record.occurredOn) || parseCivilDate(record.occurredOn) === undefined) {
    problems.push({ field: 'occurredOn', rule: 'format', message: `发生日期 ${record.occurredOn} 不是有效的日期：应为存在的日期，格式 YYYY-MM-DD` });
  }
  else if (record.occurredOn > today) problems.push({ field: 'occurredOn', rule: 'future_date', message: `发生日期 ${record.occurredOn} 晚于今天（${today}）` });
  return problems;
}

/** What a record says, as canonical JSON: the same record ID saying something else is a different record. */
export function externalRecordContent(record: ExternalRecordInput): string {
  return canonicalJson([record.creditCode, record.kind, record.occurredOn, record.title, record.summary ?? '', record.details ?? {}]);
}

/** The case number a record's task is started under: a retried record never starts two cases. */
export function externalCaseNo(source: string, recordId: string): string {
  return `EX-${source}-${recordId}`;
}

/** The rule of a source for a kind, if any. */
export function ruleFor(rules: readonly RaiseRule[], kind: string): RaiseRule | undefined {
  return rules.find((rule) => rule.kind === kind);
}

/** Problems of a source's configuration: not the reserved code, rules only for kinds it may send, one rule per kind. */
export function sourceConfigProblems(kinds: readonly string[], rules: readonly RaiseRule[], code?: string): RecordProblem[] {
  const problems: RecordProblem[] = [];
  if (code === RESERVED_SOURCE_CODE) problems.push({ field: 'code', rule: 'reserved', message: `来源编码不能为 ${RESERVED_SOURCE_CODE}（保留给导入接口）` });
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (!kinds.includes(rule.kind)) problems.push({ field: `rules/${i}/kind`, rule: 'kind-of-source', message: `规则的记录类型 ${rule.kind} 不在该来源可报送的类型中` });
    if (seen.has(rule.kind)) problems.push({ field: `rules/${i}/kind`, rule: 'one-rule-per-kind', message: `记录类型 ${rule.kind} 已有规则` });
    seen.add(rule.kind);
  });
  return problems;
}

/** The columns of the CSV import, in the order the export of a template would give them. */
export const EXTERNAL_CSV_COLUMNS = ['record_id', 'credit_code', 'kind', 'occurred_on', 'title', 'summary'] as const;
/** The columns a file must have (summary may be left out). */
const requiredColumns = ['record_id', 'credit_code', 'kind', 'occurred_on', 'title'] as const;
/** Where each record field comes from in the CSV. */
const columnOfField: Record<string, string> = { recordId: 'record_id', creditCode: 'credit_code', kind: 'kind', occurredOn: 'occurred_on', title: 'title', summary: 'summary' };

/** A CSV problem, as the other imports answer them. */
export interface ExternalCsvProblem {
  row: number;
  column: string;
  rule: string;
  problem: string;
}

/** The records of a CSV file (records as api/csv parses them, header first), or every problem. */
export function readExternalCsv(
  records: readonly { line: number; cells: readonly string[] }[],
  source: SourceRules,
  today: string,
): { ok: true; rows: (ExternalRecordInput & { line: number })[] } | { ok: false; problems: ExternalCsvProblem[] } {
  const [header, ...body] = records;
  const names = (header?.cells ?? []).map((c) => c.trim());
  const missing = requiredColumns.filter((c) => !names.includes(c));
  if (!header || missing.length > 0) {
    return { ok: false, problems: missing.map((c) => ({ row: 1, column: c, rule: 'header', problem: `缺少列 ${c}（应有 ${EXTERNAL_CSV_COLUMNS.join(',')}）` })) };
  }
  const problems: ExternalCsvProblem[] = [];
  const rows: (ExternalRecordInput & { line: number })[] = [];
  const seen = new Map<string, number>();
  const recordIdPattern = new RegExp(RECORD_ID_PATTERN);
  for (const { line, cells } of body) {
    const cell = (name: string) => (cells[names.indexOf(name)] ?? '').trim();
    const row: ExternalRecordInput & { line: number } = { line, recordId: cell('record_id'), creditCode: cell('credit_code'), kind: cell('kind'), occurredOn: cell('occurred_on'), title: cell('title') };
    if (names.includes('summary') && cell('summary') !== '') row.summary = cell('summary');
    const add = (column: string, rule: string, problem: string) => problems.push({ row: line, column, rule, problem });
    if (!recordIdPattern.test(row.recordId)) add('record_id', 'pattern', `记录编号 ${row.recordId || '（空）'} 无效：只能含字母、数字、- 和 _，最多 40 位`);
    else if (seen.has(row.recordId)) add('record_id', 'duplicate', `记录编号 ${row.recordId} 与第 ${seen.get(row.recordId)} 行重复`);
    else seen.set(row.recordId, line);
    if (row.title === '' || row.title.length > 200) add('title', 'length', '标题不能为空，最多 200 字');
    if ((row.summary ?? '').length > 2000) add('summary', 'length', '摘要最多 2000 字');
    for (const p of externalRecordProblems(row, source, today)) add(columnOfField[p.field] ?? p.field, p.rule, p.message);
    rows.push(row);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
