// The two policy documents as presets a region may adopt as a version: what each text sets, and the
// clause that sets it (for the README table and the API). What a text does not set stays inherited.
import type { PolicySettings } from './linkage-policy.js';

/** One preset: the document's name, the settings it fixes, the clause of each set field (`workingDays.view` → `L9`). */
export interface PolicyPreset {
  name: string;
  settings: PolicySettings;
  clauses: Record<string, string>;
}

/** The presets' names, as a version records them. */
export const policyPresetNames = ['lianyungang', 'dongli'] as const;
/** One of them. */
export type PolicyPresetName = (typeof policyPresetNames)[number];

/** The presets. */
export const policyPresets: Record<PolicyPresetName, PolicyPreset> = {
  lianyungang: {
    name: '连云港市审管联动工作机制',
    // The text sets no post-check windows and no time for proposing revocation: a post-check there
    // runs on L9/L10 like any task, and a proposal is not timed.
    settings: { workingDays: { view: 3, inspectionResult: 5, postCheckStart: null, postCheckFinish: null, revocationProposal: null } },
    clauses: {
      'workingDays.view': 'L9',
      'workingDays.inspectionResult': 'L10',
      'workingDays.postCheckStart': 'L9、L10（未单独规定）',
      'workingDays.postCheckFinish': 'L9、L10（未单独规定）',
      'workingDays.revocationProposal': '未规定',
    },
  },
  dongli: {
    name: '东丽区审管联动工作机制',
    settings: { workingDays: { revocationProposal: 1, postCheckStart: 1, postCheckFinish: 10 } },
    clauses: {
      'workingDays.revocationProposal': 'Dongli 一(二)1',
      'workingDays.postCheckStart': 'Dongli 一(三)2',
      'workingDays.postCheckFinish': 'Dongli 一(三)2',
    },
  },
};
