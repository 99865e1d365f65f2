// Consultation records (审管联动会商, D 三 1–2) and the half-year summaries (工作小结) each unit files
// as a basis of the annual assessment (D 三 1, D 四 2 定期检查). Pure rules: half years, CSV rows.
import { shanghaiMidnight } from './assessment.js';

/** A follow-up item of a meeting. */
export interface FollowUp {
  item: string;
  ownerDept: string;
  dueDate: string;
  done: boolean;
}

/** A recorded meeting. */
export interface ConsultationRecord {
  id: number;
  region: string;
  convenedBy: string;
  heldOn: string;
  topics: string[];
  participants: { deptCode: string; personIds: string[] }[];
  decisions: string[];
  followUps: FollowUp[];
  recordedBy: string;
  recordedAt: string;
}

/** The first day of a half year: 1 January (half 1) or 1 July (half 2). */
export const halfYearFirstDay = (year: number, half: 1 | 2): string => `${year}-${half === 1 ? '01' : '07'}-01`;

/** Whether a half year has begun at an instant (Asia/Shanghai): a unit sums up a half it is in or one that has ended. */
export const halfYearBegun = (year: number, half: 1 | 2, now: Date): boolean => now.getTime() >= Date.parse(shanghaiMidnight(halfYearFirstDay(year, half)));

/** The half year a Shanghai date falls in. */
export const halfYearOf = (date: string): { year: number; half: 1 | 2 } => ({ year: Number(date.slice(0, 4)), half: Number(date.slice(5, 7)) <= 6 ? 1 : 2 });

/**
 * Units that owe a half-year summary: D 三 1 "承担政务服务审批的单位，每半年组织本单位的审批与监管科室进行
 * 审管联动工作的阶段性总结" — departments on the approval side (approval or both).
 */
export const owesSummary = (side: 'approval' | 'supervision' | 'both'): boolean => side !== 'supervision';

/**
 * Line breaks within a cell as CRLF: the CSV writer quotes a cell that contains its record
 * delimiter (CRLF), so a multi-line cell stays one cell in Excel.
 */
const cellText = (text: string) => text.replace(/\r\n|\r|\n/g, '\r\n');

/** Follow-ups as one CSV cell: "1. item（owner，due）[已完成]" lines. */
const followUpsCell = (followUps: readonly FollowUp[]) =>
  followUps.map((f, i) => `${i + 1}. ${f.item}（${f.ownerDept}，${f.dueDate}前）${f.done ? '【已完成】' : '【未完成】'}`).join('\n');

/** The consultation export header. */
export const consultationCsvColumns: readonly string[] = ['编号', '区划', '召集单位', '会商日期', '会商议题', '参会单位及人员', '会商结论', '后续事项', '后续事项完成数', '记录人', '记录时间'];

/** One meeting's CSV cells; lists go one entry per line within a cell. */
export function consultationCsvCells(c: ConsultationRecord): string[] {
  const cells = [
    String(c.id),
    c.region,
    c.convenedBy,
    c.heldOn,
    c.topics.join('\n'),
    c.participants.map((p) => `${p.deptCode}：${p.personIds.join('、')}`).join('\n'),
    c.decisions.join('\n'),
    followUpsCell(c.followUps),
    `${c.followUps.filter((f) => f.done).length}/${c.followUps.length}`,
    c.recordedBy,
    c.recordedAt,
  ];
  return cells.map(cellText);
}

/** One unit's standing for a half year. */
export interface SummaryStanding {
  deptCode: string;
  deptName: string;
  side: 'approval' | 'supervision' | 'both';
  filed: boolean;
  summary: string | null;
  filedBy: string | null;
  filedAt: string | null;
}

/** The summaries export header. */
export const summaryCsvColumns: readonly string[] = ['部门编码', '部门名称', '年度', '半年', '是否已报送', '报送人', '报送时间', '工作小结'];

/** One unit's CSV cells. */
export function summaryCsvCells(year: number, half: 1 | 2, s: SummaryStanding): string[] {
  return [s.deptCode, s.deptName, String(year), half === 1 ? '上半年' : '下半年', s.filed ? '已报送' : '未报送', s.filedBy ?? '', s.filedAt ?? '', s.summary ?? ''].map(cellText);
}
