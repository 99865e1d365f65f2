// Validation of a catalogue CSV import (L3–L6, L16), all or nothing: every row is checked —
// shape of each cell, references, department side, duplicates within the file, the caller's
// region — and every problem is reported at once; only a file without any is planned for writing.
// Pure: the API parses the file and loads what it mentions (`mentionedCodes`) beforehand.
import { regionCovers } from './access.js';
import { canonicalModes, codeProblem, isConfigurableMode, nameProblem, sameModes, sideAllows, sideNames, type ConfigurableMode } from './catalogue.js';
import {
  csvColumns,
  linkageKey,
  MODE_SEPARATOR,
  type CatalogueKind,
  type CatalogueRefs,
  type CatalogueRows,
  type CsvProblem,
  type CsvRecord,
  type CsvRule,
  type CsvValidation,
  type ImportPlan,
  type RowAction,
} from './catalogue-csv.js';

/** What a row checker works with: the cells by column, the references, the caller's region. */
interface RowContext {
  /** The trimmed cell of a column, or undefined when the header lacks the column. */
  cell(column: string): string | undefined;
  report(column: string, rule: CsvRule, problem: string): void;
  refs: CatalogueRefs;
  /** The region of the caller: every row must lie within it. */
  region: string;
  /** The line where the same key appeared before in the file, and remembers this one. */
  seen(key: string): number | undefined;
}

/** Checks one row: the record to write and how, or undefined after reporting its problems. */
type RowChecker<K extends CatalogueKind> = (row: RowContext) => { record: CatalogueRows[K]; action: RowAction } | undefined;

/** A required code cell, or undefined after reporting what is wrong (or when the header lacks it). */
function codeCell(row: RowContext, column: string): string | undefined {
  const value = row.cell(column);
  if (value === undefined) return undefined;
  const problem = codeProblem(value);
  if (problem) row.report(column, value === '' ? 'required' : 'format', problem);
  return problem ? undefined : value;
}

/** A required name cell. */
function nameCell(row: RowContext, column: string): string | undefined {
  const value = row.cell(column);
  if (value === undefined) return undefined;
  const problem = nameProblem(value);
  if (problem) row.report(column, value === '' ? 'required' : 'format', problem);
  return problem ? undefined : value;
}

/** The `allowed_modes` cell: modes separated by `|`; empty means `standard` only. */
function modesCell(row: RowContext, column: string): ConfigurableMode[] | undefined {
  const value = row.cell(column);
  if (value === undefined) return undefined;
  if (value === '') return [];
  const modes: ConfigurableMode[] = [];
  let valid = true;
  const refuse = (problem: string) => {
    row.report(column, 'format', problem);
    valid = false;
  };
  for (const token of value.split(MODE_SEPARATOR).map((t) => t.trim())) {
    if (token === 'standard') refuse('正常办理（standard）始终允许，不必填写');
    else if (!isConfigurableMode(token)) {
      refuse(`未知的告知承诺情形“${token}”：可填 deferral（材料延期）、verification（材料核验）、postCheck（事后核查），多个用 | 分隔，留空表示仅正常办理`);
    } else if (modes.includes(token)) refuse(`告知承诺情形 ${token} 重复`);
    else modes.push(token);
  }
  return valid ? canonicalModes(modes) : undefined;
}

/** Whether a key is the first of its kind in the file; reports the repeat otherwise. */
function firstInFile(row: RowContext, column: string, key: string, what: string): boolean {
  const first = row.seen(key);
  if (first !== undefined) row.report(column, 'duplicate', `${what}与第 ${first} 行重复`);
  return first === undefined;
}

/** A department that exists within the caller's region and is on the side it needs to be. */
function departmentCell(row: RowContext, column: string, needed: 'approval' | 'supervision'): string | undefined {
  const code = codeCell(row, column);
  if (code === undefined) return undefined;
  const dept = row.refs.departments.get(code);
  if (!dept) row.report(column, 'unknown_reference', `部门 ${code} 不存在`);
  else if (!regionCovers(row.region, dept.region)) row.report(column, 'out_of_region', `部门 ${code} 属于区划 ${dept.region}，不在本区划 ${row.region} 管辖内`);
  else if (!sideAllows(dept.side, needed)) {
    const what = needed === 'approval' ? '不能拥有审批事项（需为审批侧或双侧部门）' : '不能拥有监管事项或承担监管（需为监管侧或双侧部门）';
    row.report(column, 'wrong_side', `部门 ${code} 是${sideNames[dept.side]}部门，${what}`);
  } else return code;
  return undefined;
}

