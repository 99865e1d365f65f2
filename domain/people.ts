// Who may be recorded as what (L1, L2, L15, Dongli 二): the consistency rules of people, service accounts and
// divisions (处室, L2). Pure: the API looks up what a record refers to and asks these functions,
// on create and on every change (validating the merged result), so one rule answers everywhere.
import { departmentRoles, regionCovers, roleNames, type Principal, type Role } from './access.js';
import type { DepartmentSide } from './organisation.js';

/** A human (person) or a platform's technical account (service). */
export const personKinds = ['person', 'service'] as const;
/** One kind. */
export type PersonKind = (typeof personKinds)[number];

/** One broken rule: which field, which rule (kebab-case), and what is wrong for staff (Chinese). */
export interface Problem {
  field: string;
  rule: string;
  message: string;
}

// A record with a department role (domain/access.ts) needs a department, except a service
// account's approval_officer: the approval platform acts for the whole region.

/** The fields of a person or service account the rules look at. */
export interface PersonFields {
  kind: PersonKind;
  region: string;
  deptCode?: string | null | undefined;
  divisionCode?: string | null | undefined;
  roles: readonly Role[];
  level?: number | null | undefined;
}

/** What a person's codes refer to, as found in the database (undefined: no such record). */
export interface PersonReferences {
  region?: { code: string } | undefined;
  department?: { code: string; region: string } | undefined;
  division?: { code: string; deptCode: string } | undefined;
}

/** Coordinator levels (D 二: level 1 dispatcher, level 2 item owner, level 3 leader). */
const COORDINATOR_LEVELS = [1, 2, 3] as const;

/** Every rule the person breaks; empty when it may be saved. */
export function personProblems(person: PersonFields, found: PersonReferences): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  const has = (role: Role) => person.roles.includes(role);

  if (!found.region) add('region', 'region-exists', `区划 ${person.region} 不存在，请先创建区划`);

  if (person.deptCode) {
    if (!found.department) add('deptCode', 'dept-exists', `部门 ${person.deptCode} 不存在`);
    else if (!regionCovers(person.region, found.department.region)) {
      add('deptCode', 'dept-in-region', `部门 ${person.deptCode} 属于区划 ${found.department.region}，不在人员所属区划 ${person.region} 内`);
    }
  } else {
    // L1, L2, Dongli 二: everyone but auditors and region admins belongs to a department; the approval
    // platform's service account acts for the whole region (no `dept` claim).
    const needDept = departmentRoles.filter((role) => has(role) && !(person.kind === 'service' && role === 'approval_officer'));
    if (needDept.length > 0) {
      add('deptCode', 'dept-required', `角色 ${needDept.map((r) => `${r}（${roleNames[r]}）`).join('、')} 须指定所属部门（deptCode）`);
    }
  }

  if (person.divisionCode) {
    if (!found.division) add('divisionCode', 'division-exists', `处室 ${person.divisionCode} 不存在`);
    else if (found.division.deptCode !== person.deptCode) {
      add('divisionCode', 'division-in-dept', `处室 ${person.divisionCode} 属于部门 ${found.division.deptCode}，不属于${person.deptCode ? `部门 ${person.deptCode}` : '未指定的部门'}`);
    }
  } else if (has('division_admin')) {
    // L2: a 处室管理员 acts only for its own division.
    add('divisionCode', 'division-required', '处室管理员（division_admin）须指定所属处室（divisionCode）');
  }

  const level = person.level ?? undefined;
  if (has('coordinator')) {
    if (level === undefined) add('level', 'level-required', '审管协调员（coordinator）须指定级别（level：1、2 或 3）');
    else if (!(COORDINATOR_LEVELS as readonly number[]).includes(level)) add('level', 'level-range', `协调员级别只能是 1、2 或 3，收到 ${level}`);
  } else if (level !== undefined) {
    add('level', 'level-coordinator-only', '只有审管协调员（coordinator）才有级别（level），请去掉 level 或增加 coordinator 角色');
  }
  return problems;
}

/** Why a division may not be set up in a department; empty when it may (L2: 监管部门的处室). */
export function divisionProblems(deptCode: string, department: { side: DepartmentSide } | undefined): Problem[] {
  if (!department) return [{ field: 'deptCode', rule: 'dept-exists', message: `部门 ${deptCode} 不存在，请先创建部门` }];
  if (department.side === 'approval') {
    return [{ field: 'deptCode', rule: 'supervision-side', message: `处室只能设在监管部门：部门 ${deptCode} 是审批部门` }];
  }
  return [];
}

/** The parts of a person that decide whether it may be a division's 处室管理员. */
export interface DivisionAdminCandidate {
  id: string;
  kind: PersonKind;
  divisionCode?: string | null | undefined;
  roles: readonly Role[];
  active: boolean;
}

/**
 * Why a person may not be the 处室管理员 of a division (L2: the division admin receives the task
 * reminders): it must be an active person, not a service account, of that very division, with
 * the division_admin role. Empty when it may.
 */
export function divisionAdminProblems(divisionCode: string, personId: string, person: DivisionAdminCandidate | undefined): Problem[] {
  const field = 'adminPersonId';
  if (!person) return [{ field, rule: 'admin-exists', message: `人员 ${personId} 不存在` }];
  const problems: Problem[] = [];
  if (!person.active) problems.push({ field, rule: 'admin-active', message: `人员 ${personId} 已停用，不能担任处室管理员` });
  if (person.kind !== 'person') problems.push({ field, rule: 'admin-kind', message: `${personId} 是服务账号，处室管理员须是人员` });
  if (person.divisionCode !== divisionCode) {
    problems.push({
      field,
      rule: 'admin-in-division',
      message: `人员 ${personId} 不属于处室 ${divisionCode}${person.divisionCode ? `（所属处室：${person.divisionCode}）` : ''}，请先将其调入该处室`,
    });
  }
  if (!person.roles.includes('division_admin')) {
    problems.push({ field, rule: 'admin-role', message: `人员 ${personId} 没有处室管理员（division_admin）角色` });
  }
  return problems;
}

/** Whether the viewer may see a person's phone number (personal data): region admins and the person itself. */
export function seesPersonalData(viewer: Principal, personId: string): boolean {
  return viewer.sub === personId || viewer.roles.includes('region_admin');
}
