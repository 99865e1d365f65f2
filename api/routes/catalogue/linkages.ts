// /api/catalogue/linkages: 审管事项关联 (L4) — a handling item → (supervising department, division,
// sub-item). The division and the sub-item must belong to the supervising department (谁主管、谁监管),
// and whoever maintains a linkage must cover both its handling item's and its department's region.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { findHandlingItem } from '../../../db/approval-items.js';
import { recordAudit, type DbOrTx } from '../../../db/audit.js';
import { findDivision } from '../../../db/divisions.js';
import { signalCasesAwaitingLinkage } from '../../case-signals.js';
import { deleteLinkage, findLinkage, findLinkageTo, insertLinkage, listLinkages, retargetLinkage, type LinkageTarget } from '../../../db/linkages.js';
import { findDepartment } from '../../../db/organisation.js';
import { findSubItem } from '../../../db/supervision-items.js';
import { regionCoveringAll, sideAllows, sideNames } from '../../../domain/catalogue.js';
import { accessDenial } from '../../../domain/access.js';
import { found, HttpError, notFoundMessage } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { LinkageChangeSchema, LinkageInputSchema, LinkageSchema } from '../../schemas/catalogue.js';
import { ErrorSchema, type Problem } from '../../schemas/common.js';
import { Code, Reason, RegionCode } from '../../schemas/organisation.js';
import { catalogueScopes, existing, queryRegion, queryRegionScope } from './scopes.js';

/** Why a target is not one the supervising department can take, as body problems. */
async function targetProblems(db: DbOrTx, target: LinkageTarget): Promise<Problem[]> {
  const problems: Problem[] = [];
  const { supervisingDeptCode: deptCode, divisionCode, subItemCode } = target;
  const dept = await findDepartment(db, deptCode);
  if (!dept) problems.push({ field: 'body/supervisingDeptCode', rule: 'unknown_reference', message: `部门 ${deptCode} 不存在` });
  else if (!sideAllows(dept.side, 'supervision')) {
    problems.push({ field: 'body/supervisingDeptCode', rule: 'wrong_side', message: `部门 ${deptCode} 是${sideNames[dept.side]}部门，不能承担监管` });
  }
  const division = await findDivision(db, divisionCode);
  if (!division) problems.push({ field: 'body/divisionCode', rule: 'unknown_reference', message: `处室 ${divisionCode} 不存在` });
  else if (division.deptCode !== deptCode) {
    problems.push({ field: 'body/divisionCode', rule: 'mismatch', message: `处室 ${divisionCode} 属于部门 ${division.deptCode}，不属于监管部门 ${deptCode}` });
  }
  const subItem = await findSubItem(db, subItemCode);
  if (!subItem) problems.push({ field: 'body/subItemCode', rule: 'unknown_reference', message: `监管子项 ${subItemCode} 不存在` });
  else if (subItem.deptCode !== deptCode) {
    problems.push({ field: 'body/subItemCode', rule: 'mismatch', message: `监管子项 ${subItemCode} 属于部门 ${subItem.deptCode} 的监管事项，不属于监管部门 ${deptCode}` });
  }
  return problems;
}

/** Refuses a target with every problem it has. */
async function checkTarget(db: DbOrTx, target: LinkageTarget): Promise<void> {
  const problems = await targetProblems(db, target);
  if (problems.length > 0) throw new HttpError(422, 'unprocessable', problems.map((p) => p.message).join('；'), problems);
}

const linkagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const scopes = catalogueScopes(app.db);
  // Ids are Postgres `serial` (int4): a larger number is no linkage, not a database error.
  const Params = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
  const tags = ['catalogue'];
  const what = (request: FastifyRequest) => `审管关联 ${(request.params as { id: number }).id} `;
  const loadLinkage = async (request: FastifyRequest) => found(await findLinkage(app.db, (request.params as { id: number }).id), what(request));
  // Changing a linkage needs both ends: the handling item's region and the supervising department's.
  // A linkage the caller cannot change is not found; a new department out of its reach is forbidden.
  const linkageScope = async (request: FastifyRequest) => {
    const linkage = await loadLinkage(request);
    const regions = [await scopes.handlingItem(linkage.handlingItemCode, 'not_found'), await scopes.department(linkage.supervisingDeptCode, 'not_found')] as const;
    if (accessDenial(principalOf(request), ['catalogue_admin'], { region: regionCoveringAll(regions) })) throw new HttpError(404, 'not_found', notFoundMessage(what(request)));
    const next = (request.body as { supervisingDeptCode?: string } | undefined)?.supervisingDeptCode;
    return { region: regionCoveringAll(next ? [...regions, await scopes.department(next, 'unknown_reference')] : regions) };
  };

  app.get(
    '/',
    {
      config: { access: { roles: 'any', scope: queryRegionScope } },
      schema: {
        tags,
        summary: 'Linkages of the handling items within a region, or of one handling item',
        querystring: Type.Object({ region: Type.Optional(RegionCode), handlingItem: Type.Optional(Code) }),
        response: { 200: Type.Array(LinkageSchema), 403: ErrorSchema },
      },
    },
    async (request) => listLinkages(app.db, queryRegion(request), request.query.handlingItem),
  );

  app.post(
    '/',
    {
      config: {
        access: {
          roles: ['catalogue_admin'],
          scope: async (request) => {
            const body = request.body as { handlingItemCode: string; supervisingDeptCode: string };
            const handling = await scopes.handlingItem(body.handlingItemCode, 'unknown_reference');
            return { region: regionCoveringAll([handling, await scopes.department(body.supervisingDeptCode, 'unknown_reference')]) };
          },
        },
      },
      schema: {
        tags,
        summary: 'Link a handling item to a division and a supervision sub-item of a supervising department',
        body: LinkageInputSchema,
        response: { 201: LinkageSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, ...linkage } = request.body;
      const saved = await app.db.transaction(async (tx) => {
        existing(await findHandlingItem(tx, linkage.handlingItemCode), `业务办理项 ${linkage.handlingItemCode} `, 'unknown_reference');
        await checkTarget(tx, linkage);
        if (await findLinkageTo(tx, linkage.handlingItemCode, linkage)) {
          throw new HttpError(409, 'conflict', `业务办理项 ${linkage.handlingItemCode} 已关联处室 ${linkage.divisionCode} 的监管子项 ${linkage.subItemCode}`);
        }
        const row = await insertLinkage(tx, linkage);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.linkage.created', entity: 'linkage', entityId: String(row.id), reason, details: linkage });
        return row;
      });
      // Cases waiting for a linkage go on by themselves now (L4, L5).
      await signalCasesAwaitingLinkage(app.temporal, request.log);
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/:id',
    {
      config: {
        access: { roles: 'any', scope: async (request) => resourceScope(what(request), { region: await scopes.handlingItem((await loadLinkage(request)).handlingItemCode, 'not_found') }) },
      },
      schema: { tags, summary: 'One linkage', params: Params, response: { 200: LinkageSchema, 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request) => found(await findLinkage(app.db, request.params.id), `审管关联 ${request.params.id} `),
  );

  app.patch(
    '/:id',
    {
      config: { access: { roles: ['catalogue_admin'], scope: linkageScope } },
      schema: {
        tags,
        summary: 'Point a linkage to another department, division or sub-item',
        description: 'The revision grows by one; cases resolved with an earlier revision keep what they copied.',
        params: Params,
        body: LinkageChangeSchema,
        response: { 200: LinkageSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, ...changes } = request.body;
      return app.db.transaction(async (tx) => {
        const current = found(await findLinkage(tx, request.params.id), `审管关联 ${request.params.id} `);
        const target: LinkageTarget = {
          supervisingDeptCode: changes.supervisingDeptCode ?? current.supervisingDeptCode,
          divisionCode: changes.divisionCode ?? current.divisionCode,
          subItemCode: changes.subItemCode ?? current.subItemCode,
        };
        const same = target.supervisingDeptCode === current.supervisingDeptCode && target.divisionCode === current.divisionCode && target.subItemCode === current.subItemCode;
        if (same) return current;
        await checkTarget(tx, target);
        const clash = await findLinkageTo(tx, current.handlingItemCode, target);
        if (clash && clash.id !== current.id) {
          throw new HttpError(409, 'conflict', `业务办理项 ${current.handlingItemCode} 已关联处室 ${target.divisionCode} 的监管子项 ${target.subItemCode}（关联 ${clash.id}）`);
        }
        const row = await retargetLinkage(tx, current.id, target);
        const details = { from: { supervisingDeptCode: current.supervisingDeptCode, divisionCode: current.divisionCode, subItemCode: current.subItemCode }, to: target, revision: row.revision };
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.linkage.changed', entity: 'linkage', entityId: String(row.id), reason, details });
        return row;
      });
    },
  );

  app.delete(
    '/:id',
    {
      config: { access: { roles: ['catalogue_admin'], scope: linkageScope } },
      schema: {
        tags,
        summary: 'Delete a linkage',
        description: 'Cases already resolved with it keep their copy.',
        params: Params,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      await app.db.transaction(async (tx) => {
        const current = found(await findLinkage(tx, request.params.id), `审管关联 ${request.params.id} `);
        await deleteLinkage(tx, current.id);
        const { handlingItemCode, supervisingDeptCode, divisionCode, subItemCode, revision } = current;
        const details = { handlingItemCode, supervisingDeptCode, divisionCode, subItemCode, revision };
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'catalogue.linkage.deleted', entity: 'linkage', entityId: String(current.id), reason: request.query.reason, details });
      });
      return reply.status(204).send(null);
    },
  );
};

export default linkagesRoutes;
