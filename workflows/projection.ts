// Keeps the Postgres read model current: after every change of the case (a new revision), one
// activity writes the whole view. Runs beside the procedure; changes made while a write is under
// way are coalesced into the next one.
import { condition } from '@temporalio/workflow';
import { acts } from './activities.js';
import type { CaseRun } from './case-run.js';

/** Projects the case until `finished()` and everything up to then is written. */
export async function projectChanges(run: CaseRun, finished: () => boolean): Promise<void> {
  for (let projected = 0; ; ) {
    await condition(() => run.revision > projected || finished());
    if (run.revision === projected) return;
    projected = run.revision;
    // The view is serialised when the activity is scheduled: the snapshot is this revision's.
    await acts.projectCaseView({ revision: projected, at: new Date().toISOString(), view: run.view });
  }
}
