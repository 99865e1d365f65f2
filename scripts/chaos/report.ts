// The run's result as fixed-width text tables (CJK characters take two columns) and the goals,
// PASS or FAIL each: no case lost, no message recorded twice, and every answer during an outage a
// 503 — or a 2xx or 409 — within the limit (README, When a part is down).
import { percentile } from '../bench/lib/timing.js';
import { allowedStatus, type Answer, type RequestKind } from './answers.js';
import { outageKinds, outageLabels, type OutageKind, type OutageWindow } from './faults.js';
import type { Findings } from './verify.js';

/** Columns a string takes on a terminal: wide (CJK, full-width) characters take two. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

/** A table of fixed-width columns; columns after the first are right-aligned when numeric. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, k) => Math.max(columns(h), ...rows.map((r) => columns(r[k] ?? ''))));
  const numeric = headers.map((_, k) => k > 0 && rows.every((r) => /^[\d.,—-]*$/.test(r[k] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, k) => {
        const pad = ' '.repeat(widths[k]! - columns(cell));
        return numeric[k] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const p99 = (answers: readonly Answer[], kind: RequestKind) => {
  const ms = answers.filter((a) => a.kind === kind).map((a) => a.ms).sort((a, b) => a - b);
  return ms.length ? String(Math.round(percentile(ms, 99))) : '—';
};

/** `503×40 200×12`, most frequent first. */
export function statusCounts(answers: readonly Answer[]): string {
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([status, n]) => `${status === 0 ? '无应答' : status}×${n}`).join(' ') || '—';
}

/** The answers sent while an outage of `kind` lasted. */
export function answersDuring(answers: readonly Answer[], windows: readonly OutageWindow[], kind: OutageKind): Answer[] {
  const mine = windows.filter((w) => w.kind === kind);
  return answers.filter((a) => mine.some((w) => a.at >= w.from && a.at <= w.to));
}

/** When an answer's request was sent, against the outages: `Postgres 长停 第 3.2 s` or `Temporal 长停 恢复后 4.0 s`. */
function when(answer: Answer, windows: readonly OutageWindow[]): string {
  const inside = windows.find((w) => answer.at >= w.from && answer.at <= w.to);
  if (inside) return `${outageLabels[inside.kind]} 第 ${((answer.at - inside.from) / 1000).toFixed(1)} s`;
  const before = windows.filter((w) => w.to < answer.at).at(-1);
  return before ? `${outageLabels[before.kind]} 恢复后 ${((answer.at - before.to) / 1000).toFixed(1)} s` : '首次故障之前';
}

/** An answer on one line, for the lists of what failed. */
const describe = (a: Answer, windows: readonly OutageWindow[]) =>
  `[${when(a, windows)}] ${a.method} ${a.path} → ${a.status === 0 ? '无应答' : a.status}，${Math.round(a.ms)} ms${a.problem ? `：${a.problem}` : ''}`;

/** A route without its case or task: `POST /api/tasks/:taskId/view`. */
const route = (a: Answer) => `${a.method} ${a.path.replace(/^\/api\/cases\/[^/]+/, '/api/cases/:caseNo').replace(/^\/api\/tasks\/[^/]+/, '/api/tasks/:taskId')}`;

