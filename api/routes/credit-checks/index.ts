// POST /api/credit-checks: which commitment modes are open to an enterprise (L7).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { commitmentModes } from '../../../domain/case.js';
import { openModes } from '../../../domain/credit.js';
import { creditStanding } from '../../../db/credit.js';
import { CreditCode, ErrorSchema } from '../../schemas/common.js';

const creditChecksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      config: { access: { roles: ['approval_officer', 'auditor'] } },
      schema: {
        tags: ['credit'],
        summary: 'Credit pre-check before approval: which modes the enterprise may use',
        description: 'An enterprise with a dishonesty record of the last three years gets `standard` only.',
        body: Type.Object({ creditCode: CreditCode }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            creditCode: Type.String(),
            dishonest: Type.Boolean(),
            allowedModes: Type.Array(Type.Union(commitmentModes.map((m) => Type.Literal(m)))),
            records: Type.Array(Type.Object({ event: Type.String(), caseNo: Type.String(), reason: Type.String(), recordedAt: Type.String() })),
          }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const { dishonest, records } = await creditStanding(app.db, request.body.creditCode, new Date().toISOString());
      return {
        creditCode: request.body.creditCode,
        dishonest,
        allowedModes: openModes(dishonest),
        records: records.map(({ event, caseNo, reason, recordedAt }) => ({ event, caseNo, reason, recordedAt })),
      };
    },
  );
};

export default creditChecksRoutes;
