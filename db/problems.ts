// Coordinators' problem records (问题记录, Dongli 二 3, 四 3(2)), one exported function each. A
// step changes the problem and appends its event in the caller's transaction (with the audit row
// the API writes beside it); the problem workflow reads the clock and escalates through here.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { recordOnly } from '../activities/adapters/outbox.js';
import { sendSms } from '../activities/adapters/sms.js';
import type { ProblemAction, ProblemCounts, ProblemStatus } from '../domain/problems.js';
import { nextLevel } from '../domain/problems.js';
import { recordAudit, type DbOrTx } from './audit.js';
import type { Db } from './client.js';
import { BadCursorError, decodeCursor, encodeCursor } from './keyset-cursor.js';
import { withinRegion } from './region-filter.js';
import { problemEvents, problems } from './schema/index.js';

/** A problem row. */
export type ProblemRow = typeof problems.$inferSelect;
/** One step of its timeline. */
export type ProblemEventRow = typeof problemEvents.$inferSelect;

/** The reference a problem goes by in messages and the outbox (`PR-<id>`): no case number of its own. */
export const problemRef = (id: number): string => `PR-${id}`;

/** A problem to raise. */
export type NewProblem = Pick<ProblemRow, 'region' | 'deptCode' | 'counterpartDept' | 'subjectKind' | 'subjectCode' | 'caseNo' | 'description' | 'level' | 'raisedBy' | 'raisedLevel' | 'idempotencyKey'>;

/** Raises a problem with its first event (the measures taken so far). */
export async function insertProblem(db: DbOrTx, row: NewProblem, measures: string[]): Promise<ProblemRow> {
  const [saved] = await db.insert(problems).values(row).returning();
  await db.insert(problemEvents).values({
    problemId: saved!.id,
    at: saved!.raisedAt,
    actor: row.raisedBy,
    action: 'raised' satisfies ProblemAction,
    text: row.description,
    measures,
    fromLevel: row.raisedLevel,
    toLevel: row.level,
    toStatus: 'open',
  });
  return saved!;
}

/** One problem, or undefined. */
export async function findProblem(db: DbOrTx, id: number): Promise<ProblemRow | undefined> {
  const [row] = await db.select().from(problems).where(eq(problems.id, id));
  return row;
}

/** The problem a person raised with an Idempotency-Key, or undefined. */
export async function findRaisedWithKey(db: DbOrTx, raisedBy: string, key: string): Promise<ProblemRow | undefined> {
  const [row] = await db
    .select()
    .from(problems)
    .where(and(eq(problems.raisedBy, raisedBy), eq(problems.idempotencyKey, key)));
  return row;
}

/** A problem's timeline, oldest first. */
export async function listProblemEvents(db: DbOrTx, id: number): Promise<ProblemEventRow[]> {
  return db.select().from(problemEvents).where(eq(problemEvents.problemId, id)).orderBy(asc(problemEvents.id));
}

/** Whether a step with this Idempotency-Key was already taken on the problem. */
export async function stepTakenWithKey(db: DbOrTx, id: number, key: string): Promise<boolean> {
  const [row] = await db
    .select({ id: problemEvents.id })
    .from(problemEvents)
    .where(and(eq(problemEvents.problemId, id), eq(problemEvents.idempotencyKey, key)));
  return row !== undefined;
}

/** One step taken on a problem. */
export interface ProblemStepInput {
  actor: string;
  action: ProblemAction;
  text?: string | undefined;
  measures?: string[] | undefined;
  /** The status after the step. */
  status: ProblemStatus;
  /** The level after the step (an escalation). */
  level?: number | undefined;
  resolution?: string | undefined;
  consultationId?: number | undefined;
  /** Whether the step answers the problem: the escalation clock starts again from it. */
  answers: boolean;
  /** When it happened; now by default. */
  at?: string | undefined;
  idempotencyKey?: string | undefined;
}

