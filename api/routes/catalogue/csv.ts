// /api/catalogue/<kind>.csv and /api/catalogue/<kind>/import: every catalogue as the spreadsheet
// departments keep it (L16). An import is all or nothing: every row is checked first and every
// problem reported with its line and column; only a clean file is written, in one transaction.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { applyImportPlan, exportCatalogue, loadCatalogueRefs } from '../../../db/catalogue-csv.js';
import {
  catalogueEntities,
  catalogueKindNames,
  catalogueKinds,
  csvCells,
  csvColumns,
  mentionedCodes,
  rowKey,
  type CatalogueKind,
  type CsvProblem,
} from '../../../domain/catalogue-csv.js';
import { validateCatalogueCsv } from '../../../domain/catalogue-import.js';
import { CSV_BODY_LIMIT, CsvFileSchema, csvRefusal, parseCsv, toCsv } from '../../csv/csv.js';
import { principalOf } from '../../plugins/access.js';
import { CsvErrorSchema, csvFormatDescription, ImportResultSchema } from '../../schemas/catalogue.js';
import { ErrorSchema } from '../../schemas/common.js';
import { Reason, RegionCode } from '../../schemas/organisation.js';
import { queryRegion, queryRegionScope } from './scopes.js';

/** The 422 answer for a refused file. */
const csvError = (kind: CatalogueKind, problems: CsvProblem[]) => csvRefusal(catalogueKindNames[kind], problems);

const csvRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const kind of catalogueKinds) {
    const name = catalogueKindNames[kind];

    app.get(
      `/${kind}.csv`,
      {
        config: { access: { roles: 'any', scope: queryRegionScope } },
        schema: {
          tags: ['catalogue'],
          summary: `Export ${kind} of a region as CSV (${name})`,
          description: `${csvFormatDescription(kind)} Re-importing an export changes nothing.`,
          produces: ['text/csv'],
          querystring: Type.Object({ region: Type.Optional(RegionCode) }),
          response: {
            200: { description: 'CSV with a UTF-8 BOM', content: { 'text/csv': { schema: Type.String() } } },
            403: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const region = queryRegion(request);
        const rows = await exportCatalogue(app.db, kind, region);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${kind}-${region}.csv"`)
          .send(toCsv(csvColumns[kind], rows.map((row) => csvCells(kind, row))));
      },
    );

    app.post(
      `/${kind}/import`,
      {
        // Each row is checked against the caller's region (problem `out_of_region`), not the request.
        config: { access: { roles: ['catalogue_admin'] } },
        schema: {
          tags: ['catalogue'],
          summary: `Import ${kind} from CSV (${name}), all or nothing`,
          description:
            `${csvFormatDescription(kind)} New rows are inserted, changed names${kind === 'handling-items' ? ' and modes' : ''} updated; ` +
            `nothing is deleted and an item's owner never changes. Any problem: 422 listing every one, nothing written. Limit ${CSV_BODY_LIMIT / 1024 / 1024} MB.`,
          consumes: ['text/csv'],
          querystring: Type.Object({ reason: Reason }),
          body: CsvFileSchema,
          response: { 200: ImportResultSchema, 400: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: CsvErrorSchema },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const parsed = parseCsv(request.body);
        if ('problems' in parsed) return reply.status(422).send(csvError(kind, parsed.problems));
        const outcome = await app.db.transaction(async (tx) => {
          const refs = await loadCatalogueRefs(tx, kind, mentionedCodes(kind, parsed.records));
          const result = validateCatalogueCsv(kind, parsed.records, refs, principal.region);
          if (!result.ok) return result;
          const { plan } = result;
          await applyImportPlan(tx, kind, plan);
          const counts = { inserted: plan.insert.length, updated: plan.update.length, unchanged: plan.unchanged };
          const details = { region: principal.region, ...counts, insertedKeys: plan.insert.map(rowKey), updatedKeys: plan.update.map(rowKey) };
          const entity = catalogueEntities[kind];
          await recordAudit(tx, { actor: principal.sub, action: `catalogue.${entity}.imported`, entity, entityId: principal.region, reason: request.query.reason, details });
          return { ok: true as const, counts };
        });
        if (!outcome.ok) return reply.status(422).send(csvError(kind, outcome.problems));
        return outcome.counts;
      },
    );
  }
};

export default csvRoutes;
