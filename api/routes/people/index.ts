// /api/people: people and service accounts (L1, L2, L15, Dongli 二), kept by region admins. Every change is
// checked against the consistency rules of domain/people.ts on the merged result; people are
// deactivated, never deleted (the audit trail refers to them). The phone number is personal
// data: answered only to region admins and the person itself, never logged or audited.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit, type DbOrTx } from '../../../db/audit.js';
import { divisionsAdministeredBy, findDivision } from '../../../db/divisions.js';
import { findDepartment, findRegion } from '../../../db/organisation.js';
import { findPerson, insertPerson, listPeople, updatePerson, type PersonRow } from '../../../db/people.js';
import type { Principal } from '../../../domain/access.js';
import { divisionAdminProblems, personProblems, seesPersonalData, type PersonFields, type Problem } from '../../../domain/people.js';
import { found, HttpError, unprocessable } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { Reason } from '../../schemas/organisation.js';
import { PeopleQuerySchema, PersonChangeSchema, PersonId, PersonInputSchema, PersonSchema } from '../../schemas/people.js';

/** A person as the viewer may see it: without the phone unless it is a region admin or the person itself. */
function shownTo(viewer: Principal, row: PersonRow): Omit<PersonRow, 'phone'> & { phone?: string | null } {
  if (seesPersonalData(viewer, row.id)) return row;
  const view: Omit<PersonRow, 'phone'> & { phone?: string | null } = { ...row };
  delete view.phone;
  return view;
}

/** Audit details without the phone number: only whether one was set or cleared. */
function redacted<T extends { phone?: string | null | undefined }>(fields: T): T | (Omit<T, 'phone'> & { phone: string | null }) {
  return fields.phone ? { ...fields, phone: '[redacted]' } : fields;
}

/** Every rule the person (as it would be saved) breaks, with what its codes refer to looked up. */
async function problemsOf(tx: DbOrTx, person: PersonFields): Promise<Problem[]> {
  return personProblems(person, {
    region: await findRegion(tx, person.region),
    department: person.deptCode ? await findDepartment(tx, person.deptCode) : undefined,
    division: person.divisionCode ? await findDivision(tx, person.divisionCode) : undefined,
  });
}

/** Refuses a change that would leave a division with a 处室管理员 who no longer qualifies. */
async function keepDivisionAdmins(tx: DbOrTx, person: PersonRow): Promise<void> {
  for (const division of await divisionsAdministeredBy(tx, person.id)) {
    if (divisionAdminProblems(division.code, person.id, person).length > 0) {
      throw new HttpError(
        409,
        'conflict',
        `人员 ${person.id} 是处室 ${division.code} 的处室管理员，此变更后将不再符合条件；请先更换或清空该处室的处室管理员（PATCH /api/divisions/${division.code}）`,
      );
    }
  }
}

const peopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const Params = Type.Object({ id: PersonId });
  // A person's own region scopes every call on it.
  const personScope = async (id: string) => {
    const what = `人员 ${id} `;
    return resourceScope(what, { region: found(await findPerson(app.db, id), what).region });
  };

  app.get(
    '/',
    {
      config: { access: { roles: 'any', scope: (request) => ({ region: (request.query as { region?: string }).region ?? principalOf(request).region }) } },
      schema: {
        tags: ['organisation'],
        summary: 'People and service accounts within a region',
        querystring: PeopleQuerySchema,
        response: { 200: Type.Array(PersonSchema), 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const viewer = principalOf(request);
      const { region, dept, role, active } = request.query;
      const rows = await listPeople(app.db, { within: region ?? viewer.region, dept, role, active });
      return rows.map((row) => shownTo(viewer, row));
    },
  );

  app.post(
    '/',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => ({ region: (request.body as { region: string }).region }) } },
      schema: {
        tags: ['organisation'],
        summary: 'Create a person or service account',
        body: PersonInputSchema,
        response: { 201: PersonSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, ...person } = request.body;
      const saved = await app.db.transaction(async (tx) => {
        const problems = await problemsOf(tx, person);
        if (problems.length > 0) throw unprocessable(problems);
        if (await findPerson(tx, person.id)) throw new HttpError(409, 'conflict', `人员编号 ${person.id} 已存在`);
        const row = await insertPerson(tx, {
          ...person,
          phone: person.phone ?? null,
          deptCode: person.deptCode ?? null,
          divisionCode: person.divisionCode ?? null,
          level: person.level ?? null,
        });
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'person.created', entity: 'person', entityId: row.id, reason, details: redacted(person) });
        return row;
      });
      return reply.status(201).send(shownTo(principalOf(request), saved));
    },
  );

  app.get(
    '/:id',
    {
      config: { access: { roles: 'any', scope: (request) => personScope((request.params as { id: string }).id) } },
      schema: { tags: ['organisation'], summary: 'One person or service account', params: Params, response: { 200: PersonSchema, 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request) => shownTo(principalOf(request), found(await findPerson(app.db, request.params.id), `人员 ${request.params.id} `)),
  );

  app.patch(
    '/:id',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => personScope((request.params as { id: string }).id) } },
      schema: {
        tags: ['organisation'],
        summary: 'Change a person: name, phone, roles, department, division, level, active',
        description: 'The person as it would be after the change must meet every consistency rule.',
        params: Params,
        body: PersonChangeSchema,
        response: { 200: PersonSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, ...changes } = request.body;
      const { id } = request.params;
      const saved = await app.db.transaction(async (tx) => {
        const merged: PersonRow = { ...found(await findPerson(tx, id), `人员 ${id} `), ...changes };
        const problems = await problemsOf(tx, merged);
        if (problems.length > 0) throw unprocessable(problems);
        await keepDivisionAdmins(tx, merged);
        const row = await updatePerson(tx, id, changes);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'person.changed', entity: 'person', entityId: id, reason, details: redacted(changes) });
        return row;
      });
      // After the commit: the person's next request reads the change.
      if (changes.active !== undefined) app.activeCheck.forget(id, saved.region);
      return shownTo(principalOf(request), saved);
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => personScope((request.params as { id: string }).id) } },
      schema: {
        tags: ['organisation'],
        summary: 'Deactivate a person (the record stays: the audit trail refers to it)',
        params: Params,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const person = await app.db.transaction(async (tx) => {
        const person = found(await findPerson(tx, id), `人员 ${id} `);
        // Deactivating twice changes nothing and records nothing.
        if (!person.active) return person;
        await keepDivisionAdmins(tx, { ...person, active: false });
        await updatePerson(tx, id, { active: false });
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'person.deactivated', entity: 'person', entityId: id, reason: request.query.reason });
        return person;
      });
      // After the commit: the person's next request is refused.
      app.activeCheck.forget(id, person.region);
      return reply.status(204).send(null);
    },
  );
};

export default peopleRoutes;
