// What the open deadlines still have to send, and when: the pre-overdue warning, the moment the
// deadline passes, and each escalation level (D 二).
import type { OpenDeadline } from './state.js';

/** One thing a deadline still has to do. */
export type DeadlineEvent =
  | { type: 'warn'; deadline: OpenDeadline; at: number }
  | { type: 'due'; deadline: OpenDeadline; at: number }
  | { type: 'escalate'; deadline: OpenDeadline; at: number; level: 1 | 2 | 3 };

/** Deadlines the applicant owes: they warn the applicant, and lead to a decision rather than escalation. */
const applicantDeadlines = new Set(['materials']);

/** Every event still pending, earliest first. */
export function pendingEvents(deadlines: readonly OpenDeadline[]): DeadlineEvent[] {
  const events: DeadlineEvent[] = [];
  for (const deadline of deadlines) {
    if (deadline.warnAt && !deadline.warned && !deadline.overdue) events.push({ type: 'warn', deadline, at: Date.parse(deadline.warnAt) });
    if (!deadline.overdue) events.push({ type: 'due', deadline, at: Date.parse(deadline.dueAt) });
    if (applicantDeadlines.has(deadline.kind)) continue;
    for (const { level, at } of deadline.escalations) {
      if (!deadline.escalatedLevels.includes(level)) events.push({ type: 'escalate', deadline, at: Date.parse(at), level });
    }
  }
  // At the same instant the deadline passes before it escalates.
  const order = { warn: 0, due: 1, escalate: 2 };
  return events.sort((a, b) => a.at - b.at || order[a.type] - order[b.type]);
}
