// The database side of catalogue CSV import and export: load what a file mentions, read a
// region's rows in export order, and write a validated import plan.
import { and, asc, eq, inArray, sql, type Column } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ConfigurableMode } from '../domain/catalogue.js';
import { linkageKey, type CatalogueKind, type CatalogueRefs, type CatalogueRows, type ImportPlan, type MentionedCodes } from '../domain/catalogue-csv.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { approvalItems, departments, divisions, handlingItems, linkages, supervisionItems, supervisionSubItems } from './schema/index.js';

// Postgres takes at most 65 535 parameters per statement: look up and insert in slices.
const SLICE = 1000;

function slices<T>(values: Iterable<T>): T[][] {
  const all = [...values];
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += SLICE) out.push(all.slice(i, i + SLICE));
  return out;
}

/** Rows of `query` for each slice of `codes`, concatenated. */
async function bySlices<T>(codes: Set<string>, query: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (const slice of slices(codes)) rows.push(...(await query(slice)));
  return rows;
}

const byCode = <T extends { code: string }>(rows: T[]) => new Map(rows.map((row) => [row.code, row]));
const anyOf = (column: Column, slice: string[]) => inArray(column, slice);

/** Loads the records a file mentions (and, for linkages, the linkages of its handling items). */
export async function loadCatalogueRefs(db: DbOrTx, kind: CatalogueKind, codes: MentionedCodes): Promise<CatalogueRefs> {
  const depts = await bySlices(codes.departments, (s) =>
    db.select({ code: departments.code, region: departments.region, side: departments.side }).from(departments).where(anyOf(departments.code, s)),
  );
  const divs = await bySlices(codes.divisions, (s) =>
    db.select({ code: divisions.code, deptCode: divisions.deptCode }).from(divisions).where(anyOf(divisions.code, s)),
  );
  const approval = await bySlices(codes.approvalItems, (s) =>
    db
      .select({ code: approvalItems.code, deptCode: approvalItems.deptCode, name: approvalItems.name, region: departments.region })
      .from(approvalItems)
      .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
      .where(anyOf(approvalItems.code, s)),
  );
  const supervision = await bySlices(codes.supervisionItems, (s) =>
    db
      .select({ code: supervisionItems.code, deptCode: supervisionItems.deptCode, name: supervisionItems.name, region: departments.region })
      .from(supervisionItems)
      .innerJoin(departments, eq(departments.code, supervisionItems.deptCode))
      .where(anyOf(supervisionItems.code, s)),
  );
  const handling = await bySlices(codes.handlingItems, (s) =>
    db
      .select({
        code: handlingItems.code,
        approvalItemCode: handlingItems.approvalItemCode,
        name: handlingItems.name,
        allowedModes: handlingItems.allowedModes,
        region: departments.region,
      })
      .from(handlingItems)
      .innerJoin(approvalItems, eq(approvalItems.code, handlingItems.approvalItemCode))
      .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
      .where(anyOf(handlingItems.code, s)),
  );
  const subs = await bySlices(codes.subItems, (s) =>
    db
      .select({
        code: supervisionSubItems.code,
        supervisionItemCode: supervisionSubItems.supervisionItemCode,
        name: supervisionSubItems.name,
        deptCode: supervisionItems.deptCode,
        region: departments.region,
      })
      .from(supervisionSubItems)
      .innerJoin(supervisionItems, eq(supervisionItems.code, supervisionSubItems.supervisionItemCode))
      .innerJoin(departments, eq(departments.code, supervisionItems.deptCode))
      .where(anyOf(supervisionSubItems.code, s)),
  );
  const links =
    kind === 'linkages'
      ? await bySlices(codes.handlingItems, (s) =>
          db
            .select({
              handlingItemCode: linkages.handlingItemCode,
              supervisingDeptCode: linkages.supervisingDeptCode,
              divisionCode: linkages.divisionCode,
              subItemCode: linkages.subItemCode,
            })
            .from(linkages)
            .where(anyOf(linkages.handlingItemCode, s)),
        )
      : [];
  return {
    departments: byCode(depts),
    divisions: byCode(divs),
    approvalItems: byCode(approval),
    supervisionItems: byCode(supervision),
    handlingItems: byCode(handling.map((row) => ({ ...row, allowedModes: row.allowedModes as ConfigurableMode[] }))),
    subItems: byCode(subs),
    linkages: new Map(links.map((row) => [linkageKey(row), row])),
  };
}

// Linkages are exported only when both ends lie within the region, as an import requires.
const supervisingDept = alias(departments, 'supervising_dept');

