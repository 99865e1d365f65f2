// /api/enterprises/:creditCode: the enterprise portrait (企业画像, L13) — one enterprise's
// approvals, tasks, inspections, rectifications, revocations, credit grade and credit records,
// newest first, as far as the caller's region (and, for a department's own staff, department)
// reaches. An enterprise with nothing to show answers 200 with empty lists: "nothing here" is
// an answer, and a 404 would only tell callers apart by what other regions hold.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { enterprisePortrait } from '../../../db/enterprise-portrait.js';
import { gradeNames } from '../../../domain/credit-grade.js';
import { portraitRoles, portraitScopeOf } from '../../../domain/enterprise-portrait.js';
import { principalOf } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { CreditCodeParams } from '../../schemas/credit-grades.js';
import { EnterprisePortraitSchema, PortraitQuerySchema } from '../../schemas/enterprises.js';

const enterprisesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:creditCode',
    {
      // Scoping is by row, not by request: every caller gets the rows of its own region.
      config: { access: { roles: portraitRoles } },
      schema: {
        tags: ['enterprises'],
        summary: 'The enterprise portrait (企业画像): everything of one enterprise, newest first',
        description:
          "Rows outside the caller's region are left out (regions nest by code prefix; 100000 sees all). Approval officers, division admins and " +
          "coordinators with a department see their department's approvals and the tasks their department supervises only. Credit grade, " +
          'dishonesty flag and credit records are public credit information and shown to every caller. Each list holds the newest `limit` rows ' +
          'and counts all of them in `total`. An enterprise without any row answers 200 with empty lists.',
        params: CreditCodeParams,
        querystring: PortraitQuerySchema,
        response: { 200: EnterprisePortraitSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const scope = portraitScopeOf(principalOf(request));
      const portrait = await enterprisePortrait(app.db, request.params.creditCode, scope, { limit: request.query.limit ?? 100 });
      const grade = portrait.creditGrade;
      return { ...portrait, scope, creditGrade: grade ? { ...grade, gradeName: gradeNames[grade.grade] } : null };
    },
  );
};

export default enterprisesRoutes;
