// Schemas of people and service accounts. Name and phone are personal data: the phone is sent only
// to region admins and the person itself, and is never logged or written to the audit trail.
import { Type } from '@sinclair/typebox';
import { roles } from '../../domain/access.js';
import { personKinds } from '../../domain/people.js';
import { Code, Reason, RegionCode } from './organisation.js';

/** A person's id: the `sub` of its tokens (e.g. `zhang.san`, `svc:approval-platform`). */
export const PersonId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$', description: 'Id, the `sub` of the person’s tokens' });
/** One role. */
export const RoleSchema = Type.Union(roles.map((r) => Type.Literal(r)));
/** Person or service account. */
export const PersonKindSchema = Type.Union(personKinds.map((k) => Type.Literal(k)));
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Phone = Type.String({ pattern: '^\\+?[0-9-]{5,20}$', description: 'Phone (personal data; for SMS reminders)' });
const Roles = Type.Array(RoleSchema, { minItems: 1, uniqueItems: true });
const Level = Type.Integer({ minimum: 1, maximum: 3, description: 'Coordinator level 1–3 (D 二); only with the coordinator role' });
const Timestamp = Type.String({ description: 'ISO instant' });

/** A person as answered; `phone` is absent unless the caller is a region admin or the person itself. */
export const PersonSchema = Type.Object({
  id: PersonId,
  kind: PersonKindSchema,
  name: Name,
  phone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  region: RegionCode,
  deptCode: Type.Union([Code, Type.Null()]),
  divisionCode: Type.Union([Code, Type.Null()]),
  roles: Type.Array(RoleSchema),
  level: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** Body of POST /api/people. */
export const PersonInputSchema = Type.Object(
  {
    id: PersonId,
    kind: PersonKindSchema,
    name: Name,
    phone: Type.Optional(Phone),
    region: RegionCode,
    deptCode: Type.Optional(Code),
    divisionCode: Type.Optional(Code),
    roles: Roles,
    level: Type.Optional(Level),
    reason: Reason,
  },
  { additionalProperties: false },
);

/** Body of PATCH /api/people/:id; null clears an optional field. */
export const PersonChangeSchema = Type.Object(
  {
    name: Type.Optional(Name),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    roles: Type.Optional(Roles),
    deptCode: Type.Optional(Type.Union([Code, Type.Null()])),
    divisionCode: Type.Optional(Type.Union([Code, Type.Null()])),
    level: Type.Optional(Type.Union([Level, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    reason: Reason,
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Query of GET /api/people. */
export const PeopleQuerySchema = Type.Object({
  region: Type.Optional(RegionCode),
  dept: Type.Optional(Code),
  role: Type.Optional(RoleSchema),
  active: Type.Optional(Type.Boolean()),
});
