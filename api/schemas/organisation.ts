// Schemas of regions and departments.
import { Type } from '@sinclair/typebox';
import { departmentSides } from '../../domain/organisation.js';

/** A 6-digit administrative division code. */
export const RegionCode = Type.String({ pattern: '^\\d{6}$', description: '6-digit administrative division code (GB/T 2260)' });
/** A code of a department, division, item…: letters, digits, - and _. */
export const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description: 'Code: letters, digits, - _ .' });
/** Why a change is made; kept in the audit trail. Required: every audited change records who, when and why. */
export const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'Why (kept in the audit trail); required on every change' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Timestamp = Type.String({ description: 'ISO instant' });

/** A region. */
export const RegionSchema = Type.Object({ code: RegionCode, name: Name, parentCode: Type.Union([RegionCode, Type.Null()]), createdAt: Timestamp, updatedAt: Timestamp });
/** Body of PUT /api/regions/:code. */
export const RegionInputSchema = Type.Object({ name: Name, parentCode: Type.Optional(RegionCode), reason: Reason }, { additionalProperties: false });

/** Which side a department is on (L1, L15). */
export const Side = Type.Union(departmentSides.map((s) => Type.Literal(s)));
/** A department. */
export const DepartmentSchema = Type.Object({ code: Code, region: RegionCode, name: Name, side: Side, createdAt: Timestamp, updatedAt: Timestamp });
/** Body of POST /api/departments. */
export const DepartmentInputSchema = Type.Object({ code: Code, region: RegionCode, name: Name, side: Side, reason: Reason }, { additionalProperties: false });
/** Body of PATCH /api/departments/:code. */
export const DepartmentChangeSchema = Type.Object({ name: Type.Optional(Name), side: Type.Optional(Side), reason: Reason }, { additionalProperties: false, minProperties: 1 });
