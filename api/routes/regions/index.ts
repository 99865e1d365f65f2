// /api/regions: administrative divisions, maintained by region admins.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { listRegions, upsertRegion } from '../../../db/organisation.js';
import { principalOf } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { RegionCode, RegionInputSchema, RegionSchema } from '../../schemas/organisation.js';

const regionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: { roles: 'any' } },
      schema: { tags: ['organisation'], summary: 'Regions within the caller’s region', response: { 200: Type.Array(RegionSchema) } },
    },
    async (request) => listRegions(app.db, principalOf(request).region),
  );

  app.put(
    '/:code',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => ({ region: (request.params as { code: string }).code }) } },
      schema: {
        tags: ['organisation'],
        summary: 'Create or rename a region',
        params: Type.Object({ code: RegionCode }),
        body: RegionInputSchema,
        response: { 200: RegionSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const { reason, ...region } = request.body;
      return app.db.transaction(async (tx) => {
        const saved = await upsertRegion(tx, { code: request.params.code, name: region.name, parentCode: region.parentCode ?? null });
        await recordAudit(tx, { actor: principalOf(request).sub, action: 'region.saved', entity: 'region', entityId: saved.code, reason, details: region });
        return saved;
      });
    },
  );
};

export default regionsRoutes;
