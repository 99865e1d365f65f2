// /api/catalogue: approval items, handling items and their commitment modes, supervision items and
// sub-items, linkages (L3–L6, L16), kept by catalogue admins within their region and readable by
// everyone logged in there; the unlinked items report; CSV export and import of each list.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CSV_BODY_LIMIT, decodeCsvBody } from '../../csv/csv.js';
import { HttpError } from '../../errors.js';
import csvRoutes from './csv.js';
import handlingItemsRoutes from './handling-items.js';
import linkagesRoutes from './linkages.js';
import ownedItemsRoutes, { approvalItemKind, supervisionItemKind } from './owned-items.js';
import subItemsRoutes from './supervision-sub-items.js';
import unlinkedRoutes from './unlinked.js';

const catalogueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Spreadsheet imports arrive as text/csv; the parser exists only within this plugin.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT }, (request, body, done) => {
    try {
      done(null, decodeCsvBody(body as Buffer, request.headers['content-type']));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Fastify's own "body too large" is English; staff get it in Chinese. Anything else goes on to
  // the app's error handler.
  app.setErrorHandler((error) => {
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      throw new HttpError(413, 'too_large', `文件过大：最多 ${CSV_BODY_LIMIT / 1024 / 1024} MB，请分批导入`);
    }
    throw error;
  });

  await app.register(ownedItemsRoutes, { prefix: '/approval-items', kind: approvalItemKind });
  await app.register(handlingItemsRoutes, { prefix: '/handling-items' });
  await app.register(ownedItemsRoutes, { prefix: '/supervision-items', kind: supervisionItemKind });
  await app.register(subItemsRoutes, { prefix: '/supervision-sub-items' });
  await app.register(linkagesRoutes, { prefix: '/linkages' });
  await app.register(unlinkedRoutes);
  await app.register(csvRoutes);
};

export default catalogueRoutes;
