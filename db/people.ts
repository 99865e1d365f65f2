// Queries on people and service accounts, one exported function each. Name and phone are
// personal data: never logged (a failed query's error is redacted on its way out, db/query-errors.ts). People are deactivated, never deleted: the audit trail refers to them.
import { and, arrayContains, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../domain/access.js';
import type { PersonKind } from '../domain/people.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { people } from './schema/index.js';

/** A person row, with its kind and roles typed (only the API writes them, after validation). */
export type PersonRow = Omit<typeof people.$inferSelect, 'kind' | 'roles'> & { kind: PersonKind; roles: Role[] };

/** The fields a person is created with. */
export type NewPerson = Pick<PersonRow, 'id' | 'kind' | 'name' | 'phone' | 'region' | 'deptCode' | 'divisionCode' | 'roles' | 'level'>;

/** The fields of a person that may change. */
export type PersonChanges = Partial<Pick<PersonRow, 'name' | 'phone' | 'deptCode' | 'divisionCode' | 'roles' | 'level' | 'active'>>;

/** Which people to list. */
export interface PeopleFilter {
  /** Region code: people of this region and every region it covers. */
  within: string;
  dept?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
}

/** The people within a region, optionally of one department, with one role, active or not; by id. */
export async function listPeople(db: DbOrTx, filter: PeopleFilter): Promise<PersonRow[]> {
  const conditions: SQL[] = [withinRegion(people.region, filter.within)];
  if (filter.dept) conditions.push(eq(people.deptCode, filter.dept));
  if (filter.role) conditions.push(arrayContains(people.roles, [filter.role]));
  if (filter.active !== undefined) conditions.push(eq(people.active, filter.active));
  return (await db.select().from(people).where(and(...conditions)).orderBy(asc(people.id))) as PersonRow[];
}

/** One person, or undefined. */
export async function findPerson(db: DbOrTx, id: string): Promise<PersonRow | undefined> {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row as PersonRow | undefined;
}

/** Creates a person or service account (active). */
export async function insertPerson(db: DbOrTx, row: NewPerson): Promise<PersonRow> {
  const [saved] = await db.insert(people).values(row).returning();
  return saved as PersonRow;
}

/**
 * The channel on which a change of `active` is announced to every API process, so each drops what
 * it remembers of the account at once. The payload is `id|region`: no personal data.
 */
export const ACTIVE_CHANGED_CHANNEL = 'person_active_changed';

/** The account a notification on ACTIVE_CHANGED_CHANNEL names. */
export function activeChangeOf(payload: string): { id: string; region: string } {
  const cut = payload.lastIndexOf('|');
  return { id: payload.slice(0, cut), region: payload.slice(cut + 1) };
}

/**
 * Changes a person; deactivation is `{ active: false }`. A change of `active` is announced on
 * ACTIVE_CHANGED_CHANNEL in the same transaction: Postgres delivers it on commit, never for a
 * change rolled back.
 */
export async function updatePerson(db: DbOrTx, id: string, changes: PersonChanges): Promise<PersonRow> {
  const [saved] = await db
    .update(people)
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .where(eq(people.id, id))
    .returning();
  const row = saved as PersonRow;
  if (changes.active !== undefined) await db.execute(sql`select pg_notify(${ACTIVE_CHANGED_CHANNEL}, ${`${row.id}|${row.region}`})`);
  return row;
}

/**
 * Whether a token's subject is a person or account of the token's own region that has been
 * deactivated (unknown subjects are not). Tied to the region: a record another region's admin
 * made under the same ID can never lock this token out.
 */
export async function isDeactivated(db: DbOrTx, id: string, region: string): Promise<boolean> {
  const [row] = await db.select({ active: people.active }).from(people).where(and(eq(people.id, id), eq(people.region, region)));
  return row !== undefined && !row.active;
}
