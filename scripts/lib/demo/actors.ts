// Who takes each step of the demo, as token principals: the same people the seeding creates.
import type { Principal } from '../../../domain/access.js';
import { deptOfDivision, personId, regionOfDept, staff } from './organisation.js';

/** The demo's principals. */
export const actors = {
  /** Sets up regions, departments, people, the catalogue and licences (the audit trail names it). */
  seeder: { sub: 'demo-seeder', roles: ['region_admin', 'catalogue_admin'], region: '100000' } satisfies Principal,
  platform: { sub: staff.platform.id, roles: ['approval_officer'], region: staff.platform.region } satisfies Principal,
  auditor: { sub: staff.auditor.id, roles: ['auditor'], region: staff.auditor.region } satisfies Principal,
  catalogueAdmin: { sub: staff.catalogueAdmin.id, roles: ['catalogue_admin'], region: staff.catalogueAdmin.region } satisfies Principal,
  officer: (dept: string): Principal => ({ sub: personId.officer(dept), roles: ['approval_officer'], region: regionOfDept(dept), dept }),
  divisionAdmin: (division: string): Principal => {
    const dept = deptOfDivision(division);
    return { sub: personId.divisionAdmin(division), roles: ['division_admin'], region: regionOfDept(dept), dept, division };
  },
  /** 审管规则管理员 of a region: only a region's own may add its policy versions. */
  policyAdmin: (region: string): Principal => ({ sub: personId.policyAdmin(region), roles: ['policy_admin'], region }),
  coordinator: (dept: string, level: 1 | 2 | 3): Principal => ({ sub: personId.coordinator(dept, level), roles: ['coordinator'], region: regionOfDept(dept), dept, level }),
};
