// The archive a case is pushed with (办件档案, L9; Dongli 一(一)1, 一(三)1: 申请材料、承诺书和办理结果):
// each file either uploaded by the department beforehand (POST /api/files) or referenced on the
// approval platform's file server, fetched and verified here. Everything that can be checked
// without fetching is checked first, so a refused start fetches nothing.
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { archiveCandidate, type CaseFileEntry } from '../../db/files.js';
import type { DepartmentRow } from '../../db/organisation.js';
import { sanitiseFileName, type FileKind } from '../../domain/files.js';
import { HttpError, unprocessable } from '../errors.js';
import type { Problem } from '../schemas/common.js';
import { fetchReference, referenceRefusal } from './fetch-reference.js';
import { keepStaged } from './ingest.js';

/** A file of the archive as the start request names it. */
export interface ArchiveRef {
  kind: FileKind;
  sha256: string;
  url?: string | undefined;
  size?: number | undefined;
  name?: string | undefined;
}

/** The last part of a URL's path, as a file name. */
function urlFileName(url: string): string {
  try {
    return decodeURIComponent(basename(new URL(url).pathname));
  } catch {
    return '';
  }
}

/**
 * The IDs of the archive's files, fetching and keeping the referenced ones this department does
 * not hold yet (they are its files, not yet in a case, until the start binds them). 400 for a
 * reference without its size, 422 naming each file that cannot be had.
 */
export async function resolveArchive(app: FastifyInstance, o: { caseNo: string; department: DepartmentRow; addedBy: string }, refs: readonly ArchiveRef[] | undefined): Promise<number[]> {
  if (!refs || refs.length === 0) return [];
  const field = (i: number) => `body/archive/${i}`;
  const sizeless: Problem[] = refs.flatMap((r, i) => (r.url !== undefined && r.size === undefined ? [{ field: `${field(i)}/size`, rule: 'required-with-url', message: '按地址推送的文件须申报大小（size）' }] : []));
  if (sizeless.length > 0) throw new HttpError(400, 'validation', `请求不符合要求：${sizeless.map((p) => p.message).join('；')}`, sizeless);

  const place = { caseNo: o.caseNo, region: o.department.region, deptCode: o.department.code };
  const held = await Promise.all(refs.map((r) => archiveCandidate(app.db, { ...place, sha256: r.sha256, kind: r.kind })));
  const problems: Problem[] = refs.flatMap((r, i): Problem[] => {
    if (held[i]) return [];
    if (r.url === undefined) return [{ field: `${field(i)}/sha256`, rule: 'not-uploaded', message: `第 ${i + 1} 个档案文件未上传：请先上传（POST /api/files）或提供其地址（url）` }];
    const refused = referenceRefusal(app, { url: r.url, size: r.size!, sha256: r.sha256 }, field(i));
    return refused?.problems ?? [];
  });
  if (problems.length > 0) throw unprocessable(problems);

  const ids: number[] = [];
  // One at a time: each fetch holds a staging file and a connection to the platform.
  for (const [i, ref] of refs.entries()) {
    let row: CaseFileEntry | undefined = held[i];
    if (!row) {
      const staged = await fetchReference(app, { url: ref.url!, size: ref.size!, sha256: ref.sha256 }, field(i));
      const name = sanitiseFileName(ref.name ?? urlFileName(ref.url!), staged.type.extension);
      row = await keepStaged(app, staged, { kind: ref.kind, name, region: place.region, deptCode: place.deptCode, source: 'url', addedBy: o.addedBy }, `${field(i)}/url`);
    }
    ids.push(row.id);
  }
  return ids;
}
