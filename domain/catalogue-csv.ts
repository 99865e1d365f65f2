// The CSV formats of the catalogues (L3–L6, L16: departments keep their lists in spreadsheets):
// columns, rows, what an import refers to and what it reports. Pure: no I/O.
import { canonicalModes, type ConfigurableMode } from './catalogue.js';
import type { DepartmentSide } from './organisation.js';

/** The catalogues that travel as CSV, by their URL name. */
export const catalogueKinds = ['approval-items', 'handling-items', 'supervision-items', 'supervision-sub-items', 'linkages'] as const;
/** One catalogue. */
export type CatalogueKind = (typeof catalogueKinds)[number];

/** Staff-facing names of the catalogues. */
export const catalogueKindNames: Record<CatalogueKind, string> = {
  'approval-items': '审批事项',
  'handling-items': '业务办理项',
  'supervision-items': '监管事项',
  'supervision-sub-items': '监管子项',
  linkages: '审管事项关联',
};

/** The audit entity of each catalogue's rows: actions are `catalogue.<entity>.created` … `.imported`. */
export const catalogueEntities: Record<CatalogueKind, string> = {
  'approval-items': 'approval-item',
  'handling-items': 'handling-item',
  'supervision-items': 'supervision-item',
  'supervision-sub-items': 'supervision-sub-item',
  linkages: 'linkage',
};

/** The columns of each catalogue's CSV, in export order; an import needs every one, in any order. */
export const csvColumns = {
  'approval-items': ['code', 'dept_code', 'name'],
  'handling-items': ['code', 'approval_item_code', 'name', 'allowed_modes'],
  'supervision-items': ['code', 'dept_code', 'name'],
  'supervision-sub-items': ['code', 'supervision_item_code', 'name'],
  linkages: ['handling_item_code', 'supervising_dept_code', 'division_code', 'sub_item_code'],
} as const satisfies Record<CatalogueKind, readonly string[]>;

/** How `allowed_modes` separates modes in a cell, e.g. `deferral|postCheck`; empty = `standard` only. */
export const MODE_SEPARATOR = '|';

/** 审批事项 or 监管事项: owned by a department. */
export interface OwnedItemRow {
  code: string;
  deptCode: string;
  name: string;
}
/** 业务办理项 with the commitment modes it allows. */
export interface HandlingItemRow {
  code: string;
  approvalItemCode: string;
  name: string;
  allowedModes: ConfigurableMode[];
}
/** 监管子项. */
export interface SubItemRow {
  code: string;
  supervisionItemCode: string;
  name: string;
}
/** 审管事项关联, identified by (handling item, division, sub-item). */
export interface LinkageRow {
  handlingItemCode: string;
  supervisingDeptCode: string;
  divisionCode: string;
  subItemCode: string;
}
/** The row of each catalogue. */
export interface CatalogueRows {
  'approval-items': OwnedItemRow;
  'handling-items': HandlingItemRow;
  'supervision-items': OwnedItemRow;
  'supervision-sub-items': SubItemRow;
  linkages: LinkageRow;
}

/** The identity of a linkage: a handling item links a division's sub-item once. */
export function linkageKey(row: Pick<LinkageRow, 'handlingItemCode' | 'divisionCode' | 'subItemCode'>): string {
  return [row.handlingItemCode, row.divisionCode, row.subItemCode].join('\u0000');
}

/** How the audit trail names a row: its code, or `handling/division/sub-item` for a linkage. */
export function rowKey(row: CatalogueRows[CatalogueKind]): string {
  return 'code' in row ? row.code : [row.handlingItemCode, row.divisionCode, row.subItemCode].join('/');
}

/** What exists already, as far as the file mentions it; `region` is always the owning department's. */
export interface CatalogueRefs {
  departments: ReadonlyMap<string, { region: string; side: DepartmentSide }>;
  divisions: ReadonlyMap<string, { deptCode: string }>;
  approvalItems: ReadonlyMap<string, OwnedItemRow & { region: string }>;
  supervisionItems: ReadonlyMap<string, OwnedItemRow & { region: string }>;
  handlingItems: ReadonlyMap<string, HandlingItemRow & { region: string }>;
  subItems: ReadonlyMap<string, SubItemRow & { deptCode: string; region: string }>;
  /** The linkages of the handling items mentioned, by `linkageKey`. */
  linkages: ReadonlyMap<string, LinkageRow>;
}

