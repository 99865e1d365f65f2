// Queries on divisions (处室, L2), one exported function each.
import { asc, count, eq } from 'drizzle-orm';
import type { DbOrTx } from './audit.js';
import { divisions, linkages, people } from './schema/index.js';

/** A division row. */
export type DivisionRow = typeof divisions.$inferSelect;

/** The divisions of a department, by code. */
export async function listDivisions(db: DbOrTx, deptCode: string): Promise<DivisionRow[]> {
  return db.select().from(divisions).where(eq(divisions.deptCode, deptCode)).orderBy(asc(divisions.code));
}

/** One division, or undefined. */
export async function findDivision(db: DbOrTx, code: string): Promise<DivisionRow | undefined> {
  const [row] = await db.select().from(divisions).where(eq(divisions.code, code));
  return row;
}

/** The divisions whose 处室管理员 is a person. */
export async function divisionsAdministeredBy(db: DbOrTx, personId: string): Promise<DivisionRow[]> {
  return db.select().from(divisions).where(eq(divisions.adminPersonId, personId)).orderBy(asc(divisions.code));
}

/** Creates a division. */
export async function insertDivision(db: DbOrTx, row: Pick<DivisionRow, 'code' | 'deptCode' | 'name' | 'adminPersonId'>): Promise<DivisionRow> {
  const [saved] = await db.insert(divisions).values(row).returning();
  return saved!;
}

/** Renames a division or changes its 处室管理员. */
export async function updateDivision(db: DbOrTx, code: string, changes: Partial<Pick<DivisionRow, 'name' | 'adminPersonId'>>): Promise<DivisionRow> {
  const [saved] = await db
    .update(divisions)
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .where(eq(divisions.code, code))
    .returning();
  return saved!;
}

/** What still refers to a division: the ids of its people (active or not) and how many linkages. */
export async function divisionReferences(db: DbOrTx, code: string): Promise<{ people: string[]; linkages: number }> {
  const members = await db.select({ id: people.id }).from(people).where(eq(people.divisionCode, code)).orderBy(asc(people.id));
  const [linked] = await db.select({ n: count() }).from(linkages).where(eq(linkages.divisionCode, code));
  return { people: members.map((m) => m.id), linkages: linked?.n ?? 0 };
}

/** Deletes a division (the database refuses while anything refers to it). */
export async function deleteDivision(db: DbOrTx, code: string): Promise<void> {
  await db.delete(divisions).where(eq(divisions.code, code));
}
