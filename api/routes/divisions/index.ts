// /api/divisions: the divisions (处室) of supervising departments and their 处室管理员 (L2), kept by
// the region admins of the department's region.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { deleteDivision, divisionReferences, findDivision, insertDivision, listDivisions, updateDivision } from '../../../db/divisions.js';
import { findDepartment } from '../../../db/organisation.js';
import { findPerson } from '../../../db/people.js';
import { divisionAdminProblems, divisionProblems, type Problem } from '../../../domain/people.js';
import { found, HttpError, unprocessable } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { DivisionChangeSchema, DivisionInputSchema, DivisionSchema } from '../../schemas/divisions.js';
import { Code, Reason } from '../../schemas/organisation.js';

const divisionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const Params = Type.Object({ code: Code });
  // A division belongs where its department belongs.
  const departmentScope = async (deptCode: string) => ({ region: found(await findDepartment(app.db, deptCode), `部门 ${deptCode} `).region });
  const divisionScope = async (code: string) => {
    const what = `处室 ${code} `;
    return resourceScope(what, await departmentScope(found(await findDivision(app.db, code), what).deptCode));
  };

  app.get(
    '/',
    {
      config: {
        access: {
          roles: 'any',
          scope: async (request) => {
            const { dept } = request.query as { dept: string };
            return resourceScope(`部门 ${dept} `, await departmentScope(dept));
          },
        },
      },
      schema: {
        tags: ['organisation'],
        summary: 'Divisions of a department',
        querystring: Type.Object({ dept: Code }),
        response: { 200: Type.Array(DivisionSchema), 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => listDivisions(app.db, request.query.dept),
  );

  app.post(
    '/',
    {
      config: {
        access: {
          roles: ['region_admin'],
          scope: async (request) => {
            // A department that does not exist is the body's mistake (422), not a missing resource.
            const { deptCode } = request.body as { deptCode: string };
            const department = await findDepartment(app.db, deptCode);
            if (!department) throw unprocessable(divisionProblems(deptCode, undefined));
            return { region: department.region };
          },
        },
      },
      schema: {
        tags: ['organisation'],
        summary: 'Create a division of a supervising department',
        description: 'A new division has no people yet, so `adminPersonId` can only be set afterwards (PATCH) once the person is moved into it.',
        body: DivisionInputSchema,
        response: { 201: DivisionSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, ...division } = request.body;
      const saved = await app.db.transaction(async (tx) => {
        const problems = divisionProblems(division.deptCode, await findDepartment(tx, division.deptCode));
        if (division.adminPersonId) {
          problems.push(...divisionAdminProblems(division.code, division.adminPersonId, await findPerson(tx, division.adminPersonId)));
        }
        if (problems.length > 0) throw unprocessable(problems);
        if (await findDivision(tx, division.code)) throw new HttpError(409, 'conflict', `处室编码 ${division.code} 已存在`);
        const row = await insertDivision(tx, { ...division, adminPersonId: division.adminPersonId ?? null });
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'division.created', entity: 'division', entityId: row.code, reason, details: division });
        return row;
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/:code',
    {
      config: { access: { roles: 'any', scope: (request) => divisionScope((request.params as { code: string }).code) } },
      schema: { tags: ['organisation'], summary: 'One division', params: Params, response: { 200: DivisionSchema, 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request) => found(await findDivision(app.db, request.params.code), `处室 ${request.params.code} `),
  );

  app.patch(
    '/:code',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => divisionScope((request.params as { code: string }).code) } },
      schema: {
        tags: ['organisation'],
        summary: 'Rename a division or change its 处室管理员',
        params: Params,
        body: DivisionChangeSchema,
        response: { 200: DivisionSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, ...changes } = request.body;
      const { code } = request.params;
      return app.db.transaction(async (tx) => {
        if (changes.adminPersonId) {
          const problems = divisionAdminProblems(code, changes.adminPersonId, await findPerson(tx, changes.adminPersonId));
          if (problems.length > 0) throw unprocessable(problems);
        }
        const row = await updateDivision(tx, code, changes);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'division.changed', entity: 'division', entityId: code, reason, details: changes });
        return row;
      });
    },
  );

  app.delete(
    '/:code',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => divisionScope((request.params as { code: string }).code) } },
      schema: {
        tags: ['organisation'],
        summary: 'Delete a division that no person and no linkage refers to',
        params: Params,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      await app.db.transaction(async (tx) => {
        // The foreign keys would refuse anyway; checking first lets the answer say what refers to it.
        const refs = await divisionReferences(tx, code);
        const problems: Problem[] = [];
        if (refs.people.length > 0) {
          const shown = refs.people.slice(0, 10).join('、') + (refs.people.length > 10 ? ' 等' : '');
          problems.push({ field: 'people', rule: 'still-referenced', message: `仍有 ${refs.people.length} 名人员属于该处室（${shown}），请先调整其所属处室` });
        }
        if (refs.linkages > 0) {
          problems.push({ field: 'linkages', rule: 'still-referenced', message: `仍有 ${refs.linkages} 条审管事项关联指向该处室，请先调整关联` });
        }
        if (problems.length > 0) throw new HttpError(409, 'conflict', `处室 ${code} 仍被引用，不能删除：${problems.map((p) => p.message).join('；')}`, problems);
        await deleteDivision(tx, code);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'division.deleted', entity: 'division', entityId: code, reason: request.query.reason });
      });
      return reply.status(204).send(null);
    },
  );
};

export default divisionsRoutes;
