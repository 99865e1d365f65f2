// /api/credit-grades: credit grades (信用等级) in from the public credit platform (L7, L11, L12,
// §9) — its call per enterprise, and its monthly file as CSV, all or nothing — and out again.
// Grades are scoped to the enterprise's registration region (credit code positions 3–8), like
// licences: a city's platform or admin grades the enterprises registered in the city; a token of
// region 100000 (the national platform) grades all.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import {
  findCreditGrade,
  insertCreditGrade,
  listCreditGrades,
  lockCreditGrade,
  lockCreditGrades,
  updateCreditGrade,
  writeCreditGrades,
  type CreditGradeRow,
} from '../../../db/credit-grades.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import {
  GRADE_CSV_COLUMNS,
  gradeChange,
  gradedOnProblem,
  gradeNames,
  mentionedCreditCodes,
  registrationRegion,
  staleGradeMessage,
  validateGradeCsv,
  type GradeCsvProblem,
} from '../../../domain/credit-grade.js';
import { portraitRoles } from '../../../domain/enterprise-portrait.js';
import { acceptCsvBodies, CSV_BODY_LIMIT, CsvFileSchema, csvRefusal, parseCsv, toCsv } from '../../csv/csv.js';
import { found, HttpError, unprocessable } from '../../errors.js';
import { principalOf } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import {
  CreditCodeParams,
  CreditGradeInputSchema,
  CreditGradePutResultSchema,
  CreditGradeSchema,
  GradeCsvErrorSchema,
  gradeCsvDescription,
  GradeImportResultSchema,
} from '../../schemas/credit-grades.js';
import { Reason } from '../../schemas/organisation.js';

/** The audit entity of a grade. */
const ENTITY = 'enterprise-credit-grade';
/** Stale lines listed in an import's answer at most. */
const STALE_LINES_SHOWN = 100;

