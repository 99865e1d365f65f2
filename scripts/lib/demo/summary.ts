// The demo's closing summary, read back from the API (as the auditor): the cases by mode, stage,
// outcome and task status, the overdue deadlines and escalations, the files attached, the two
// regions' linkage policies side by side, and where to look next.
import { shanghaiTime } from '../../../domain/case/local-time.js';
import type { CaseView } from '../../../domain/case/state.js';
import { actors } from './actors.js';
import type { ApiClient } from './api-client.js';
import type { DrivenCase } from './drive.js';
import { regions } from './organisation.js';
import { policyShowcase } from './scenarios.js';

/** What the run left behind, as the API answers it. */
export interface DemoTally {
  cases: number;
  failed: DrivenCase[];
  byMode: Record<string, number>;
  byStage: Record<string, number>;
  byOutcome: Record<string, number>;
  tasksByStatus: Record<string, number>;
  /** Open deadlines past due, and the escalations sent for them. */
  overdueDeadlines: number;
  escalations: number;
  pendingDecisions: number;
  /** Each case as the API answers it now. */
  views: Map<string, CaseView>;
}

const count = (tally: Record<string, number>, key: string) => void (tally[key] = (tally[key] ?? 0) + 1);

/** Reads every driven case back from the API and counts. */
export async function readBack(api: ApiClient, driven: readonly DrivenCase[]): Promise<DemoTally> {
  const tally: DemoTally = { cases: 0, failed: driven.filter((c) => c.error), byMode: {}, byStage: {}, byOutcome: {}, tasksByStatus: {}, overdueDeadlines: 0, escalations: 0, pendingDecisions: 0, views: new Map() };
  for (const c of driven.filter((d) => d.temporalUiUrl)) {
    const { body: view } = await api.call<CaseView>(actors.auditor, 'GET', `/api/cases/${c.caseNo}`);
    tally.views.set(c.caseNo, view);
    tally.cases++;
    count(tally.byMode, view.input.mode);
    count(tally.byStage, view.stage);
    if (view.outcome) count(tally.byOutcome, view.outcome);
    for (const task of view.tasks) count(tally.tasksByStatus, task.status);
    for (const deadline of view.deadlines) {
      if (deadline.overdue) tally.overdueDeadlines++;
      tally.escalations += deadline.escalatedLevels.length;
    }
    tally.pendingDecisions += view.pendingDecisions.length;
  }
  return tally;
}

/**
 * The showcase post-checks of the city and of 赣榆区, one line each: the region, the policy versions
 * the case pinned (preset and version, the city's first), and the deadlines open on it with their
 * due time in Beijing time — the same kind of case, timed by each region's own plan.
 */
export function policyLines(tally: DemoTally, driven: readonly DrivenCase[]): string[] {
  const shown = [policyShowcase.city, policyShowcase.district].flatMap((scenario) => {
    const c = driven.find((d) => d.scenario === scenario && !d.error);
    const view = c && tally.views.get(c.caseNo);
    if (!c || !view) return [];
    const region = view.input.region;
    const name = regions.find(([code]) => code === region)?.[1] ?? '';
    const versions = view.policy?.ref.versions.map((v) => `${v.preset ?? `${v.region} own`} v${v.version}`).join(' + ') || 'national default';
    const deadlines = view.deadlines.map((d) => `${d.kind} due ${shanghaiTime(d.dueAt)}`).join(', ') || 'none open';
    return [{ head: `${region} ${name} (${versions}):`, tail: `${c.caseNo} post-check → ${deadlines}` }];
  });
  const width = Math.max(0, ...shown.map((l) => displayWidth(l.head)));
  return shown.map((l) => `${l.head}${' '.repeat(width - displayWidth(l.head))} ${l.tail}`);
}

/** A token the demo hands out, with who it is for, the variable it is kept in, and a call to try. */
export interface SummaryToken {
  who: string;
  variable: string;
  token: string;
  tryPath: string;
}

/**
 * The tokens file (written owner-only, never printed: the summary names the file). Shell syntax,
 * so `source tokens.env` makes every token a variable.
 */