/** Applies a step to a (locked) problem and appends its event; answers the problem after it. */
export async function applyProblemStep(db: DbOrTx, before: ProblemRow, step: ProblemStepInput): Promise<ProblemRow> {
  const at = step.at ?? new Date().toISOString();
  const closing = step.status === 'resolved' || step.status === 'referred';
  const [saved] = await db
    .update(problems)
    .set({
      status: step.status,
      level: step.level ?? before.level,
      revision: before.revision + 1,
      ...(step.answers ? { lastActivityAt: at } : {}),
      ...(step.resolution !== undefined ? { resolution: step.resolution } : {}),
      ...(step.consultationId !== undefined ? { consultationId: step.consultationId } : {}),
      ...(closing && before.closedAt === null ? { closedAt: at } : {}),
    })
    .where(eq(problems.id, before.id))
    .returning();
  await db.insert(problemEvents).values({
    problemId: before.id,
    at,
    actor: step.actor,
    action: step.action,
    text: step.text ?? null,
    measures: step.measures ?? null,
    fromLevel: before.level,
    toLevel: step.level ?? before.level,
    fromStatus: before.status,
    toStatus: step.status,
    idempotencyKey: step.idempotencyKey ?? null,
  });
  return saved!;
}

/** Locks a problem for a step (select … for update), or undefined. */
export async function lockProblem(db: DbOrTx, id: number): Promise<ProblemRow | undefined> {
  const [row] = await db.select().from(problems).where(eq(problems.id, id)).for('update');
  return row;
}

/** Tells the coordinators of the level a problem climbed to, through the outbox (D 二 3). */
export async function notifyEscalation(db: DbOrTx, problem: ProblemRow, why: string): Promise<void> {
  const ref = problemRef(problem.id);
  await sendSms(
    { db, config: recordOnly },
    {
      key: `${ref}:escalated:${problem.revision}`,
      caseNo: ref,
      why,
      to: { kind: 'coordinator', deptCode: problem.deptCode, level: problem.level as 1 | 2 | 3 },
      template: 'problemEscalated',
      params: { caseNo: ref },
    },
  );
}

/** What the problem workflow's clock reads. */
export interface ProblemClockRow {
  status: ProblemStatus;
  level: number;
  revision: number;
  lastActivityAt: string;
}

/** The clock of a problem: its status, level, revision and last answer; undefined when there is none. */
export async function readProblemClock(db: DbOrTx, id: number): Promise<ProblemClockRow | undefined> {
  const [row] = await db
    .select({ status: problems.status, level: problems.level, revision: problems.revision, lastActivityAt: problems.lastActivityAt })
    .from(problems)
    .where(eq(problems.id, id));
  return row;
}

/**
 * Escalates a problem one level because it sat unanswered (actor `system`), with its event, an
 * audit row and the SMS to the next level in one transaction — only if it is still open and
 * unchanged since the workflow read `revision`, so a retried or late escalation does nothing.
 * The next level's clock starts at `at`, the instant the limit ran out.
 */
export async function escalateUnanswered(db: Db, id: number, revision: number, at: string, workingDays: number): Promise<ProblemRow | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockProblem(tx, id);
    if (!before || before.revision !== revision || (before.status !== 'open' && before.status !== 'in_progress')) return undefined;
    const level = nextLevel(before.level);
    if (level === undefined) return undefined;
    const why = `${workingDays} 个工作日未答复，自动升级至 ${level} 级协调员`;
    const saved = await applyProblemStep(tx, before, { actor: 'system', action: 'auto-escalated', text: why, status: before.status as ProblemStatus, level, answers: true, at });
    await recordAudit(tx, { actor: 'system', action: 'problem.auto-escalated', entity: 'problem', entityId: String(id), reason: why, details: { fromLevel: before.level, toLevel: level } });
    await notifyEscalation(tx, saved, why);
    return saved;
  });
}

