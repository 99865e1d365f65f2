// /api/catalogue/handling-items: the 业务办理项 of approval items with their commitment
// configuration (告知承诺情形, L5): which of deferral / verification / postCheck each allows.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deleteHandlingItem, findApprovalItem, findHandlingItem, insertHandlingItem, listHandlingItems, updateHandlingItem } from '../../../db/approval-items.js';
import { recordAudit } from '../../../db/audit.js';
import { countLinkages } from '../../../db/linkages.js';
import { canonicalModes } from '../../../domain/catalogue.js';
import { found, HttpError } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { HandlingItemChangeSchema, HandlingItemInputSchema, HandlingItemSchema } from '../../schemas/catalogue.js';
import { ErrorSchema } from '../../schemas/common.js';
import { Code, Reason, RegionCode } from '../../schemas/organisation.js';
import { catalogueScopes, existing, queryRegion, queryRegionScope } from './scopes.js';

const handlingItemsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const scopes = catalogueScopes(app.db);
  const Params = Type.Object({ code: Code });
  const itemScope = async (request: { params: unknown }) => {
    const { code } = request.params as { code: string };
    return resourceScope(`业务办理项 ${code} `, { region: await scopes.handlingItem(code, 'not_found') });
  };
  const tags = ['catalogue'];

  app.get(
    '/',
    {
      config: { access: { roles: 'any', scope: queryRegionScope } },
      schema: {
        tags,
        summary: 'Handling items within a region',
        querystring: Type.Object({ region: Type.Optional(RegionCode), approvalItem: Type.Optional(Code) }),
        response: { 200: Type.Array(HandlingItemSchema), 403: ErrorSchema },
      },
    },
    async (request) => listHandlingItems(app.db, queryRegion(request), request.query.approvalItem),
  );

  app.post(
    '/',
    {
      config: {
        access: {
          roles: ['catalogue_admin'],
          scope: async (request) => ({ region: await scopes.approvalItem((request.body as { approvalItemCode: string }).approvalItemCode, 'unknown_reference') }),
        },
      },
      schema: {
        tags,
        summary: 'Create a handling item with the commitment modes it allows',
        body: HandlingItemInputSchema,
        response: { 201: HandlingItemSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, allowedModes, ...item } = request.body;
      const row = { ...item, allowedModes: canonicalModes(allowedModes ?? []) };
      const saved = await app.db.transaction(async (tx) => {
        existing(await findApprovalItem(tx, row.approvalItemCode), `审批事项 ${row.approvalItemCode} `, 'unknown_reference');
        if (await findHandlingItem(tx, row.code)) throw new HttpError(409, 'conflict', `业务办理项编码 ${row.code} 已存在`);
        const created = await insertHandlingItem(tx, row);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.handling-item.created', entity: 'handling-item', entityId: created.code, reason, details: row });
        return created;
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/:code',
    {
      config: { access: { roles: 'any', scope: itemScope } },
      schema: { tags, summary: 'One handling item', params: Params, response: { 200: HandlingItemSchema, 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request) => found(await findHandlingItem(app.db, request.params.code), `业务办理项 ${request.params.code} `),
  );

  app.patch(
    '/:code',
    {
      config: { access: { roles: ['catalogue_admin'], scope: itemScope } },
      schema: {
        tags,
        summary: 'Rename a handling item or change the commitment modes it allows',
        description: 'Cases already started keep the modes they were started with.',
        params: Params,
        body: HandlingItemChangeSchema,
        response: { 200: HandlingItemSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, name, allowedModes } = request.body;
      if (name === undefined && allowedModes === undefined) {
        throw new HttpError(400, 'validation', '请至少提供 name 或 allowedModes 之一', [{ field: 'body', rule: 'required', message: 'name or allowedModes' }]);
      }
      const changes = { ...(name !== undefined ? { name } : {}), ...(allowedModes !== undefined ? { allowedModes: canonicalModes(allowedModes) } : {}) };
      return app.db.transaction(async (tx) => {
        const row = await updateHandlingItem(tx, request.params.code, changes);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.handling-item.changed', entity: 'handling-item', entityId: row.code, reason, details: changes });
        return row;
      });
    },
  );

  app.delete(
    '/:code',
    {
      config: { access: { roles: ['catalogue_admin'], scope: itemScope } },
      schema: {
        tags,
        summary: 'Delete a handling item that has no linkage',
        params: Params,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      await app.db.transaction(async (tx) => {
        const linked = await countLinkages(tx, { handlingItemCode: code });
        if (linked > 0) throw new HttpError(409, 'in_use', `业务办理项 ${code} 还有 ${linked} 条审管关联，请先删除关联`);
        await deleteHandlingItem(tx, code);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.handling-item.deleted', entity: 'handling-item', entityId: code, reason: request.query.reason });
      });
      return reply.status(204).send(null);
    },
  );
};

export default handlingItemsRoutes;
