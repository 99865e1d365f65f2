/** Which side of 审管联动 a department is on (L1, L15). */
export const departmentSides = ['approval', 'supervision', 'both'] as const;
/** One side. */
export type DepartmentSide = (typeof departmentSides)[number];
