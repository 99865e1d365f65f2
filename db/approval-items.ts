// Queries on approval items (审批事项) and their handling items (业务办理项) with the commitment
// modes each allows (L3, L5), one exported function each. Rows carry the owning department's
// region, which scopes every call on them.
import { and, eq, type SQL } from 'drizzle-orm';
import type { ConfigurableMode } from '../domain/catalogue.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { approvalItems, departments, handlingItems } from './schema/index.js';

/** An approval item with its department's region. */
export interface ApprovalItem {
  code: string;
  deptCode: string;
  region: string;
  name: string;
  updatedAt: string;
}

/** A handling item with its approval item's department and region. */
export interface HandlingItem {
  code: string;
  approvalItemCode: string;
  deptCode: string;
  region: string;
  name: string;
  allowedModes: ConfigurableMode[];
  updatedAt: string;
}

const approvalItemColumns = {
  code: approvalItems.code,
  deptCode: approvalItems.deptCode,
  region: departments.region,
  name: approvalItems.name,
  updatedAt: approvalItems.updatedAt,
};

const handlingItemColumns = {
  code: handlingItems.code,
  approvalItemCode: handlingItems.approvalItemCode,
  deptCode: approvalItems.deptCode,
  region: departments.region,
  name: handlingItems.name,
  allowedModes: handlingItems.allowedModes,
  updatedAt: handlingItems.updatedAt,
};

const now = () => new Date().toISOString();

function selectApprovalItems(db: DbOrTx, where: SQL | undefined) {
  return db.select(approvalItemColumns).from(approvalItems).innerJoin(departments, eq(departments.code, approvalItems.deptCode)).where(where);
}

function selectHandlingItems(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(handlingItemColumns)
    .from(handlingItems)
    .innerJoin(approvalItems, eq(approvalItems.code, handlingItems.approvalItemCode))
    .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
    .where(where);
}

/** The approval items within a region, optionally of one department. */
export async function listApprovalItems(db: DbOrTx, within: string, deptCode?: string): Promise<ApprovalItem[]> {
  const conditions: SQL[] = [withinRegion(departments.region, within)];
  if (deptCode) conditions.push(eq(approvalItems.deptCode, deptCode));
  return selectApprovalItems(db, and(...conditions)).orderBy(approvalItems.code);
}

/** One approval item, or undefined. */
export async function findApprovalItem(db: DbOrTx, code: string): Promise<ApprovalItem | undefined> {
  const [row] = await selectApprovalItems(db, eq(approvalItems.code, code));
  return row;
}

/** Creates an approval item. */
export async function insertApprovalItem(db: DbOrTx, row: { code: string; deptCode: string; name: string }): Promise<ApprovalItem> {
  await db.insert(approvalItems).values(row);
  return (await findApprovalItem(db, row.code))!;
}

/** Renames an approval item. */
export async function renameApprovalItem(db: DbOrTx, code: string, name: string): Promise<ApprovalItem> {
  await db.update(approvalItems).set({ name, updatedAt: now() }).where(eq(approvalItems.code, code));
  return (await findApprovalItem(db, code))!;
}

/** Deletes an approval item (the database refuses while handling items refer to it). */
export async function deleteApprovalItem(db: DbOrTx, code: string): Promise<void> {
  await db.delete(approvalItems).where(eq(approvalItems.code, code));
}

/** How many handling items an approval item has. */
export async function countHandlingItems(db: DbOrTx, approvalItemCode: string): Promise<number> {
  return db.$count(handlingItems, eq(handlingItems.approvalItemCode, approvalItemCode));
}

/** The handling items within a region, optionally of one approval item. */
export async function listHandlingItems(db: DbOrTx, within: string, approvalItemCode?: string): Promise<HandlingItem[]> {
  const conditions: SQL[] = [withinRegion(departments.region, within)];
  if (approvalItemCode) conditions.push(eq(handlingItems.approvalItemCode, approvalItemCode));
  const rows = await selectHandlingItems(db, and(...conditions)).orderBy(handlingItems.code);
  return rows as HandlingItem[];
}

/** One handling item, or undefined. */
export async function findHandlingItem(db: DbOrTx, code: string): Promise<HandlingItem | undefined> {
  const [row] = await selectHandlingItems(db, eq(handlingItems.code, code));
  return row as HandlingItem | undefined;
}

/** Creates a handling item. */
export async function insertHandlingItem(
  db: DbOrTx,
  row: { code: string; approvalItemCode: string; name: string; allowedModes: ConfigurableMode[] },
): Promise<HandlingItem> {
  await db.insert(handlingItems).values(row);
  return (await findHandlingItem(db, row.code))!;
}

/** Changes a handling item's name or allowed modes. */
export async function updateHandlingItem(db: DbOrTx, code: string, changes: { name?: string; allowedModes?: ConfigurableMode[] }): Promise<HandlingItem> {
  await db
    .update(handlingItems)
    .set({ ...changes, updatedAt: now() })
    .where(eq(handlingItems.code, code));
  return (await findHandlingItem(db, code))!;
}

/** Deletes a handling item (the database refuses while linkages refer to it). */
export async function deleteHandlingItem(db: DbOrTx, code: string): Promise<void> {
  await db.delete(handlingItems).where(eq(handlingItems.code, code));
}
