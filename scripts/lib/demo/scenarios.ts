// What the demo does with its cases, as a table: each row is a kind of case (mode, item,
// applicant, how long ago it was decided) and the steps taken on it, in order, each by the one who
// may take it. The dev server runs in real time, so lateness comes from the past: a post-check
// decided 12 working days ago is overdue at once (start within 1, finish within 10 working days,
// D 一(三)2) and escalates; a deferral whose committed date has passed goes to the approval
// department at once (L8).

/**
 * One step on a case:
 * - `materials`   the approval department records the deferred materials (材料延期, L8)
 * - `keep` / `revokeCommitment`  it decides on a broken commitment: let it stand, or revoke (撤销审批)
 * - `link`        the catalogue admin (编办) adds the missing linkage (L4)
 * - `view`        every division views its task (L9)
 * - `compliant` / `noncompliant`  every division records an inspection of today
 * - `order`       限期整改: rectify within 7 days
 * - `report`      the applicant's rectification report arrives
 * - `propose`     the division proposes revocation (D 一(二)1)
 * - `revoke` / `decline`  the approval department decides on the proposal
 * - `withdraw`    the approval platform withdraws the case
 */
export type Step =
  | 'materials'
  | 'keep'
  | 'revokeCommitment'
  | 'link'
  | 'view'
  | 'compliant'
  | 'noncompliant'
  | 'order'
  | 'report'
  | 'propose'
  | 'revoke'
  | 'decline'
  | 'withdraw';

/** A kind of case the demo runs. */
export interface Scenario {
  /** Short name, shown in the summary. */
  name: string;
  mode: 'standard' | 'deferral' | 'verification' | 'postCheck';
  /** Handling item code; `late-linked` is the item the run adds without a linkage. */
  item: string;
  /** Applicants, used in turn. */
  applicants: readonly string[];
  /** How many cases of this kind the full demo starts. */
  count: number;
  /** Decided this many working days before today (0: today). */
  decidedWorkingDaysAgo: number;
  /** Deferral: the committed date, in calendar days from today (negative: already passed). */
  materialsDueInDays?: number;
  steps: readonly Step[];
}

/**
 * The two post-checks the summary sets side by side, decided today and left untouched so that the
 * deadlines their region's policy opens stay open: one in the city (Lianyungang: only the view
 * deadline, L9) and one in 赣榆区 (Dongli-like: the post-check start and finish, 一(三)2).
 */
export const policyShowcase = {
  city: '事后核查·连云港规则（待查看）',
  district: '事后核查·东丽规则（赣榆区）',
} as const;

