// The demo's linkage policies (审管联动规则), set through the API by each region's own 审管规则管理员:
// the city (320700) adopts the Lianyungang preset, and 赣榆区 (320707) runs as a Dongli-like district,
// laying the Dongli preset over the city's — so a post-check shows the two plans side by side.
import { shanghaiDate } from '../../../domain/case/local-time.js';
import type { PolicyPresetName } from '../../../domain/policy/presets.js';
import { actors } from './actors.js';
import type { ApiClient } from './api-client.js';

/** The preset each demo region adopts: [region, preset]. The city first, as its district inherits from it. */
export const regionPolicies: readonly (readonly [string, PolicyPresetName])[] = [
  ['320700', 'lianyungang'],
  ['320707', 'dongli'],
];

/** What the policy seeding did, region by region. */
export interface PolicySeedResult {
  added: string[];
  existed: string[];
}

/**
 * Adds each region's preset as a version effective today, unless the region already lists a
 * version of that preset: a version is never answered 409, and a second run must add none.
 */
export async function seedPolicies(api: ApiClient, today: string = shanghaiDate(new Date())): Promise<PolicySeedResult> {
  const result: PolicySeedResult = { added: [], existed: [] };
  for (const [region, preset] of regionPolicies) {
    const as = actors.policyAdmin(region);
    const path = `/api/regions/${region}/policy/versions`;
    const { body: versions } = await api.call<{ preset: string | null }[]>(as, 'GET', path);
    if (versions.some((v) => v.preset === preset)) {
      result.existed.push(`${region} ${preset}`);
      continue;
    }
    await api.call(as, 'POST', path, { effectiveFrom: today, preset, reason: '演示数据（npm run demo）：采用预设审管联动规则' }, [201]);
    result.added.push(`${region} ${preset}`);
  }
  return result;
}
