// /api/external-sources: the systems that send records about enterprises (L13) — the 12345
// hotline, local supervision systems, provincial platforms — configured as data by the region
// admins of the region each serves: the kinds of record it may send, what each kind raises, and
// the key its webhook is signed with. The key is answered once, when the server generates it, and
// never again: not by any read, not in the audit trail, not in the logs.
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../../db/audit.js';
import {
  deleteExternalSource,
  findExternalSource,
  insertExternalSource,
  listExternalSources,
  updateExternalSource,
  type ExternalSourceRow,
} from '../../../db/external-records.js';
import { sourceConfigProblems, type RaiseRule } from '../../../domain/external-records.js';
import { found, HttpError, unprocessable } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { SourceInputSchema, SourceListSchema, SourceParams, SourcePatchSchema, SourceSchema } from '../../schemas/external.js';
import { Reason } from '../../schemas/organisation.js';

/** The audit entity of a source. */
const ENTITY = 'external-source';

/** A new webhook key: 32 random bytes, hex. */
const newSecret = () => randomBytes(32).toString('hex');

/** A source as the API shows it: everything but its key. */
export function presentSource({ secret: _secret, ...row }: ExternalSourceRow) {
  return row;
}

/** What the audit trail keeps of a source: never its key. */
const audited = ({ secret: _secret, updatedAt: _at, ...row }: ExternalSourceRow) => row;

const externalSourcesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const what = (code: string) => `数据来源 ${code} `;
  const sourceScope = async (request: FastifyRequest) => {
    const { code } = request.params as { code: string };
    return resourceScope(what(code), { region: found(await findExternalSource(app.db, code), what(code)).region });
  };
  const configProblems = (kinds: readonly string[], rules: readonly RaiseRule[], code?: string) => {
    const problems = sourceConfigProblems(kinds, rules, code);
    if (problems.length > 0) throw unprocessable(problems);
  };

  app.get(
    '/',
    {
      config: { access: { roles: ['region_admin', 'auditor'] } },
      schema: { tags: ['enterprises'], summary: 'The data sources (数据来源) within the caller’s region', response: { 200: SourceListSchema, 401: ErrorSchema, 403: ErrorSchema } },
    },
    async (request) => (await listExternalSources(app.db, principalOf(request).region)).map(presentSource),
  );

  app.post(
    '/',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => ({ region: (request.body as { region: string }).region }) } },
      schema: {
        tags: ['enterprises'],
        summary: 'Configure a data source (数据来源): kinds, rules, webhook key',
        description: 'Without `secret` the server generates the webhook key and answers it in `secret` this once; it is never shown again. Audited (without the key).',
        body: SourceInputSchema,
        response: { 201: SourceSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { reason, secret: given, rules = [], ...fields } = request.body;
      configProblems(fields.kinds, rules, fields.code);
      const secret = given ?? newSecret();
      const actor = principalOf(request).sub;
      const row = await app.db.transaction(async (tx) => {
        if (!(await insertExternalSource(tx, { ...fields, rules, secret, createdBy: actor }))) throw new HttpError(409, 'conflict', `数据来源 ${fields.code} 已存在`);
        const stored = (await findExternalSource(tx, fields.code))!;
        await recordAudit(tx, { actor, action: 'external-source.created', entity: ENTITY, entityId: fields.code, reason, details: { ...audited(stored), secretSet: given !== undefined ? 'given' : 'generated' } });
        return stored;
      });
      return reply.status(201).send({ ...presentSource(row), ...(given === undefined ? { secret } : {}) });
    },
  );

  app.get(
    '/:code',
    {
      config: { access: { roles: ['region_admin', 'auditor'], scope: sourceScope } },
      schema: { tags: ['enterprises'], summary: 'One data source (without its key)', params: SourceParams, response: { 200: SourceSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema } },
    },
    async (request) => presentSource(found(await findExternalSource(app.db, request.params.code), what(request.params.code))),
  );

  app.patch(
    '/:code',
    {
      config: { access: { roles: ['region_admin'], scope: sourceScope } },
      schema: {
        tags: ['enterprises'],
        summary: 'Change a data source: name, kinds, rules, active, its webhook key',
        description: '`rotateSecret: true` generates a new key and answers it this once; `secret` sets one. Audited (without the key).',
        params: SourceParams,
        body: SourcePatchSchema,
        response: { 200: SourceSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { code } = request.params;
      const { reason, rotateSecret, secret: given, ...change } = request.body;
      if (rotateSecret && given !== undefined) throw unprocessable([{ field: 'rotateSecret', rule: 'one-of', message: 'secret 与 rotateSecret 只能二选一' }]);
      const generated = rotateSecret ? newSecret() : undefined;
      const secret = given ?? generated;
      const actor = principalOf(request).sub;
      const row = await app.db.transaction(async (tx) => {
        const before = found(await findExternalSource(tx, code), what(code));
        configProblems(change.kinds ?? before.kinds, change.rules ?? before.rules);
        const after = (await updateExternalSource(tx, code, { ...change, ...(secret !== undefined ? { secret } : {}) }))!;
        await recordAudit(tx, {
          actor,
          action: 'external-source.changed',
          entity: ENTITY,
          entityId: code,
          reason,
          details: { before: audited(before), after: audited(after), secretChanged: secret !== undefined },
        });
        return after;
      });
      return { ...presentSource(row), ...(generated !== undefined ? { secret: generated } : {}) };
    },
  );

  app.delete(
    '/:code',
    {
      config: { access: { roles: ['region_admin'], scope: sourceScope } },
      schema: {
        tags: ['enterprises'],
        summary: 'Remove a data source that has sent nothing',
        description: 'A source with records is kept (409): deactivate it (`active: false`) instead. Audited.',
        params: SourceParams,
        querystring: Type.Object({ reason: Reason }),
        response: { 204: Type.Null(), 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      await app.db.transaction(async (tx) => {
        const before = found(await findExternalSource(tx, code), what(code));
        if (!(await deleteExternalSource(tx, code))) throw new HttpError(409, 'conflict', `数据来源 ${code} 已有记录，不能删除；请改为停用（active: false）`);
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'external-source.deleted', entity: ENTITY, entityId: code, reason: request.query.reason, details: audited(before) });
      });
      return reply.status(204).send(null);
    },
  );
};

export default externalSourcesRoutes;
