// Validation of catalogue CSV imports (L3–L6, L16), pure: every problem of a file at once with its
// line and column, the plan of a clean file, and round trips of exported rows.
import { describe, expect, it } from 'vitest';
import { Code } from '../../api/schemas/organisation.js';
import { CODE_PATTERN, regionCoveringAll, usableModes } from '../../domain/catalogue.js';
import {
  csvCells,
  csvColumns,
  linkageKey,
  mentionedCodes,
  type CatalogueKind,
  type CatalogueRefs,
  type CatalogueRows,
  type CsvRecord,
} from '../../domain/catalogue-csv.js';
import { validateCatalogueCsv } from '../../domain/catalogue-import.js';

/** Records from lines of comma-separated cells (no quoting needed here); the header is line 1. */
function csv(...lines: string[]): CsvRecord[] {
  return lines.map((line, i) => ({ line: i + 1, cells: line.split(',') }));
}

const refs: CatalogueRefs = {
  departments: new Map([
    ['LYG-SPJ', { region: '320700', side: 'approval' as const }],
    ['LYG-SCJGJ', { region: '320700', side: 'both' as const }],
    ['LYG-ZJJ', { region: '320700', side: 'supervision' as const }],
    ['HZ-SPJ', { region: '320706', side: 'approval' as const }],
    ['DL-SPJ', { region: '120110', side: 'approval' as const }],
  ]),
  divisions: new Map([
    ['ZJJ-JGK', { deptCode: 'LYG-ZJJ' }],
    ['SCJ-SPK', { deptCode: 'LYG-SCJGJ' }],
  ]),
  approvalItems: new Map([
    ['FOOD', { code: 'FOOD', deptCode: 'LYG-SPJ', name: '食品经营许可', region: '320700' }],
    ['DL-ITEM', { code: 'DL-ITEM', deptCode: 'DL-SPJ', name: '东丽事项', region: '120110' }],
  ]),
  supervisionItems: new Map([['BUILD-SUP', { code: 'BUILD-SUP', deptCode: 'LYG-ZJJ', name: '建筑施工监管', region: '320700' }]]),
  handlingItems: new Map([
    ['FOOD-NEW', { code: 'FOOD-NEW', approvalItemCode: 'FOOD', name: '新办', allowedModes: ['deferral' as const, 'postCheck' as const], region: '320700' }],
  ]),
  subItems: new Map([
    ['BUILD-SAFE', { code: 'BUILD-SAFE', supervisionItemCode: 'BUILD-SUP', name: '安全检查', deptCode: 'LYG-ZJJ', region: '320700' }],
    ['FOOD-SUP-1', { code: 'FOOD-SUP-1', supervisionItemCode: 'FOOD-SUP', name: '食品检查', deptCode: 'LYG-SCJGJ', region: '320700' }],
  ]),
  linkages: new Map([
    [
      linkageKey({ handlingItemCode: 'FOOD-NEW', divisionCode: 'SCJ-SPK', subItemCode: 'FOOD-SUP-1' }),
      { handlingItemCode: 'FOOD-NEW', supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'SCJ-SPK', subItemCode: 'FOOD-SUP-1' },
    ],
  ]),
};

const validate = <K extends CatalogueKind>(kind: K, records: CsvRecord[], region = '320700') => validateCatalogueCsv(kind, records, refs, region);
const problemsOf = <K extends CatalogueKind>(kind: K, records: CsvRecord[], region = '320700') => {
  const result = validate(kind, records, region);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ row, column, rule }) => ({ row, column, rule }));
};

describe('header', () => {
  it('takes the columns in any order', () => {
    const result = validate('approval-items', csv('name,code,dept_code', '食品经营许可,FOOD,LYG-SPJ'));
    expect(result).toEqual({ ok: true, plan: { insert: [], update: [], unchanged: 1 } });
  });

  it('names every missing, unknown, repeated and empty column on line 1', () => {
    expect(problemsOf('handling-items', csv('code,name,备注,name,', 'X,Y,Z,Y,'))).toEqual([
      { row: 1, column: '备注', rule: 'unknown_column' },
      { row: 1, column: 'name', rule: 'header' },
      { row: 1, column: '第 5 列', rule: 'header' },
      { row: 1, column: 'approval_item_code', rule: 'missing_column' },
      { row: 1, column: 'allowed_modes', rule: 'missing_column' },
    ]);
  });

  it('refuses an empty file', () => {
    expect(problemsOf('linkages', [])).toEqual([{ row: 1, column: '', rule: 'header' }]);
  });
});

