// Queries of the monthly credit-graded spot-check draws (双随机, L12): the departments' sampling
// settings, the population a department draws from (the read model), the division's inspectors,
// and the draws themselves, stored once per month, department and enterprise.
import { and, asc, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { DEFAULT_INSPECTORS_PER_CHECK, DEFAULT_WEIGHTS, type DrawnEnterprise, type GradeWeights, type SamplingGrade } from '../domain/sampling.js';
import type { DbOrTx } from './audit.js';
import { caseTasks, cases, departments, enterpriseCreditGrades, people, samplingDraws, samplingSettings } from './schema/index.js';
import { withinRegion } from './region-filter.js';
import { latestTaskFirst, taskTargetColumns } from './latest-task.js';

/** A department's sampling settings, as stored or (configured: false) the defaults. */
export interface SamplingSettingsRow {
  deptCode: string;
  configured: boolean;
  enterprisesPerMonth: number;
  inspectorsPerCheck: number;
  weights: GradeWeights;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The settings of a department; the defaults (no enterprises a month) when it has none. */
export async function findSamplingSettings(db: DbOrTx, deptCode: string): Promise<SamplingSettingsRow> {
  const [row] = await db.select().from(samplingSettings).where(eq(samplingSettings.deptCode, deptCode));
  if (!row) {
    return { deptCode, configured: false, enterprisesPerMonth: 0, inspectorsPerCheck: DEFAULT_INSPECTORS_PER_CHECK, weights: { ...DEFAULT_WEIGHTS }, updatedBy: null, updatedAt: null };
  }
  return { ...row, configured: true };
}

/** Creates or replaces a department's settings. */
export async function saveSamplingSettings(
  db: DbOrTx,
  row: { deptCode: string; enterprisesPerMonth: number; inspectorsPerCheck: number; weights: GradeWeights; updatedBy: string },
): Promise<SamplingSettingsRow> {
  const values = { ...row, updatedAt: new Date().toISOString() };
  const [saved] = await db.insert(samplingSettings).values(values).onConflictDoUpdate({ target: samplingSettings.deptCode, set: values }).returning();
  return { ...saved!, configured: true };
}

/** The departments that sample: those whose settings draw at least one enterprise a month, by code. */
export async function listSamplingDepartments(db: DbOrTx, within?: string): Promise<SamplingSettingsRow[]> {
  const rows = await db
    .select({ settings: samplingSettings })
    .from(samplingSettings)
    .innerJoin(departments, eq(departments.code, samplingSettings.deptCode))
    .where(and(gt(samplingSettings.enterprisesPerMonth, 0), within === undefined ? undefined : withinRegion(departments.region, within)))
    .orderBy(asc(samplingSettings.deptCode));
  return rows.map(({ settings }) => ({ ...settings, configured: true }));
}

/** An enterprise a department supervises, as its latest task and that task's case show it. */
export interface SupervisedEnterprise {
  creditCode: string;
  grade: SamplingGrade | null;
  divisionCode: string;
  subItemCode: string;
  /** The catalogue linkage revision the latest task was created on (0 when the task does not say). */
  revision: number;
  caseNo: string;
  region: string;
  approvalDept: string;
  approvalItem: string;
  handlingItem: string;
  applicantName: string;
}

/**
 * The enterprises a supervising department has tasks for in the read model, one per credit code
 * with the division and sub-item of its latest task (latest notified; the task ID breaks ties),
 * and the credit grade it has now. Optionally only one enterprise, in one division.
 */
export async function supervisedEnterprises(db: DbOrTx, deptCode: string, only?: { creditCode: string; divisionCode: string }): Promise<SupervisedEnterprise[]> {
  const conditions: SQL[] = [eq(caseTasks.supervisingDept, deptCode)];
  if (only) conditions.push(eq(caseTasks.creditCode, only.creditCode), eq(caseTasks.divisionCode, only.divisionCode));
  const rows = await db
    .selectDistinctOn([caseTasks.creditCode], {
      creditCode: caseTasks.creditCode,
      grade: enterpriseCreditGrades.grade,
      ...taskTargetColumns,
      caseNo: cases.caseNo,
    })
    .from(caseTasks)
    .innerJoin(cases, eq(cases.caseNo, caseTasks.caseNo))
    .leftJoin(enterpriseCreditGrades, eq(enterpriseCreditGrades.creditCode, caseTasks.creditCode))
    .where(and(...conditions))
    .orderBy(asc(caseTasks.creditCode), ...latestTaskFirst);
  return rows.map((row) => ({ ...row, grade: (row.grade as SamplingGrade | null) ?? null }));
}

/**
 * Who may be drawn as inspector (执法检查人员) of each division: the active people (not service
 * accounts) recorded in the division, whatever their roles — the platform has no inspector role,
 * and a division's staff are its law-enforcement officers.
 */
export async function divisionInspectors(db: DbOrTx, divisionCodes: readonly string[]): Promise<Record<string, string[]>> {
  const byDivision: Record<string, string[]> = Object.fromEntries(divisionCodes.map((code) => [code, []]));
  if (divisionCodes.length === 0) return byDivision;
  const rows = await db
    .select({ id: people.id, divisionCode: people.divisionCode })
    .from(people)
    .where(and(inArray(people.divisionCode, [...divisionCodes]), eq(people.active, true), eq(people.kind, 'person')))
    .orderBy(asc(people.id));
  for (const row of rows) byDivision[row.divisionCode!]!.push(row.id);
  return byDivision;
}

/** One stored draw. */
export type SamplingDrawRow = typeof samplingDraws.$inferSelect;

/** The draws of a month, of one department or of every department within a region; by department and case number. */
export async function listSamplingDraws(db: DbOrTx, month: string, filter: { deptCode?: string; within?: string } = {}): Promise<SamplingDrawRow[]> {
  const conditions: SQL[] = [eq(samplingDraws.month, month)];
  if (filter.deptCode) conditions.push(eq(samplingDraws.deptCode, filter.deptCode));
  if (filter.within) {
    const inRegion = db.select({ code: departments.code }).from(departments).where(withinRegion(departments.region, filter.within));
    conditions.push(inArray(samplingDraws.deptCode, inRegion));
  }
  return db
    .select()
    .from(samplingDraws)
    .where(and(...conditions))
    .orderBy(asc(samplingDraws.deptCode), asc(samplingDraws.caseNo));
}

/**
 * Stores a department's draw for a month unless one is stored already, and answers what is stored.
 * A month is drawn once: a retried activity or a re-run month finds the stored draw and keeps it,
 * even if the population changed since. The rows go in as one statement (all or none), and a
 * concurrent identical draw meets the unique key and is ignored.
 */
export async function storeDepartmentDraw(db: DbOrTx, month: string, deptCode: string, draw: () => DrawnEnterprise[], drawnAt: string): Promise<SamplingDrawRow[]> {
  const stored = await listSamplingDraws(db, month, { deptCode });
  if (stored.length > 0) return stored;
  const rows = draw().map((d) => ({ month, deptCode, ...d, drawnAt }));
  if (rows.length > 0) await db.insert(samplingDraws).values(rows).onConflictDoNothing();
  return listSamplingDraws(db, month, { deptCode });
}
