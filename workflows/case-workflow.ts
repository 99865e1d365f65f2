// The case workflow: one durable workflow per approval case (L8–L10, Dongli 一), read as the procedure.
// State and transitions live in CaseRun; the rules for refusing an action in domain/case/actions.
import { allHandlersFinished, ApplicationFailure, condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { refusals } from '../domain/case/actions.js';
import { openTasks, type CaseView } from '../domain/case/state.js';
import { CaseRun } from './case-run.js';
import { Continuation, type CaseFlags } from './continue-as-new.js';
import { watchDeadlines } from './deadline-watch.js';
import { projectChanges } from './projection.js';
import {
  calendarChangedSignal,
  decideUpdate,
  getCaseQuery,
  linkageChangedSignal,
  orderRectificationUpdate,
  proposeRevocationUpdate,
  recordInspectionUpdate,
  reportRectificationUpdate,
  submitMaterialsUpdate,
  viewTaskUpdate,
  withdrawUpdate,
  type CaseWorkflowInput,
} from './messages.js';

/** A handler's failure: to needs_attention when no retry can mend it, else thrown as before. */
function attendOrThrow(run: CaseRun, part: string, error: unknown): void {
  if (!run.attend(part, error)) throw error;
}

/**
 * A refused action: the update is rejected before anything is recorded (the API answers 409 with
 * the reason, and the stage the case is in as the failure's detail).
 */
function refuse(view: CaseView, reason: string | undefined): void {
  if (reason) throw ApplicationFailure.nonRetryable(reason, 'ActionRefused', view.stage);
}

/** Runs one approval case from hand-over to close. */
export async function caseWorkflow(workflowInput: CaseWorkflowInput): Promise<CaseView> {
  const { case: input, startedBy, carried } = workflowInput;
  // Patch `read-model`: the whole view is projected into Postgres after every change.
  const projectsView = patched('read-model');
  // Patch `continue-as-new`, asked at the start: a case started before it never continues as
  // new, so no run of it wakes up early from a wait it recorded as a whole.
  const continues = patched('continue-as-new');
  const run = new CaseRun(input, startedBy, workflowInfo().startTime.toISOString(), projectsView, carried);
  const { view, acts } = run;
  // Current details and search attributes as the previous run left them.
  if (carried) run.show();
  let ended = false;
  const projecting = projectsView ? projectChanges(run, () => ended) : undefined;
  const flags: CaseFlags = carried?.flags ?? { linkageChanged: false, linkageMissingTold: false, materialsIn: false, commitmentIssue: '' };
  const continuation = new Continuation(continues, workflowInput, run, flags);
  /** Where the previous run continued as new: the procedure resumes there. */
  const from = carried?.at;
  const nowIso = () => new Date().toISOString();

  /**
   * Runs a handler's work; a step of it that fails for good puts the case into needs_attention,
   * and the caller is answered with the case as it then stands. Returned by the handler itself,
   * so the answer comes exactly when it did before.
   */
  async function attended(part: string, work: () => Promise<void>): Promise<CaseView> {
    try {
      await work();
    } catch (error) {
      attendOrThrow(run, part, error);
    }
    return view;
  }

  setHandler(getCaseQuery, () => view);
  setHandler(linkageChangedSignal, () => void (flags.linkageChanged = true));
  setHandler(calendarChangedSignal, async ({ year }) => void (await attended('calendarChanged', () => run.recomputeProvisional(year))));

  setHandler(
    submitMaterialsUpdate,
    (update) => {
      flags.materialsIn = true;
      view.materialsSubmittedAt = nowIso();
      run.closeDeadlines((d) => d.kind === 'materials');
      run.record(update.actor, 'materials.submitted', update.materials.join('、'), update.files);
      return view;
    },
    { validator: (update) => refuse(view, refusals.submitMaterials(view, update)) },
  );
  setHandler(
    decideUpdate,
    async (decision) => {
      if (decision.kind === 'commitment') {
        view.pendingDecisions = view.pendingDecisions.filter((d) => d.kind !== 'commitment');
        run.record(decision.actor, 'decision.made', `${decision.decision} — ${decision.reason}`, decision.files);
        flags.commitmentDecision = decision.decision === 'revoke' ? 'revoke' : 'keep';
      } else {
        // Inline, not attended(): the commitment branch answers without awaiting, as it always did.
        try {
          await run.decideRevocation(decision);
        } catch (error) {
          attendOrThrow(run, 'decide', error);
        }
      }
      return view;
    },
    { validator: (decision) => refuse(view, refusals.decide(view, decision)) },
  );
  setHandler(withdrawUpdate, ({ actor, reason }) => attended('withdraw', () => run.close('withdrawn', actor, reason)), {
    validator: (update) => refuse(view, refusals.withdraw(view, update)),
  });
  setHandler(viewTaskUpdate, (update) => (run.viewTask(update), view), { validator: (update) => refuse(view, refusals.viewTask(view, update)) });
  setHandler(recordInspectionUpdate, (update) => attended('recordInspection', () => run.recordInspection(update)), {
    validator: (update) => refuse(view, refusals.recordInspection(view, update, nowIso())),
  });
  setHandler(orderRectificationUpdate, (update) => attended('orderRectification', () => run.orderRectification(update)), {
    validator: (update) => refuse(view, refusals.orderRectification(view, update, nowIso())),
  });
  setHandler(reportRectificationUpdate, (update) => (run.reportRectification(update), view), {
    validator: (update) => refuse(view, refusals.reportRectification(view, update)),
  });
  setHandler(proposeRevocationUpdate, (update) => attended('proposeRevocation', () => run.proposeRevocation(update)), {
    validator: (update) => refuse(view, refusals.proposeRevocation(view, update)),
  });

  // Deadlines are watched beside the procedure: warnings, overdue consequences, escalation.
  const watching = watchDeadlines(run, async ({ deadline }) => {
    if (deadline.kind === 'materials') {
      run.closeDeadlines((d) => d.id === deadline.id);
      await requestCommitmentDecision('延期材料逾期未补交');
    } else if (deadline.kind === 'rectification') {
      const task = view.tasks.find((t) => t.taskId === deadline.taskId);
      if (task?.status === 'rectifying') await run.rectificationMissed(task, deadline.dueAt);
    }
  }).catch((error: unknown) => attendOrThrow(run, 'deadlines', error));

  async function requestCommitmentDecision(reason: string): Promise<void> {
    if (run.closed) return;
    flags.commitmentIssue = reason;
    view.pendingDecisions.push({ kind: 'commitment', reason, requestedAt: nowIso() });
    run.record('system', 'decision.requested', reason);
    // The stage changes before anything is awaited: late materials are refused from this moment.
    await run.enter('awaiting_decision');
    await run.sms('commitment-decision', { kind: 'approvalOfficers', deptCode: input.approvalDept }, 'decisionRequested', reason);
  }

  /** Phase 1: resolve the linkage, waiting (and telling the catalogue admins) while there is none. */
  async function resolveLinkage(): Promise<void> {
    // A spot check was drawn for one division: it needs no catalogue linkage.
    if (input.spotCheck) {
      view.linkage = [input.spotCheck.target];
      run.record('system', 'linkage.resolved', `双随机抽查：${input.spotCheck.target.divisionCode}/${input.spotCheck.target.subItemCode}`);
      return;
    }
    while (!run.closed) {
      // Reset before looking: a change announced while the lookup runs makes the case look again.
      flags.linkageChanged = false;
      const resolved = await acts.resolveCaseLinkage({ handlingItemCode: input.handlingItem });
      if (run.closed) return;
      if (resolved && resolved.linkages.length > 0) {
        view.linkage = resolved.linkages;
        run.record('system', 'linkage.resolved', resolved.linkages.map((l) => `${l.divisionCode}/${l.subItemCode}@${l.revision}`).join('、'));
        return;
      }
      if (!flags.linkageMissingTold) {
        flags.linkageMissingTold = true;
        run.record('system', 'linkage.missing', input.handlingItem);
        await run.sms('linkage-missing', { kind: 'catalogueAdmins', region: input.region }, 'linkageMissing', '事项未关联监管（L4）');
      }
      // How often it looks again besides being told by the catalogue: the region's policy (6 hours by default).
      await continuation.wait('linkage', () => flags.linkageChanged || run.closed, `${run.rules.linkageRecheckHours} hours`);
    }
  }

  /**
   * Phase 2 (L8): the mode's own step. Answers whether the case goes on to supervision. A run that
   * continued the case resumes at the wait for the materials or for the decision. (One function,
   * as it was: another await in between would reorder the commands of released cases.)
   */
  async function commitmentStep(): Promise<boolean> {
    if (from === 'decision') {
      // The decision was asked for in an earlier run.
    } else if (input.mode === 'deferral') {
      if (from !== 'materials') {
        // The deadline exists before materials are accepted, so that materials always close it.
        await run.openDeadline('materials', 'materials', { dueDate: input.deferral!.dueDate });
        await run.enter('awaiting_materials');
      }
      await continuation.wait('materials', () => flags.materialsIn || view.pendingDecisions.length > 0 || run.closed);
      if (run.closed) return false;
      if (flags.materialsIn) {
        await acts.notifyApprovalPlatform({ key: `${input.caseNo}:licence-issued`, caseNo: input.caseNo, why: '材料补齐，发放许可', event: 'licence_issued', data: {} });
        return true;
      }
    } else if (input.mode === 'verification') {
      await run.enter('verifying');
      const check = await acts.verifyLicences({ key: `${input.caseNo}:verify`, caseNo: input.caseNo, why: '电子证照核验', creditCode: input.applicant.creditCode, licences: input.materials });
      // Withdrawn while the licence service answered: the case stays closed.
      if (run.closed) return false;
      run.record('system', check.ok ? 'licences.verified' : 'licences.failed', check.missing.join('、') || undefined);
      if (check.ok) return true;
      await requestCommitmentDecision(`电子证照核验未通过：${check.missing.join('、')}`);
    } else {
      return true;
    }
    if (run.closed) return false;
    await continuation.wait('decision', () => flags.commitmentDecision !== undefined || run.closed);
    if (run.closed) return false;
    if (flags.commitmentDecision === 'revoke') {
      await run.revokeLicence(input.mode === 'deferral' ? 'deferral_revoked' : 'verification_revoked', flags.commitmentIssue);
      return false;
    }
    return !run.closed;
  }

  try {
    // A run that continues the case goes on from the wait where the previous one left it.
    if (!from) {
      // Patch `linkage-policy`: the region's rules in force at the decision are pinned first, once;
      // a case started before it runs on the national default, as it always did.
      if (patched('linkage-policy')) await run.pinPolicy();
      await run.enter('awaiting_linkage');
    }
    if (!from || from === 'linkage') await resolveLinkage();
    const goesOn = !run.closed && (from === 'supervision' || (await commitmentStep()));
    // Checked again: the case may have been withdrawn while the licence was being issued.
    if (goesOn && !run.closed) {
      if (from !== 'supervision') await run.push();
      // Phase 4–5: supervision until every task is finished, or the case is revoked or withdrawn.
      // A handler still at work (a decision being sent out) finishes first, so it is not cut short.
      await continuation.wait('supervision', () => run.closed || (openTasks(view).length === 0 && allHandlersFinished()));
      if (!run.closed) await run.close('completed', 'system');
    }
  } catch (error) {
    attendOrThrow(run, 'procedure', error);
    // 需人工处理: the procedure stops at the failed step; withdrawal ends the case.
    await condition(() => run.closed);
  }
  await watching;
  // An update that closed the case (withdrawal, revocation) answers its caller before the case ends.
  await condition(allHandlersFinished);
  ended = true;
  await projecting;
  return view;
}
