// Queries on linkages (审管事项关联, L4): handling item → (supervising department, division,
// sub-item), the unlinked-items report, and the resolution a case starts from. A linkage's
// `revision` grows with every change, so a case that copied revision n keeps what it was resolved
// with whatever happens to the catalogue later.
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { usableModes, type ConfigurableMode } from '../domain/catalogue.js';
import type { CommitmentMode } from '../domain/case.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { approvalItems, departments, handlingItems, linkages } from './schema/index.js';

/** A linkage row. */
export type Linkage = typeof linkages.$inferSelect;

/** Where a linkage points. */
export interface LinkageTarget {
  supervisingDeptCode: string;
  divisionCode: string;
  subItemCode: string;
}

/** The linkages whose handling item lies within a region, optionally of one handling item. */
export async function listLinkages(db: DbOrTx, within: string, handlingItemCode?: string): Promise<Linkage[]> {
  const conditions: SQL[] = [withinRegion(departments.region, within)];
  if (handlingItemCode) conditions.push(eq(linkages.handlingItemCode, handlingItemCode));
  const rows = await db
    .select({ linkage: linkages })
    .from(linkages)
    .innerJoin(handlingItems, eq(handlingItems.code, linkages.handlingItemCode))
    .innerJoin(approvalItems, eq(approvalItems.code, handlingItems.approvalItemCode))
    .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
    .where(and(...conditions))
    .orderBy(asc(linkages.handlingItemCode), asc(linkages.divisionCode), asc(linkages.subItemCode));
  return rows.map((r) => r.linkage);
}

/** One linkage, or undefined. */
export async function findLinkage(db: DbOrTx, id: number): Promise<Linkage | undefined> {
  const [row] = await db.select().from(linkages).where(eq(linkages.id, id));
  return row;
}

/** The linkage of a handling item to a division's sub-item, or undefined. */
export async function findLinkageTo(db: DbOrTx, handlingItemCode: string, target: Omit<LinkageTarget, 'supervisingDeptCode'>): Promise<Linkage | undefined> {
  const [row] = await db
    .select()
    .from(linkages)
    .where(and(eq(linkages.handlingItemCode, handlingItemCode), eq(linkages.divisionCode, target.divisionCode), eq(linkages.subItemCode, target.subItemCode)));
  return row;
}

/** Creates a linkage at revision 1. */
export async function insertLinkage(db: DbOrTx, row: LinkageTarget & { handlingItemCode: string }): Promise<Linkage> {
  const [saved] = await db.insert(linkages).values(row).returning();
  return saved!;
}

/** Points a linkage elsewhere and bumps its revision. */
export async function retargetLinkage(db: DbOrTx, id: number, target: LinkageTarget): Promise<Linkage> {
  const [saved] = await db
    .update(linkages)
    .set({ ...target, revision: sql`${linkages.revision} + 1`, updatedAt: new Date().toISOString() })
    .where(eq(linkages.id, id))
    .returning();
  return saved!;
}

/** Deletes a linkage. */
export async function deleteLinkage(db: DbOrTx, id: number): Promise<void> {
  await db.delete(linkages).where(eq(linkages.id, id));
}

/** How many linkages refer to a handling item or a sub-item. */
export async function countLinkages(db: DbOrTx, to: { handlingItemCode: string } | { subItemCode: string }): Promise<number> {
  const condition = 'handlingItemCode' in to ? eq(linkages.handlingItemCode, to.handlingItemCode) : eq(linkages.subItemCode, to.subItemCode);
  return db.$count(linkages, condition);
}

/** A handling item without linkage, with its approval item and department (L4). */
export interface UnlinkedItem {
  handlingItem: { code: string; name: string; allowedModes: ConfigurableMode[] };
  approvalItem: { code: string; name: string };
  department: { code: string; name: string; region: string };
}

/** The handling items within a region that have no linkage: to be settled by 编办、司法 (L4). */
export async function listUnlinked(db: DbOrTx, within: string): Promise<UnlinkedItem[]> {
  const rows = await db
    .select({
      handlingItem: { code: handlingItems.code, name: handlingItems.name, allowedModes: handlingItems.allowedModes },
      approvalItem: { code: approvalItems.code, name: approvalItems.name },
      department: { code: departments.code, name: departments.name, region: departments.region },
    })
    .from(handlingItems)
    .innerJoin(approvalItems, eq(approvalItems.code, handlingItems.approvalItemCode))
    .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
    .leftJoin(linkages, eq(linkages.handlingItemCode, handlingItems.code))
    .where(and(withinRegion(departments.region, within), isNull(linkages.id)))
    .orderBy(departments.code, approvalItems.code, handlingItems.code);
  return rows as UnlinkedItem[];
}

/** What a case copies when it is resolved: the item, the modes it may use, where supervision goes. */
export interface ResolvedLinkage {
  handlingItem: { code: string; name: string };
  approvalItem: { code: string; name: string; deptCode: string; region: string };
  /** Every mode a case of this item may use: `standard` first, then the configured ones (L5). */
  allowedModes: CommitmentMode[];
  /** Empty for an unlinked item: the case waits in `awaiting_linkage`. */
  linkages: Array<LinkageTarget & { id: number; revision: number }>;
}

/** Resolves a handling item for a case start, or undefined for an unknown handling item. */
export async function resolveLinkage(db: DbOrTx, handlingItemCode: string): Promise<ResolvedLinkage | undefined> {
  const [item] = await db
    .select({
      handlingItem: { code: handlingItems.code, name: handlingItems.name },
      allowedModes: handlingItems.allowedModes,
      approvalItem: { code: approvalItems.code, name: approvalItems.name, deptCode: approvalItems.deptCode, region: departments.region },
    })
    .from(handlingItems)
    .innerJoin(approvalItems, eq(approvalItems.code, handlingItems.approvalItemCode))
    .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
    .where(eq(handlingItems.code, handlingItemCode));
  if (!item) return undefined;
  const targets = await db
    .select({
      id: linkages.id,
      supervisingDeptCode: linkages.supervisingDeptCode,
      divisionCode: linkages.divisionCode,
      subItemCode: linkages.subItemCode,
      revision: linkages.revision,
    })
    .from(linkages)
    .where(eq(linkages.handlingItemCode, handlingItemCode))
    .orderBy(asc(linkages.supervisingDeptCode), asc(linkages.divisionCode), asc(linkages.subItemCode));
  return { handlingItem: item.handlingItem, approvalItem: item.approvalItem, allowedModes: usableModes(item.allowedModes), linkages: targets };
}