/** A stored grade as the API answers it. */
function present(row: CreditGradeRow) {
  return {
    creditCode: row.creditCode,
    grade: row.grade,
    gradeName: gradeNames[row.grade],
    gradedOn: row.gradedOn,
    source: row.source as 'api' | 'csv',
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** The 422 answer for a refused file. */
const csvError = (problems: GradeCsvProblem[]) => csvRefusal('信用等级', problems);

const today = () => shanghaiDate(new Date());

const creditGradesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The platform's monthly file arrives as text/csv, within this plugin only.
  acceptCsvBodies(app);

  app.put(
    '/:creditCode',
    {
      // The public credit platform's service account (credit_officer), within the registration region.
      config: { access: { roles: ['credit_officer'], scope: (request) => ({ region: registrationRegion((request.params as { creditCode: string }).creditCode) }) } },
      schema: {
        tags: ['credit'],
        summary: "Set an enterprise's credit grade (the credit platform's call)",
        description:
          'A grade dated before the stored one is refused (409), so a late retry never overwrites a newer grade. The same grade of the same day again ' +
          'writes nothing (200, result `unchanged`); a different grade of the same day is a correction and replaces it. Changes are audited.',
        params: CreditCodeParams,
        body: CreditGradeInputSchema,
        response: { 200: CreditGradePutResultSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const { creditCode } = request.params;
      const { grade, gradedOn, reason } = request.body;
      const incoming = { grade, gradedOn };
      const problem = gradedOnProblem(gradedOn, today());
      if (problem) throw unprocessable([{ field: 'gradedOn', rule: problem.rule, message: problem.message }]);
      const actor = principalOf(request).sub;
      return app.db.transaction(async (tx) => {
        let result: 'inserted' | 'updated' | 'unchanged';
        let before: CreditGradeRow | undefined;
        if (await insertCreditGrade(tx, creditCode, incoming, 'api', actor)) result = 'inserted';
        else {
          before = (await lockCreditGrade(tx, creditCode))!;
          const change = gradeChange(before, incoming);
          if (change === 'stale') throw new HttpError(409, 'conflict', staleGradeMessage(creditCode, before, incoming));
          result = change === 'unchanged' ? 'unchanged' : 'updated';
          if (result === 'updated') await updateCreditGrade(tx, creditCode, incoming, 'api', actor);
        }
        // A repeated call changes nothing, so it leaves nothing in the audit trail either.
        if (result !== 'unchanged') {
          await recordAudit(tx, {
            actor,
            action: `credit-grade.${result}`,
            entity: ENTITY,
            entityId: creditCode,
            reason,
            details: { source: 'api', before: before ? { grade: before.grade, gradedOn: before.gradedOn } : null, after: incoming },
          });
        }
        return { ...present((await findCreditGrade(tx, creditCode))!), result };
      });
    },
  );

  app.post(
    '/import',
    {
      // The platform's service account, or a region's admin loading the platform's monthly file
      // by hand; each row is checked against the caller's region (problem `out_of_region`).
      config: { access: { roles: ['credit_officer', 'region_admin'] } },
      schema: {
        tags: ['credit'],
        summary: 'Import credit grades from CSV (the credit platform’s file), all or nothing',
        description:
          `${gradeCsvDescription} Every enterprise must be registered within the caller's region. New grades are inserted, newer ones replace the stored ` +
          `grade; a row dated before the stored grade is left out and counted as stale (the stored grade stays). Any problem: 422 listing every one, ` +
          `nothing written. Audited once with the summary. Limit ${CSV_BODY_LIMIT / 1024 / 1024} MB.`,
        consumes: ['text/csv'],
        querystring: Type.Object({ reason: Reason }),
        body: CsvFileSchema,
        response: { 200: GradeImportResultSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: GradeCsvErrorSchema },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const parsed = parseCsv(request.body);
      if ('problems' in parsed) return reply.status(422).send(csvError(parsed.problems));
      const outcome = await app.db.transaction(async (tx) => {
        const stored = await lockCreditGrades(tx, mentionedCreditCodes(parsed.records));
        const result = validateGradeCsv(parsed.records, stored, principal.region, today());
        if (!result.ok) return result;
        const { plan } = result;
        await writeCreditGrades(tx, [...plan.insert, ...plan.update], 'csv', principal.sub);
        const counts = { inserted: plan.insert.length, updated: plan.update.length, unchanged: plan.unchanged, stale: plan.stale.length };
        const change = ({ creditCode, grade, gradedOn }: { creditCode: string; grade: string; gradedOn: string }) => ({ creditCode, grade, gradedOn });
        await recordAudit(tx, {
          actor: principal.sub,
          action: 'credit-grade.imported',
          entity: ENTITY,
          entityId: principal.region,
          reason: request.query.reason,
          details: { source: 'csv', region: principal.region, ...counts, inserted: plan.insert.map(change), updated: plan.update.map(change), staleCodes: plan.stale.map((r) => r.creditCode) },
        });
        return { ok: true as const, counts, staleRows: plan.stale.slice(0, STALE_LINES_SHOWN).map((r) => r.line) };
      });
      if (!outcome.ok) return reply.status(422).send(csvError(outcome.problems));
      return { ...outcome.counts, staleRows: outcome.staleRows };
    },
  );

  app.get(
    '/export',
    {
      config: { access: { roles: ['credit_officer', 'region_admin', 'auditor'] } },
      schema: {
        tags: ['credit'],
        summary: 'Export the credit grades of the enterprises registered in the caller’s region as CSV',
        description: `${gradeCsvDescription} Re-importing an export changes nothing.`,
        produces: ['text/csv'],
        response: { 200: { description: 'CSV with a UTF-8 BOM', content: { 'text/csv': { schema: Type.String() } } }, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { region } = principalOf(request);
      const rows = await listCreditGrades(app.db, region);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="credit-grades-${region}.csv"`)
        .send(toCsv(GRADE_CSV_COLUMNS, rows.map((r) => [r.creditCode, r.grade, r.gradedOn])));
    },
  );

  // Grades are public credit information: whoever may read a portrait reads them, in any region.
  app.get(
    '/:creditCode',
    {
      config: { access: { roles: portraitRoles } },
      schema: {
        tags: ['credit'],
        summary: "An enterprise's current credit grade",
        params: CreditCodeParams,
        response: { 200: CreditGradeSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => present(found(await findCreditGrade(app.db, request.params.creditCode), `${request.params.creditCode} 的信用等级`)),
  );
};

export default creditGradesRoutes;
