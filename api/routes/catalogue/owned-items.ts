// /api/catalogue/approval-items and /supervision-items: the items a department owns (L3, L4:
// 谁审批、谁负责；谁主管、谁监管). Both lists work alike; only the side of the owner differs.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  countHandlingItems,
  deleteApprovalItem,
  findApprovalItem,
  insertApprovalItem,
  listApprovalItems,
  renameApprovalItem,
} from '../../../db/approval-items.js';
import { recordAudit, type DbOrTx } from '../../../db/audit.js';
import { findDepartment } from '../../../db/organisation.js';
import {
  countSubItems,
  deleteSupervisionItem,
  findSupervisionItem,
  insertSupervisionItem,
  listSupervisionItems,
  renameSupervisionItem,
} from '../../../db/supervision-items.js';
import { sideAllows, sideNames } from '../../../domain/catalogue.js';
import { found, HttpError } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { OwnedItemInputSchema, OwnedItemSchema, RenameSchema } from '../../schemas/catalogue.js';
import { ErrorSchema } from '../../schemas/common.js';
import { Code, Reason, RegionCode } from '../../schemas/organisation.js';
import { catalogueScopes, existing, queryRegion, queryRegionScope } from './scopes.js';

/** An owned item as the queries return it. */
interface OwnedItem {
  code: string;
  deptCode: string;
  region: string;
  name: string;
  updatedAt: string;
}

/** What differs between approval items and supervision items. */
export interface OwnedItemKind {
  side: 'approval' | 'supervision';
  /** Audit entity, e.g. `approval-item`. */
  entity: string;
  /** Staff-facing name of the item and of its children. */
  what: string;
  children: string;
  list(db: DbOrTx, within: string, deptCode?: string): Promise<OwnedItem[]>;
  find(db: DbOrTx, code: string): Promise<OwnedItem | undefined>;
  insert(db: DbOrTx, row: { code: string; deptCode: string; name: string }): Promise<OwnedItem>;
  rename(db: DbOrTx, code: string, name: string): Promise<OwnedItem>;
  remove(db: DbOrTx, code: string): Promise<void>;
  countChildren(db: DbOrTx, code: string): Promise<number>;
}

/** 审批事项: owned by an approval-side department; its children are handling items. */
export const approvalItemKind: OwnedItemKind = {
  side: 'approval',
  entity: 'approval-item',
  what: '审批事项',
  children: '业务办理项',
  list: listApprovalItems,
  find: findApprovalItem,
  insert: insertApprovalItem,
  rename: renameApprovalItem,
  remove: deleteApprovalItem,
  countChildren: countHandlingItems,
};

/** 监管事项: owned by a supervision-side department; its children are sub-items. */
export const supervisionItemKind: OwnedItemKind = {
  side: 'supervision',
  entity: 'supervision-item',
  what: '监管事项',
  children: '监管子项',
  list: listSupervisionItems,
  find: findSupervisionItem,
  insert: insertSupervisionItem,
  rename: renameSupervisionItem,
  remove: deleteSupervisionItem,
  countChildren: countSubItems,
};

const ownedItemsRoutes: FastifyPluginAsyncTypebox<{ kind: OwnedItemKind }> = async (app, { kind }) => {
  const scopes = catalogueScopes(app.db);
  const Params = Type.Object({ code: Code });
  const itemScope = async (code: string) => {
    const what = `${kind.what} ${code} `;
    return resourceScope(what, { region: found(await kind.find(app.db, code), what).region });
  };
  const tags = ['catalogue'];

  app.get(
    '/',
    {
      config: { access: { roles: 'any', scope: queryRegionScope } },
      schema: {
        tags,
        summary: `${kind.what} within a region`,
        querystring: Type.Object({ region: Type.Optional(RegionCode), dept: Type.Optional(Code) }),
        response: { 200: Type.Array(OwnedItemSchema), 403: ErrorSchema },
      },
    },
    async (request) => kind.list(app.db, queryRegion(request), request.query.dept),
  );

  app.post(
    '/',
    {
      config: {
        access: {
          roles: ['catalogue_admin'],
          scope: async (request) => ({ region: await scopes.department((request.body as { deptCode: string }).deptCode, 'unknown_reference') }),
        },
      },
      schema: {
        tags,
        summary: `Create a ${kind.entity} (${kind.what})`,
        body: OwnedItemInputSchema,
        response: { 201: OwnedItemSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, ...item } = request.body;
      const saved = await app.db.transaction(async (tx) => {
        const dept = existing(await findDepartment(tx, item.deptCode), `部门 ${item.deptCode} `, 'unknown_reference');
        if (!sideAllows(dept.side, kind.side)) {
          throw new HttpError(422, 'wrong_side', `部门 ${dept.code} 是${sideNames[dept.side]}部门，不能拥有${kind.what}`);
        }
        if (await kind.find(tx, item.code)) throw new HttpError(409, 'conflict', `${kind.what}编码 ${item.code} 已存在`);
        const row = await kind.insert(tx, item);
        await recordAudit(tx, { actor: principalOf(request).sub, action: `catalogue.${kind.entity}.created`, entity: kind.entity, entityId: row.code, reason, details: item });
        return row;
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/:code',
    {
      config: { access: { roles: 'any', scope: (request) => itemScope((request.params as { code: string }).code) } },
      schema: { tags, summary: `One ${kind.entity}`, params: Params, response: { 200: OwnedItemSchema, 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request) => found(await kind.find(app.db, request.params.code), `${kind.what} ${request.params.code} `),
  );

  app.patch(
    '/:code',
    {
      config: { access: { roles: ['catalogue_admin'], scope: (request) => itemScope((request.params as { code: string }).code) } },
      schema: {
        tags,
        summary: `Rename a ${kind.entity}`,
        params: Params,
        body: RenameSchema,
        response: { 200: OwnedItemSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, name } = request.body;
      return app.db.transaction(async (tx) => {
        const row = await kind.rename(tx, request.params.code, name);
        await recordAudit(tx, { actor: principalOf(request).sub, action: `catalogue.${kind.entity}.changed`, entity: kind.entity, entityId: row.code, reason, details: { name } });
        return row;
      });
    },
  );

  app.delete(
    '/:code',
    {
      config: { access: { roles: ['catalogue_admin'], scope: (request) => itemScope((request.params as { code: string }).code) } },
      schema: {
        tags,
        summary: `Delete a ${kind.entity} that has no ${kind.side === 'approval' ? 'handling items' : 'sub-items'}`,
        params: Params,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      await app.db.transaction(async (tx) => {
        const children = await kind.countChildren(tx, code);
        if (children > 0) throw new HttpError(409, 'in_use', `${kind.what} ${code} 下还有 ${children} 个${kind.children}，请先删除它们`);
        await kind.remove(tx, code);
        await recordAudit(tx, { actor: principalOf(request).sub, action: `catalogue.${kind.entity}.deleted`, entity: kind.entity, entityId: code, reason: request.query.reason });
      });
      return reply.status(204).send(null);
    },
  );
};

export default ownedItemsRoutes;
