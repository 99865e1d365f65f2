// Case files as the API answers them, and the parameters of the file routes.
import { Type, type Static } from '@sinclair/typebox';
import { fileKinds, fileKindSide, type FileKind } from '../../domain/files.js';
import { Instant } from './common.js';

const kindsOf = (side: 'approval' | 'task') => fileKinds.filter((k) => fileKindSide[k] === side);
const KindOf = (kinds: readonly FileKind[], description: string) => Type.Union(kinds.map((k) => Type.Literal(k)), { description });

/** The kinds the approval department adds: the archive, the decision documents. */
export const ApprovalFileKindSchema = KindOf(kindsOf('approval'), 'What the file is (the approval department’s kinds)');
/** The kinds a supervising division adds to its task. */
export const TaskFileKindSchema = KindOf(kindsOf('task'), 'What the file is (a supervising division’s kinds)');

/** A case file. */
export const CaseFileSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String({ description: 'application-material, inspection-photo, …' }),
    kindName: Type.String({ description: '申请材料、检查照片 …' }),
    name: Type.String({ description: 'Sanitised; its extension is that of the type the content was found to be' }),
    size: Type.Integer(),
    contentType: Type.String({ description: 'Decided by the content: application/pdf, application/ofd, image/jpeg, image/png' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    caseNo: Type.Union([Type.String(), Type.Null()], { description: 'Null until the case it was uploaded for is started' }),
    taskId: Type.Union([Type.String(), Type.Null()]),
    source: Type.Union([Type.Literal('upload'), Type.Literal('url'), Type.Literal('system')]),
    addedBy: Type.String(),
    addedAt: Instant('When it was added'),
    withdrawn: Type.Optional(Type.Object({ by: Type.String(), at: Instant('When it was withdrawn'), reason: Type.String() })),
    contentUrl: Type.String({ description: 'Where the bytes are downloaded (audited)' }),
  },
);
/** One file. */
export type CaseFile = Static<typeof CaseFileSchema>;

/** A case's files. */
export const CaseFilesSchema = Type.Object({ items: Type.Array(CaseFileSchema) });

/** Path parameters naming a file. */
export const FileParamsSchema = Type.Object({ fileId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The file’s ID, as listed' }) });

/** The file list's query. */
export const CaseFilesQuerySchema = Type.Object({ withdrawn: Type.Optional(Type.Boolean({ description: 'Include withdrawn files (records admins only)' })) });

/** POST /api/files/:fileId/withdrawal. */
export const FileWithdrawalBodySchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the file is withdrawn (kept in the store, hidden)' }) }, { additionalProperties: false });

/** A short-lived direct download link. */
export const FileLinkSchema = Type.Object({ url: Type.String(), expiresAt: Instant('When the link stops working') });

/** File IDs an action takes in (uploaded to the case or task first). */
export const FileIdsSchema = Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { maxItems: 50, uniqueItems: true, description: 'Files of this case (or task) this step takes in, uploaded first' }));
