// Writes a case's projection into the read model (db/schema/cases.ts): the case, its tasks, every
// deadline it opened and its timeline. One transaction per snapshot; a snapshot whose revision is
// not newer than the stored one writes nothing, so a retried or replayed activity is harmless.
import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import { ESCALATION_STEPS, type DeadlineSpec } from '../domain/case/deadlines.js';
import { taskDeadlines } from '../domain/case/task-deadlines.js';
import type { CaseAttention, CaseAttentionRow } from '../domain/case/attention.js';
import { maskedView } from '../domain/case/masked-view.js';
import { caseRules, type CaseSnapshot, type CaseView, type OpenDeadline } from '../domain/case/state.js';
import { finishedTaskStatuses, type SupervisionTask } from '../domain/case/task.js';
import type { DbOrTx } from './audit.js';
import type { Db } from './client.js';
import { caseDeadlines, cases, caseTasks, caseTimeline } from './schema/index.js';

/** Computes the due instant of a deadline spec on the current calendar. */
export type DueOf = (spec: DeadlineSpec) => string;


/** How far an escalation went: its place in ESCALATION_STEPS (1-based), 0 for none. */
function severity(levels: readonly number[]): number {
  const last = levels.at(-1);
  return last === undefined ? 0 : ESCALATION_STEPS.findIndex((s) => s.level === last) + 1;
}

/** The last escalation level reached among some deadlines (the most severe), 0 for none. */
function escalationLevel(deadlines: readonly OpenDeadline[]): number {
  let worst = 0;
  let level = 0;
  for (const d of deadlines) {
    const s = severity(d.escalatedLevels);
    if (s > worst) [worst, level] = [s, d.escalatedLevels.at(-1)!];
  }
  return level;
}

function nearest(deadlines: readonly OpenDeadline[]): OpenDeadline | undefined {
  return [...deadlines].sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))[0];
}

/** When the task's first deadline (view, or post-check start) and its post-check finish fall, on the current calendar. */
function taskDueTimes(view: CaseView, task: SupervisionTask, dueOf: DueOf): { startDueAt: string; finishDueAt: string | null } {
  const rules = taskDeadlines(view.input.mode, caseRules(view));
  const dueAt = (rule: (typeof rules)[number]) => dueOf({ start: rule.from === 'decision' ? view.input.decidedAt : task.notifiedAt, workingDays: rule.workingDays });
  const finish = rules.find((r) => r.kind === 'postCheckFinish');
  return { startDueAt: dueAt(rules[0]!), finishDueAt: finish ? dueAt(finish) : null };
}

function taskRow(snapshot: CaseSnapshot, task: SupervisionTask, dueOf: DueOf): typeof caseTasks.$inferInsert {
  const { view, at, revision } = snapshot;
  const { input } = view;
  const open = view.deadlines.filter((d) => d.taskId === task.taskId);
  const next = nearest(open);
  return {
    taskId: task.taskId,
    caseNo: view.caseNo,
    region: input.region,
    creditCode: input.applicant.creditCode,
    mode: input.mode,
    approvalDept: input.approvalDept,
    supervisingDept: task.supervisingDeptCode,
    divisionCode: task.divisionCode,
    subItemCode: task.subItemCode,
    status: task.status,
    notifiedAt: task.notifiedAt,
    viewedAt: task.viewedAt ?? null,
    ...taskDueTimes(view, task, dueOf),
    firstInspectedAt: task.inspections[0]?.inspectedAt ?? null,
    results: task.inspections.length,
    lateResults: task.inspections.filter((i) => i.late).length,
    rectificationOrderedAt: task.rectification?.orderedAt ?? null,
    revocationProposedAt: task.proposal?.proposedAt ?? null,
    revocationDecision: task.decision?.decision ?? null,
    revocationDecidedAt: task.decision?.decidedAt ?? null,
    inspectors: task.inspectors ?? null,
    detail: task,
    nextDueAt: next?.dueAt ?? null,
    nextDueKind: next?.kind ?? null,
    escalationLevel: escalationLevel(open),
    warned: open.some((d) => d.warned),
    overdue: open.some((d) => d.overdue),
    closedAt: finishedTaskStatuses.includes(task.status) ? at : null,
    revision,
  };
}

