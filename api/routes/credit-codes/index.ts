// /api/credit-codes/:code: checks a unified social credit code and names the rule that failed.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkCreditCode } from '../../../domain/credit-code.js';

const CheckSchema = Type.Object({
  valid: Type.Boolean(),
  rule: Type.Optional(Type.String({ description: 'The GB 32100-2015 rule that failed' })),
  reason: Type.Optional(Type.String({ description: 'Why, naming the position (Chinese)' })),
  parts: Type.Optional(
    Type.Object({
      authority: Type.String(),
      authorityName: Type.String(),
      category: Type.String(),
      categoryName: Type.String(),
      region: Type.String(),
      organisationCode: Type.String(),
      check: Type.String(),
    }),
  ),
});

const creditCodesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:code',
    {
      config: { access: { roles: 'any' } },
      schema: {
        tags: ['credit'],
        summary: 'Check a unified social credit code (GB 32100-2015)',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: CheckSchema },
      },
    },
    async (request) => {
      const result = checkCreditCode(request.params.code);
      return result.valid ? { valid: true, parts: result.parts } : { valid: false, rule: result.rule, reason: result.reason };
    },
  );
};

export default creditCodesRoutes;
