// Request and response schemas of /api/cases: validation, types and the OpenAPI document come from here.
import { Type, type Static, type TString } from '@sinclair/typebox';
import { caseModes, commitmentModes, type CaseInput } from '../../domain/case.js';
import { actionFileKinds, fileKinds } from '../../domain/files.js';
import { CivilDate, CreditCode, Instant } from './common.js';

const Text = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, description });

/** The applicant, with the phone rule of the schema it is in. */
const Applicant = (phone: TString) => Type.Object({ name: Text('申请人名称'), creditCode: CreditCode, phone }, { additionalProperties: false });

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes, lowercase hex' });
const ArchiveKind = Type.Union(actionFileKinds.start.map((k) => Type.Literal(k)), { description: '申请材料, 告知承诺书 or 办理结果' });

/** A file of the archive a case is pushed with, as the approval platform names it. */
const ArchiveRefSchema = Type.Object(
  {
    kind: ArchiveKind,
    sha256: Sha256,
    url: Type.Optional(Type.String({ minLength: 8, maxLength: 2000, description: 'Where the platform serves it (an origin of FILE_FETCH_ORIGINS); fetched and verified unless these bytes are stored already. Without it the department must have uploaded the file (POST /api/files)' })),
    size: Type.Optional(Type.Integer({ minimum: 1, description: 'Bytes; required with url' })),
    name: Type.Optional(Text('File name (sanitised; the extension follows the content)')),
  },
  { additionalProperties: false },
);

/** The archive as the case holds it: kinds and hashes only (the names and bytes stay in the file store). */
const ArchiveEntrySchema = Type.Object({ kind: Type.Union(fileKinds.map((k) => Type.Literal(k))), sha256: Type.String() }, { additionalProperties: false });

/** The fields of a case as handed over, `mode` aside. */
const caseFields = {
    caseNo: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', description: '办件编号: letters, digits, - and _' }),
    region: Type.String({ pattern: '^\\d{6}$', description: '6-digit administrative division code' }),
    approvalDept: Text('Approval department code', 64),
    approvalItem: Text('审批事项 code', 64),
    handlingItem: Text('业务办理项 code', 64),
    applicant: Applicant(Type.String({ pattern: '^\\+?[0-9-]{5,20}$', description: 'Contact phone' })),
    decidedAt: Instant('Instant of the approval decision'),
    opinion: Text('办理意见', 2000),
    materials: Type.Array(Text('Material name'), { maxItems: 200 }),
    commitment: Type.Optional(Text('承诺内容', 4000)),
    majorProject: Type.Optional(Type.Boolean({ description: 'National, ecological or public-safety major project' })),
    deferral: Type.Optional(
      Type.Object(
        { materials: Type.Array(Text('Deferred material'), { minItems: 1, maxItems: 200 }), dueDate: CivilDate('The committed due date (Asia/Shanghai)') },
        { additionalProperties: false },
      ),
    ),
};

/** Body of POST /api/cases: the approval platform hands over a case in one of the commitment modes. */
export const CaseStartSchema = Type.Object(
  {
    ...caseFields,
    mode: Type.Union(commitmentModes.map((m) => Type.Literal(m)), { description: 'Commitment mode' }),
    archive: Type.Optional(Type.Array(ArchiveRefSchema, { maxItems: 200, description: '办件档案 (L9; Dongli 一(一)1): the application materials, the signed commitment and the result, by reference or uploaded first' })),
  },
  { additionalProperties: false },
);

/** A case's input as its view shows it: also a spot check drawn by the monthly sampling (L12). */
export const CaseInputSchema = Type.Object(
  {
    ...caseFields,
    // Answered masked (脱敏, domain/case/masked-view.ts). A spot check is drawn from the read model,
    // which keeps no full phone: its applicant has none ('').
    applicant: Applicant(
      Type.String({ pattern: '^(\\+?[0-9*-]{5,20})?$', description: 'Contact phone, masked (脱敏: the first 3 and last 4 digits shown); empty for a spot check (双随机抽查), which contacts no applicant' }),
    ),
    mode: Type.Union(caseModes.map((m) => Type.Literal(m)), { description: 'Commitment mode, or spotCheck (双随机抽查)' }),
    archive: Type.Optional(Type.Array(ArchiveEntrySchema, { description: 'The archive’s files by kind and SHA-256 (GET /api/cases/{caseNo}/files lists them)' })),
    spotCheck: Type.Optional(
      Type.Object({
        month: Type.String(),
        target: Type.Object({ supervisingDeptCode: Type.String(), divisionCode: Type.String(), subItemCode: Type.String(), revision: Type.Integer() }),
        inspectors: Type.Array(Type.String()),
        seed: Type.String(),
      }),
    ),
  },
  { additionalProperties: false },
);

/** Answer of POST /api/cases. */
export const CaseStartedSchema = Type.Object({
  caseNo: Type.String(),
  workflowId: Type.String(),
  created: Type.Boolean({ description: 'false when the same case had been started before' }),
  temporalUiUrl: Type.String({ description: 'The case in the Temporal Web UI' }),
});

/** Path parameters naming a case. */
export const CaseParamsSchema = Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 64 }) });

// The schemas must describe the domain types exactly; these lines stop compiling when they drift.
// Strict equality: optional fields count too.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const inputMatches: Same<Static<typeof CaseInputSchema>, CaseInput> = true;
void inputMatches;
