// One workflow per open problem record (问题记录, Dongli 二 3): workflow ID `problem:<id>`. Its timer
// counts the working days the problem sits unanswered (PROBLEM_ESCALATION_WORKING_DAYS) and climbs
// it a level (2 → 1 → 3) when they run out; an answer (comment, measure, escalation by hand)
// starts the count again, resolving or referring it to 会商 ends the workflow. The database holds
// the problem; the workflow only reads its clock (an activity, so the instants are in the
// history) whenever it is told of a change or its timer fires, so a signal that was lost is made
// good at the next read.
import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ProblemActivities } from '../activities/problems.js';
import { problemChangedSignal } from './problem-messages.js';

const { problemClock, escalateProblem } = proxyActivities<ProblemActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Which problem the workflow follows. */
export interface ProblemWorkflowInput {
  problemId: number;
}

/** How the run ended. */
export interface ProblemWorkflowResult {
  problemId: number;
  status: string;
  /** Automatic escalations this run made. */
  escalations: number;
}

/** History events after which a long-followed problem continues as new. */
const HISTORY_LIMIT = 2_000;

/** Follows a problem until it is resolved or referred to 会商. */
export async function problemWorkflow({ problemId }: ProblemWorkflowInput): Promise<ProblemWorkflowResult> {
  let changed = false;
  setHandler(problemChangedSignal, () => {
    changed = true;
  });
  let escalations = 0;
  for (;;) {
    changed = false;
    const clock = await problemClock({ problemId });
    if (!clock.open) return { problemId, status: clock.status, escalations };
    if (clock.escalateAt === undefined) {
      // At the top level: nothing climbs further; wait for the problem to change.
      await condition(() => changed);
    } else {
      const wait = Date.parse(clock.escalateAt) - Date.now();
      // Workflow time: on the test server skipped, never slept.
      const answered = wait > 0 && (await condition(() => changed, wait));
      if (!answered && !changed) {
        const done = await escalateProblem({ problemId, revision: clock.revision, at: clock.escalateAt });
        if (done.escalated) escalations += 1;
      }
    }
    const info = workflowInfo();
    if (!changed && (info.continueAsNewSuggested || info.historyLength > HISTORY_LIMIT)) {
      await continueAsNew<typeof problemWorkflow>({ problemId });
    }
  }
}
