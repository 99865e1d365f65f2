// Keeps the Postgres read model current: after every change of the case (a new revision), one
// activity writes the whole view. Runs beside the procedure; changes made while a write is under
// way are coalesced into the next one.
import { condition } from '@temporalio/workflow';
import { acts } from './activities.js';
import type { CaseRun } from './case-run.js';

/**
 * Projects the case until `finished()` and everything up to then is written. Not held while the
 * case needs attention (the raw activity, not run.acts): the stage and the reason are projected too.
 */
export async function projectChanges(run: CaseRun, finished: () => boolean): Promise<void> {
  try {
    // A run that continues the case starts from the revision the previous run wrote.
    for (let projected = run.projected; ; ) {
      await condition(() => run.revision > projected || finished());
      if (run.revision === projected) return;
      projected = run.revision;
      // The view is serialised when the activity is scheduled: the snapshot is this revision's.
      await acts.projectCaseView({ revision: projected, at: new Date().toISOString(), view: run.view });
      run.projected = projected;
    }
  } catch (error) {
    if (!run.attend('projection', error)) throw error;
    // The view cannot be written, now or later (the same data is in every snapshot): its codes,
    // stage and reason can, so lists and the dashboard show the case; and again as it ends.
    await run.projectAttention();
    await condition(finished);
    await run.projectAttention();
  }
}
