// Catalogue rules (L3–L6): which departments may own which items, the commitment modes a handling
// item may allow (告知承诺情形, L5), and the shape of codes and names. Pure: no I/O.
import { NATIONAL_REGION, regionCovers } from './access.js';
import type { CommitmentMode } from './case.js';
import type { DepartmentSide } from './organisation.js';

/** The modes a handling item can be configured to allow (L5); `standard` is always allowed and never stored. */
export const configurableModes = ['deferral', 'verification', 'postCheck'] as const satisfies readonly CommitmentMode[];
/** One configurable mode. */
export type ConfigurableMode = (typeof configurableModes)[number];

/** Staff-facing names of the commitment modes (L5, L8). */
export const commitmentModeNames: Record<CommitmentMode, string> = {
  deferral: '材料延期',
  verification: '材料核验',
  postCheck: '事后核查',
  standard: '正常办理',
};

/** Staff-facing names of the department sides. */
export const sideNames: Record<DepartmentSide, string> = { approval: '审批侧', supervision: '监管侧', both: '审批侧和监管侧' };

/** Whether a department of `side` may own items of `needed` (谁审批、谁负责；谁主管、谁监管): `both` owns either. */
export function sideAllows(side: DepartmentSide, needed: 'approval' | 'supervision'): boolean {
  return side === needed || side === 'both';
}

/** Whether a value is a configurable mode. */
export function isConfigurableMode(value: string): value is ConfigurableMode {
  return (configurableModes as readonly string[]).includes(value);
}

/** The modes in their canonical order without repeats, as they are stored and exported. */
export function canonicalModes(modes: readonly string[]): ConfigurableMode[] {
  return configurableModes.filter((mode) => modes.includes(mode));
}

/** Whether two mode lists allow the same modes, whatever their order. */
export function sameModes(a: readonly string[], b: readonly string[]): boolean {
  return canonicalModes(a).join('|') === canonicalModes(b).join('|');
}

/** Every mode a case of a handling item may use: `standard`, then the configured ones. */
export function usableModes(allowed: readonly string[]): CommitmentMode[] {
  return ['standard', ...canonicalModes(allowed)];
}

/** Codes of items, departments and divisions; the same rule as the API's `Code` schema. */
export const CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
/** Longest item name. */
export const NAME_MAX_LENGTH = 200;
/**
 * Names may not start like a spreadsheet formula (= + - @, tab, CR): catalogues are exported as CSV
 * and opened in Excel, which would run such a cell (CSV injection).
 */
export const NAME_PATTERN = '^[^=+\\-@\\t\\r]';

/** Why a name is not acceptable, or undefined when it is. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return '名称不能为空';
  if (name.length > NAME_MAX_LENGTH) return `名称过长（${name.length} 字），最多 ${NAME_MAX_LENGTH} 字`;
  if (!new RegExp(NAME_PATTERN).test(name)) return '名称不能以 = + - @ 开头（电子表格会把它当作公式）';
  return undefined;
}

/** Why a code is not acceptable, or undefined when it is. */
export function codeProblem(code: string): string | undefined {
  if (code.length === 0) return '编码不能为空';
  if (!new RegExp(CODE_PATTERN).test(code)) return `编码“${code}”不合规：只能包含字母、数字和 - _ .，以字母或数字开头，最长 64 位`;
  return undefined;
}

/**
 * The narrowest region covering every one of `regions`: whoever covers it covers them all. A
 * linkage belongs to both its handling item's region and its supervising department's, and
 * whoever maintains it must cover both.
 */
export function regionCoveringAll(regions: readonly [string, ...string[]]): string {
  const first = regions[0];
  const candidates = [first, `${first.slice(0, 4)}00`, `${first.slice(0, 2)}0000`];
  return candidates.find((candidate) => regions.every((region) => regionCovers(candidate, region))) ?? NATIONAL_REGION;
}