/** The codes a file mentions, by what they name: what the caller loads into `CatalogueRefs`. */
export type MentionedCodes = Record<Exclude<keyof CatalogueRefs, 'linkages'>, Set<string>>;

// Which column of each catalogue names what: the codes to load before validating.
const columnRefs: { [K in CatalogueKind]: Partial<Record<(typeof csvColumns)[K][number], keyof MentionedCodes>> } = {
  'approval-items': { code: 'approvalItems', dept_code: 'departments' },
  'handling-items': { code: 'handlingItems', approval_item_code: 'approvalItems' },
  'supervision-items': { code: 'supervisionItems', dept_code: 'departments' },
  'supervision-sub-items': { code: 'subItems', supervision_item_code: 'supervisionItems' },
  linkages: { handling_item_code: 'handlingItems', supervising_dept_code: 'departments', division_code: 'divisions', sub_item_code: 'subItems' },
};

/** A record of a parsed file: its 1-based line (the header is line 1) and its cells. */
export interface CsvRecord {
  line: number;
  cells: readonly string[];
}

/** Short machine-readable kinds of CSV problems. */
export type CsvRule =
  | 'parse'
  | 'header'
  | 'missing_column'
  | 'unknown_column'
  | 'field_count'
  | 'required'
  | 'format'
  | 'unknown_reference'
  | 'wrong_side'
  | 'mismatch'
  | 'out_of_region'
  | 'owner_change'
  | 'duplicate'
  | 'text';

/** One problem of an import: the line of the file, the column (header name), what is wrong. */
export interface CsvProblem {
  row: number;
  column: string;
  rule: CsvRule;
  problem: string;
}

/** What an import would write. */
export interface ImportPlan<K extends CatalogueKind> {
  insert: CatalogueRows[K][];
  update: CatalogueRows[K][];
  unchanged: number;
}

/** Every problem of a file, or what to write when there is none. */
export type CsvValidation<K extends CatalogueKind> = { ok: true; plan: ImportPlan<K> } | { ok: false; problems: CsvProblem[] };

/** Whether a row action inserts, updates or leaves a record alone. */
export type RowAction = 'insert' | 'update' | 'unchanged';

/** The codes the data rows of a file mention, by what they name. */
export function mentionedCodes(kind: CatalogueKind, records: readonly CsvRecord[]): MentionedCodes {
  const codes: MentionedCodes = {
    departments: new Set(),
    divisions: new Set(),
    approvalItems: new Set(),
    supervisionItems: new Set(),
    handlingItems: new Set(),
    subItems: new Set(),
  };
  const [header, ...rows] = records;
  if (!header) return codes;
  const refs: Partial<Record<string, keyof MentionedCodes>> = columnRefs[kind];
  header.cells.forEach((name, index) => {
    const target = refs[name.trim()];
    if (!target) return;
    for (const row of rows) {
      const value = row.cells[index]?.trim();
      if (value) codes[target].add(value);
    }
  });
  return codes;
}

// The cells of each catalogue's row, in the order of `csvColumns`.
const cellsOf: { [K in CatalogueKind]: (row: CatalogueRows[K]) => string[] } = {
  'approval-items': (row) => [row.code, row.deptCode, row.name],
  'handling-items': (row) => [row.code, row.approvalItemCode, row.name, canonicalModes(row.allowedModes).join(MODE_SEPARATOR)],
  'supervision-items': (row) => [row.code, row.deptCode, row.name],
  'supervision-sub-items': (row) => [row.code, row.supervisionItemCode, row.name],
  linkages: (row) => [row.handlingItemCode, row.supervisingDeptCode, row.divisionCode, row.subItemCode],
};

/** The CSV cells of a row, in the order of `csvColumns[kind]`. */
export function csvCells<K extends CatalogueKind>(kind: K, row: CatalogueRows[K]): string[] {
  return cellsOf[kind](row);
}
