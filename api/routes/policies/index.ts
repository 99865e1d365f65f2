// /api/regions/:code/policy: a region's linkage policy (审管联动规则) — the policy in force on a day,
// the region's own versions, and adding one (from a preset or its own settings). A version is
// effective from today or later only: cases already started are pinned to the policy of their day.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { NATIONAL_REGION, regionCovers } from '../../../domain/access.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import type { Problem } from '../../../domain/people.js';
import { effectivePolicy, type PolicySettings } from '../../../domain/policy/linkage-policy.js';
import { policyProblemsOfEffective, policySettingsProblems } from '../../../domain/policy/policy-rules.js';
import { policyPresets } from '../../../domain/policy/presets.js';
import { findRegion } from '../../../db/organisation.js';
import { addPolicyVersion, inheritedSettings, listPolicyVersions, pinPolicy, type PolicyVersionRow } from '../../../db/policies.js';
import { HttpError, notFoundMessage, unprocessable } from '../../errors.js';
import { hiddenOutsideRegion, principalOf, resourceScope, type ScopeAnswer } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { RegionCode } from '../../schemas/organisation.js';
import { EffectivePolicySchema, PolicyQuerySchema, PolicyVersionInputSchema, PolicyVersionSchema } from '../../schemas/policies.js';

const Params = Type.Object({ code: RegionCode });
const what = (code: string) => `区划 ${code} `;
const codeOf = (request: FastifyRequest) => (request.params as { code: string }).code;

async function requireRegion(request: FastifyRequest, code: string): Promise<void> {
  // The country has no row: it is the root every chain starts from.
  if (code !== NATIONAL_REGION && !(await findRegion(request.server.db, code))) throw new HttpError(404, 'not_found', notFoundMessage(what(code)));
}

/** Anyone in the region's chain reads its policy: whose region covers it, or whose region it covers (its districts run on it). */
async function readScope(request: FastifyRequest): Promise<ScopeAnswer> {
  const code = codeOf(request);
  await requireRegion(request, code);
  const own = principalOf(request).region;
  return resourceScope(what(code), { region: code }, ...(regionCovers(code, own) ? [{ region: own }] : []));
}

/** Only a region's own administrators add its versions: a province does not rewrite a city's rules. */
async function writeScope(request: FastifyRequest): Promise<ScopeAnswer> {
  const code = codeOf(request);
  hiddenOutsideRegion(request, code, what(code));
  const own = principalOf(request).region;
  if (own !== code) throw new HttpError(403, 'forbidden', `只能管理本区划（${own}）的审管联动规则，${code} 的规则由该区划自行制定`);
  await requireRegion(request, code);
  return { region: code };
}

const toVersion = (row: PolicyVersionRow) => ({
  region: row.region,
  version: row.version,
  effectiveFrom: row.effectiveFrom,
  settings: row.settings,
  preset: row.preset,
  createdBy: row.createdBy,
  reason: row.reason,
  createdAt: row.createdAt,
});

const policiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:code/policy',
    {
      config: { access: { roles: 'any', scope: readScope } },
      schema: {
        tags: ['policy'],
        summary: 'The linkage policy in force for a region on a day, and the versions it came from',
        params: Params,
        querystring: PolicyQuerySchema,
        response: { 200: EffectivePolicySchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => pinPolicy(app.db, request.params.code, request.query.on ?? shanghaiDate(new Date())),
  );

  app.get(
    '/:code/policy/versions',
    {
      config: { access: { roles: 'any', scope: readScope } },
      schema: { tags: ['policy'], summary: 'A region’s own policy versions, newest first', params: Params, response: { 200: Type.Array(PolicyVersionSchema), 404: ErrorSchema } },
    },
    async (request) => (await listPolicyVersions(app.db, request.params.code)).map(toVersion),
  );

  app.post(
    '/:code/policy/versions',
    {
      config: { access: { roles: ['policy_admin', 'region_admin'], scope: writeScope } },
      schema: {
        tags: ['policy'],
        summary: 'Add a version of the region’s policy, from a preset or its own settings',
        params: Params,
        body: PolicyVersionInputSchema,
        response: { 201: PolicyVersionSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const { effectiveFrom, reason, preset } = request.body;
      const problems: Problem[] = [];
      if (effectiveFrom < shanghaiDate(new Date())) {
        problems.push({ field: 'effectiveFrom', rule: 'not-in-past', message: '生效日期不能早于今天：已开始的办件按其开始时的规则办理，新版本只对今后生效' });
      }
      if ((request.body.settings === undefined) === (preset === undefined)) {
        problems.push({ field: 'settings', rule: 'one-of', message: '须且只能提供 settings（自定规则）或 preset（采用预设）之一' });
      }
      const settings: PolicySettings = preset ? structuredClone(policyPresets[preset].settings) : ((request.body.settings ?? {}) as PolicySettings);
      const own = policySettingsProblems(settings);
      problems.push(...own);
      // Only a version valid on its own is laid over what it inherits: the merged check would repeat its faults.
      if (own.length === 0) problems.push(...policyProblemsOfEffective(effectivePolicy([...(await inheritedSettings(app.db, code, effectiveFrom)), settings])));
      if (problems.length > 0) throw unprocessable(problems);
      const row = await addPolicyVersion(app.db, { region: code, effectiveFrom, settings, preset: preset ?? null, createdBy: principalOf(request).sub, reason });
      return reply.code(201).send(toVersion(row));
    },
  );
};

export default policiesRoutes;
