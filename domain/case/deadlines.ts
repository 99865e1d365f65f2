// The deadlines of a case, in working days (L8–L10, Dongli 一), and when each warns and escalates
// (D 二, D 四). Pure: the calendar is passed in.
import { SHANGHAI_OFFSET_MS } from '../calendar/civil-date.js';
import { reminderBefore } from '../calendar/reminder.js';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import { NATIONAL_DEFAULT, type EscalationStep, type LinkagePolicy } from '../policy/linkage-policy.js';

/** Which rule a deadline comes from. */
export const deadlineKinds = ['materials', 'view', 'postCheckStart', 'postCheckFinish', 'inspectionResult', 'rectification', 'revocationProposal'] as const;
/** One kind of deadline. */
export type DeadlineKind = (typeof deadlineKinds)[number];

/**
 * The escalation ladder of the national default (D 二): level 2 (the item's owner) at the deadline,
 * level 1 (the department's dispatcher) 1 working day late, level 3 (its leader) 3 late. A region
 * may set its own (domain/policy/linkage-policy.ts); the levels' order here is the one lists use.
 */
export const ESCALATION_STEPS: readonly EscalationStep[] = NATIONAL_DEFAULT.escalation;

/** When a deadline warns and escalates: a region's policy's (the national default's unless it sets them). */
export type DeadlineTiming = Pick<LinkagePolicy, 'warning' | 'escalation'>;

/** What a deadline is measured from: N working days after an instant, or the end of a calendar date. */
export type DeadlineSpec = { start: string; workingDays: number } | { dueDate: string };

/** A deadline with its warning and escalation instants, all ISO strings. */
export interface DeadlinePlan {
  dueAt: string;
  provisional: boolean;
  /** The pre-overdue warning (即将超期预警); absent when it would come before the clock started. */
  warnAt?: string;
  escalations: { level: 1 | 2 | 3; at: string }[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The start (00:00, Asia/Shanghai) of the working day `n` working days before the day starting at `dayStart`. */
function workingDaysBack(calendar: WorkingDayCalendar, dayStart: number, n: number): number {
  let at = dayStart;
  for (let left = n; left > 0; ) {
    at -= DAY_MS;
    if (calendar.dayInfo(new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)).working) left--;
  }
  return at;
}

/** Computes a deadline's plan on a calendar, warning and escalating as `timing` says. */
export function planDeadline(calendar: WorkingDayCalendar, spec: DeadlineSpec, timing: DeadlineTiming = NATIONAL_DEFAULT): DeadlinePlan {
  let due: Date;
  let provisional: boolean;
  let clockStart: number;
  if ('dueDate' in spec) {
    // The end (24:00) of the committed or ordered date.
    due = calendar.deadlineAfter(`${spec.dueDate}T12:00:00+08:00`, 0).deadline;
    provisional = false;
    clockStart = Number.NEGATIVE_INFINITY;
  } else {
    ({ deadline: due, provisional } = calendar.deadlineAfter(spec.start, spec.workingDays));
    clockStart = Date.parse(spec.start);
  }
  // A date-based deadline warns at 09:00 the calendar day before (L8: 承诺期限截止前一天); one in
  // working days at the policy's hour on its own last day, or as many working days before it.
  const lastDayStart = Math.floor((due.getTime() - 1 + SHANGHAI_OFFSET_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - SHANGHAI_OFFSET_MS;
  const warnAt = 'dueDate' in spec ? reminderBefore(spec.dueDate).getTime() : workingDaysBack(calendar, lastDayStart, timing.warning.workingDaysBefore) + timing.warning.hour * HOUR_MS;
  const escalations = timing.escalation.map(({ level, workingDaysLate }) => {
    const step = calendar.deadlineAfter(due, workingDaysLate);
    provisional ||= step.provisional;
    return { level, at: (workingDaysLate === 0 ? due : step.deadline).toISOString() };
  });
  return {
    dueAt: due.toISOString(),
    provisional,
    ...(warnAt > clockStart ? { warnAt: new Date(warnAt).toISOString() } : {}),
    escalations,
  };
}