/** An item this row refers to, existing within the caller's region. */
function referencedItem<T extends { region: string }>(row: RowContext, column: string, items: ReadonlyMap<string, T>, what: string): T | undefined {
  const code = codeCell(row, column);
  if (code === undefined) return undefined;
  const item = items.get(code);
  if (!item) row.report(column, 'unknown_reference', `${what} ${code} 不存在`);
  else if (!regionCovers(row.region, item.region)) row.report(column, 'out_of_region', `${what} ${code} 属于区划 ${item.region}，不在本区划 ${row.region} 管辖内`);
  else return item;
  return undefined;
}

/** Whether an existing item keeps its owner: an import changes names and modes, never who owns what. */
function keepsOwner(row: RowContext, existing: { region: string }, code: string, ownerColumn: string, owner: { now: string; file: string }, what: string): boolean {
  if (!regionCovers(row.region, existing.region)) {
    row.report('code', 'out_of_region', `编码 ${code} 已被本区划以外的${what}使用`);
    return false;
  }
  if (owner.now !== owner.file) {
    row.report(ownerColumn, 'owner_change', `${what} ${code} 现属于 ${owner.now}，导入不能改变归属（本列应为 ${owner.now}）`);
    return false;
  }
  return true;
}

/** 审批事项 or 监管事项 rows. */
function ownedItemRow(side: 'approval' | 'supervision'): RowChecker<'approval-items'> & RowChecker<'supervision-items'> {
  const what = side === 'approval' ? '审批事项' : '监管事项';
  return (row) => {
    const code = codeCell(row, 'code');
    const unique = code !== undefined && firstInFile(row, 'code', code, `编码 ${code} `);
    const deptCode = departmentCell(row, 'dept_code', side);
    const name = nameCell(row, 'name');
    if (code === undefined || !unique || deptCode === undefined || name === undefined) return undefined;
    const existing = (side === 'approval' ? row.refs.approvalItems : row.refs.supervisionItems).get(code);
    if (existing && !keepsOwner(row, existing, code, 'dept_code', { now: existing.deptCode, file: deptCode }, what)) return undefined;
    const action: RowAction = !existing ? 'insert' : existing.name === name ? 'unchanged' : 'update';
    return { record: { code, deptCode, name }, action };
  };
}

const handlingItemRow: RowChecker<'handling-items'> = (row) => {
  const code = codeCell(row, 'code');
  const unique = code !== undefined && firstInFile(row, 'code', code, `编码 ${code} `);
  const approvalItem = referencedItem(row, 'approval_item_code', row.refs.approvalItems, '审批事项');
  const name = nameCell(row, 'name');
  const allowedModes = modesCell(row, 'allowed_modes');
  if (code === undefined || !unique || !approvalItem || name === undefined || !allowedModes) return undefined;
  const existing = row.refs.handlingItems.get(code);
  const owner = { now: existing?.approvalItemCode ?? '', file: approvalItem.code };
  if (existing && !keepsOwner(row, existing, code, 'approval_item_code', owner, '业务办理项')) return undefined;
  const action: RowAction = !existing ? 'insert' : existing.name === name && sameModes(existing.allowedModes, allowedModes) ? 'unchanged' : 'update';
  return { record: { code, approvalItemCode: approvalItem.code, name, allowedModes }, action };
};

const subItemRow: RowChecker<'supervision-sub-items'> = (row) => {
  const code = codeCell(row, 'code');
  const unique = code !== undefined && firstInFile(row, 'code', code, `编码 ${code} `);
  const supervisionItem = referencedItem(row, 'supervision_item_code', row.refs.supervisionItems, '监管事项');
  const name = nameCell(row, 'name');
  if (code === undefined || !unique || !supervisionItem || name === undefined) return undefined;
  const existing = row.refs.subItems.get(code);
  const owner = { now: existing?.supervisionItemCode ?? '', file: supervisionItem.code };
  if (existing && !keepsOwner(row, existing, code, 'supervision_item_code', owner, '监管子项')) return undefined;
  const action: RowAction = !existing ? 'insert' : existing.name === name ? 'unchanged' : 'update';
  return { record: { code, supervisionItemCode: supervisionItem.code, name }, action };
};

