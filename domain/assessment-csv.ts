// The assessment rows as the 政务服务办 reads them in a spreadsheet (D 四): Chinese headers, rates
// as percentages, a side the department is not on left blank.
import type { AssessedDepartment, AssessmentRow, Indicator } from './assessment.js';
import { noticeCsvCells, noticeCsvColumns } from './notice-letters.js';
import { problemCsvCells, problemCsvColumns } from './problems.js';

/** A rate as staff read it in a spreadsheet: "87.5%", or "—" when nothing was due. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

const indicatorColumns = (name: string) => [`${name}应办数`, `${name}按时数`, `${name}超时数`, `${name}未到期数`, `${name}按时率`];
const indicatorCells = (i: Indicator | undefined) => (i ? [i.due, i.inTime, i.late, i.pending].map(String).concat(percent(i.rate)) : ['', '', '', '', '']);

/** The CSV header (Chinese, as the 政务服务办 reports it). */
export const assessmentCsvColumns: readonly string[] = [
  '部门编码',
  '部门名称',
  '区划',
  '部门类别',
  '审批办结件数',
  ...indicatorColumns('信息推送'),
  '收到撤销建议数',
  '决定撤销数',
  '决定不予撤销数',
  '推送监管任务数',
  ...indicatorColumns('3个工作日内查看'),
  ...indicatorColumns('1个工作日内启动核查'),
  ...indicatorColumns('10个工作日内完成核查'),
  ...indicatorColumns('5个工作日内反馈结果'),
  '逾期总数',
  '逾期（二级协调员）',
  '逾期（一级协调员）',
  '逾期（三级协调员）',
  '责令整改数',
  '提出撤销建议数',
  '被撤销数',
  '不予撤销数',
  // Spot-check findings and notice letters (D 四 2).
  ...noticeCsvColumns,
  // D 四 3(2): coordinators' problem records.
  ...problemCsvColumns,
];

const sideNames: Record<AssessedDepartment['side'], string> = { approval: '审批部门', supervision: '监管部门', both: '审批及监管部门' };

/** One row's CSV cells, in the order of assessmentCsvColumns; a side the department is not on stays blank. */
export function assessmentCsvCells(row: AssessmentRow): string[] {
  const a = row.approval;
  const s = row.supervision;
  const n = (value: number | undefined) => (value === undefined ? '' : String(value));
  return [
    row.deptCode,
    row.deptName,
    row.region,
    sideNames[row.side],
    n(a?.casesDecided),
    ...indicatorCells(a?.push),
    n(a?.revocationsProposed),
    n(a?.revoked),
    n(a?.declined),
    n(s?.tasksPushed),
    ...indicatorCells(s?.view),
    ...indicatorCells(s?.checkStart),
    ...indicatorCells(s?.checkFinish),
    ...indicatorCells(s?.results),
    n(s?.overdue.total),
    n(s?.overdue.level2),
    n(s?.overdue.level1),
    n(s?.overdue.level3),
    n(s?.rectificationsOrdered),
    n(s?.revocationsProposed),
    n(s?.revoked),
    n(s?.declined),
    ...noticeCsvCells(row.notices),
    // D 四 3(2): coordinators' problem records.
    ...problemCsvCells(row.problems),
  ];
}
