// /api/catalogue: approval items, handling items and their commitment modes, supervision items and
// sub-items, linkages (L3–L6, L16), kept by catalogue admins within their region and readable by
// everyone logged in there; the unlinked items report; CSV export and import of each list.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { acceptCsvBodies } from '../../csv/csv.js';
import csvRoutes from './csv.js';
import handlingItemsRoutes from './handling-items.js';
import linkagesRoutes from './linkages.js';
import ownedItemsRoutes, { approvalItemKind, supervisionItemKind } from './owned-items.js';
import subItemsRoutes from './supervision-sub-items.js';
import unlinkedRoutes from './unlinked.js';

const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Spreadsheet imports arrive as text/csv, within this plugin only.
  acceptCsvBodies(app);

  await app.register(ownedItemsRoutes, { prefix: '/approval-items', kind: approvalItemKind });
  await app.register(handlingItemsRoutes, { prefix: '/handling-items' });
  await app.register(ownedItemsRoutes, { prefix: '/supervision-items', kind: supervisionItemKind });
  await app.register(subItemsRoutes, { prefix: '/supervision-sub-items' });
  await app.register(linkagesRoutes, { prefix: '/linkages' });
  await app.register(unlinkedRoutes);
  await app.register(csvRoutes);
};

export default catalogueRoutes;
