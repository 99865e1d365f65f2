// The versions of the regions' linkage policies: the chain of regions a policy is inherited down,
// the policy in force on a day, and adding a version (numbered per region, audited).
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { NATIONAL_REGION } from '../domain/access.js';
import { effectivePolicy, type PinnedPolicy, type PolicySettings } from '../domain/policy/linkage-policy.js';
import { recordAudit, type DbOrTx } from './audit.js';
import type { Db } from './client.js';
import { policyVersions } from './schema/index.js';

/** One stored version. */
export type PolicyVersionRow = typeof policyVersions.$inferSelect;

/**
 * The regions a region's policy is inherited from, itself last: the country, the province (XX0000),
 * the city (XXXX00), the district (GB/T 2260) — each once, so a province gives [100000, province].
 */
export function policyChainRegions(region: string): string[] {
  const chain = [NATIONAL_REGION];
  if (region !== NATIONAL_REGION) chain.push(`${region.slice(0, 2)}0000`, `${region.slice(0, 4)}00`, region);
  return [...new Set(chain)];
}

/** Per region of `regions`, the latest version effective on or before `on`, in the order of `regions`. */
async function versionsInForce(db: DbOrTx, regions: readonly string[], on: string) {
  const rows = await db
    .selectDistinctOn([policyVersions.region], { region: policyVersions.region, version: policyVersions.version, preset: policyVersions.preset, settings: policyVersions.settings })
    .from(policyVersions)
    .where(and(inArray(policyVersions.region, [...regions]), lte(policyVersions.effectiveFrom, on)))
    .orderBy(policyVersions.region, desc(policyVersions.effectiveFrom), desc(policyVersions.version));
  return regions.flatMap((code) => rows.filter((row) => row.region === code));
}

/**
 * The policy in force for a region on a day (Asia/Shanghai, YYYY-MM-DD): per region of its chain,
 * the latest version effective on or before the day, laid over each other national first.
 */
export async function pinPolicy(db: DbOrTx, region: string, on: string): Promise<PinnedPolicy> {
  const inForce = await versionsInForce(db, policyChainRegions(region), on);
  return {
    ref: { region, on, versions: inForce.map((row) => ({ region: row.region, version: row.version, ...(row.preset === null ? {} : { preset: row.preset }) })) },
    rules: effectivePolicy(inForce.map((row) => row.settings)),
  };
}

/** What the regions above a region set on a day, national first: what a new version of it is laid over. */
export async function inheritedSettings(db: DbOrTx, region: string, on: string): Promise<PolicySettings[]> {
  const above = policyChainRegions(region).filter((code) => code !== region);
  return (await versionsInForce(db, above, on)).map((row) => row.settings);
}

/** A region's own versions, newest first. */
export async function listPolicyVersions(db: DbOrTx, region: string): Promise<PolicyVersionRow[]> {
  return db.select().from(policyVersions).where(eq(policyVersions.region, region)).orderBy(desc(policyVersions.version));
}

/** What a new version holds. */
export interface NewPolicyVersion {
  region: string;
  effectiveFrom: string;
  settings: PolicySettings;
  preset: string | null;
  createdBy: string;
  reason: string;
}

/** Adds a region's next version, with its audit record, in one transaction. */
export async function addPolicyVersion(db: Db, input: NewPolicyVersion): Promise<PolicyVersionRow> {
  return db.transaction(async (tx) => {
    // Serialises the numbering of one region's versions: two admins adding at once get 3 and 4, not a clash.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`policy_versions:${input.region}`}))`);
    const [last] = await tx
      .select({ version: sql<number>`coalesce(max(${policyVersions.version}), 0)`.mapWith(Number) })
      .from(policyVersions)
      .where(eq(policyVersions.region, input.region));
    const [row] = await tx
      .insert(policyVersions)
      .values({ ...input, version: (last?.version ?? 0) + 1 })
      .returning();
    await recordAudit(tx, {
      actor: input.createdBy,
      action: 'policy.version-added',
      entity: 'policy-version',
      entityId: `${input.region}/v${row!.version}`,
      reason: input.reason,
      details: { effectiveFrom: input.effectiveFrom, preset: input.preset, settings: input.settings },
    });
    return row!;
  });
}