/** Every kind of case; 39 cases in all. */
export const scenarios: readonly Scenario[] = [
  { name: '正常办理·核查合格', mode: 'standard', item: 'SPJYXK-XB', applicants: ['xianweifang', 'gangcheng', 'lanwan'], count: 3, decidedWorkingDaysAgo: 0, steps: ['view', 'compliant'] },
  { name: '正常办理·待查看', mode: 'standard', item: 'TZSB-DJ', applicants: ['suhai'], count: 2, decidedWorkingDaysAgo: 0, steps: [] },
  { name: '正常办理·已查看待检查', mode: 'standard', item: 'JZSG-XB', applicants: ['hairun'], count: 2, decidedWorkingDaysAgo: 1, steps: ['view'] },
  { name: '事后核查·按时完成', mode: 'postCheck', item: 'SPJYXK-XB', applicants: ['gangcheng', 'huaguoshan', 'xianweifang'], count: 3, decidedWorkingDaysAgo: 0, steps: ['view', 'compliant'] },
  { name: '事后核查·超期未办（已升级）', mode: 'postCheck', item: 'YPLS-XB', applicants: ['kangning', 'ruikang'], count: 2, decidedWorkingDaysAgo: 12, steps: [] },
  { name: '事后核查·逾期完成', mode: 'postCheck', item: 'GY-SPJY-XB', applicants: ['yujiale'], count: 2, decidedWorkingDaysAgo: 12, steps: ['view', 'compliant'] },
  { name: policyShowcase.city, mode: 'postCheck', item: 'SPJYXK-XB', applicants: ['lanwan'], count: 1, decidedWorkingDaysAgo: 0, steps: [] },
  { name: policyShowcase.district, mode: 'postCheck', item: 'GY-SPJY-XB', applicants: ['yujiale'], count: 1, decidedWorkingDaysAgo: 0, steps: [] },
  { name: '事后核查·两个处室联合核查', mode: 'postCheck', item: 'WHP-XB', applicants: ['hongda'], count: 2, decidedWorkingDaysAgo: 0, steps: ['view', 'compliant'] },
  { name: '材料延期·按时补交', mode: 'deferral', item: 'JZSG-XB', applicants: ['hairun'], count: 3, decidedWorkingDaysAgo: 2, materialsDueInDays: 10, steps: ['materials', 'view', 'compliant'] },
  { name: '材料延期·等待补交', mode: 'deferral', item: 'PWXK-XB', applicants: ['dongfang'], count: 2, decidedWorkingDaysAgo: 1, materialsDueInDays: 5, steps: [] },
  { name: '材料延期·逾期未交→撤销审批', mode: 'deferral', item: 'HZ-SPJY-XB', applicants: ['weishangyuan'], count: 1, decidedWorkingDaysAgo: 15, materialsDueInDays: -2, steps: ['revokeCommitment'] },
  { name: '材料延期·逾期未交→继续有效', mode: 'deferral', item: 'SPJYXK-XB', applicants: ['xianweifang'], count: 1, decidedWorkingDaysAgo: 15, materialsDueInDays: -2, steps: ['keep', 'view'] },
  { name: '材料核验·核验通过', mode: 'verification', item: 'YLJG-XB', applicants: ['renhe'], count: 3, decidedWorkingDaysAgo: 0, steps: ['view', 'compliant'] },
  { name: '材料核验·核验未通过→撤销审批', mode: 'verification', item: 'SPJYXK-YX', applicants: ['yikang'], count: 1, decidedWorkingDaysAgo: 0, steps: ['revokeCommitment'] },
  { name: '材料核验·续证通过', mode: 'verification', item: 'SPJYXK-YX', applicants: ['huaguoshan'], count: 1, decidedWorkingDaysAgo: 0, steps: ['view'] },
  { name: '整改后复查合格', mode: 'postCheck', item: 'SPJYXK-XB', applicants: ['lanwan', 'gangcheng'], count: 2, decidedWorkingDaysAgo: 0, steps: ['view', 'noncompliant', 'order', 'report', 'compliant'] },
  { name: '限期整改中', mode: 'standard', item: 'TZSB-DJ', applicants: ['suhai'], count: 2, decidedWorkingDaysAgo: 1, steps: ['view', 'noncompliant', 'order'] },
  { name: '整改→复查仍不合格→撤销许可', mode: 'postCheck', item: 'HZ-SPJY-XB', applicants: ['laojiefang'], count: 1, decidedWorkingDaysAgo: 0, steps: ['view', 'noncompliant', 'order', 'report', 'noncompliant', 'propose', 'revoke'] },
  { name: '撤销建议·审批部门不予撤销', mode: 'standard', item: 'PWXK-XB', applicants: ['dongfang'], count: 1, decidedWorkingDaysAgo: 0, steps: ['view', 'noncompliant', 'order', 'report', 'noncompliant', 'propose', 'decline'] },
  { name: '撤销建议·待审批部门决定', mode: 'standard', item: 'JZSG-XB', applicants: ['hairun'], count: 1, decidedWorkingDaysAgo: 0, steps: ['view', 'noncompliant', 'order', 'report', 'noncompliant', 'propose'] },
  { name: '办件撤回', mode: 'standard', item: 'SPJYXK-XB', applicants: ['yunshan'], count: 1, decidedWorkingDaysAgo: 0, steps: ['view', 'withdraw'] },
  { name: '事项未关联→补充关联后下达', mode: 'standard', item: 'late-linked', applicants: ['yunshan'], count: 1, decidedWorkingDaysAgo: 0, steps: ['link', 'view'] },
];

/** The scenario whose case the summary links in the Temporal UI: the whole supervise → rectify → revoke loop. */
export const showcaseScenario = '整改→复查仍不合格→撤销许可';