const exporters: { [K in CatalogueKind]: (db: DbOrTx, within: string) => Promise<CatalogueRows[K][]> } = {
  'approval-items': (db, within) =>
    db
      .select({ code: approvalItems.code, deptCode: approvalItems.deptCode, name: approvalItems.name })
      .from(approvalItems)
      .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
      .where(withinRegion(departments.region, within))
      .orderBy(approvalItems.code),
  'handling-items': async (db, within) => {
    const rows = await db
      .select({ code: handlingItems.code, approvalItemCode: handlingItems.approvalItemCode, name: handlingItems.name, allowedModes: handlingItems.allowedModes })
      .from(handlingItems)
      .innerJoin(approvalItems, eq(approvalItems.code, handlingItems.approvalItemCode))
      .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
      .where(withinRegion(departments.region, within))
      .orderBy(handlingItems.code);
    return rows.map((row) => ({ ...row, allowedModes: row.allowedModes as ConfigurableMode[] }));
  },
  'supervision-items': (db, within) =>
    db
      .select({ code: supervisionItems.code, deptCode: supervisionItems.deptCode, name: supervisionItems.name })
      .from(supervisionItems)
      .innerJoin(departments, eq(departments.code, supervisionItems.deptCode))
      .where(withinRegion(departments.region, within))
      .orderBy(supervisionItems.code),
  'supervision-sub-items': (db, within) =>
    db
      .select({ code: supervisionSubItems.code, supervisionItemCode: supervisionSubItems.supervisionItemCode, name: supervisionSubItems.name })
      .from(supervisionSubItems)
      .innerJoin(supervisionItems, eq(supervisionItems.code, supervisionSubItems.supervisionItemCode))
      .innerJoin(departments, eq(departments.code, supervisionItems.deptCode))
      .where(withinRegion(departments.region, within))
      .orderBy(supervisionSubItems.code),
  linkages: (db, within) =>
    db
      .select({
        handlingItemCode: linkages.handlingItemCode,
        supervisingDeptCode: linkages.supervisingDeptCode,
        divisionCode: linkages.divisionCode,
        subItemCode: linkages.subItemCode,
      })
      .from(linkages)
      .innerJoin(handlingItems, eq(handlingItems.code, linkages.handlingItemCode))
      .innerJoin(approvalItems, eq(approvalItems.code, handlingItems.approvalItemCode))
      .innerJoin(departments, eq(departments.code, approvalItems.deptCode))
      .innerJoin(supervisingDept, eq(supervisingDept.code, linkages.supervisingDeptCode))
      .where(and(withinRegion(departments.region, within), withinRegion(supervisingDept.region, within)))
      .orderBy(asc(linkages.handlingItemCode), asc(linkages.divisionCode), asc(linkages.subItemCode)),
};

/** A region's rows of a catalogue, in a stable order (by code). */
export async function exportCatalogue<K extends CatalogueKind>(db: DbOrTx, kind: K, within: string): Promise<CatalogueRows[K][]> {
  return exporters[kind](db, within);
}

const now = () => new Date().toISOString();

const writers: { [K in CatalogueKind]: { insert(db: DbOrTx, rows: CatalogueRows[K][]): Promise<unknown>; update(db: DbOrTx, row: CatalogueRows[K]): Promise<unknown> } } = {
  'approval-items': {
    insert: (db, rows) => db.insert(approvalItems).values(rows),
    update: (db, row) => db.update(approvalItems).set({ name: row.name, updatedAt: now() }).where(eq(approvalItems.code, row.code)),
  },
  'handling-items': {
    insert: (db, rows) => db.insert(handlingItems).values(rows),
    update: (db, row) =>
      db.update(handlingItems).set({ name: row.name, allowedModes: row.allowedModes, updatedAt: now() }).where(eq(handlingItems.code, row.code)),
  },
  'supervision-items': {
    insert: (db, rows) => db.insert(supervisionItems).values(rows),
    update: (db, row) => db.update(supervisionItems).set({ name: row.name, updatedAt: now() }).where(eq(supervisionItems.code, row.code)),
  },
  'supervision-sub-items': {
    insert: (db, rows) => db.insert(supervisionSubItems).values(rows),
    update: (db, row) => db.update(supervisionSubItems).set({ name: row.name, updatedAt: now() }).where(eq(supervisionSubItems.code, row.code)),
  },
  linkages: {
    insert: (db, rows) => db.insert(linkages).values(rows),
    // A changed linkage gets a new revision: cases resolved with the old one keep it (L16).
    update: (db, row) =>
      db
        .update(linkages)
        .set({ supervisingDeptCode: row.supervisingDeptCode, revision: sql`${linkages.revision} + 1`, updatedAt: now() })
        .where(and(eq(linkages.handlingItemCode, row.handlingItemCode), eq(linkages.divisionCode, row.divisionCode), eq(linkages.subItemCode, row.subItemCode))),
  },
};

/** Writes a validated import plan; call inside the transaction that validated it. */
export async function applyImportPlan<K extends CatalogueKind>(db: DbOrTx, kind: K, plan: ImportPlan<K>): Promise<void> {
  const writer = writers[kind];
  for (const slice of slices(plan.insert)) await writer.insert(db, slice);
  for (const row of plan.update) await writer.update(db, row);
}
