// Queries on the licences the default e-licence check reads (电子证照), one exported function each.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from './audit.js';
import { licences } from './schema/index.js';

/** A licence row. */
export type LicenceRow = typeof licences.$inferSelect;

/** One licence as the API and the check see it. */
export interface Licence {
  name: string;
  licenceNo: string;
  /** Last valid day (YYYY-MM-DD), or null for no expiry. */
  validUntil: string | null;
  revoked: boolean;
}

const asLicence = (row: LicenceRow): Licence => ({ name: row.licenceName, licenceNo: row.licenceNo, validUntil: row.validUntil, revoked: row.revoked });

/** The licences of an enterprise, by name. */
export async function listLicences(db: DbOrTx, creditCode: string): Promise<Licence[]> {
  const rows = await db.select().from(licences).where(eq(licences.creditCode, creditCode)).orderBy(asc(licences.licenceName));
  return rows.map(asLicence);
}

/** Replaces every licence of an enterprise (run it in a transaction with its audit row). */
export async function replaceLicences(db: DbOrTx, creditCode: string, list: readonly Licence[]): Promise<void> {
  await db.delete(licences).where(eq(licences.creditCode, creditCode));
  if (list.length === 0) return;
  await db.insert(licences).values(
    list.map((l) => ({ creditCode, licenceName: l.name, licenceNo: l.licenceNo, validUntil: l.validUntil, revoked: l.revoked })),
  );
}

/**
 * The requested licence names the enterprise does not validly hold on `today` (YYYY-MM-DD,
 * Asia/Shanghai): absent, revoked, or expired before today. In the order asked, without repeats.
 */
export async function missingLicences(db: DbOrTx, creditCode: string, names: readonly string[], today: string): Promise<string[]> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return [];
  const rows = await db
    .select()
    .from(licences)
    .where(and(eq(licences.creditCode, creditCode), inArray(licences.licenceName, wanted)));
  // valid_until is the last valid day: valid through its end.
  const valid = new Set(rows.filter((r) => !r.revoked && (r.validUntil === null || r.validUntil >= today)).map((r) => r.licenceName));
  return wanted.filter((name) => !valid.has(name));
}
