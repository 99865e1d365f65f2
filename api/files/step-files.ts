// The files a step takes in: uploaded to the same case (and, for a task's step, to that task)
// first, of a kind the step may hold (domain/files.ts), not withdrawn. The workflow is told their
// IDs and hashes only — never bytes, never names.
import type { FastifyInstance } from 'fastify';
import { caseFilesByIds } from '../../db/files.js';
import { fileKindRefusal, type FileAction, type FileRef } from '../../domain/files.js';
import type { Problem } from '../schemas/common.js';
import { unprocessable } from '../errors.js';

/** Where the step is: its case, its task (none for the approval department's steps), what it does. */
export interface StepPlace {
  caseNo: string;
  taskId?: string | undefined;
  action: FileAction;
}

/** The references of the step's files, or undefined when it names none; 422 naming each file that cannot go in. */
export async function stepFiles(app: FastifyInstance, place: StepPlace, ids: readonly number[] | undefined): Promise<FileRef[] | undefined> {
  if (!ids || ids.length === 0) return undefined;
  const rows = await caseFilesByIds(app.db, ids);
  const problems: Problem[] = ids.flatMap((id, i): Problem[] => {
    const field = `body/files/${i}`;
    const row = rows.get(id);
    if (!row || row.withdrawnAt || row.caseNo !== place.caseNo) return [{ field, rule: 'unknown-file', message: `文件 ${id} 不是办件 ${place.caseNo} 的文件` }];
    if ((row.taskId ?? undefined) !== place.taskId) {
      const owner = row.taskId ? `任务 ${row.taskId}` : '审批部门';
      return [{ field, rule: 'other-step', message: `文件 ${id} 是${owner}上传的，不能用于${place.taskId ? `任务 ${place.taskId}` : '审批部门'}的这一步骤` }];
    }
    const refusal = fileKindRefusal(place.action, row.kind);
    return refusal ? [{ field, rule: 'kind', message: refusal }] : [];
  });
  if (problems.length > 0) throw unprocessable(problems);
  return ids.map((id) => ({ id, sha256: rows.get(id)!.sha256 }));
}

/** The action's input with its files' references in place of their IDs. */
export async function withStepFiles<T extends { files?: number[] | undefined }>(app: FastifyInstance, place: StepPlace, input: T): Promise<Omit<T, 'files'> & { files?: FileRef[] }> {
  const { files, ...rest } = input;
  const refs = await stepFiles(app, place, files);
  return refs ? { ...rest, files: refs } : rest;
}
