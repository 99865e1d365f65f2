// The approval case as the approval platform hands it over (L8–L10, Dongli 一). Pure types and
// constants: imported by the workflow bundle, the activities and the API alike.
import type { FileKind, FileRef } from './files.js';

/** 告知承诺 modes (L5, L8); `standard` is 正常办理, no commitment. */
export const commitmentModes = ['deferral', 'verification', 'postCheck', 'standard'] as const;
/** One commitment mode. */
export type CommitmentMode = (typeof commitmentModes)[number];

/**
 * How a case came to supervision: one of the commitment modes the approval platform hands over,
 * or `spotCheck`, a 双随机 spot check drawn by the monthly credit-graded sampling (L12).
 */
export const caseModes = [...commitmentModes, 'spotCheck'] as const;
/** One case mode. */
export type CaseMode = (typeof caseModes)[number];

/** What a spot-check case carries instead of a catalogue linkage: the division and the inspectors drawn. */
export interface SpotCheckOrder {
  /** YYYY-MM of the draw. */
  month: string;
  target: { supervisingDeptCode: string; divisionCode: string; subItemCode: string; revision: number };
  /** Person IDs of the inspectors drawn (执法检查人员). */
  inspectors: string[];
  /** The seed of the draw, to reproduce it. */
  seed: string;
}

/**
 * Stages a case passes through (L8–L10, Dongli 一): waiting for a linkage, the mode-specific step
 * (materials, licence check, the approval department's decision), supervision, closed — or,
 * from any open stage, `needs_attention` when a step failed in a way no retry can mend
 * (domain/case/attention.ts); withdrawal ends it.
 */
export const caseStages = ['awaiting_linkage', 'awaiting_materials', 'verifying', 'awaiting_decision', 'supervising', 'needs_attention', 'closed'] as const;
/** One case stage. */
export type CaseStage = (typeof caseStages)[number];

/** How a case ends. */
export const caseOutcomes = ['completed', 'revoked', 'withdrawn'] as const;
/** One outcome. */
export type CaseOutcome = (typeof caseOutcomes)[number];

/** The applicant (申请人). Name and phone are personal data: never in logs or search attributes. */
export interface Applicant {
  name: string;
  creditCode: string;
  phone: string;
}

/** What the approval platform sends when it starts a case (办件). */
export interface CaseInput {
  caseNo: string;
  region: string;
  approvalDept: string;
  approvalItem: string;
  handlingItem: string;
  applicant: Applicant;
  mode: CaseMode;
  /** ISO instant of the approval decision (审批办结 or conditional approval). */
  decidedAt: string;
  /** 办理意见. */
  opinion: string;
  materials: string[];
  /** 承诺内容; required for every mode but `standard`. */
  commitment?: string;
  /** D 一(一)3: national, ecological or public-safety major project → formal document too. */
  majorProject?: boolean;
  /** `deferral` only: the materials to come later and the committed due date (YYYY-MM-DD). */
  deferral?: { materials: string[]; dueDate: string };
  /** `spotCheck` only: what the sampling drew. */
  spotCheck?: SpotCheckOrder;
  /** 办件档案 (L9; Dongli 一(一)1): the archive's files by kind and hash; names and bytes stay in the file store. */
  archive?: ArchiveEntry[];
}

/** A file of a case's archive, as the case holds it. */
export interface ArchiveEntry {
  kind: FileKind;
  sha256: string;
}

/** One line of the case timeline (全程留痕): who did what, when and why. */
export interface TimelineEntry {
  at: string;
  actor: string;
  action: string;
  reason?: string;
  /** The files the step took in, by ID and hash. */
  files?: FileRef[];
}

/**
 * The start input as canonical JSON: two start requests describe the same case when these are
 * equal, whatever the order of their keys (absent and `undefined` fields alike).
 */
export function canonicalCaseJson(input: CaseInput): string {
  return canonicalJson(input);
}

/** Any JSON value as canonical JSON: object keys sorted, undefined fields left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
