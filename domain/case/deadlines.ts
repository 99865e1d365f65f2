// The deadlines of a case, in working days (L8–L10, Dongli 一), and when each warns and escalates
// (D 二, D 四). Pure: the calendar is passed in.
import { SHANGHAI_OFFSET_MS } from '../calendar/civil-date.js';
import { reminderBefore } from '../calendar/reminder.js';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.js';

/** Which rule a deadline comes from. */
export const deadlineKinds = ['materials', 'view', 'postCheckStart', 'postCheckFinish', 'inspectionResult', 'rectification', 'revocationProposal'] as const;
/** One kind of deadline. */
export type DeadlineKind = (typeof deadlineKinds)[number];

/** Working days each rule allows. */
export const WORKING_DAYS = {
  /** L9: a division views its task within 3 working days of the SMS. */
  view: 3,
  /** D 一(三)2: a post-check starts within 1 working day of the approval decision… */
  postCheckStart: 1,
  /** …and finishes, joint inspection included, within 10. */
  postCheckFinish: 10,
  /** L10: the inspection result is recorded within 5 working days of the inspection. */
  inspectionResult: 5,
  /** D 一(二)1: a revocation proposal reaches the approval department within 1 working day of the finding. */
  revocationProposal: 1,
} as const;

/**
 * Escalation as lateness grows (D 二; our rule, written in the README): at the deadline to the
 * level-2 coordinator (the item's owner), 1 working day late to level 1 (the department's
 * dispatcher), 3 working days late to level 3 (the department's leader).
 */
export const ESCALATION_STEPS: readonly { level: 1 | 2 | 3; workingDaysLate: number }[] = [
  { level: 2, workingDaysLate: 0 },
  { level: 1, workingDaysLate: 1 },
  { level: 3, workingDaysLate: 3 },
];

/** Hour (Asia/Shanghai) of the pre-overdue warning on the deadline's last working day. */
export const WARNING_HOUR = 9;

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

/** Computes a deadline's plan on a calendar. */
export function planDeadline(calendar: WorkingDayCalendar, spec: DeadlineSpec): DeadlinePlan {
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
  // working days at 09:00 on its own last day.
  const lastDayStart = Math.floor((due.getTime() - 1 + SHANGHAI_OFFSET_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - SHANGHAI_OFFSET_MS;
  const warnAt = 'dueDate' in spec ? reminderBefore(spec.dueDate).getTime() : lastDayStart + WARNING_HOUR * HOUR_MS;
  const escalations = ESCALATION_STEPS.map(({ level, workingDaysLate }) => {
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
