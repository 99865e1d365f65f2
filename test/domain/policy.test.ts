// The linkage policy as data (domain/policy): inheritance down the region tree, every rule a version's
// settings must keep (a failing and a passing case each), and the Lianyungang and Dongli presets.
import { describe, expect, it } from 'vitest';
import { effectivePolicy, NATIONAL_DEFAULT, type PolicySettings } from '../../domain/policy/linkage-policy.js';
import { policyProblemsOfEffective, policySettingsProblems } from '../../domain/policy/policy-rules.js';
import { policyPresets } from '../../domain/policy/presets.js';
import { smsTemplates } from '../../domain/sms-templates.js';

const fields = (settings: unknown) => policySettingsProblems(settings as PolicySettings).map((p) => `${p.field}:${p.rule}`);

describe('inheritance', () => {
  it('a district overrides only what it sets; absent inherits, null inherits as null', () => {
    const city: PolicySettings = { workingDays: { view: 3, inspectionResult: 5, postCheckStart: null, postCheckFinish: null }, linkageRecheckHours: 12 };
    const district: PolicySettings = { workingDays: { view: 2 }, warning: { hour: 15 } };
    const policy = effectivePolicy([{}, city, district]);
    expect(policy.workingDays).toEqual({ ...NATIONAL_DEFAULT.workingDays, view: 2, inspectionResult: 5, postCheckStart: null, postCheckFinish: null });
    expect(policy.warning).toEqual({ workingDaysBefore: 0, hour: 15 });
    expect(policy.linkageRecheckHours).toBe(12);
    expect(policy.modes).toEqual(NATIONAL_DEFAULT.modes);
  });

  it('a chain without versions is the national default', () => {
    expect(effectivePolicy([])).toEqual(NATIONAL_DEFAULT);
  });
});

