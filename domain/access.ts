// Who may act where (L1, L2, L15, Dongli 二): roles, and the region / department / division scope rules. The
// API enforces these in one place (api/plugins/access.ts); handlers never re-check them.

/** The roles of people and service accounts. */
export const roles = ['region_admin', 'catalogue_admin', 'calendar_admin', 'approval_officer', 'division_admin', 'coordinator', 'auditor', 'credit_officer', 'records_admin', 'ops', 'policy_admin'] as const;
/** One role. */
export type Role = (typeof roles)[number];

/** What each role is, for documentation and staff-facing messages. */
export const roleNames: Record<Role, string> = {
  region_admin: '区划管理员',
  catalogue_admin: '目录管理员（编办/司法）',
  calendar_admin: '工作日历管理员',
  approval_officer: '审批人员',
  division_admin: '处室管理员',
  coordinator: '审管协调员',
  auditor: '考核人员',
  credit_officer: '信用管理员（公共信用信息平台）',
  records_admin: '档案管理员',
  ops: '运维人员',
  policy_admin: '审管规则管理员',
};

/**
 * Roles that act for one department. A token with such a role but no `dept` claim is a platform's
 * service account (e.g. the approval platform) and acts for the whole region.
 */
export const departmentRoles: readonly Role[] = ['approval_officer', 'division_admin', 'coordinator'];

/** Region code of the whole country: covers every region. */
export const NATIONAL_REGION = '100000';

/** An authenticated caller, from the claims of its token. */
export interface Principal {
  sub: string;
  roles: Role[];
  region: string;
  dept?: string;
  division?: string;
  level?: number;
}

/** Where the resource of a request belongs; unset parts are not checked. */
export interface Scope {
  region?: string;
  dept?: string;
  division?: string;
}

/**
 * Whether a region covers another: a province (XX0000) covers its cities and districts, a city
 * (XXXX00) its districts, a district only itself (GB/T 2260 codes).
 */
export function regionCovers(actor: string, target: string): boolean {
  return target.startsWith(regionPrefix(actor));
}

/** The code prefix shared by every region a region covers ('' for the whole country). */
export function regionPrefix(region: string): string {
  if (region === NATIONAL_REGION) return '';
  if (region.endsWith('0000')) return region.slice(0, 2);
  if (region.endsWith('00')) return region.slice(0, 4);
  return region;
}

/** Why the principal may not act with one of `allowed` on `scope`, or undefined when it may. */
export function accessDenial(principal: Principal, allowed: readonly Role[] | 'any', scope: Scope): string | undefined {
  const usable = allowed === 'any' ? principal.roles : principal.roles.filter((role) => allowed.includes(role));
  if (usable.length === 0) {
    const wanted = (allowed as readonly Role[]).map((r) => `${r}（${roleNames[r]}）`).join('、');
    return `需要以下角色之一：${wanted}；当前角色：${principal.roles.join('、') || '无'}`;
  }
  const reasons = usable.map((role) => roleScopeDenial(principal, role, scope));
  return reasons.includes(undefined) ? undefined : reasons[0];
}

function roleScopeDenial(principal: Principal, role: Role, scope: Scope): string | undefined {
  if (scope.region !== undefined && !regionCovers(principal.region, scope.region)) {
    return `超出区划范围：${scope.region} 不在 ${principal.region} 管辖内`;
  }
  if (departmentRoles.includes(role) && principal.dept !== undefined && scope.dept !== undefined && scope.dept !== principal.dept) {
    return `超出部门范围：只能操作本部门（${principal.dept}）的数据，目标部门为 ${scope.dept}`;
  }
  if (role === 'division_admin' && scope.division !== undefined && scope.division !== principal.division) {
    return `超出处室范围：只能操作本处室（${principal.division ?? '未指定'}）的任务，目标处室为 ${scope.division}`;
  }
  return undefined;
}