// 谁主管、谁监管 (L4): the division and the sub-item must both belong to the supervising department.
const linkageRow: RowChecker<'linkages'> = (row) => {
  const handlingItem = referencedItem(row, 'handling_item_code', row.refs.handlingItems, '业务办理项');
  const deptCode = departmentCell(row, 'supervising_dept_code', 'supervision');
  const divisionCode = codeCell(row, 'division_code');
  const subItemCode = codeCell(row, 'sub_item_code');
  const handlingItemCode = row.cell('handling_item_code');
  const key = handlingItemCode && divisionCode && subItemCode ? linkageKey({ handlingItemCode, divisionCode, subItemCode }) : undefined;
  const unique = key !== undefined && firstInFile(row, 'sub_item_code', key, '同一业务办理项、处室和监管子项的关联');
  let consistent = true;
  const inconsistent = (column: string, rule: CsvRule, problem: string) => {
    row.report(column, rule, problem);
    consistent = false;
  };
  if (divisionCode !== undefined) {
    const division = row.refs.divisions.get(divisionCode);
    if (!division) inconsistent('division_code', 'unknown_reference', `处室 ${divisionCode} 不存在`);
    else if (deptCode !== undefined && division.deptCode !== deptCode) {
      inconsistent('division_code', 'mismatch', `处室 ${divisionCode} 属于部门 ${division.deptCode}，不属于监管部门 ${deptCode}`);
    }
  }
  if (subItemCode !== undefined) {
    const subItem = row.refs.subItems.get(subItemCode);
    if (!subItem) inconsistent('sub_item_code', 'unknown_reference', `监管子项 ${subItemCode} 不存在`);
    else if (deptCode !== undefined && subItem.deptCode !== deptCode) {
      inconsistent('sub_item_code', 'mismatch', `监管子项 ${subItemCode} 属于部门 ${subItem.deptCode} 的监管事项，不属于监管部门 ${deptCode}`);
    }
  }
  if (!handlingItem || deptCode === undefined || divisionCode === undefined || subItemCode === undefined || !unique || !consistent) return undefined;
  const record = { handlingItemCode: handlingItem.code, supervisingDeptCode: deptCode, divisionCode, subItemCode };
  const existing = row.refs.linkages.get(key!);
  const action: RowAction = !existing ? 'insert' : existing.supervisingDeptCode === deptCode ? 'unchanged' : 'update';
  return { record, action };
};

const rowCheckers: { [K in CatalogueKind]: RowChecker<K> } = {
  'approval-items': ownedItemRow('approval'),
  'handling-items': handlingItemRow,
  'supervision-items': ownedItemRow('supervision'),
  'supervision-sub-items': subItemRow,
  linkages: linkageRow,
};

/** Validates a parsed file (header first) against what exists, for a caller of `region`. */
export function validateCatalogueCsv<K extends CatalogueKind>(kind: K, records: readonly CsvRecord[], refs: CatalogueRefs, region: string): CsvValidation<K> {
  const problems: CsvProblem[] = [];
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: [{ row: 1, column: '', rule: 'header', problem: `文件为空：第 1 行应为表头 ${csvColumns[kind].join(',')}` }] };

  const expected: readonly string[] = csvColumns[kind];
  const index = new Map<string, number>();
  header.cells.forEach((raw, i) => {
    const name = raw.trim();
    const column = name || `第 ${i + 1} 列`;
    if (!name) problems.push({ row: header.line, column, rule: 'header', problem: '表头为空' });
    else if (index.has(name)) problems.push({ row: header.line, column, rule: 'header', problem: `列 ${name} 重复出现` });
    else if (!expected.includes(name)) problems.push({ row: header.line, column, rule: 'unknown_column', problem: `未知的列 ${name}；本清单的列为 ${expected.join(',')}` });
    else index.set(name, i);
  });
  for (const column of expected) {
    if (!index.has(column)) problems.push({ row: header.line, column, rule: 'missing_column', problem: `缺少列 ${column}` });
  }

  const check = rowCheckers[kind] as RowChecker<K>;
  const firstLines = new Map<string, number>();
  const plan: ImportPlan<K> = { insert: [], update: [], unchanged: 0 };
  for (const record of rows) {
    // Spreadsheets often leave rows of empty cells at the end; they say nothing.
    if (record.cells.every((cell) => cell.trim() === '')) continue;
    if (record.cells.length !== header.cells.length) {
      problems.push({ row: record.line, column: '', rule: 'field_count', problem: `本行有 ${record.cells.length} 个单元格，表头有 ${header.cells.length} 列` });
      continue;
    }
    const context: RowContext = {
      cell: (column) => {
        const i = index.get(column);
        return i === undefined ? undefined : (record.cells[i] ?? '').trim();
      },
      report: (column, rule, problem) => problems.push({ row: record.line, column, rule, problem }),
      refs,
      region,
      seen: (key) => {
        const first = firstLines.get(key);
        if (first === undefined) firstLines.set(key, record.line);
        return first;
      },
    };
    const result = check(context);
    if (!result) continue;
    if (result.action === 'unchanged') plan.unchanged += 1;
    else plan[result.action].push(result.record);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}