/** The attention columns of a case: all null unless it needs attention. */
function attentionColumns(attention: CaseAttention | undefined) {
  return { attentionStep: attention?.step ?? null, attentionReason: attention?.reason ?? null, attentionSince: attention?.since ?? null };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Text as Postgres can store it: without NUL, lone surrogates replaced by U+FFFD. */
const storable = (text: string) => text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');

/**
 * Writes what lists need of a case whose whole view could not be written: codes, stage and
 * attention, with text made storable. Only over an older revision, so it never hides a newer
 * full projection; the full projection, once it succeeds, overwrites it.
 */
export async function writeCaseAttention(db: Db, row: CaseAttentionRow): Promise<void> {
  const values = {
    caseNo: row.caseNo,
    region: row.region,
    approvalDept: storable(row.approvalDept),
    approvalItem: storable(row.approvalItem),
    handlingItem: storable(row.handlingItem),
    creditCode: storable(row.creditCode),
    mode: row.mode,
    stage: row.stage,
    startedAt: row.startedAt,
    closedAt: row.stage === 'closed' ? row.at : null,
    ...attentionColumns(row.attention),
    // The stored view is of an older revision now: readers ask the workflow instead.
    view: null,
    revision: row.revision,
    updatedAt: row.at,
  };
  const { caseNo, startedAt, closedAt, ...changes } = values;
  await db
    .insert(cases)
    .values(values)
    .onConflictDoUpdate({
      target: cases.caseNo,
      set: { ...changes, closedAt: sql`coalesce(${cases.closedAt}, excluded.closed_at)` },
      setWhere: sql`${cases.revision} < excluded.revision`,
    });
}

/** The columns of a case row that its view alone gives, the view itself (masked) included. */
function caseColumns(view: CaseView) {
  const { input } = view;
  return {
    caseNo: view.caseNo,
    region: input.region,
    approvalDept: input.approvalDept,
    approvalItem: input.approvalItem,
    handlingItem: input.handlingItem,
    creditCode: input.applicant.creditCode,
    applicantName: input.applicant.name,
    mode: input.mode,
    stage: view.stage,
    decidedAt: input.decidedAt,
    startedAt: view.startedAt,
    view: maskedView(view),
  };
}

/**
 * Writes the snapshot; answers false when a snapshot as new or newer was written before.
 * `legacy`: a snapshot read from a case started before the workflow projected itself (patch
 * `read-model`), written at revision 0 and only over rows no projecting workflow wrote.
 */
export async function writeProjection(db: Db, snapshot: CaseSnapshot, dueOf: DueOf, { legacy = false } = {}): Promise<boolean> {
  const { view, at, revision } = snapshot;
  const { input } = view;
  const tasks = view.tasks.map((task) => taskRow(snapshot, task, dueOf));
  return db.transaction(async (tx) => {
    const [stored] = await tx.select({ revision: cases.revision }).from(cases).where(eq(cases.caseNo, view.caseNo)).for('update');
    if (stored && (legacy ? stored.revision > 0 : stored.revision >= revision)) return false;

    const next = nearest(view.deadlines);
    const caseRow = {
      ...caseColumns(view),
      outcome: view.outcome ?? null,
      pushedAt: view.pushedAt ?? null,
      closedAt: view.stage === 'closed' ? at : null,
      nextDueAt: next?.dueAt ?? null,
      overdue: view.deadlines.some((d) => d.overdue),
      ...attentionColumns(view.attention),
      revision,
      updatedAt: at,
    };
    // A closing instant, once written, stays: later snapshots of a closed case keep the first.
    // The start instant is the workflow's, over the API's estimate in the first row (writeStartedCase).
    const { caseNo, ...caseChanges } = caseRow;
    await tx
      .insert(cases)
      .values(caseRow)
      .onConflictDoUpdate({ target: cases.caseNo, set: { ...caseChanges, closedAt: sql`coalesce(${cases.closedAt}, excluded.closed_at)` } });

    for (const row of tasks) {
      const { taskId, ...changes } = row;
      await tx
        .insert(caseTasks)
        .values(row)
        .onConflictDoUpdate({ target: caseTasks.taskId, set: { ...changes, closedAt: sql`coalesce(${caseTasks.closedAt}, excluded.closed_at)`, updatedAt: at } });
    }

    for (const d of view.deadlines) {
      const task = d.taskId ? view.tasks.find((t) => t.taskId === d.taskId) : undefined;
      const row = {
        caseNo: view.caseNo,
        deadlineId: d.id,
        taskId: d.taskId ?? null,
        kind: d.kind,
        deptCode: task?.supervisingDeptCode ?? input.approvalDept,
        divisionCode: task?.divisionCode ?? null,
        region: input.region,
        dueAt: d.dueAt,
        warnAt: d.warnAt ?? null,
        provisional: d.provisional,
        warned: d.warned,
        overdue: d.overdue,
        escalatedLevels: d.escalatedLevels,
        escalationLevel: escalationLevel([d]),
        openedAt: at,
        closedAt: null,
        revision,
      };
      const { caseNo, deadlineId, openedAt, ...changes } = row;
      await tx.insert(caseDeadlines).values(row).onConflictDoUpdate({ target: [caseDeadlines.caseNo, caseDeadlines.deadlineId], set: changes });
    }
    // Deadlines no longer open were met, or the case closed: they close at this snapshot.
    const openIds = view.deadlines.map((d) => d.id);
    await tx
      .update(caseDeadlines)
      .set({ closedAt: at, revision })
      .where(and(eq(caseDeadlines.caseNo, view.caseNo), isNull(caseDeadlines.closedAt), ...(openIds.length ? [notInArray(caseDeadlines.deadlineId, openIds)] : [])));

    if (view.timeline.length > 0) {
      await tx
        .insert(caseTimeline)
        .values(view.timeline.map((e, seq) => ({ caseNo: view.caseNo, seq, at: e.at, actor: e.actor, action: e.action, reason: e.reason ?? null })))
        .onConflictDoNothing();
    }
    return true;
  });
}

/**
 * The first row of a case, written by the API as the start is accepted (revision 0), so the case
 * reads at once, before any worker ran it; the workflow's first projection overwrites it.
 */
export async function writeStartedCase(db: DbOrTx, view: CaseView): Promise<void> {
  await db
    .insert(cases)
    .values({ ...caseColumns(view), revision: 0, updatedAt: view.startedAt })
    .onConflictDoNothing();
}

/** A case's view as the read model holds it, with the revision and the instant it reflects. */
export interface StoredCaseView {
  view: CaseView;
  revision: number;
  asOf: string;
}

/** The stored view of a case; undefined when there is no row, or the row holds no current view. */
export async function readCaseView(db: DbOrTx, caseNo: string): Promise<StoredCaseView | undefined> {
  const [row] = await db.select({ view: cases.view, revision: cases.revision, asOf: cases.updatedAt }).from(cases).where(eq(cases.caseNo, caseNo));
  return row?.view ? { view: row.view, revision: row.revision, asOf: row.asOf } : undefined;
}