export function tokensFileText(tokens: readonly SummaryToken[]): string {
  return tokens.map((t) => `# ${t.who}\n${t.variable}=${t.token}\n`).join('');
}

/** Where the system is and what to show, for the summary. */
export interface SummaryContext {
  runLabel: string;
  apiUrl: string;
  uiUrl: string;
  namespace: string;
  caseNoPrefix: string;
  showcase: DrivenCase | undefined;
  /** The coordination and assessment work shown beside the cases (problem records, 告知函, outside records). */
  oversight?: readonly string[];
  /** The two regions' policies side by side (see policyLines). */
  rules?: readonly string[];
  tokens: readonly SummaryToken[];
  /** Where the tokens are (see tokensFileText). */
  tokensFile: string;
}

const line = (tally: Record<string, number>) =>
  Object.entries(tally)
    .sort(([, a], [, b]) => b - a)
    .map(([key, n]) => `${key} ${n}`)
    .join(' · ') || '—';

/** The summary as printed. */
export function formatSummary(tally: DemoTally, driven: readonly DrivenCase[], context: SummaryContext): string {
  const scenarios = new Map<string, DrivenCase[]>();
  for (const c of driven) scenarios.set(c.scenario, [...(scenarios.get(c.scenario) ?? []), c]);
  const width = Math.max(...[...scenarios.keys()].map((name) => displayWidth(name)));
  const scenarioLines = [...scenarios].map(([name, cases]) => {
    const states = cases.map((c) => tally.views.get(c.caseNo)).map((v) => (v ? (v.outcome ? `${v.stage}/${v.outcome}` : v.stage) : 'failed'));
    return `      ${name}${' '.repeat(width - displayWidth(name))}  ${cases.map((c) => c.caseNo.slice(-2)).join(',')}  → ${[...new Set(states)].join(', ')}`;
  });
  const listQuery = encodeURIComponent(`CaseNo STARTS_WITH "${context.caseNoPrefix}"`);
  const showcase = context.showcase;
  const files = driven.reduce((sum, c) => sum + c.files, 0);
  const exampleCaseNo = showcase?.caseNo ?? `${context.caseNoPrefix}-01`;
  return `
  shenguan 审管联动 demo — ${context.runLabel}
    Cases        ${tally.cases} started${tally.failed.length ? `, ${tally.failed.length} stopped short (see below)` : ''}; numbers ${context.caseNoPrefix}-NN
      by mode      ${line(tally.byMode)}
      by stage     ${line(tally.byStage)}
      by outcome   ${line(tally.byOutcome)}
      tasks        ${line(tally.tasksByStatus)}
      deadlines    ${tally.overdueDeadlines} open and overdue, ${tally.escalations} escalations sent for them
      decisions    ${tally.pendingDecisions} awaiting the approval department
      files        ${files} attached (archives; inspection records and photos, orders, reports, proposals, decisions); a case's: GET /api/cases/${exampleCaseNo}/files
    Scenarios (case NN → where they stand)
${scenarioLines.join('\n')}
${tally.failed.map((c) => `    ! ${c.caseNo} ${c.scenario}: ${c.error}`).join('\n')}
${context.rules?.length ? `${context.rules.map((l, i) => `    ${i === 0 ? 'Rules        ' : '             '}${l}`).join('\n')}\n` : ''}    API          ${context.apiUrl}/api   e.g. GET /api/cases/${exampleCaseNo}
    OpenAPI docs ${context.apiUrl}/docs
    Temporal UI  ${context.uiUrl}/namespaces/${context.namespace}/workflows?query=${listQuery}
${context.oversight?.length ? `    协调与考核
${context.oversight.map((l) => `      ${l}`).join('\n')}
` : ''}${showcase ? `    Showcase     ${showcase.caseNo} (${showcase.scenario})\n                 ${showcase.temporalUiUrl}\n                 its applicant: GET /api/enterprises/${showcase.creditCode} (企业画像)\n` : ''}    Tokens       in ${context.tokensFile} (readable by you only): source it, then
${context.tokens.map((t) => `      ${t.who}\n        curl -H "authorization: Bearer $${t.variable}" '${context.apiUrl}${t.tryPath}'`).join('\n')}
`;
}

/** Terminal columns of a text: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return width;
}