describe('rows', () => {
  it('plans inserts, updates and unchanged rows', () => {
    const result = validate('approval-items', csv('code,dept_code,name', 'FOOD,LYG-SPJ,食品经营许可（新）', 'DRUG,LYG-SCJGJ,药品经营许可', 'EDU,LYG-SPJ,办学许可'));
    expect(result).toEqual({
      ok: true,
      plan: {
        insert: [
          { code: 'DRUG', deptCode: 'LYG-SCJGJ', name: '药品经营许可' },
          { code: 'EDU', deptCode: 'LYG-SPJ', name: '办学许可' },
        ],
        update: [{ code: 'FOOD', deptCode: 'LYG-SPJ', name: '食品经营许可（新）' }],
        unchanged: 0,
      },
    });
  });

  it('reports every problem of every row with its line and column', () => {
    const problems = problemsOf(
      'approval-items',
      csv(
        'code,dept_code,name',
        'A1,LYG-SPJ,好', // line 2: fine
        ',LYG-SPJ,', // line 3: code and name empty
        'A1,NOPE,重复', // line 4: duplicate code, unknown department
        'A2,LYG-ZJJ,监管侧', // line 5: wrong side
        'A3,DL-SPJ,外区', // line 6: another region
        'bad code,LYG-SPJ,=HYPERLINK()', // line 7: bad code, formula-like name
        'A4,LYG-SPJ', // line 8: too few cells
        ',,', // line 9: blank, skipped
        'FOOD,LYG-SCJGJ,换部门', // line 10: owner change
      ),
    );
    expect(problems).toEqual([
      { row: 3, column: 'code', rule: 'required' },
      { row: 3, column: 'name', rule: 'required' },
      { row: 4, column: 'code', rule: 'duplicate' },
      { row: 4, column: 'dept_code', rule: 'unknown_reference' },
      { row: 5, column: 'dept_code', rule: 'wrong_side' },
      { row: 6, column: 'dept_code', rule: 'out_of_region' },
      { row: 7, column: 'code', rule: 'format' },
      { row: 7, column: 'name', rule: 'format' },
      { row: 8, column: '', rule: 'field_count' },
      { row: 10, column: 'dept_code', rule: 'owner_change' },
    ]);
  });

  it('explains in Chinese, naming what is wrong', () => {
    const result = validate('supervision-items', csv('code,dept_code,name', 'S1,LYG-SPJ,x', 'S1,LYG-ZJJ,y'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.problem).toBe('部门 LYG-SPJ 是审批侧部门，不能拥有监管事项或承担监管（需为监管侧或双侧部门）');
    expect(result.problems[1]!.problem).toBe('编码 S1 与第 2 行重复');
  });

  it('lets a city admin import for its districts, but not a district admin for the city', () => {
    expect(validate('approval-items', csv('code,dept_code,name', 'HZ-1,HZ-SPJ,海州事项')).ok).toBe(true);
    expect(problemsOf('approval-items', csv('code,dept_code,name', 'X,LYG-SPJ,市级'), '320706')).toEqual([{ row: 2, column: 'dept_code', rule: 'out_of_region' }]);
  });

  it('refuses a code another region uses', () => {
    const problems = problemsOf('approval-items', csv('code,dept_code,name', 'DL-ITEM,LYG-SPJ,抢注'));
    expect(problems).toEqual([{ row: 2, column: 'code', rule: 'out_of_region' }]);
  });

  it('counts lines as given, so quoted multi-line cells keep later rows on their own lines', () => {
    const records: CsvRecord[] = [
      { line: 1, cells: ['code', 'dept_code', 'name'] },
      { line: 2, cells: ['A', 'LYG-SPJ', 'two\nlines'] },
      { line: 4, cells: ['B', 'NOPE', 'x'] },
    ];
    expect(problemsOf('approval-items', records)).toEqual([{ row: 4, column: 'dept_code', rule: 'unknown_reference' }]);
  });
});

describe('handling items and their commitment modes (L5)', () => {
  const header = 'code,approval_item_code,name,allowed_modes';

  it('reads modes separated by |, in any order; empty means standard only', () => {
    const result = validate('handling-items', csv(header, 'FOOD-NEW,FOOD,新办,postCheck| deferral', 'FOOD-CHG,FOOD,变更,', 'FOOD-ALL,FOOD,全部,verification|postCheck|deferral'));
    expect(result).toEqual({
      ok: true,
      plan: {
        insert: [
          { code: 'FOOD-CHG', approvalItemCode: 'FOOD', name: '变更', allowedModes: [] },
          { code: 'FOOD-ALL', approvalItemCode: 'FOOD', name: '全部', allowedModes: ['deferral', 'verification', 'postCheck'] },
        ],
        update: [],
        unchanged: 1,
      },
    });
  });

  it('updates when only the modes change', () => {
    const result = validate('handling-items', csv(header, 'FOOD-NEW,FOOD,新办,deferral'));
    expect(result.ok && result.plan.update).toEqual([{ code: 'FOOD-NEW', approvalItemCode: 'FOOD', name: '新办', allowedModes: ['deferral'] }]);
  });

  it('refuses standard, unknown and repeated modes, unknown and foreign approval items', () => {
    expect(problemsOf('handling-items', csv(header, 'H1,FOOD,a,standard', 'H2,FOOD,b,deferal', 'H3,FOOD,c,deferral|deferral', 'H4,NOPE,d,', 'H5,DL-ITEM,e,', 'FOOD-NEW,FOOD-X,f,'))).toEqual([
      { row: 2, column: 'allowed_modes', rule: 'format' },
      { row: 3, column: 'allowed_modes', rule: 'format' },
      { row: 4, column: 'allowed_modes', rule: 'format' },
      { row: 5, column: 'approval_item_code', rule: 'unknown_reference' },
      { row: 6, column: 'approval_item_code', rule: 'out_of_region' },
      { row: 7, column: 'approval_item_code', rule: 'unknown_reference' },
    ]);
  });

  it('never moves a handling item to another approval item', () => {
    const withOther: CatalogueRefs = {
      ...refs,
      approvalItems: new Map([...refs.approvalItems, ['DRUG', { code: 'DRUG', deptCode: 'LYG-SPJ', name: '药品', region: '320700' }]]),
    };
    const result = validateCatalogueCsv('handling-items', csv(header, 'FOOD-NEW,DRUG,新办,deferral'), withOther, '320700');
    expect(result.ok ? [] : result.problems.map((p) => [p.column, p.rule])).toEqual([['approval_item_code', 'owner_change']]);
  });
});

describe('linkages (L4)', () => {
  const header = 'handling_item_code,supervising_dept_code,division_code,sub_item_code';

  it('accepts a division and a sub-item of the supervising department', () => {
    const result = validate('linkages', csv(header, 'FOOD-NEW,LYG-ZJJ,ZJJ-JGK,BUILD-SAFE', 'FOOD-NEW,LYG-SCJGJ,SCJ-SPK,FOOD-SUP-1'));
    expect(result).toEqual({
      ok: true,
      plan: { insert: [{ handlingItemCode: 'FOOD-NEW', supervisingDeptCode: 'LYG-ZJJ', divisionCode: 'ZJJ-JGK', subItemCode: 'BUILD-SAFE' }], update: [], unchanged: 1 },
    });
  });

  it('refuses a division or sub-item of another department, a wrong side, repeats and unknowns', () => {
    expect(
      problemsOf(
        'linkages',
        csv(
          header,
          'FOOD-NEW,LYG-ZJJ,SCJ-SPK,FOOD-SUP-1', // line 2: both belong to LYG-SCJGJ
          'FOOD-NEW,LYG-SPJ,SCJ-SPK,BUILD-SAFE', // line 3: approval-side department
          'FOOD-NEW,LYG-ZJJ,ZJJ-JGK,BUILD-SAFE', // line 4: fine
          'FOOD-NEW,LYG-ZJJ,ZJJ-JGK,BUILD-SAFE', // line 5: repeat of line 4
          'NOPE,LYG-ZJJ,NO-DIV,NO-SUB', // line 6: unknowns
        ),
      ),
    ).toEqual([
      { row: 2, column: 'division_code', rule: 'mismatch' },
      { row: 2, column: 'sub_item_code', rule: 'mismatch' },
      { row: 3, column: 'supervising_dept_code', rule: 'wrong_side' },
      { row: 5, column: 'sub_item_code', rule: 'duplicate' },
      { row: 6, column: 'handling_item_code', rule: 'unknown_reference' },
      { row: 6, column: 'division_code', rule: 'unknown_reference' },
      { row: 6, column: 'sub_item_code', rule: 'unknown_reference' },
    ]);
  });
});

describe('what a file mentions', () => {
  it('collects the codes of the reference columns, wherever they stand', () => {
    const codes = mentionedCodes('linkages', csv('sub_item_code,division_code,handling_item_code,supervising_dept_code', 'S1,D1,H1,P1', ' S2 ,D1,H2,', ''));
    expect(codes.subItems).toEqual(new Set(['S1', 'S2']));
    expect(codes.divisions).toEqual(new Set(['D1']));
    expect(codes.handlingItems).toEqual(new Set(['H1', 'H2']));
    expect(codes.departments).toEqual(new Set(['P1']));
    expect(codes.approvalItems.size + codes.supervisionItems.size).toBe(0);
  });
});

describe('export', () => {
  it('writes the cells in column order and re-reads as unchanged', () => {
    const rows: { [K in CatalogueKind]: CatalogueRows[K][] } = {
      'approval-items': [{ code: 'FOOD', deptCode: 'LYG-SPJ', name: '食品经营许可' }],
      'handling-items': [{ code: 'FOOD-NEW', approvalItemCode: 'FOOD', name: '新办', allowedModes: ['postCheck', 'deferral'] }],
      'supervision-items': [{ code: 'BUILD-SUP', deptCode: 'LYG-ZJJ', name: '建筑施工监管' }],
      'supervision-sub-items': [{ code: 'BUILD-SAFE', supervisionItemCode: 'BUILD-SUP', name: '安全检查' }],
      linkages: [{ handlingItemCode: 'FOOD-NEW', supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'SCJ-SPK', subItemCode: 'FOOD-SUP-1' }],
    };
    expect(csvCells('handling-items', rows['handling-items'][0]!)).toEqual(['FOOD-NEW', 'FOOD', '新办', 'deferral|postCheck']);
    for (const kind of Object.keys(rows) as CatalogueKind[]) {
      const records = [{ line: 1, cells: [...csvColumns[kind]] }, ...rows[kind].map((row, i) => ({ line: i + 2, cells: csvCells(kind, row as never) }))];
      expect(validateCatalogueCsv(kind, records, refs, '320700'), kind).toEqual({ ok: true, plan: { insert: [], update: [], unchanged: 1 } });
    }
  });
});

describe('helpers', () => {
  it('keeps the code rule equal to the API Code schema', () => {
    expect(Code.pattern).toBe(CODE_PATTERN);
  });

  it('finds the narrowest region covering a linkage’s ends', () => {
    expect(regionCoveringAll(['320706'])).toBe('320706');
    expect(regionCoveringAll(['320706', '320700'])).toBe('320700');
    expect(regionCoveringAll(['320703', '320706'])).toBe('320700');
    expect(regionCoveringAll(['320706', '320102'])).toBe('320000');
    expect(regionCoveringAll(['320706', '120110'])).toBe('100000');
  });

  it('always lets a case use standard', () => {
    expect(usableModes([])).toEqual(['standard']);
    expect(usableModes(['postCheck', 'deferral'])).toEqual(['standard', 'deferral', 'postCheck']);
  });
});