/** Answers grouped by outage, route and status: count, slowest, and the first one in full. */
function grouped(list: readonly Answer[], windows: readonly OutageWindow[]): string[] {
  const groups = new Map<string, Answer[]>();
  for (const a of list) {
    const inside = windows.find((w) => a.at >= w.from && a.at <= w.to);
    const key = `${inside ? outageLabels[inside.kind] : '故障之外'}｜${route(a)} → ${a.status === 0 ? '无应答' : a.status}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups].map(([key, members]) => `${key}：${members.length} 次，最长 ${Math.round(Math.max(...members.map((m) => m.ms)))} ms；例 ${describe(members[0]!, windows)}`);
}

/** One line of the goals. */
export interface Goal {
  goal: string;
  measured: string;
  pass: boolean;
}

/** The table of what became of the cases. */
export function casesTable(findings: Findings, cases: number): string {
  return textTable(
    ['办件 cases', '数量'],
    [
      ['计划 planned', String(cases)],
      ['已受理 started (2xx)', String(findings.accepted)],
      ['未受理 never accepted', String(findings.notAccepted.length)],
      ['丢失 lost', String(findings.lost.length)],
      ['停滞 stuck (not closed)', String(findings.stuck.length)],
      ['重复 outbox key', String(findings.duplicateKeys.length)],
      ['读模型不一致 mismatches', String(findings.mismatches.length)],
      ['未完成的编号占用 unfinished claims', String(findings.unfinishedClaims.length)],
    ],
  );
}

/** A titled list of what failed (the first 20), or nothing when it is empty. */
export function listed(title: string, items: readonly string[]): string[] {
  return items.length ? [`${title}（${items.length}）：\n${items.slice(0, 20).map((i) => `  ${i}`).join('\n')}${items.length > 20 ? `\n  … 另 ${items.length - 20} 条` : ''}`] : [];
}

/** The lists of the cases and keys the checks found wrong. */
export function findingsDetails(findings: Findings): string[] {
  return [
    ...listed('丢失 lost', findings.lost),
    ...listed('停滞 stuck', findings.stuck),
    ...listed('未受理 never accepted', findings.notAccepted),
    ...listed('重复 outbox key', findings.duplicateKeys),
    ...listed('读模型不一致 mismatches', findings.mismatches),
    ...listed('未完成的编号占用', findings.unfinishedClaims),
  ];
}

/** The report: the tables, the goals and the details of what failed. */
export function report(answers: readonly Answer[], windows: readonly OutageWindow[], findings: Findings, cases: number, answerLimitMs: number): { text: string; goals: Goal[] } {

  const goals: Goal[] = [
    { goal: '0 丢失 lost', measured: String(findings.lost.length), pass: findings.lost.length === 0 },
    { goal: '0 重复 duplicated outbox keys', measured: String(findings.duplicateKeys.length), pass: findings.duplicateKeys.length === 0 },
  ];
  const outageRows: string[][] = [];
  const offending: Answer[] = [];
  for (const kind of outageKinds) {
    const during = answersDuring(answers, windows, kind);
    const seconds = windows.filter((w) => w.kind === kind).reduce((sum, w) => sum + (w.to - w.from) / 1000, 0);
    const bad = during.filter((a) => !allowedStatus(a.status) || a.ms > answerLimitMs);
    offending.push(...bad);
    const max = during.length ? String(Math.round(Math.max(...during.map((a) => a.ms)))) : '—';
    outageRows.push([outageLabels[kind], seconds.toFixed(0), String(during.length), statusCounts(during), p99(during, 'read'), p99(during, 'action'), p99(during, 'start'), max, String(bad.length)]);
    goals.push({
      goal: `${outageLabels[kind]}：应答均为 503/2xx/409 且 ≤ ${answerLimitMs / 1000} s`,
      measured: during.length ? `${bad.length} / ${during.length} 不合格` : '无请求',
      pass: during.length > 0 && bad.length === 0,
    });
  }
  const calm = answers.filter((a) => !windows.some((w) => a.at >= w.from && a.at <= w.to));
  outageRows.push(['无故障 no outage', '—', String(calm.length), statusCounts(calm), p99(calm, 'read'), p99(calm, 'action'), p99(calm, 'start'), calm.length ? String(Math.round(Math.max(...calm.map((a) => a.ms)))) : '—', '—']);
  const outagesTable = textTable(['故障 outage', '时长 s', '请求', '状态码 statuses', '读 p99 ms', '操作 p99 ms', '受理 p99 ms', '最长 ms', '不合格'], outageRows);
  const goalsTable = textTable(
    ['目标 goal', '实测', '结果'],
    goals.map((g) => [g.goal, g.measured, g.pass ? 'PASS' : 'FAIL']),
  );

  const details = [
    ...findingsDetails(findings),
    ...listed('故障期间不合格的应答，按故障、路由与状态码汇总', grouped(offending, windows)),
    ...listed('故障之外不合格的应答', grouped(calm.filter((a) => !allowedStatus(a.status)), windows)),
  ];

  return { text: [casesTable(findings, cases), outagesTable, goalsTable, ...details].join('\n\n'), goals };
}
