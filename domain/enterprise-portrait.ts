// What one caller sees of an enterprise's portrait (企业画像, L13): the rows of its region, and —
// for a department's own staff — only its department's approvals and supervision. Pure.
import { departmentRoles, type Principal, type Role } from './access.js';

/** The roles that may read a portrait. */
export const portraitRoles: readonly Role[] = ['approval_officer', 'division_admin', 'coordinator', 'auditor', 'region_admin', 'credit_officer'];

/** The part of the read model a caller sees. */
export interface PortraitScope {
  /** Rows whose region lies outside this one are left out (regions nest by prefix; 100000 = all). */
  region: string;
  /**
   * Set for a department's own staff: approvals (cases) of this approval department, tasks (and
   * their inspections, rectifications, revocations) and spot-check draws of this supervising
   * department only.
   */
  dept?: string;
}

/**
 * The scope of a principal. A department role with a `dept` claim sees its department only; a
 * region-wide role (auditor, region admin, credit officer) or a platform's service account (a
 * department role without a `dept` claim) sees its whole region. A principal holding both kinds
 * of role sees as much as its widest role allows.
 */
export function portraitScopeOf(principal: Principal): PortraitScope {
  const usable = principal.roles.filter((role) => portraitRoles.includes(role));
  const regionWide = principal.dept === undefined || usable.some((role) => !departmentRoles.includes(role));
  return regionWide ? { region: principal.region } : { region: principal.region, dept: principal.dept! };
}
