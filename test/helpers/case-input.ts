import type { CaseInput } from '../../domain/case.js';

/** A valid case as the approval platform would send it; override any field. */
export function caseInput(overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    caseNo: `LYG-2026-${Math.random().toString(36).slice(2, 10)}`,
    region: '320700',
    approvalDept: 'LYG-SCJGJ',
    approvalItem: 'FOOD-BUSINESS-LICENCE',
    handlingItem: 'FOOD-BUSINESS-LICENCE-NEW',
    applicant: { name: '连云港市海州区示例食品店', creditCode: '91350100M000100Y43', phone: '13800000000' },
    mode: 'standard',
    decidedAt: '2026-11-20T10:00:00+08:00',
    opinion: '准予许可',
    materials: ['营业执照', '食品经营许可申请书'],
    ...overrides,
  };
}
