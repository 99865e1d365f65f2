// Credit grades (信用等级) the public credit platform sends (L12), one exported function each.
import { asc, eq, inArray, like, sql } from 'drizzle-orm';
import { regionPrefix } from '../domain/access.js';
import type { DatedGrade, GradeRow } from '../domain/credit-grade.js';
import type { DbOrTx } from './audit.js';
import { enterpriseCreditGrades } from './schema/index.js';

/** A stored credit grade. */
export type CreditGradeRow = typeof enterpriseCreditGrades.$inferSelect;

/** Where a grade came from: the platform's call, or a CSV import. */
export type GradeSource = 'api' | 'csv';

// Bind parameters per statement stay well under Postgres' 65,535.
const CHUNK = 1000;

/** The stored grade of an enterprise, or undefined. */
export async function findCreditGrade(db: DbOrTx, creditCode: string): Promise<CreditGradeRow | undefined> {
  const [row] = await db.select().from(enterpriseCreditGrades).where(eq(enterpriseCreditGrades.creditCode, creditCode));
  return row;
}

/** The stored grade of an enterprise, locked for the rest of the transaction, or undefined. */
export async function lockCreditGrade(db: DbOrTx, creditCode: string): Promise<CreditGradeRow | undefined> {
  const [row] = await db.select().from(enterpriseCreditGrades).where(eq(enterpriseCreditGrades.creditCode, creditCode)).for('update');
  return row;
}

/** Inserts a first grade; answers false when the enterprise has one already (written meanwhile). */
export async function insertCreditGrade(db: DbOrTx, creditCode: string, grade: DatedGrade, source: GradeSource, by: string): Promise<boolean> {
  const rows = await db
    .insert(enterpriseCreditGrades)
    .values({ creditCode, grade: grade.grade, gradedOn: grade.gradedOn, source, updatedBy: by })
    .onConflictDoNothing({ target: enterpriseCreditGrades.creditCode })
    .returning({ creditCode: enterpriseCreditGrades.creditCode });
  return rows.length > 0;
}

/** Replaces the stored grade of an enterprise. */
export async function updateCreditGrade(db: DbOrTx, creditCode: string, grade: DatedGrade, source: GradeSource, by: string): Promise<void> {
  await db
    .update(enterpriseCreditGrades)
    .set({ grade: grade.grade, gradedOn: grade.gradedOn, source, updatedBy: by, updatedAt: new Date().toISOString() })
    .where(eq(enterpriseCreditGrades.creditCode, creditCode));
}

/** The stored grades of some enterprises, locked for the rest of the transaction, by credit code. */
export async function lockCreditGrades(db: DbOrTx, creditCodes: readonly string[]): Promise<Map<string, DatedGrade>> {
  const found = new Map<string, DatedGrade>();
  for (let i = 0; i < creditCodes.length; i += CHUNK) {
    const rows = await db
      .select({ creditCode: enterpriseCreditGrades.creditCode, grade: enterpriseCreditGrades.grade, gradedOn: enterpriseCreditGrades.gradedOn })
      .from(enterpriseCreditGrades)
      .where(inArray(enterpriseCreditGrades.creditCode, creditCodes.slice(i, i + CHUNK)))
      .for('update');
    for (const { creditCode, ...grade } of rows) found.set(creditCode, grade);
  }
  return found;
}

/** Writes grades of an import (new or replacing), in chunks. */
export async function writeCreditGrades(db: DbOrTx, rows: readonly GradeRow[], source: GradeSource, by: string): Promise<void> {
  const updatedAt = new Date().toISOString();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insert(enterpriseCreditGrades)
      .values(rows.slice(i, i + CHUNK).map((r) => ({ creditCode: r.creditCode, grade: r.grade, gradedOn: r.gradedOn, source, updatedBy: by, updatedAt })))
      .onConflictDoUpdate({
        target: enterpriseCreditGrades.creditCode,
        set: { grade: sql`excluded.grade`, gradedOn: sql`excluded.graded_on`, source: sql`excluded.source`, updatedBy: sql`excluded.updated_by`, updatedAt: sql`excluded.updated_at` },
        // A newer grade written meanwhile (a concurrent call) is never replaced by an older one.
        setWhere: sql`excluded.graded_on >= ${enterpriseCreditGrades.gradedOn}`,
      });
  }
}

/** The grades of the enterprises registered within a region (credit code positions 3–8), by credit code. */
export async function listCreditGrades(db: DbOrTx, region: string): Promise<CreditGradeRow[]> {
  const prefix = regionPrefix(region);
  return db
    .select()
    .from(enterpriseCreditGrades)
    .where(prefix === '' ? undefined : like(enterpriseCreditGrades.creditCode, `__${prefix}%`))
    .orderBy(asc(enterpriseCreditGrades.creditCode));
}
