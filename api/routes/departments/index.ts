// /api/departments: the departments of a region and their side (L1, L15), kept by region admins.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { deleteDepartment, findDepartment, findRegion, insertDepartment, listDepartments, updateDepartment } from '../../../db/organisation.js';
import { found, HttpError } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { Code, DepartmentChangeSchema, DepartmentInputSchema, DepartmentSchema, Reason, RegionCode, Side } from '../../schemas/organisation.js';

const departmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const Params = Type.Object({ code: Code });
  // The department's own region scopes every call on it.
  const departmentScope = async (code: string) => {
    const what = `部门 ${code} `;
    return resourceScope(what, { region: found(await findDepartment(app.db, code), what).region });
  };

  app.get(
    '/',
    {
      config: { access: { roles: 'any', scope: (request) => ({ region: (request.query as { region?: string }).region ?? principalOf(request).region }) } },
      schema: {
        tags: ['organisation'],
        summary: 'Departments within a region',
        querystring: Type.Object({ region: Type.Optional(RegionCode), side: Type.Optional(Side) }),
        response: { 200: Type.Array(DepartmentSchema), 403: ErrorSchema },
      },
    },
    async (request) => listDepartments(app.db, request.query.region ?? principalOf(request).region, request.query.side),
  );

  app.post(
    '/',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => ({ region: (request.body as { region: string }).region }) } },
      schema: {
        tags: ['organisation'],
        summary: 'Create a department',
        body: DepartmentInputSchema,
        response: { 201: DepartmentSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, ...department } = request.body;
      const saved = await app.db.transaction(async (tx) => {
        if (!(await findRegion(tx, department.region))) throw new HttpError(422, 'unknown_reference', `区划 ${department.region} 不存在，请先创建区划`);
        if (await findDepartment(tx, department.code)) throw new HttpError(409, 'conflict', `部门编码 ${department.code} 已存在`);
        const row = await insertDepartment(tx, department);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'department.created', entity: 'department', entityId: row.code, reason, details: department });
        return row;
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/:code',
    {
      config: { access: { roles: 'any', scope: (request) => departmentScope((request.params as { code: string }).code) } },
      schema: { tags: ['organisation'], summary: 'One department', params: Params, response: { 200: DepartmentSchema, 404: ErrorSchema } },
    },
    async (request) => found(await findDepartment(app.db, request.params.code), `部门 ${request.params.code} `),
  );

  app.patch(
    '/:code',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => departmentScope((request.params as { code: string }).code) } },
      schema: {
        tags: ['organisation'],
        summary: 'Rename a department or change its side',
        params: Params,
        body: DepartmentChangeSchema,
        response: { 200: DepartmentSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, ...changes } = request.body;
      return app.db.transaction(async (tx) => {
        const row = await updateDepartment(tx, request.params.code, changes);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'department.changed', entity: 'department', entityId: row.code, reason, details: changes });
        return row;
      });
    },
  );

  app.delete(
    '/:code',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => departmentScope((request.params as { code: string }).code) } },
      schema: {
        tags: ['organisation'],
        summary: 'Delete a department that nothing refers to',
        params: Params,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      await app.db.transaction(async (tx) => {
        await deleteDepartment(tx, request.params.code);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'department.deleted', entity: 'department', entityId: request.params.code, reason: request.query.reason });
      });
      return reply.status(204).send(null);
    },
  );
};

export default departmentsRoutes;
