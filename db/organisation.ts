// Queries on regions and departments, one exported function each.
import { and, eq, type SQL } from 'drizzle-orm';
import type { DepartmentSide } from '../domain/organisation.js';
import type { Db } from './client.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { departments, regions } from './schema/index.js';

/** A region row. */
export type RegionRow = typeof regions.$inferSelect;
/** A department row. */
export type DepartmentRow = typeof departments.$inferSelect;

/** The regions within a region, by code. */
export async function listRegions(db: Db, within: string): Promise<RegionRow[]> {
  return db.select().from(regions).where(withinRegion(regions.code, within)).orderBy(regions.code);
}

/** One region, or undefined. */
export async function findRegion(db: DbOrTx, code: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row;
}

/** Creates or renames a region. */
export async function upsertRegion(db: DbOrTx, row: Pick<RegionRow, 'code' | 'name' | 'parentCode'>): Promise<RegionRow> {
  const [saved] = await db
    .insert(regions)
    .values(row)
    .onConflictDoUpdate({ target: regions.code, set: { name: row.name, parentCode: row.parentCode, updatedAt: new Date().toISOString() } })
    .returning();
  return saved!;
}

/** The departments within a region, optionally of one side. */
export async function listDepartments(db: Db, within: string, side?: DepartmentSide): Promise<DepartmentRow[]> {
  const conditions: SQL[] = [withinRegion(departments.region, within)];
  if (side) conditions.push(eq(departments.side, side));
  return db.select().from(departments).where(and(...conditions)).orderBy(departments.code);
}

/** One department, or undefined. */
export async function findDepartment(db: DbOrTx, code: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select().from(departments).where(eq(departments.code, code));
  return row;
}

/** Creates a department. */
export async function insertDepartment(db: DbOrTx, row: Pick<DepartmentRow, 'code' | 'region' | 'name' | 'side'>): Promise<DepartmentRow> {
  const [saved] = await db.insert(departments).values(row).returning();
  return saved!;
}

/** Changes a department's name or side. */
export async function updateDepartment(db: DbOrTx, code: string, changes: Partial<Pick<DepartmentRow, 'name' | 'side'>>): Promise<DepartmentRow> {
  const [saved] = await db
    .update(departments)
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .where(eq(departments.code, code))
    .returning();
  return saved!;
}

/** Deletes a department (the database refuses while anything refers to it). */
export async function deleteDepartment(db: DbOrTx, code: string): Promise<void> {
  await db.delete(departments).where(eq(departments.code, code));
}
