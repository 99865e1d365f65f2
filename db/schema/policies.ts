// The versions of each region's linkage policy (审管联动规则): each sets part of the policy from a
// date on; the policy in force is laid over the versions of the regions above. Versions are only
// added, never changed: a case pins the versions in force at its decision.
import { bigserial, date, index, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { PolicySettings } from '../../domain/policy/linkage-policy.js';
import { instant } from './instant.js';

/** One version of one region's policy. */
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    region: text('region').notNull(),
    /** 1, 2, … within the region. */
    version: integer('version').notNull(),
    /** The Asia/Shanghai date from which it is in force. */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** Only what this version sets. */
    settings: jsonb('settings').$type<PolicySettings>().notNull(),
    /** The preset it was made from, if any. */
    preset: text('preset'),
    createdBy: text('created_by').notNull(),
    reason: text('reason').notNull(),
    createdAt: instant('created_at').notNull().default(sql`now()`),
  },
  (t) => [unique('policy_versions_region_version').on(t.region, t.version), index('policy_versions_region_effective').on(t.region, t.effectiveFrom)],
);
