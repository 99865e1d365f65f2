// A case that waits for months (for its linkage, materials, a decision, the end of supervision)
// continues as new before its history grows large: the next run gets the case's whole state and
// resumes the procedure at the wait it left. Deadlines are carried with what was sent for them,
// so the deadline watch of the next run sends only what is still pending.
import type { Duration } from '@temporalio/common';
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { CaseView } from '../domain/case/state.js';
import type { CaseRun } from './case-run.js';
import type { caseWorkflow } from './case-workflow.js';
import type { CaseWorkflowInput } from './messages.js';

/**
 * Events after which a run continues as new (the server also suggests it, by count or size).
 * Far below the server's limits: a case waiting for its linkage adds about 44 events a day.
 */
export const HISTORY_LIMIT = 3000;

/** The waits of the procedure a run can continue as new from, and the next run resumes at. */
export type ResumePoint = 'linkage' | 'materials' | 'decision' | 'supervision';

/** The workflow's own flags besides the view, set by its handlers and read by the procedure. */
export interface CaseFlags {
  /** The catalogue announced a change while the case waits for its linkage. */
  linkageChanged: boolean;
  /** The catalogue admins were told that the case has no linkage (once per case). */
  linkageMissingTold: boolean;
  /** The deferred materials arrived (L8). */
  materialsIn: boolean;
  /** The approval department's decision on a failed commitment (L8). */
  commitmentDecision?: 'revoke' | 'keep';
  /** Why that decision was asked for. */
  commitmentIssue: string;
}

/** What a case carries into its next run. */
export interface CarriedCase {
  view: CaseView;
  /** The revision of `view`, written to the read model already: the next run projects from it on. */
  revision: number;
  flags: CaseFlags;
  at: ResumePoint;
}

/** Continues the case as new while it waits, once its history is long and nothing is under way. */
export class Continuation {
  private readonly limit: number;

  /**
   * @param enabled whether this case may continue as new (cases started since the
   *   `continue-as-new` patch)
   */
  constructor(
    private readonly enabled: boolean,
    private readonly input: CaseWorkflowInput,
    private readonly run: CaseRun,
    private readonly flags: CaseFlags,
  ) {
    this.limit = input.historyLimit ?? HISTORY_LIMIT;
  }

  /**
   * Whether to continue as new now: the history is long, and nothing would be cut short — no
   * handler at work (an update is answered by the run that accepted it), the deadline watch not
   * sending, every revision written to the read model. Not once the case closed or needs
   * attention: it then adds no events while it waits.
   */
  private due(): boolean {
    const info = workflowInfo();
    if (!info.continueAsNewSuggested && info.historyLength <= this.limit) return false;
    const { run } = this;
    return !run.closed && !run.halted && !run.deadlineFiring && run.projected === run.revision && allHandlersFinished();
  }

  /**
   * Waits for `ready` like condition() (with a timeout: true, or false when it passed first); when
   * the case is due to continue as new meanwhile, it does so instead, to resume at `at`. A case
   * that may not gets condition()'s own promise: its commands keep the order they were recorded in.
   */
  wait(at: ResumePoint, ready: () => boolean, timeout?: Duration): Promise<boolean | void> {
    if (!this.enabled) return timeout === undefined ? condition(ready) : condition(ready, timeout);
    return this.waitOrContinue(at, ready, timeout);
  }

  private async waitOrContinue(at: ResumePoint, ready: () => boolean, timeout?: Duration): Promise<boolean> {
    const woken = () => ready() || this.due();
    for (;;) {
      const met = timeout === undefined ? (await condition(woken), true) : await condition(woken, timeout);
      if (!met || ready()) return met;
      // Checked again: another part of the workflow may have started something since.
      if (this.due()) await this.continueAt(at);
    }
  }

  private async continueAt(at: ResumePoint): Promise<never> {
    const { case: input, startedBy, historyLimit } = this.input;
    const carried: CarriedCase = { view: this.run.view, revision: this.run.revision, flags: this.flags, at };
    // `case` and `startedBy` as they were: the API reads them from the latest run's first event.
    return continueAsNew<typeof caseWorkflow>({ case: input, startedBy, carried, ...(historyLimit !== undefined ? { historyLimit } : {}) });
  }
}
