// Who an SMS reaches (L1, L2, L15, Dongli 二): the active people behind a division, a coordinator level, the
// catalogue admins of a region, or a department's approval officers. Service accounts have no
// phone to text, so only people count. Phones are personal data: never logged.
import { and, arrayContains, asc, eq, type SQL } from 'drizzle-orm';
import { regionCovers, type Role } from '../domain/access.js';
import type { DbOrTx } from './audit.js';
import { divisions, people } from './schema/index.js';

/** A person an SMS may go to; `phone` null when none is on record. */
export interface Reachable {
  id: string;
  phone: string | null;
}

async function activePeople(db: DbOrTx, role: Role, ...conditions: SQL[]): Promise<Array<Reachable & { region: string }>> {
  return db
    .select({ id: people.id, phone: people.phone, region: people.region })
    .from(people)
    .where(and(eq(people.active, true), eq(people.kind, 'person'), arrayContains(people.roles, [role]), ...conditions))
    .orderBy(asc(people.id));
}

/** The division's 处室管理员 (L2); without an active one on record, the active division admins of the division. */
export async function divisionAdminRecipients(db: DbOrTx, divisionCode: string): Promise<Reachable[]> {
  const [named] = await db
    .select({ id: people.id, phone: people.phone })
    .from(divisions)
    .innerJoin(people, eq(people.id, divisions.adminPersonId))
    .where(and(eq(divisions.code, divisionCode), eq(people.active, true)));
  if (named) return [named];
  const rows = await activePeople(db, 'division_admin', eq(people.divisionCode, divisionCode));
  return rows.map(({ id, phone }) => ({ id, phone }));
}

/** The department's active coordinators of one level (D 二). */
export async function coordinatorRecipients(db: DbOrTx, deptCode: string, level: number): Promise<Reachable[]> {
  const rows = await activePeople(db, 'coordinator', eq(people.deptCode, deptCode), eq(people.level, level));
  return rows.map(({ id, phone }) => ({ id, phone }));
}

/** The active catalogue admins whose region covers `region` (L4: 提请编办、司法明确). */
export async function catalogueAdminRecipients(db: DbOrTx, region: string): Promise<Reachable[]> {
  // Few rows, and "covers" is a prefix rule on the admin's side: filter here with the one rule.
  const rows = await activePeople(db, 'catalogue_admin');
  return rows.filter((r) => regionCovers(r.region, region)).map(({ id, phone }) => ({ id, phone }));
}

/** The department's active approval officers. */
export async function approvalOfficerRecipients(db: DbOrTx, deptCode: string): Promise<Reachable[]> {
  const rows = await activePeople(db, 'approval_officer', eq(people.deptCode, deptCode));
  return rows.map(({ id, phone }) => ({ id, phone }));
}
