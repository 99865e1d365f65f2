// Case files (L9; Dongli 一(一)1, 一(三)1): uploads by the approval department (the archive, its
// decision documents) and by the supervising division (inspection records and photos,
// rectification and revocation papers), the case's file list, downloads for those who may read
// the case (each audited), and withdrawal by a records admin. Files are never deleted here.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { filesOfCase, findCaseFile, recordDownload, withdrawCaseFile, type CaseFileEntry } from '../../../db/files.js';
import { findDepartment } from '../../../db/organisation.js';
import { actionFileKinds } from '../../../domain/files.js';
import { found, HttpError } from '../../errors.js';
import { attachmentDisposition } from '../../files/content-disposition.js';
import { presentFile } from '../../files/present.js';
import { storageCall } from '../../files/storage-outage.js';
import { receiveUpload } from '../../files/upload.js';
import { hiddenOutsideRegion, principalOf, resourceScope, type ResourceScope } from '../../plugins/access.js';
import { CaseParamsSchema } from '../../schemas/cases.js';
import { TaskParamsSchema } from '../../schemas/case-actions.js';
import { ErrorSchema } from '../../schemas/common.js';
import { ApprovalFileKindSchema, CaseFileSchema, CaseFilesQuerySchema, CaseFilesSchema, FileLinkSchema, FileParamsSchema, FileWithdrawalBodySchema, TaskFileKindSchema } from '../../schemas/files.js';
import { approvalCase, loadTaskScope, readableCaseOf } from '../cases/case-actions.js';
import { caseNoOfTask } from '../../../domain/case/task.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The file the route's scope check loaded. */
    caseFile?: CaseFileEntry;
  }
}

/** Who reads files: whoever reads the case, and records admins. */
const fileReaders = ['approval_officer', 'division_admin', 'coordinator', 'auditor', 'region_admin', 'records_admin'] as const;
/** How long a direct download link lives. */
const LINK_SECONDS = 300;
const fileWhat = (id: number) => `文件 ${id} `;
const uploadNote =
  'multipart/form-data with one part named `file`. The type is decided by the content (PDF, OFD, JPEG, PNG; anything else 415 naming what it is), ' +
  'over the size limit 413 (FILE_MAX_MB), flagged by the scanner 422; nothing of a refused or broken upload is kept. The same bytes are stored once.';
const uploadResponses = { 201: CaseFileSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 422: ErrorSchema };
const multipart = { consumes: ['multipart/form-data'] };

const filesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const holds = (request: FastifyRequest, role: 'records_admin') => principalOf(request).roles.includes(role);

  /** The file the URL names, as those who read its case (or, before its case starts, its department) see it. */
  async function fileScope(request: FastifyRequest): Promise<ResourceScope> {
    const id = (request.params as { fileId: number }).fileId;
    const file = found(await findCaseFile(app.db, id), fileWhat(id));
    // A withdrawn file is hidden from everyone but the records admins.
    if (file.withdrawnAt && !holds(request, 'records_admin')) throw new HttpError(404, 'not_found', `${fileWhat(id)}不存在`);
    request.caseFile = file;
    const keepers = { region: file.region, roles: ['records_admin'] as const };
    // A document this system issued to a department (告知函): read like the letter itself.
    if (file.kind === 'notice-letter') return resourceScope(fileWhat(id), { region: file.region, dept: file.deptCode ?? undefined, roles: ['coordinator', 'auditor', 'region_admin'] }, keepers);
    if (!file.caseNo) return resourceScope(fileWhat(id), { region: file.region, ...(file.deptCode ? { dept: file.deptCode } : {}), roles: ['approval_officer'] }, keepers);
    return resourceScope(fileWhat(id), ...(await readableCaseOf(app, request, file.caseNo, {}, keepers)).anyOf);
  }

  app.post(
    '/api/files',
    {
      config: {
        access: {
          roles: ['approval_officer'],
          scope: async (request) => {
            const code = (request.query as { dept?: string }).dept ?? principalOf(request).dept;
            if (!code) throw new HttpError(400, 'validation', '请指定部门（dept）', [{ field: 'querystring/dept', rule: 'required', message: '平台账号须指定部门（dept）' }]);
            const department = found(await findDepartment(app.db, code), `部门 ${code} `);
            hiddenOutsideRegion(request, department.region, `部门 ${code} `);
            return { region: department.region, dept: department.code };
          },
        },
      },
      schema: {
        tags: ['files'],
        summary: 'Upload a file of a case not pushed yet (办件档案)',
        description: `The archive a case will be pushed with: name its SHA-256 and kind in the start’s \`archive\`. Visible to its department only until then. ${uploadNote}`,
        ...multipart,
        querystring: Type.Object({
          kind: Type.Union(actionFileKinds.start.map((k) => Type.Literal(k)), { description: 'application-material, commitment-letter or approval-result' }),
          dept: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The approval department (a platform account without one must name it)' })),
        }),
        response: uploadResponses,
      },
    },
    async (request, reply) => {
      const department = (await findDepartment(app.db, request.query.dept ?? principalOf(request).dept!))!;
      const row = await receiveUpload(app, request, { kind: request.query.kind, region: department.region, deptCode: department.code, addedBy: principalOf(request).sub });
      return reply.status(201).send(presentFile(row));
    },
  );

  app.post(
    '/api/cases/:caseNo/files',
    {
      config: { access: { roles: ['approval_officer'], scope: (request) => approvalCase(app, request) } },
      schema: {
        tags: ['files'],
        summary: 'Upload a file of the approval department to a case (材料、撤销结果决定书、书面说明 …)',
        description: `Referenced afterwards by the step it belongs to (\`files\` of a decision or of deferred materials). ${uploadNote}`,
        ...multipart,
        params: CaseParamsSchema,
        querystring: Type.Object({ kind: ApprovalFileKindSchema }),
        response: uploadResponses,
      },
    },
    async (request, reply) => {
      const { input } = request.caseView!;
      const department = await findDepartment(app.db, input.approvalDept);
      const row = await receiveUpload(app, request, {
        kind: request.query.kind,
        region: department?.region ?? input.region,
        deptCode: input.approvalDept,
        caseNo: input.caseNo,
        addedBy: principalOf(request).sub,
      });
      return reply.status(201).send(presentFile(row));
    },
  );

  app.post(
    '/api/tasks/:taskId/files',
    {
      config: { access: { roles: ['division_admin'], scope: (request) => loadTaskScope(app, request, (request.params as { taskId: string }).taskId) } },
      schema: {
        tags: ['files'],
        summary: 'Upload a file of a supervision task (检查记录、检查照片、整改材料、撤销建议书 …)',
        description: `Referenced afterwards by the step it belongs to (\`files\` of an inspection, a rectification order or report, a revocation proposal). ${uploadNote}`,
        ...multipart,
        params: TaskParamsSchema,
        querystring: Type.Object({ kind: TaskFileKindSchema }),
        response: uploadResponses,
      },
    },
    async (request, reply) => {
      const { taskId } = request.params;
      const task = request.caseView!.tasks.find((t) => t.taskId === taskId)!;
      const department = await findDepartment(app.db, task.supervisingDeptCode);
      const row = await receiveUpload(app, request, {
        kind: request.query.kind,
        region: department?.region ?? request.caseView!.input.region,
        deptCode: task.supervisingDeptCode,
        caseNo: caseNoOfTask(taskId)!,
        taskId,
        addedBy: principalOf(request).sub,
      });
      return reply.status(201).send(presentFile(row));
    },
  );

  app.get(
    '/api/cases/:caseNo/files',
    {
      config: {
        access: {
          roles: [...fileReaders],
          scope: async (request) => {
            const { caseNo } = request.params as { caseNo: string };
            const scope = await readableCaseOf(app, request, caseNo);
            return resourceScope(`办件 ${caseNo} `, ...scope.anyOf, { region: request.caseView!.input.region, roles: ['records_admin'] });
          },
        },
      },
      schema: {
        tags: ['files'],
        summary: 'The files of a case (办件档案与监管材料)',
        description: 'Readable by whoever reads the case, and by records admins of its region; withdrawn files only for records admins (`withdrawn=true`).',
        params: CaseParamsSchema,
        querystring: CaseFilesQuerySchema,
        response: { 200: CaseFilesSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      if (request.query.withdrawn && !holds(request, 'records_admin')) {
        throw new HttpError(403, 'forbidden', '只有档案管理员（records_admin）可查看已撤回的文件', [{ field: 'querystring/withdrawn', rule: 'role', message: '需要档案管理员角色' }]);
      }
      return { items: (await filesOfCase(app.db, request.params.caseNo, { withdrawn: request.query.withdrawn === true })).map(presentFile) };
    },
  );

  app.get(
    '/api/files/:fileId',
    {
      config: { access: { roles: [...fileReaders], scope: fileScope } },
      schema: { tags: ['files'], summary: 'One file’s record', params: FileParamsSchema, response: { 200: CaseFileSchema, 404: ErrorSchema } },
    },
    async (request) => presentFile(request.caseFile!),
  );

  app.get(
    '/api/files/:fileId/content',
    {
      config: { access: { roles: [...fileReaders], scope: fileScope } },
      schema: {
        tags: ['files'],
        summary: 'Download a file (audited)',
        description: 'Streams the bytes as an attachment, typed as the content was found to be; every download is recorded (who, which file, when).',
        params: FileParamsSchema,
        response: { 200: Type.Unknown({ description: 'The file’s bytes' }), 404: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const file = request.caseFile!;
      const bytes = await storageCall('store', () => app.files.store.open(file.sha256));
      await recordDownload(app.db, file.id, principalOf(request).sub, 'stream');
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', attachmentDisposition(file.name))
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );

  app.get(
    '/api/files/:fileId/link',
    {
      config: { access: { roles: [...fileReaders], scope: fileScope } },
      schema: {
        tags: ['files'],
        summary: 'A short-lived direct download link (S3-compatible store only; audited)',
        description: `A pre-signed URL valid for ${LINK_SECONDS} s, straight from the object store; 409 when the store has none (the folder store: use \`/content\`).`,
        params: FileParamsSchema,
        response: { 200: FileLinkSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const file = request.caseFile!;
      const url = await storageCall('store', () => app.files.store.presignedUrl(file.sha256, { expiresInSeconds: LINK_SECONDS, fileName: file.name, contentType: file.contentType }));
      if (!url) throw new HttpError(409, 'conflict', '当前文件存储不支持直链下载，请使用 /content 下载');
      await recordDownload(app.db, file.id, principalOf(request).sub, 'link');
      return { url, expiresAt: new Date(Date.now() + LINK_SECONDS * 1000).toISOString() };
    },
  );

  app.post(
    '/api/files/:fileId/withdrawal',
    {
      config: {
        access: {
          roles: ['records_admin'],
          scope: async (request) => {
            const id = (request.params as { fileId: number }).fileId;
            const file = found(await findCaseFile(app.db, id), fileWhat(id));
            request.caseFile = file;
            return resourceScope(fileWhat(id), { region: file.region });
          },
        },
      },
      schema: {
        tags: ['files'],
        summary: 'Withdraw a file (撤回): hidden from lists and downloads, kept in the store, audited',
        params: FileParamsSchema,
        body: FileWithdrawalBodySchema,
        response: { 200: CaseFileSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const { fileId } = request.params;
      if (!(await withdrawCaseFile(app.db, fileId, principalOf(request).sub, request.body.reason))) throw new HttpError(409, 'conflict', `${fileWhat(fileId)}已撤回`);
      return presentFile((await findCaseFile(app.db, fileId))!);
    },
  );
};

export default filesRoutes;
