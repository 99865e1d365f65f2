// What the consultation and summary routes share: who reads and records, the region asked for, CSV answers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../../../domain/access.js';
import { toCsv } from '../../csv/csv.js';
import { principalOf } from '../../plugins/access.js';

/** Roles that read meetings and summaries. */
export const readers = ['auditor', 'region_admin', 'coordinator'] as const;
/** Roles that record them: a coordinator for its own department, a region admin for any of its region. */
export const recorders = ['coordinator', 'region_admin'] as const;

/** The 200 answer of a CSV export. */
export const csvResponse = { description: 'CSV with a UTF-8 BOM, Chinese headers', content: { 'text/csv': { schema: { type: 'string' } } } };

/** The region of `?region=`, or the caller's own. */
export const queryRegion = (request: FastifyRequest): string => (request.query as { region?: string }).region ?? principalOf(request).region;

/** Scope of a list or export: the region asked for. */
export const regionScope = (request: FastifyRequest): Scope => ({ region: queryRegion(request) });

/** Answers a CSV file as a download. */
export function sendCsv(reply: FastifyReply, filename: string, header: readonly string[], rows: string[][]): FastifyReply {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(toCsv(header, rows));
}
