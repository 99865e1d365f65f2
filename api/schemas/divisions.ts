// Schemas of divisions (处室, L2) of supervising departments.
import { Type } from '@sinclair/typebox';
import { Code, Reason } from './organisation.js';
import { PersonId } from './people.js';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Timestamp = Type.String({ description: 'ISO instant' });

/** A division. */
export const DivisionSchema = Type.Object({
  code: Code,
  deptCode: Code,
  name: Name,
  adminPersonId: Type.Union([PersonId, Type.Null()], { description: '处室管理员: an active person of this division with the division_admin role' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** Body of POST /api/divisions. */
export const DivisionInputSchema = Type.Object(
  { code: Code, deptCode: Code, name: Name, adminPersonId: Type.Optional(PersonId), reason: Reason },
  { additionalProperties: false },
);

/** Body of PATCH /api/divisions/:code; `adminPersonId: null` leaves the division without a 处室管理员. */
export const DivisionChangeSchema = Type.Object(
  { name: Type.Optional(Name), adminPersonId: Type.Optional(Type.Union([PersonId, Type.Null()])), reason: Reason },
  { additionalProperties: false, minProperties: 1 },
);
