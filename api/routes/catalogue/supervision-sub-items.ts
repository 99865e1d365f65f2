// /api/catalogue/supervision-sub-items: the 子项 of supervision items, which linkages point to (L4).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { countLinkages } from '../../../db/linkages.js';
import { deleteSubItem, findSubItem, findSupervisionItem, insertSubItem, listSubItems, renameSubItem } from '../../../db/supervision-items.js';
import { found, HttpError } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { RenameSchema, SubItemInputSchema, SubItemSchema } from '../../schemas/catalogue.js';
import { ErrorSchema } from '../../schemas/common.js';
import { Code, Reason, RegionCode } from '../../schemas/organisation.js';
import { catalogueScopes, existing, queryRegion, queryRegionScope } from './scopes.js';

const subItemsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const scopes = catalogueScopes(app.db);
  const Params = Type.Object({ code: Code });
  const itemScope = async (request: { params: unknown }) => {
    const { code } = request.params as { code: string };
    return resourceScope(`监管子项 ${code} `, { region: await scopes.subItem(code, 'not_found') });
  };
  const tags = ['catalogue'];

  app.get(
    '/',
    {
      config: { access: { roles: 'any', scope: queryRegionScope } },
      schema: {
        tags,
        summary: 'Supervision sub-items within a region',
        querystring: Type.Object({ region: Type.Optional(RegionCode), supervisionItem: Type.Optional(Code) }),
        response: { 200: Type.Array(SubItemSchema), 403: ErrorSchema },
      },
    },
    async (request) => listSubItems(app.db, queryRegion(request), request.query.supervisionItem),
  );

  app.post(
    '/',
    {
      config: {
        access: {
          roles: ['catalogue_admin'],
          scope: async (request) => ({ region: await scopes.supervisionItem((request.body as { supervisionItemCode: string }).supervisionItemCode, 'unknown_reference') }),
        },
      },
      schema: {
        tags,
        summary: 'Create a supervision sub-item',
        body: SubItemInputSchema,
        response: { 201: SubItemSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, ...item } = request.body;
      const saved = await app.db.transaction(async (tx) => {
        existing(await findSupervisionItem(tx, item.supervisionItemCode), `监管事项 ${item.supervisionItemCode} `, 'unknown_reference');
        if (await findSubItem(tx, item.code)) throw new HttpError(409, 'conflict', `监管子项编码 ${item.code} 已存在`);
        const created = await insertSubItem(tx, item);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.supervision-sub-item.created', entity: 'supervision-sub-item', entityId: created.code, reason, details: item });
        return created;
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/:code',
    {
      config: { access: { roles: 'any', scope: itemScope } },
      schema: { tags, summary: 'One supervision sub-item', params: Params, response: { 200: SubItemSchema, 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request) => found(await findSubItem(app.db, request.params.code), `监管子项 ${request.params.code} `),
  );

  app.patch(
    '/:code',
    {
      config: { access: { roles: ['catalogue_admin'], scope: itemScope } },
      schema: {
        tags,
        summary: 'Rename a supervision sub-item',
        params: Params,
        body: RenameSchema,
        response: { 200: SubItemSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, name } = request.body;
      return app.db.transaction(async (tx) => {
        const row = await renameSubItem(tx, request.params.code, name);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.supervision-sub-item.changed', entity: 'supervision-sub-item', entityId: row.code, reason, details: { name } });
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
        summary: 'Delete a supervision sub-item that no linkage points to',
        params: Params,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      await app.db.transaction(async (tx) => {
        const linked = await countLinkages(tx, { subItemCode: code });
        if (linked > 0) throw new HttpError(409, 'in_use', `监管子项 ${code} 还有 ${linked} 条审管关联，请先删除关联`);
        await deleteSubItem(tx, code);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.supervision-sub-item.deleted', entity: 'supervision-sub-item', entityId: code, reason: request.query.reason });
      });
      return reply.status(204).send(null);
    },
  );
};

export default subItemsRoutes;