/** Which problems a list shows (every condition ANDed). */
export interface ProblemListFilter {
  /** Region code: problems of departments within it. */
  within: string;
  /** Raised by this person (view `mine`). */
  raisedBy?: string | undefined;
  /** Of this department, raised by it or concerning it (view `department`). */
  dept?: string | undefined;
  /** Held by this department's coordinators of this level, still open (view `waiting`). */
  waitingFor?: { dept: string; level: number } | undefined;
  status?: ProblemStatus | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** A page of problems, newest raised first; nextCursor null on the last page. Throws BadCursorError for a bad cursor. */
export async function listProblems(db: DbOrTx, filter: ProblemListFilter): Promise<{ items: ProblemRow[]; nextCursor: string | null }> {
  const limit = filter.limit ?? 50;
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  if (after && !/^\d{1,18}$/.test(after.id)) throw new BadCursorError();
  const conditions: (SQL | undefined)[] = [
    withinRegion(problems.region, filter.within),
    filter.raisedBy === undefined ? undefined : eq(problems.raisedBy, filter.raisedBy),
    filter.dept === undefined ? undefined : or(eq(problems.deptCode, filter.dept), eq(problems.counterpartDept, filter.dept)),
    filter.waitingFor === undefined
      ? undefined
      : and(eq(problems.deptCode, filter.waitingFor.dept), eq(problems.level, filter.waitingFor.level), inArray(problems.status, ['open', 'in_progress'])),
    filter.status === undefined ? undefined : eq(problems.status, filter.status),
    after === undefined ? undefined : sql`(${problems.raisedAt}, ${problems.id}) < (${after.at}::timestamptz, ${after.id}::bigint)`,
  ];
  const rows = await db
    .select({ row: problems, position: sql<string>`${problems.raisedAt}::text` })
    .from(problems)
    .where(and(...conditions))
    .orderBy(desc(problems.raisedAt), desc(problems.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map((r) => r.row), nextCursor: rows.length > limit && last ? encodeCursor({ at: last.position, id: String(last.row.id) }) : null };
}

/**
 * The assessment's problem figures per raising department (D 四 3(2)), over the problems raised in
 * [from, to): raised, resolved, resolved without an automatic escalation, escalated at least once,
 * referred to 会商, still open.
 */
export async function problemCounts(db: DbOrTx, query: { region: string; dept?: string | undefined; fromInstant: string; toInstant: string }): Promise<ProblemCounts[]> {
  const int = (expression: SQL) => sql<number>`(${expression})::int`;
  const has = (actions: string[]) =>
    sql`exists (select 1 from ${problemEvents} e where e.problem_id = ${problems.id} and e.action in (${sql.join(
      actions.map((a) => sql`${a}`),
      sql`, `,
    )}))`;
  return db
    .select({
      deptCode: problems.deptCode,
      raised: int(sql`count(*)`),
      resolved: int(sql`count(*) filter (where ${problems.status} = 'resolved')`),
      resolvedInTime: int(sql`count(*) filter (where ${problems.status} = 'resolved' and not ${has(['auto-escalated'])})`),
      escalated: int(sql`count(*) filter (where ${has(['escalated', 'auto-escalated'])})`),
      referred: int(sql`count(*) filter (where ${has(['referred'])})`),
      open: int(sql`count(*) filter (where ${problems.status} in ('open', 'in_progress'))`),
    })
    .from(problems)
    .where(
      and(
        withinRegion(problems.region, query.region),
        query.dept ? eq(problems.deptCode, query.dept) : undefined,
        sql`${problems.raisedAt} >= ${query.fromInstant}::text::timestamptz`,
        sql`${problems.raisedAt} < ${query.toInstant}::text::timestamptz`,
      ),
    )
    .groupBy(problems.deptCode);
}

/** Links a problem to the consultation (会商) that discussed it, with its event and audit row; the escalation clock is not touched. */
export async function linkConsultation(db: DbOrTx, id: number, consultationId: number, actor: string, reason: string, idempotencyKey?: string): Promise<ProblemRow> {
  const before = (await lockProblem(db, id))!;
  const saved = await applyProblemStep(db, before, { actor, action: 'consultation-linked', text: reason, status: before.status, consultationId, answers: false, idempotencyKey });
  await recordAudit(db, { actor, action: 'problem.consultation-linked', entity: 'problem', entityId: String(id), reason, details: { status: saved.status, level: saved.level, consultationId } });
  return saved;
}
