// The consistency rules of people, service accounts and divisions (L1, L2, Dongli 二): each rule
// failing on its own, and the records every role may legitimately have.
import { describe, expect, it } from 'vitest';
import type { Role } from '../../domain/access.js';
import { divisionAdminProblems, divisionProblems, personProblems, seesPersonalData, type PersonFields, type PersonReferences } from '../../domain/people.js';

const lyg = { code: '320700' };
const scjgj = { code: 'LYG-SCJGJ', region: '320700' };
const haizhouDept = { code: 'HZ-SCJGJ', region: '320706' };
const tianjinDept = { code: 'DL-SCJGJ', region: '120110' };
const spc = { code: 'LYG-SCJGJ-SPC', deptCode: 'LYG-SCJGJ' };
const all: PersonReferences = { region: lyg, department: scjgj, division: spc };

const person = (fields: Partial<PersonFields> & { roles: Role[] }): PersonFields => ({ kind: 'person', region: '320700', ...fields });
const rules = (fields: PersonFields, found: PersonReferences = all) => personProblems(fields, found).map((p) => `${p.field}:${p.rule}`);

describe('personProblems', () => {
  it('accepts a legitimate record of every role', () => {
    expect(rules(person({ roles: ['region_admin'] }))).toEqual([]);
    expect(rules(person({ roles: ['auditor'] }))).toEqual([]);
    expect(rules(person({ roles: ['catalogue_admin'] }))).toEqual([]);
    expect(rules(person({ roles: ['approval_officer'], deptCode: 'LYG-SCJGJ' }))).toEqual([]);
    expect(rules(person({ roles: ['division_admin'], deptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC' }))).toEqual([]);
    expect(rules(person({ roles: ['coordinator'], deptCode: 'LYG-SCJGJ', level: 2 }))).toEqual([]);
    expect(rules(person({ roles: ['approval_officer'], kind: 'service' }))).toEqual([]);
    // A staff member of a division need not be its admin.
    expect(rules(person({ roles: ['approval_officer'], deptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC' }))).toEqual([]);
  });

  it('lets a city-level record belong to a department of a district within it, not the reverse', () => {
    expect(rules(person({ roles: ['approval_officer'], deptCode: 'HZ-SCJGJ' }), { region: lyg, department: haizhouDept })).toEqual([]);
    expect(rules(person({ region: '320706', roles: ['approval_officer'], deptCode: 'LYG-SCJGJ' }), { region: { code: '320706' }, department: scjgj })).toEqual([
      'deptCode:dept-in-region',
    ]);
    expect(rules(person({ roles: ['approval_officer'], deptCode: 'DL-SCJGJ' }), { region: lyg, department: tianjinDept })).toEqual(['deptCode:dept-in-region']);
  });

  it('refuses references that do not exist', () => {
    expect(rules(person({ roles: ['auditor'] }), {})).toEqual(['region:region-exists']);
    expect(rules(person({ roles: ['approval_officer'], deptCode: 'NOPE' }), { region: lyg })).toEqual(['deptCode:dept-exists']);
    expect(rules(person({ roles: ['approval_officer'], deptCode: 'LYG-SCJGJ', divisionCode: 'NOPE' }), { region: lyg, department: scjgj })).toEqual([
      'divisionCode:division-exists',
    ]);
  });

  it('requires a department for department-bound roles of persons', () => {
    for (const roles of [['approval_officer'], ['coordinator']] as Role[][]) {
      const problems = personProblems(person({ roles, ...(roles[0] === 'coordinator' ? { level: 1 } : {}) }), all);
      expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual(['deptCode:dept-required']);
      expect(problems[0]!.message).toContain(roles[0]);
    }
  });

  it('lets a service account be an approval officer for the whole region, but nothing else department-bound', () => {
    expect(rules(person({ kind: 'service', roles: ['approval_officer'] }))).toEqual([]);
    expect(rules(person({ kind: 'service', roles: ['approval_officer', 'coordinator'], level: 1 }))).toEqual(['deptCode:dept-required']);
  });

  it('requires a division of the same department for a division admin', () => {
    expect(rules(person({ roles: ['division_admin'], deptCode: 'LYG-SCJGJ' }))).toEqual(['divisionCode:division-required']);
    const otherDept = { code: 'LYG-ZJJ', region: '320700' };
    expect(rules(person({ roles: ['division_admin'], deptCode: 'LYG-ZJJ', divisionCode: 'LYG-SCJGJ-SPC' }), { ...all, department: otherDept })).toEqual([
      'divisionCode:division-in-dept',
    ]);
    // A division without a department: both the department and the division are wrong.
    expect(rules(person({ roles: ['division_admin'], divisionCode: 'LYG-SCJGJ-SPC' }))).toEqual(['deptCode:dept-required', 'divisionCode:division-in-dept']);
  });

  it('requires a level 1–3 for coordinators and allows it for nobody else (D 二)', () => {
    expect(rules(person({ roles: ['coordinator'], deptCode: 'LYG-SCJGJ' }))).toEqual(['level:level-required']);
    expect(rules(person({ roles: ['coordinator'], deptCode: 'LYG-SCJGJ', level: null }))).toEqual(['level:level-required']);
    expect(rules(person({ roles: ['coordinator'], deptCode: 'LYG-SCJGJ', level: 4 }))).toEqual(['level:level-range']);
    expect(rules(person({ roles: ['coordinator'], deptCode: 'LYG-SCJGJ', level: 0 }))).toEqual(['level:level-range']);
    expect(rules(person({ roles: ['auditor'], level: 1 }))).toEqual(['level:level-coordinator-only']);
  });

  it('reports every broken rule at once, with a Chinese message each', () => {
    const problems = personProblems(person({ roles: ['division_admin', 'auditor'], level: 2 }), {});
    expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual(['region:region-exists', 'deptCode:dept-required', 'divisionCode:division-required', 'level:level-coordinator-only']);
    for (const p of problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('divisionProblems', () => {
  it('allows divisions in supervising departments only (L2)', () => {
    expect(divisionProblems('A', { side: 'supervision' })).toEqual([]);
    expect(divisionProblems('A', { side: 'both' })).toEqual([]);
    const [approval] = divisionProblems('A', { side: 'approval' });
    expect(approval).toMatchObject({ field: 'deptCode', rule: 'supervision-side' });
    expect(approval!.message).toContain('处室只能设在监管部门');
    expect(divisionProblems('NOPE', undefined)).toEqual([expect.objectContaining({ field: 'deptCode', rule: 'dept-exists' })]);
  });
});

describe('divisionAdminProblems', () => {
  const admin = { id: 'wang', kind: 'person' as const, divisionCode: 'SPC', roles: ['division_admin'] as Role[], active: true };
  const rulesOf = (candidate: Parameters<typeof divisionAdminProblems>[2]) => divisionAdminProblems('SPC', 'wang', candidate).map((p) => p.rule);

  it('accepts an active person of the division with the role', () => {
    expect(rulesOf(admin)).toEqual([]);
  });

  it('names each reason a candidate does not qualify', () => {
    expect(rulesOf(undefined)).toEqual(['admin-exists']);
    expect(rulesOf({ ...admin, active: false })).toEqual(['admin-active']);
    expect(rulesOf({ ...admin, kind: 'service' })).toEqual(['admin-kind']);
    expect(rulesOf({ ...admin, divisionCode: 'OTHER' })).toEqual(['admin-in-division']);
    expect(rulesOf({ ...admin, divisionCode: null })).toEqual(['admin-in-division']);
    expect(rulesOf({ ...admin, roles: ['coordinator'] })).toEqual(['admin-role']);
  });
});

describe('seesPersonalData', () => {
  it('is for region admins and the person itself', () => {
    expect(seesPersonalData({ sub: 'a', roles: ['region_admin'], region: '320700' }, 'b')).toBe(true);
    expect(seesPersonalData({ sub: 'b', roles: ['approval_officer'], region: '320700', dept: 'X' }, 'b')).toBe(true);
    expect(seesPersonalData({ sub: 'a', roles: ['auditor', 'catalogue_admin'], region: '320700' }, 'b')).toBe(false);
  });
});
