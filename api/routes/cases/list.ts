// GET /api/cases: the list of cases (办件列表) from the read model — filtered, keyset-paged, and
// narrowed to what the caller may see (the scope rules of README "Access control"). Never scans Temporal.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accessDenial, departmentRoles, type Principal, type Role, type Scope } from '../../../domain/access.js';
import { parseCivilDate } from '../../../domain/calendar/civil-date.js';
import { listCases, type CaseVisibility } from '../../../db/case-list.js';
import { findDivision } from '../../../db/divisions.js';
import { findDepartment } from '../../../db/organisation.js';
import { badQuery, found, HttpError } from '../../errors.js';
import { readPage } from '../../paging.js';
import { hiddenOutsideRegion, principalOf } from '../../plugins/access.js';
import { CaseListPageSchema, CaseListQuerySchema, type CaseListQuery } from '../../schemas/case-list.js';
import { ErrorSchema } from '../../schemas/common.js';

const listRoles: readonly Role[] = ['approval_officer', 'division_admin', 'coordinator', 'auditor', 'region_admin'];

/**
 * What a caller sees without naming anything: its region (and every region under it); a
 * department role with a dept claim only its department's cases (approved there, or with a task
 * it supervises); a division admin only cases with a task of its division. With several roles the
 * widest wins, as access checks let any one role suffice.
 */
export function visibilityOf(principal: Principal): CaseVisibility {
  const usable = principal.roles.filter((role) => listRoles.includes(role));
  // Auditors and region admins, and department roles without a dept claim (platform service accounts).
  if (usable.some((role) => !departmentRoles.includes(role) || principal.dept === undefined)) return { region: principal.region };
  if (usable.some((role) => role !== 'division_admin')) return { region: principal.region, dept: principal.dept! };
  // A division admin without a division claim administers none: it sees no case.
  return { region: principal.region, division: principal.division ?? '' };
}

/** The scope a query names explicitly (dept, division): 404 when it does not exist or lies in another region. */
async function namedScopes(app: FastifyInstance, request: FastifyRequest): Promise<Scope[]> {
  const query = request.query as Pick<CaseListQuery, 'dept' | 'division'>;
  const scopes: Scope[] = [];
  if (query.dept !== undefined) {
    const what = `部门 ${query.dept} `;
    const dept = found(await findDepartment(app.db, query.dept), what);
    hiddenOutsideRegion(request, dept.region, what);
    scopes.push({ region: dept.region, dept: dept.code });
  }
  if (query.division !== undefined) {
    const what = `处室 ${query.division} `;
    const division = found(await findDivision(app.db, query.division), what);
    const dept = found(await findDepartment(app.db, division.deptCode), what);
    hiddenOutsideRegion(request, dept.region, what);
    scopes.push({ region: dept.region, dept: dept.code, division: division.code });
  }
  return scopes;
}

/** 00:00 (Asia/Shanghai) of a date, or of the day after it, as an instant; 400 naming the field when it is no real date. */
function startOfDate(field: 'from' | 'to', date: string, daysLater: number): string {
  const day = parseCivilDate(date);
  if (day === undefined) throw badQuery({ field: `querystring/${field}`, rule: 'date', message: `${field} 不是有效日期：${date}` });
  return new Date((day + daysLater) * 86_400_000 - 8 * 3_600_000).toISOString();
}

const caseListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: {
        access: {
          roles: listRoles,
          // A department or division named in the query must be one the caller may see (403 otherwise,
          // 404 in another region).
          scope: async (request) => {
            const [first, ...rest] = await namedScopes(app, request);
            for (const scope of rest) {
              const denial = accessDenial(principalOf(request), listRoles, scope);
              if (denial) throw new HttpError(403, 'forbidden', denial);
            }
            return first ?? {};
          },
        },
      },
      schema: {
        tags: ['cases'],
        summary: 'List cases (办件列表), newest first, keyset-paged',
        description: [
          'From the read model. Filters combine with AND. `dept` matches a case its department approved (审批部门) or in which it supervises a task (监管部门).',
          '`from`/`to` are Asia/Shanghai dates bounding when the case was received (started_at), both included.',
          'Ordered by started_at desc, caseNo desc; pass `nextCursor` as `cursor` for the next page.',
          'Callers see their region and the regions under it; department roles with a dept claim only their department’s cases (approved there or supervised there); division admins only cases with a task of their division.',
        ].join('\n\n'),
        querystring: CaseListQuerySchema,
        response: { 200: CaseListPageSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { from, to, cursor, limit, ...filters } = request.query;
      const startedFrom = from === undefined ? undefined : startOfDate('from', from, 0);
      const startedBefore = to === undefined ? undefined : startOfDate('to', to, 1);
      if (startedFrom !== undefined && startedBefore !== undefined && startedFrom >= startedBefore) {
        throw badQuery({ field: 'querystring/to', rule: 'after-from', message: `to（${to}）早于 from（${from}）` });
      }
      return readPage(() => listCases(app.db, { ...filters, visibility: visibilityOf(principalOf(request)), startedFrom, startedBefore, cursor, limit }));
    },
  );
};

export default caseListRoutes;
