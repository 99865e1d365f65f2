// The problem workflow's activities (问题记录, Dongli 二 3): read a problem's escalation clock from the
// database (the reconciling read: whatever the API changed, the workflow sees it here) and
// escalate one that sat unanswered, with its event, audit row and SMS in one transaction.
import type { Db } from '../db/client.js';
import type { CalendarSource } from '../db/calendar.js';
import { escalateUnanswered, readProblemClock } from '../db/problems.js';
import { isOpenStatus, nextLevel, type ProblemStatus } from '../domain/problems.js';

/** What the problem workflow waits on. */
export interface ProblemClock {
  status: ProblemStatus | 'missing';
  /** Whether the problem is still followed (open or in progress). */
  open: boolean;
  level: number;
  revision: number;
  /**
   * When it climbs a level if nobody answers: the end of the N-th working day after its last
   * answer (the working-day calendar's deadline rule); absent at the top level or once closed.
   */
  escalateAt?: string;
  provisional?: boolean;
}

/** Builds the problem activities; `workingDays` is PROBLEM_ESCALATION_WORKING_DAYS. */
export function createProblemActivities(db: Db, calendarSource: CalendarSource, workingDays: number) {
  return {
    /** The problem's clock as the database holds it now. */
    async problemClock({ problemId }: { problemId: number }): Promise<ProblemClock> {
      const row = await readProblemClock(db, problemId);
      if (!row) return { status: 'missing', open: false, level: 0, revision: -1 };
      const open = isOpenStatus(row.status);
      const clock: ProblemClock = { status: row.status, open, level: row.level, revision: row.revision };
      if (!open || nextLevel(row.level) === undefined) return clock;
      const { deadline, provisional } = (await calendarSource.current()).deadlineAfter(row.lastActivityAt, workingDays);
      return { ...clock, escalateAt: deadline.toISOString(), provisional };
    },
    /** Escalates the problem one level, if unchanged since `revision`; answers whether it did. */
    async escalateProblem({ problemId, revision, at }: { problemId: number; revision: number; at: string }): Promise<{ escalated: boolean; level?: number }> {
      const saved = await escalateUnanswered(db, problemId, revision, at, workingDays);
      return saved ? { escalated: true, level: saved.level } : { escalated: false };
    },
  };
}

/** The problem activities, as the workflow proxies them. */
export type ProblemActivities = ReturnType<typeof createProblemActivities>;
