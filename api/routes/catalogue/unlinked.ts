// /api/catalogue/unlinked: handling items without any linkage — the list the catalogue admins
// take to 编办、司法 to settle who supervises what (L4: 提请编办、司法明确).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listUnlinked } from '../../../db/linkages.js';
import { UnlinkedItemSchema } from '../../schemas/catalogue.js';
import { ErrorSchema } from '../../schemas/common.js';
import { RegionCode } from '../../schemas/organisation.js';
import { queryRegion, queryRegionScope } from './scopes.js';

const unlinkedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/unlinked',
    {
      config: { access: { roles: 'any', scope: queryRegionScope } },
      schema: {
        tags: ['catalogue'],
        summary: 'Unlinked items report: handling items within a region that have no linkage (L4)',
        querystring: Type.Object({ region: Type.Optional(RegionCode) }),
        response: { 200: Type.Array(UnlinkedItemSchema), 403: ErrorSchema },
      },
    },
    async (request) => listUnlinked(app.db, queryRegion(request)),
  );
};

export default unlinkedRoutes;
