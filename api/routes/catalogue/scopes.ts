// Where catalogue requests' resources belong: the owning department's region, loaded from the
// database. A missing resource in the URL is 404; a missing reference in a body is 422.
import type { FastifyRequest } from 'fastify';
import { findApprovalItem, findHandlingItem } from '../../../db/approval-items.js';
import type { Db } from '../../../db/client.js';
import { findDepartment } from '../../../db/organisation.js';
import { findSubItem, findSupervisionItem } from '../../../db/supervision-items.js';
import type { Scope } from '../../../domain/access.js';
import { found, HttpError } from '../../errors.js';
import { principalOf } from '../../plugins/access.js';

/** How a missing resource answers: 404 when the URL names it, 422 when a body refers to it. */
export type Missing = 'not_found' | 'unknown_reference';

/** The row, or the error a missing one deserves. */
export function existing<T>(row: T | undefined, what: string, missing: Missing): T {
  if (row === undefined && missing === 'unknown_reference') throw new HttpError(422, 'unknown_reference', `${what}不存在`);
  return found(row, what);
}

/** The region of `?region=`, or the caller's own. */
export function queryRegion(request: FastifyRequest): string {
  return (request.query as { region?: string }).region ?? principalOf(request).region;
}

/** Scope of a list or export: the region asked for. */
export const queryRegionScope = (request: FastifyRequest): Scope => ({ region: queryRegion(request) });

/** Scope loaders over one database. */
export function catalogueScopes(db: Db) {
  return {
    department: async (code: string, missing: Missing) => existing(await findDepartment(db, code), `部门 ${code} `, missing).region,
    approvalItem: async (code: string, missing: Missing) => existing(await findApprovalItem(db, code), `审批事项 ${code} `, missing).region,
    handlingItem: async (code: string, missing: Missing) => existing(await findHandlingItem(db, code), `业务办理项 ${code} `, missing).region,
    supervisionItem: async (code: string, missing: Missing) => existing(await findSupervisionItem(db, code), `监管事项 ${code} `, missing).region,
    subItem: async (code: string, missing: Missing) => existing(await findSubItem(db, code), `监管子项 ${code} `, missing).region,
  };
}
