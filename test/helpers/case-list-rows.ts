// Read-model rows written by hand, for tests of the lists, inbox and dashboard that read it: an
// organisation of several regions, departments and divisions, and row builders with defaults.
import type { Db } from '../../db/client.js';
import { departments, divisions, regions, type caseDeadlines, type cases, type caseTasks } from '../../db/schema/index.js';

/** Valid credit codes: registered in Haizhou (320706), in Dongli, Tianjin (120110), and the case-input default. */
export const CREDIT = { haizhou: '91320706MA1W2X3Y60', dongli: '91120110MA1W2X3Y6C', other: '91350100M000100Y43' } as const;

/**
 * Lianyungang (320700) with its market regulator (LYG-SCJGJ: food division SPJY, special equipment
 * TZSB) and housing bureau (LYG-ZJJ: division JZ); Haizhou district (320706, HZ-SCJGJ); Dongli,
 * Tianjin (120110, DL-SCJGJ).
 */
export const org = {
  lyg: { region: '320700', scjgj: 'LYG-SCJGJ', spjy: 'LYG-SCJGJ-SPJY', tzsb: 'LYG-SCJGJ-TZSB', zjj: 'LYG-ZJJ', jz: 'LYG-ZJJ-JZ' },
  haizhou: { region: '320706', scjgj: 'HZ-SCJGJ', sp: 'HZ-SCJGJ-SP' },
  dongli: { region: '120110', scjgj: 'DL-SCJGJ', sp: 'DL-SCJGJ-SP' },
} as const;

/** Writes the organisation of `org`; `skip` leaves out rows a fixture wrote already. */
export async function seedOrganisation(db: Db, skip: { regions?: string[]; departments?: string[]; divisions?: string[] } = {}): Promise<void> {
  const regionRows = [
    { code: '320000', name: '江苏省', parentCode: null },
    { code: '320700', name: '连云港市', parentCode: '320000' },
    { code: '320706', name: '海州区', parentCode: '320700' },
    { code: '120110', name: '天津市东丽区', parentCode: null },
  ].filter((r) => !skip.regions?.includes(r.code));
  const deptRows = [
    { code: org.lyg.scjgj, region: org.lyg.region, name: '连云港市市场监督管理局', side: 'both' as const },
    { code: org.lyg.zjj, region: org.lyg.region, name: '连云港市住房和城乡建设局', side: 'both' as const },
    { code: org.haizhou.scjgj, region: org.haizhou.region, name: '海州区市场监督管理局', side: 'both' as const },
    { code: org.dongli.scjgj, region: org.dongli.region, name: '东丽区市场监督管理局', side: 'both' as const },
  ].filter((d) => !skip.departments?.includes(d.code));
  const divisionRows = [
    { code: org.lyg.spjy, deptCode: org.lyg.scjgj, name: '食品经营监管处' },
    { code: org.lyg.tzsb, deptCode: org.lyg.scjgj, name: '特种设备安全监察处' },
    { code: org.lyg.jz, deptCode: org.lyg.zjj, name: '建筑市场监管处' },
    { code: org.haizhou.sp, deptCode: org.haizhou.scjgj, name: '食品安全科' },
    { code: org.dongli.sp, deptCode: org.dongli.scjgj, name: '食品安全科' },
  ].filter((d) => !skip.divisions?.includes(d.code));
  if (regionRows.length) await db.insert(regions).values(regionRows);
  if (deptRows.length) await db.insert(departments).values(deptRows);
  if (divisionRows.length) await db.insert(divisions).values(divisionRows);
}

/** A case row: Lianyungang's market regulator, a standard case under supervision, unless overridden. */
export function caseRow(caseNo: string, overrides: Partial<typeof cases.$inferInsert> = {}): typeof cases.$inferInsert {
  return {
    caseNo,
    region: org.lyg.region,
    approvalDept: org.lyg.scjgj,
    approvalItem: 'FOOD-BUSINESS-LICENCE',
    handlingItem: 'FOOD-BUSINESS-LICENCE-NEW',
    creditCode: CREDIT.other,
    applicantName: `${caseNo} 示例食品店`,
    mode: 'standard',
    stage: 'supervising',
    decidedAt: '2026-11-01T02:00:00.000Z',
    startedAt: '2026-11-01T02:00:00.000Z',
    overdue: false,
    revision: 1,
    ...overrides,
  };
}

/** A task row `<caseNo>:1` of the case's region and approval department, open and just notified, unless overridden. */
export function taskRow(caseNo: string, supervisingDept: string, divisionCode: string, overrides: Partial<typeof caseTasks.$inferInsert> = {}): typeof caseTasks.$inferInsert {
  return {
    taskId: `${caseNo}:1`,
    caseNo,
    region: org.lyg.region,
    creditCode: CREDIT.other,
    mode: 'standard',
    approvalDept: org.lyg.scjgj,
    supervisingDept,
    divisionCode,
    subItemCode: 'FOOD-CHECK',
    status: 'notified',
    notifiedAt: '2026-11-01T02:00:00.000Z',
    detail: {},
    revision: 1,
    ...overrides,
  };
}

/** An open deadline row of a case, owed by `deptCode`, unless overridden. */
export function deadlineRow(caseNo: string, deadlineId: string, deptCode: string, overrides: Partial<typeof caseDeadlines.$inferInsert> & { dueAt: string }): typeof caseDeadlines.$inferInsert {
  return {
    caseNo,
    deadlineId,
    taskId: null,
    kind: 'view',
    deptCode,
    divisionCode: null,
    region: org.lyg.region,
    openedAt: '2026-11-01T02:00:00.000Z',
    revision: 1,
    ...overrides,
  };
}

/** 24:00 (Asia/Shanghai) of a date — how a working-day deadline ends — as a UTC ISO instant. */
export const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();
