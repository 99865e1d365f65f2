// Which deadlines a supervision task opens when it is created, and from when they count — one rule
// for the workflow that opens them and the read model that shows them (L9; Dongli 一(三)2).
import type { CaseMode } from '../case.js';
import { requiredLimit, type LinkagePolicy } from '../policy/linkage-policy.js';

/** A deadline a new task opens: its kind, what it counts from, and how many working days. */
export interface TaskDeadlineRule {
  kind: 'view' | 'postCheckStart' | 'postCheckFinish';
  /** `decision`: the approval decision (a post-check counts from it, so a wait for the linkage shows as lateness); `notified`: the task's SMS. */
  from: 'decision' | 'notified';
  workingDays: number;
}

/**
 * The deadlines of a new task: a post-check (and a spot check, which runs as one) starts and
 * finishes within the region's post-check windows, counted from the decision (Dongli 一(三)2);
 * every other task — and a post-check where the region sets no windows — is viewed within the
 * region's view limit of the SMS (L9).
 */
export function taskDeadlines(mode: CaseMode, rules: LinkagePolicy): TaskDeadlineRule[] {
  const { postCheckStart, postCheckFinish } = rules.workingDays;
  if ((mode === 'postCheck' || mode === 'spotCheck') && postCheckStart !== null) {
    return [
      { kind: 'postCheckStart', from: 'decision', workingDays: postCheckStart },
      ...(postCheckFinish !== null ? [{ kind: 'postCheckFinish' as const, from: 'decision' as const, workingDays: postCheckFinish }] : []),
    ];
  }
  return [{ kind: 'view', from: 'notified', workingDays: requiredLimit(rules, 'view') }];
}