describe('policySettingsProblems', () => {
  const cases: [string, unknown, unknown, string | string[]][] = [
    ['working days out of range', { workingDays: { view: 61 } }, { workingDays: { view: 60 } }, 'settings/workingDays/view:range'],
    ['working days not an integer', { workingDays: { inspectionResult: 2.5 } }, { workingDays: { inspectionResult: 1 } }, 'settings/workingDays/inspectionResult:range'],
    ['working days zero', { workingDays: { push: 0 } }, { workingDays: { push: 1 } }, 'settings/workingDays/push:range'],
    ['null where a limit is needed', { workingDays: { view: null } }, { workingDays: { revocationProposal: null } }, 'settings/workingDays/view:required'],
    ['unknown limit', { workingDays: { materials: 3 } }, { workingDays: { view: 3 } }, 'settings/workingDays/materials:unknown'],
    ['post-check pair half set', { workingDays: { postCheckStart: 1, postCheckFinish: null } }, { workingDays: { postCheckStart: null, postCheckFinish: null } }, 'settings/workingDays/postCheckFinish:paired'],
    ['post-check finish before start', { workingDays: { postCheckStart: 5, postCheckFinish: 3 } }, { workingDays: { postCheckStart: 3, postCheckFinish: 3 } }, 'settings/workingDays/postCheckFinish:order'],
    ['unknown mode', { modes: ['normal'] }, { modes: ['postCheck'] }, 'settings/modes/0:enum'],
    ['repeated mode', { modes: ['deferral', 'deferral'] }, { modes: ['deferral', 'verification'] }, 'settings/modes/1:unique'],
    ['warning hour', { warning: { hour: 24 } }, { warning: { hour: 0 } }, 'settings/warning/hour:range'],
    ['warning days before', { warning: { workingDaysBefore: 6 } }, { warning: { workingDaysBefore: 5 } }, 'settings/warning/workingDaysBefore:range'],
    ['no escalation steps', { escalation: [] }, { escalation: [{ level: 1, workingDaysLate: 0 }] }, 'settings/escalation:length'],
    [
      'four escalation steps',
      { escalation: [1, 2, 3, 4].map((n) => ({ level: (n % 3) + 1, workingDaysLate: n })) },
      { escalation: [1, 2, 3].map((n) => ({ level: n, workingDaysLate: n })) },
      // Four steps cannot have distinct levels either.
      ['settings/escalation:length', 'settings/escalation/3/level:unique'],
    ],
    ['repeated level', { escalation: [{ level: 2, workingDaysLate: 0 }, { level: 2, workingDaysLate: 1 }] }, { escalation: [{ level: 2, workingDaysLate: 0 }, { level: 1, workingDaysLate: 1 }] }, 'settings/escalation/1/level:unique'],
    ['level out of 1–3', { escalation: [{ level: 4, workingDaysLate: 0 }] }, { escalation: [{ level: 3, workingDaysLate: 0 }] }, 'settings/escalation/0/level:enum'],
    ['lateness over 30', { escalation: [{ level: 1, workingDaysLate: 31 }] }, { escalation: [{ level: 1, workingDaysLate: 30 }] }, 'settings/escalation/0/workingDaysLate:range'],
    ['lateness not increasing', { escalation: [{ level: 2, workingDaysLate: 1 }, { level: 1, workingDaysLate: 1 }] }, { escalation: [{ level: 2, workingDaysLate: 1 }, { level: 1, workingDaysLate: 2 }] }, 'settings/escalation/1/workingDaysLate:order'],
    ['recheck hours', { linkageRecheckHours: 169 }, { linkageRecheckHours: 168 }, 'settings/linkageRecheckHours:range'],
    ['recheck hours zero', { linkageRecheckHours: 0 }, { linkageRecheckHours: 1 }, 'settings/linkageRecheckHours:range'],
    ['unknown template', { smsTemplates: { greeting: '你好' } }, { smsTemplates: { taskWithdrawn: '办件{caseNo}的任务已撤回。' } }, 'settings/smsTemplates/greeting:unknown'],
    ['empty template', { smsTemplates: { taskWithdrawn: '' } }, { smsTemplates: { taskWithdrawn: '{caseNo}' } }, 'settings/smsTemplates/taskWithdrawn:length'],
    ['template too long', { smsTemplates: { taskWithdrawn: `{caseNo}${'字'.repeat(300)}` } }, { smsTemplates: { taskWithdrawn: `{caseNo}${'字'.repeat(292)}` } }, 'settings/smsTemplates/taskWithdrawn:length'],
    ['template missing a placeholder', { smsTemplates: { taskAssigned: '办件{caseNo}有新任务。' } }, { smsTemplates: { taskAssigned: '{item}：办件{caseNo}，{deadline}前查看。' } }, 'settings/smsTemplates/taskAssigned:placeholders'],
    ['template with a foreign placeholder', { smsTemplates: { taskWithdrawn: '办件{caseNo}（{phone}）已撤回。' } }, { smsTemplates: { taskWithdrawn: '办件{caseNo}已撤回。' } }, 'settings/smsTemplates/taskWithdrawn:placeholders'],
    ['unknown top-level key', { deadlines: {} }, {}, 'settings/deadlines:unknown'],
    ['unknown warning key', { warning: { minute: 5 } }, { warning: { hour: 9 } }, 'settings/warning/minute:unknown'],
  ];
  it.each(cases)('%s', (_, failing, passing, problem) => {
    expect(fields(failing)).toEqual([problem].flat());
    expect(fields(passing)).toEqual([]);
  });

  it('lists every problem of a settings object at once', () => {
    const problems = policySettingsProblems({
      workingDays: { view: 0, push: null, postCheckStart: 4, postCheckFinish: 2 },
      modes: ['deferral', 'bogus'],
      warning: { hour: 25, workingDaysBefore: -1 },
      escalation: [{ level: 1, workingDaysLate: 2 }, { level: 1, workingDaysLate: 1 }],
      linkageRecheckHours: 200,
      smsTemplates: { taskWithdrawn: '已撤回' },
    } as unknown as PolicySettings);
    expect(problems.map((p) => p.field)).toEqual([
      'settings/workingDays/view',
      'settings/workingDays/push',
      'settings/workingDays/postCheckFinish',
      'settings/modes/1',
      'settings/warning/hour',
      'settings/warning/workingDaysBefore',
      'settings/escalation/1/level',
      'settings/escalation/1/workingDaysLate',
      'settings/linkageRecheckHours',
      'settings/smsTemplates/taskWithdrawn',
    ]);
    for (const problem of problems) expect(problem.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every default SMS text is a valid regional text', () => {
    expect(policySettingsProblems({ smsTemplates: { ...smsTemplates } })).toEqual([]);
  });
});

describe('policyProblemsOfEffective', () => {
  it('checks the post-check pair after inheritance', () => {
    expect(policyProblemsOfEffective(effectivePolicy([{ workingDays: { postCheckStart: 11 } }])).map((p) => p.rule)).toEqual(['order']);
    expect(policyProblemsOfEffective(effectivePolicy([{ workingDays: { postCheckStart: null } }])).map((p) => p.rule)).toEqual(['paired']);
    expect(policyProblemsOfEffective(effectivePolicy([{ workingDays: { postCheckStart: 2 } }]))).toEqual([]);
    expect(policyProblemsOfEffective(NATIONAL_DEFAULT)).toEqual([]);
  });
});

describe('presets', () => {
  it.each(Object.entries(policyPresets))('%s is valid, alone and over the national default', (_, preset) => {
    expect(policySettingsProblems(preset.settings)).toEqual([]);
    expect(policyProblemsOfEffective(effectivePolicy([preset.settings]))).toEqual([]);
  });

  it('names a clause for every field it sets', () => {
    for (const preset of Object.values(policyPresets)) {
      const set = Object.keys(preset.settings.workingDays ?? {}).map((kind) => `workingDays.${kind}`);
      expect(Object.keys(preset.clauses).sort()).toEqual(set.sort());
    }
  });

  it('Lianyungang: L9, L10, no post-check windows, no revocation limit', () => {
    expect(effectivePolicy([policyPresets.lianyungang.settings]).workingDays).toEqual({ view: 3, inspectionResult: 5, postCheckStart: null, postCheckFinish: null, revocationProposal: null, push: 1 });
    expect(policyPresets.lianyungang.clauses['workingDays.view']).toBe('L9');
    expect(policyPresets.lianyungang.clauses['workingDays.inspectionResult']).toBe('L10');
  });

  it('Dongli: 一(一)1, 一(二)1, 一(三)2', () => {
    expect(policyPresets.dongli.settings.workingDays).toEqual({ revocationProposal: 1, postCheckStart: 1, postCheckFinish: 10 });
    expect(policyPresets.dongli.clauses['workingDays.postCheckFinish']).toBe('Dongli 一(三)2');
  });
});
