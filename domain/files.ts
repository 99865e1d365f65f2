// The files of a case: which kinds there are, who adds each, and which action may reference
// which. Policy: the supervising department receives the application materials, the signed
// commitment and the approval result (Lianyungang L9 "申请材料、办理意见、告知承诺内容等审批档案信息";
// Dongli 一(一)1 and 一(三)1 "申请材料、承诺书和办理结果"); supervision adds its own records, orders,
// reports, evidence, proposals, and the approval department its decisions and explanations.
// Pure: bundled into workflow code, so no I/O and nothing non-deterministic.

export { SNIFF_BYTES, ofdRefusal, sniffFileType } from './file-type.js';
export type { FileType, SniffedFileType } from './file-type.js';
export { sanitiseFileName } from './file-name.js';

/** Every kind of file a case can hold. */
export const fileKinds = [
  'application-material',
  'commitment-letter',
  'approval-result',
  'inspection-record',
  'inspection-photo',
  'rectification-order',
  'rectification-report',
  'rectification-evidence',
  'revocation-proposal',
  'revocation-decision',
  'written-explanation',
  'notice-letter',
] as const;

/** A kind of case file. */
export type FileKind = (typeof fileKinds)[number];

/** 文件类别名称. */
export const fileKindNames: Record<FileKind, string> = {
  'application-material': '申请材料',
  'commitment-letter': '告知承诺书',
  'approval-result': '办理结果',
  'inspection-record': '检查记录',
  'inspection-photo': '检查照片',
  'rectification-order': '责令整改通知书',
  'rectification-report': '整改报告',
  'rectification-evidence': '整改佐证材料',
  'revocation-proposal': '撤销建议书',
  'revocation-decision': '撤销结果决定书',
  'written-explanation': '书面说明',
  'notice-letter': '告知函',
};

/**
 * Who adds a kind: the approval department (approval), the supervising division on one of its
 * tasks (task), or the service itself (system: the 告知函 it generates, never uploaded by staff).
 */
export const fileKindSide: Record<FileKind, 'approval' | 'task' | 'system'> = {
  'application-material': 'approval',
  'commitment-letter': 'approval',
  'approval-result': 'approval',
  'inspection-record': 'task',
  'inspection-photo': 'task',
  'rectification-order': 'task',
  'rectification-report': 'task',
  'rectification-evidence': 'task',
  'revocation-proposal': 'task',
  'revocation-decision': 'approval',
  'written-explanation': 'approval',
  'notice-letter': 'system',
};

/** A case action that may reference files. */
export type FileAction =
  | 'start'
  | 'materials'
  | 'inspection'
  | 'rectification-order'
  | 'rectification-report'
  | 'revocation-proposal'
  | 'decision';

/** 操作名称, as staff see them in refusals. */
export const fileActionNames: Record<FileAction, string> = {
  start: '启动办件',
  materials: '提交延期材料',
  inspection: '录入检查结果',
  'rectification-order': '下达整改通知',
  'rectification-report': '登记整改报告',
  'revocation-proposal': '撤销建议',
  decision: '撤销决定',
};

/**
 * The kinds each action may reference. A revocation proposal carries the inspection records and
 * photos it rests on; a decision carries the 撤销结果决定书 or, when revocation is declined, the
 * 书面说明 explaining why. Deferred materials (材料延期) are the start's materials arriving late.
 */
export const actionFileKinds: Record<FileAction, readonly FileKind[]> = {
  start: ['application-material', 'commitment-letter', 'approval-result'],
  materials: ['application-material', 'commitment-letter'],
  inspection: ['inspection-record', 'inspection-photo'],
  'rectification-order': ['rectification-order'],
  'rectification-report': ['rectification-report', 'rectification-evidence'],
  'revocation-proposal': ['revocation-proposal', 'inspection-record', 'inspection-photo'],
  decision: ['revocation-decision', 'written-explanation'],
};

/** Why an action may not reference a kind of file (Chinese, for staff), or undefined when it may. */
export function fileKindRefusal(action: FileAction, kind: FileKind): string | undefined {
  const allowed = actionFileKinds[action];
  if (allowed.includes(kind)) return undefined;
  const names = allowed.map((k) => fileKindNames[k]).join('、');
  return `「${fileKindNames[kind]}」不能附在「${fileActionNames[action]}」中，可附：${names}`;
}

/**
 * A stored file as workflow payloads carry it: never its bytes (history would grow by them) and
 * never its name (personal data often sits in names); the hash pins the content the id stood for.
 */
export interface FileRef {
  id: number;
  sha256: string;
}

/** Default upper bound of one file's size: 20 MiB, enough for a scanned multi-page PDF. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
