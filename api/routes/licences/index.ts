// /api/licences: the licences an enterprise holds, which the default e-licence check (电子证照
// 核验) reads when no ELICENCE_URL is configured. Kept by region admins, who maintain their
// region's reference data; catalogue admins (编办/司法) own item catalogues, not enterprises' licences.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { listLicences, replaceLicences } from '../../../db/licences.js';
import { unprocessable } from '../../errors.js';
import { principalOf } from '../../plugins/access.js';
import { CreditCode, ErrorSchema } from '../../schemas/common.js';
import { LicencesInputSchema, LicencesSchema } from '../../schemas/licences.js';

/** Positions 3–8 of a credit code: the region of the authority that registered the enterprise (GB 32100-2015). */
const registrationRegion = (creditCode: string) => creditCode.slice(2, 8);

const licencesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Any logged-in role reads: licence holdings are public register data, and a case in one region
  // may concern an enterprise registered in another.
  app.get(
    '/',
    {
      config: { access: { roles: 'any' } },
      schema: {
        tags: ['licences'],
        summary: 'The licences an enterprise holds (what the default licence check reads)',
        querystring: Type.Object({ creditCode: CreditCode }),
        response: { 200: LicencesSchema, 400: ErrorSchema },
      },
    },
    async (request) => ({ creditCode: request.query.creditCode, licences: await listLicences(app.db, request.query.creditCode) }),
  );

  // Writes are scoped to the enterprise's registration region, so no admin rewrites another
  // region's enterprises.
  app.put(
    '/:creditCode',
    {
      config: { access: { roles: ['region_admin'], scope: (request) => ({ region: registrationRegion((request.params as { creditCode: string }).creditCode) }) } },
      schema: {
        tags: ['licences'],
        summary: "Replace an enterprise's licences",
        params: Type.Object({ creditCode: CreditCode }),
        body: LicencesInputSchema,
        response: { 200: LicencesSchema, 400: ErrorSchema, 403: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { creditCode } = request.params;
      const licences = request.body.licences.map((l) => ({ name: l.name, licenceNo: l.licenceNo, validUntil: l.validUntil ?? null, revoked: l.revoked ?? false }));
      const repeated = licences.flatMap((l, i) => (licences.findIndex((other) => other.name === l.name) < i ? [i] : []));
      if (repeated.length > 0) {
        throw unprocessable(repeated.map((i) => ({ field: `licences/${i}/name`, rule: 'unique', message: `证照名称“${licences[i]!.name}”重复：每种证照只能登记一条` })));
      }
      return app.db.transaction(async (tx) => {
        const before = await listLicences(tx, creditCode);
        await replaceLicences(tx, creditCode, licences);
        await recordAudit(tx, {
          actor: principalOf(request).sub,
          action: 'licences.replaced',
          entity: 'licences',
          entityId: creditCode,
          reason: request.body.reason,
          details: { before, after: licences },
        });
        return { creditCode, licences: await listLicences(tx, creditCode) };
      });
    },
  );
};

export default licencesRoutes;
