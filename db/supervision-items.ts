// Queries on supervision items (监管事项) and their sub-items (监管子项) (L3, L4), one exported
// function each. Rows carry the owning department's region, which scopes every call on them.
import { and, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { departments, supervisionItems, supervisionSubItems } from './schema/index.js';

/** A supervision item with its department's region. */
export interface SupervisionItem {
  code: string;
  deptCode: string;
  region: string;
  name: string;
  updatedAt: string;
}

/** A sub-item with its supervision item's department and region. */
export interface SupervisionSubItem {
  code: string;
  supervisionItemCode: string;
  deptCode: string;
  region: string;
  name: string;
  updatedAt: string;
}

const supervisionItemColumns = {
  code: supervisionItems.code,
  deptCode: supervisionItems.deptCode,
  region: departments.region,
  name: supervisionItems.name,
  updatedAt: supervisionItems.updatedAt,
};

const subItemColumns = {
  code: supervisionSubItems.code,
  supervisionItemCode: supervisionSubItems.supervisionItemCode,
  deptCode: supervisionItems.deptCode,
  region: departments.region,
  name: supervisionSubItems.name,
  updatedAt: supervisionSubItems.updatedAt,
};

const now = () => new Date().toISOString();

function selectSupervisionItems(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(supervisionItemColumns)
    .from(supervisionItems)
    .innerJoin(departments, eq(departments.code, supervisionItems.deptCode))
    .where(where);
}

function selectSubItems(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(subItemColumns)
    .from(supervisionSubItems)
    .innerJoin(supervisionItems, eq(supervisionItems.code, supervisionSubItems.supervisionItemCode))
    .innerJoin(departments, eq(departments.code, supervisionItems.deptCode))
    .where(where);
}

/** The supervision items within a region, optionally of one department. */
export async function listSupervisionItems(db: DbOrTx, within: string, deptCode?: string): Promise<SupervisionItem[]> {
  const conditions: SQL[] = [withinRegion(departments.region, within)];
  if (deptCode) conditions.push(eq(supervisionItems.deptCode, deptCode));
  return selectSupervisionItems(db, and(...conditions)).orderBy(supervisionItems.code);
}

/** One supervision item, or undefined. */
export async function findSupervisionItem(db: DbOrTx, code: string): Promise<SupervisionItem | undefined> {
  const [row] = await selectSupervisionItems(db, eq(supervisionItems.code, code));
  return row;
}

/** Creates a supervision item. */
export async function insertSupervisionItem(db: DbOrTx, row: { code: string; deptCode: string; name: string }): Promise<SupervisionItem> {
  await db.insert(supervisionItems).values(row);
  return (await findSupervisionItem(db, row.code))!;
}

/** Renames a supervision item. */
export async function renameSupervisionItem(db: DbOrTx, code: string, name: string): Promise<SupervisionItem> {
  await db.update(supervisionItems).set({ name, updatedAt: now() }).where(eq(supervisionItems.code, code));
  return (await findSupervisionItem(db, code))!;
}

/** Deletes a supervision item (the database refuses while sub-items refer to it). */
export async function deleteSupervisionItem(db: DbOrTx, code: string): Promise<void> {
  await db.delete(supervisionItems).where(eq(supervisionItems.code, code));
}

/** How many sub-items a supervision item has. */
export async function countSubItems(db: DbOrTx, supervisionItemCode: string): Promise<number> {
  return db.$count(supervisionSubItems, eq(supervisionSubItems.supervisionItemCode, supervisionItemCode));
}

/** The sub-items within a region, optionally of one supervision item. */
export async function listSubItems(db: DbOrTx, within: string, supervisionItemCode?: string): Promise<SupervisionSubItem[]> {
  const conditions: SQL[] = [withinRegion(departments.region, within)];
  if (supervisionItemCode) conditions.push(eq(supervisionSubItems.supervisionItemCode, supervisionItemCode));
  return selectSubItems(db, and(...conditions)).orderBy(supervisionSubItems.code);
}

/** One sub-item, or undefined. */
export async function findSubItem(db: DbOrTx, code: string): Promise<SupervisionSubItem | undefined> {
  const [row] = await selectSubItems(db, eq(supervisionSubItems.code, code));
  return row;
}

/** Creates a sub-item. */
export async function insertSubItem(db: DbOrTx, row: { code: string; supervisionItemCode: string; name: string }): Promise<SupervisionSubItem> {
  await db.insert(supervisionSubItems).values(row);
  return (await findSubItem(db, row.code))!;
}

/** Renames a sub-item. */
export async function renameSubItem(db: DbOrTx, code: string, name: string): Promise<SupervisionSubItem> {
  await db.update(supervisionSubItems).set({ name, updatedAt: now() }).where(eq(supervisionSubItems.code, code));
  return (await findSubItem(db, code))!;
}

/** Deletes a sub-item (the database refuses while linkages refer to it). */
export async function deleteSubItem(db: DbOrTx, code: string): Promise<void> {
  await db.delete(supervisionSubItems).where(eq(supervisionSubItems.code, code));
}
