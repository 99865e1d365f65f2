// One case's run: its state, the transitions the human actions make, and the effects they send
// out. The workflow (case-workflow.ts) wires messages to it and runs the procedure.
import { log, patched, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { SmsRecipient, SmsTemplate } from '../activities/contracts.js';
import type { CaseInput, CaseOutcome, CaseStage } from '../domain/case.js';
import { attentionReason, causeCode, type CaseAttentionRow } from '../domain/case/attention.js';
import type { DecisionInput, InspectionInput, RectificationOrderInput, RectificationReportInput, RevocationProposalInput, ViewTaskInput } from '../domain/case/actions.js';
import type { DeadlineKind, DeadlinePlan, DeadlineSpec, DeadlineTiming } from '../domain/case/deadlines.js';
import { taskDeadlines } from '../domain/case/task-deadlines.js';
import { requiredLimit, type LinkagePolicy } from '../domain/policy/linkage-policy.js';
import { shanghaiTime as shanghai } from '../domain/case/local-time.js';
import { caseRules, deadlineSummary, findTask, openTasks, startedView, type CaseView, type OpenDeadline } from '../domain/case/state.js';
import { deadlineWaitsIn, taskId, type SupervisionTask } from '../domain/case/task.js';
import { acts } from './activities.js';
import { failedStep, StepDropped, unprocessable } from './attention.js';
import { caseSearchAttributePairs, deadlineProvisionalKey, nextDeadlineKey, supervisionDivisionsKey } from './search-attributes.js';
import type { FileRef } from '../domain/files.js';


const now = () => new Date().toISOString();

/** A case's state and what changes it. */
export class CaseRun {
  readonly view: CaseView;
  /** Set whenever the deadlines change, so the deadline watch recomputes its next wake-up. */
  deadlinesChanged = false;
  /** Counts the changes: the read-model projection writes each new revision (workflows/projection.ts). */
  revision = 0;
  /** The last revision the read model has been sent. */
  projected = 0;
  /** Set while the deadline watch sends a warning, overdue consequence or escalation. */
  deadlineFiring = false;
  /**
   * The activities as the case's steps call them: while the case needs attention no new step
   * starts — the call fails with StepDropped and that part of the workflow ends — so nothing more
   * goes out until the case is withdrawn; once closed, the closing messages go out. The normal
   * call is the proxy's own promise, so a case that never needs attention runs exactly as before.
   */
  readonly acts: typeof acts = new Proxy(acts, {
    get: (target, name: string) => {
      const activity = target[name as keyof typeof acts] as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => (this.halted ? Promise.reject(new StepDropped(`${name}: the case needs attention`)) : activity(...args));
    },
  });

  /**
   * @param projectsView whether the whole view goes to the read model (cases started since the
   *   `read-model` patch); older cases project their stage only, from enter().
   * @param carried the case as an earlier run of its workflow left it (workflows/continue-as-new.ts):
   *   nothing is recorded, it goes on from there.
   */
  constructor(input: CaseInput, startedBy: string, startedAt: string, private readonly projectsView = false, carried?: { view: CaseView; revision: number }) {
    if (carried) {
      this.view = carried.view;
      this.revision = this.projected = carried.revision;
      return;
    }
    // The same first state the API writes to the read model as it starts the case.
    this.view = startedView(input, startedBy, startedAt);
    this.revision++;
  }

  get closed(): boolean {
    return this.view.stage === 'closed';
  }

  /** Whether the case needs attention (需人工处理): it waits for withdrawal, and takes no other step. */
  get halted(): boolean {
    return this.view.stage === 'needs_attention';
  }

  /**
   * Routes a failure of `part` (the procedure, the deadline watch, a handler) that no retry can
   * mend into needs_attention, with the reason on the timeline; answers false for any other
   * error, which the caller rethrows. A step dropped because the case needs attention is handled
   * already. On a closed case, or one that needs attention already, the failure is only recorded.
   */
  attend(part: string, error: unknown): boolean {
    if (error instanceof StepDropped) return true;
    const cause = unprocessable(error);
    // Patch `needs-attention`, asked only when such a failure arrives: a case started before the
    // patch whose activity retried until this worker classified its failure is handled too, and
    // every recorded history (none has such a failure) replays as it was.
    if (!cause || !patched('needs-attention')) return false;
    const step = failedStep(error, part);
    const reason = attentionReason(step, cause);
    if (this.closed || this.halted) {
      this.record('system', 'step.failed', reason);
      this.publish();
      return true;
    }
    this.view.attention = { step, cause: causeCode(cause), reason, since: now(), stageBefore: this.view.stage };
    this.view.stage = 'needs_attention';
    this.record('system', 'case.needs_attention', reason);
    this.publish();
    // Cases started before the read-model patch project their stage only: tell the read model here.
    if (!this.projectsView) void this.projectAttention();
    return true;
  }

  /** The case's codes, stage and attention, for the read model when its view cannot be written. */
  attentionRow(): CaseAttentionRow {
    const { input, attention } = this.view;
    return {
      revision: this.revision,
      at: now(),
      caseNo: input.caseNo,
      region: input.region,
      approvalDept: input.approvalDept,
      approvalItem: input.approvalItem,
      handlingItem: input.handlingItem,
      creditCode: input.applicant.creditCode,
      mode: input.mode,
      stage: this.view.stage,
      startedAt: this.view.startedAt,
      ...(attention ? { attention } : {}),
    };
  }

  /**
   * Writes the attention row; awaited by the projection, left running otherwise. If even that
   * cannot be written, the CaseStage search attribute still shows the case to ops.
   */
  async projectAttention(): Promise<void> {
    try {
      await acts.projectCaseAttention(this.attentionRow());
    } catch (error) {
      if (!unprocessable(error)) throw error;
    }
  }

  /** Appends to the timeline (全程留痕). */
  record(actor: string, action: string, reason?: string, files?: FileRef[]): void {
    // Files by ID and hash only: their names and bytes stay in the file store.
    this.view.timeline.push({ at: now(), actor, action, ...(reason ? { reason } : {}), ...(files?.length ? { files } : {}) });
    // One info line per change, by its code and the stage: the reason may quote people's words,
    // and stays on the timeline. Not a command: a replay writes no line and records nothing.
    log.info(action, { stage: this.view.stage });
    this.revision++;
  }

  /** Moves to a stage and tells the read model and the search attributes; a closed case stays closed. */
  async enter(stage: CaseStage, outcome?: CaseOutcome): Promise<void> {
    // A step that was under way when the case closed (withdrawal, revocation) must not reopen it,
    // nor one under way when it came to need attention move it on.
    if ((this.closed || this.halted) && stage !== 'closed') return;
    this.view.stage = stage;
    if (outcome) this.view.outcome = outcome;
    this.publish();
    if (this.projectsView) return;
    const { input } = this.view;
    await this.acts.projectCase({
      caseNo: input.caseNo,
      region: input.region,
      approvalDept: input.approvalDept,
      creditCode: input.applicant.creditCode,
      mode: input.mode,
      stage,
      startedAt: this.view.startedAt,
    });
  }

  /** Counts a change for the read model and shows it (show()). */
  publish(): void {
    this.revision++;
    this.show();
  }

  /**
   * Keeps search attributes and the UI summary current; codes only, never names or phones. A run
   * that continues the case shows it again: current details belong to a run.
   */
  show(): void {
    const { next, provisional } = deadlineSummary(this.view);
    upsertSearchAttributes([
      ...caseSearchAttributePairs(this.view.input, this.view.stage),
      { key: supervisionDivisionsKey, value: [...new Set(this.view.tasks.map((t) => t.divisionCode))] },
      { key: nextDeadlineKey, value: next ? new Date(next) : null },
      { key: deadlineProvisionalKey, value: provisional },
    ]);
    const open = openTasks(this.view).length;
    setCurrentDetails(
      `**${this.view.caseNo}** · ${this.view.input.mode} · ${this.view.stage}${this.view.outcome ? ` (${this.view.outcome})` : ''}` +
        // In Beijing time, as the office reads it: a UTC instant of 16:00 is the end of the day.
        ` · tasks open: ${open}/${this.view.tasks.length}${next ? ` · 下一截止 ${shanghai(next)}（北京时间）` : ''}` +
        (this.view.attention ? `\n\n需人工处理：${this.view.attention.reason}` : ''),
    );
  }

  /** Sends an SMS through the outbox; the key makes a retried send a no-op. */
  async sms(key: string, to: SmsRecipient, template: SmsTemplate, why: string, params: Record<string, string> = {}): Promise<void> {
    const text = this.rules.smsTemplates[template];
    await this.acts.sendSms({ key: `${this.view.caseNo}:${key}`, caseNo: this.view.caseNo, why, to, template, params: { caseNo: this.view.caseNo, item: this.view.input.handlingItem, ...params }, ...(text ? { text } : {}) });
  }

  // ---- deadlines -------------------------------------------------------------------------

  /**
   * Opens a deadline (computed by the calendar activity, held as absolute instants). None when,
   * while the calendar answered, the case closed or the task did what the deadline waits for.
   */
  async openDeadline(id: string, kind: DeadlineKind, spec: DeadlineSpec, task?: SupervisionTask): Promise<OpenDeadline | undefined> {
    const computed = await this.plan(spec);
    if (this.closed) return undefined;
    if (task && !(deadlineWaitsIn[kind] ?? []).includes(task.status)) return undefined;
    // A deadline already past when it opens (a back-dated decision, a finding recorded late) is
    // overdue at once, with its escalations; it is never "about to be overdue" (即将超期).
    const { warnAt, ...plan } = computed;
    const pastAlready = Date.parse(computed.dueAt) <= Date.now() && patched('no-warning-when-past');
    const deadline: OpenDeadline = {
      id,
      kind,
      spec,
      ...plan,
      ...(warnAt && !pastAlready ? { warnAt } : {}),
      ...(task ? { taskId: task.taskId } : {}),
      warned: false,
      escalatedLevels: [],
      overdue: false,
    };
    this.view.deadlines.push(deadline);
    this.deadlinesChanged = true;
    this.publish();
    return deadline;
  }

  /** The rules the case runs on: its pinned policy's, or the national default's (cases started before policies). */
  get rules(): LinkagePolicy {
    return caseRules(this.view);
  }

  /** A deadline's plan, warned and escalated as the case's policy says (a case without one: as it always was). */
  private plan(spec: DeadlineSpec): Promise<DeadlinePlan> {
    if (!this.view.policy) return this.acts.planDeadline(spec);
    const { warning, escalation }: DeadlineTiming = this.view.policy.rules;
    return this.acts.planDeadline(spec, { warning, escalation });
  }

  /** Pins the region's policy in force at the decision (once, at the start): every deadline of the case follows it. */
  async pinPolicy(): Promise<void> {
    const { region, decidedAt } = this.view.input;
    this.view.policy = await this.acts.pinCasePolicy({ region, decidedAt });
    const versions = this.view.policy.ref.versions.map((v) => `${v.region} v${v.version}${v.preset ? `（${v.preset}）` : ''}`);
    this.record('system', 'policy.pinned', versions.length > 0 ? versions.join(' → ') : '全国默认规则');
  }

  /** Closes the deadlines a step satisfied. */
  closeDeadlines(match: (d: OpenDeadline) => boolean): void {
    const before = this.view.deadlines.length;
    this.view.deadlines = this.view.deadlines.filter((d) => !match(d));
    if (this.view.deadlines.length !== before) {
      this.deadlinesChanged = true;
      this.publish();
    }
  }

  /** Recomputes provisional deadlines after an official calendar year was loaded. */
  async recomputeProvisional(year: number): Promise<void> {
    for (const deadline of this.view.deadlines.filter((d) => d.provisional)) {
      const plan = await this.plan(deadline.spec);
      // Closed (met, or the case ended) while the calendar answered.
      if (!this.view.deadlines.includes(deadline)) continue;
      if (plan.dueAt !== deadline.dueAt || plan.provisional !== deadline.provisional) {
        this.record('calendar', 'deadline.recomputed', `${deadline.id}: ${shanghai(deadline.dueAt)} → ${shanghai(plan.dueAt)}（${year} 年节假日安排已导入）`);
      }
      // The new plan replaces the old one whole: a warning it no longer has must not linger.
      delete deadline.warnAt;
      Object.assign(deadline, plan);
      // Moved into the future: not overdue any more. What was sent stays sent (warned, escalatedLevels).
      if (Date.parse(plan.dueAt) > Date.now()) deadline.overdue = false;
    }
    this.deadlinesChanged = true;
    this.publish();
  }

  // ---- push and tasks ----------------------------------------------------------------------

  /** L9, D 一(一)1: archive to the supervision platform, one task per linked division, SMS to each division admin. */
  async push(): Promise<void> {
    const { input, caseNo } = this.view;
    const pushedAt = now();
    this.view.pushedAt = pushedAt;
    // A spot check has no approval of its own to archive: the enterprise's approvals were pushed before.
    if (input.mode !== 'spotCheck') {
      await this.acts.pushArchive({ key: `${caseNo}:archive`, caseNo, why: '办件推送监管', case: input, formalDocument: input.majorProject === true });
    }
    this.record('system', 'case.pushed', input.majorProject ? '重大项目，另发正式公文' : input.spotCheck ? `双随机抽查 ${input.spotCheck.month}` : undefined);
    for (const [index, target] of (this.view.linkage ?? []).entries()) {
      // Withdrawn while pushing: the tasks created so far were cancelled by close(); make no more.
      if (this.closed) return;
      const inspectors = input.spotCheck?.inspectors;
      const task: SupervisionTask = { ...target, taskId: taskId(caseNo, index + 1), status: 'notified', notifiedAt: pushedAt, ...(inspectors ? { inspectors } : {}), inspections: [] };
      this.view.tasks.push(task);
      await this.acts.createSupervisionTask({ key: `${task.taskId}:task`, caseNo, why: '下达监管任务', taskId: task.taskId, target, creditCode: input.applicant.creditCode });
      let first: OpenDeadline | undefined;
      // A spot check runs as a post-check from the day it was drawn (its decidedAt); the windows
      // count from the decision, not the push, so a wait for the linkage shows up as lateness.
      for (const rule of taskDeadlines(input.mode, this.rules)) {
        const start = rule.from === 'decision' ? input.decidedAt : pushedAt;
        const opened = await this.openDeadline(`${rule.kind}:${task.taskId}`, rule.kind, { start, workingDays: rule.workingDays }, task);
        first ??= opened;
      }
      if (this.closed) return;
      // No deadline: the division viewed the task while it was computed and needs no SMS about it.
      if (first) await this.sms(`${task.taskId}:assigned`, { kind: 'divisionAdmin', divisionCode: task.divisionCode }, 'taskAssigned', '下达监管任务', { deadline: shanghai(first.dueAt) });
      this.record('system', 'task.notified', `${task.taskId} → ${task.divisionCode}`);
    }
    await this.enter('supervising');
  }

  /** A division views its task. */
  viewTask({ actor, taskId: id }: ViewTaskInput): void {
    const task = findTask(this.view, id)!;
    task.status = 'viewed';
    task.viewedAt = now();
    this.closeDeadlines((d) => d.taskId === id && (d.kind === 'view' || d.kind === 'postCheckStart'));
    this.record(actor, 'task.viewed', id);
  }

  /** A division records an inspection (L10); its result is due within 5 working days of it. */
  async recordInspection({ actor, taskId: id, inspectedAt, result, findings, files }: InspectionInput): Promise<void> {
    const task = findTask(this.view, id)!;
    const recordedAt = now();
    const stillNoncompliant = result === 'noncompliant' && task.status === 'reinspecting';
    // The task moves on at once, before the calendar is asked how late the result is: an action
    // sent meanwhile (the same result again) meets the new status and is refused.
    task.status = result === 'compliant' ? 'done' : stillNoncompliant ? 'revocation_due' : 'noncompliant';
    // Dongli 一(二)1: 发现问题后的1个工作日内 — the finding is the inspection, not the moment its
    // result was recorded; a result recorded later makes the proposal late at once.
    if (stillNoncompliant) task.revocationDueSince = patched('violation-from-finding') ? inspectedAt : recordedAt;
    this.closeDeadlines((d) => d.taskId === id && d.kind === 'postCheckFinish');
    const { dueAt } = await this.plan({ start: inspectedAt, workingDays: requiredLimit(this.rules, 'inspectionResult') });
    // Recorded even if the case was withdrawn meanwhile: the inspection did take place.
    const late = recordedAt > dueAt;
    task.inspections.push({ inspectedAt, recordedAt, result, ...(findings ? { findings } : {}), resultDueAt: dueAt, late });
    this.record(actor, 'inspection.recorded', `${id}: ${result}${late ? '（逾期录入）' : ''}${findings ? ` — ${findings}` : ''}`, files);
    if (stillNoncompliant) await this.proposalDue(task, '复查仍不符合');
    this.publish();
  }

  /** 限期整改: the rectification deadline is the end of the ordered date. */
  async orderRectification({ actor, taskId: id, dueDate, requirements, files }: RectificationOrderInput): Promise<void> {
    const task = findTask(this.view, id)!;
    task.status = 'rectifying';
    task.rectification = { orderedAt: now(), dueDate, requirements };
    this.record(actor, 'rectification.ordered', `${id}: 限期至 ${dueDate}`, files);
    await this.openDeadline(`rectification:${id}`, 'rectification', { dueDate }, task);
  }

  /** The applicant reports rectification; re-inspection follows. */
  reportRectification({ actor, taskId: id, report, files }: RectificationReportInput): void {
    const task = findTask(this.view, id)!;
    task.status = 'reinspecting';
    task.rectification = { ...task.rectification!, reportedAt: now(), report };
    this.closeDeadlines((d) => d.taskId === id && d.kind === 'rectification');
    this.record(actor, 'rectification.reported', id, files);
  }

  /** 整改期限届满未报告整改: revocation is due from the end of the rectification date. */
  async rectificationMissed(task: SupervisionTask, dueAt: string): Promise<void> {
    task.status = 'revocation_due';
    task.revocationDueSince = dueAt;
    this.closeDeadlines((d) => d.taskId === task.taskId && d.kind === 'rectification');
    await this.proposalDue(task, '整改期限届满未报告整改');
  }

  /** D 一(二)1: the revocation proposal must reach the approval department within 1 working day of the finding. */
  private async proposalDue(task: SupervisionTask, why: string): Promise<void> {
    // Not when the division proposed already (or the case closed) while the calendar answered.
    if (task.status !== 'revocation_due') return;
    this.record('system', 'revocation.due', `${task.taskId}: ${why}`);
    // A region that sets no limit for the proposal (L: none) does not time it.
    const workingDays = this.rules.workingDays.revocationProposal;
    if (workingDays === null) return;
    const spec = { start: task.revocationDueSince!, workingDays };
    await this.openDeadline(`revocationProposal:${task.taskId}`, 'revocationProposal', spec, task);
  }

  /** A division proposes revocation; the approval department must decide. */
  async proposeRevocation({ actor, taskId: id, reason, files }: RevocationProposalInput): Promise<void> {
    const task = findTask(this.view, id)!;
    task.status = 'awaiting_revocation_decision';
    task.proposal = { proposedAt: now(), reason };
    this.closeDeadlines((d) => d.taskId === id && d.kind === 'revocationProposal');
    this.view.pendingDecisions.push({ kind: 'revocation', taskId: id, reason, requestedAt: now() });
    this.record(actor, 'revocation.proposed', `${id}: ${reason}`, files);
    await this.sms(`${id}:revocation-proposed`, { kind: 'approvalOfficers', deptCode: this.view.input.approvalDept }, 'decisionRequested', '撤销建议待决定', { taskId: id });
  }

  /** The approval department decides on a revocation proposal (L10). */
  async decideRevocation({ actor, taskId: id, decision, reason, documentNo, files }: DecisionInput): Promise<void> {
    const task = findTask(this.view, id!)!;
    const decidedAt = now();
    this.view.pendingDecisions = this.view.pendingDecisions.filter((d) => !(d.kind === 'revocation' && d.taskId === id));
    task.decision = { decidedAt, decision: decision === 'revoke' ? 'revoke' : 'decline', explanation: reason, ...(documentNo ? { documentNo } : {}) };
    this.record(actor, 'revocation.decided', `${id}: ${decision} — ${reason}`, files);
    if (decision === 'revoke') {
      task.status = 'revoked';
      await this.revokeLicence('licence_revoked', reason, documentNo);
    } else {
      task.status = 'declined';
      // The written explanation goes back to the division.
      await this.sms(`${id}:revocation-declined`, { kind: 'divisionAdmin', divisionCode: task.divisionCode }, 'revocationDeclined', '不予撤销的书面说明', { taskId: id! });
      await this.acts.notifyApprovalPlatform({ key: `${id}:revocation-declined`, caseNo: this.view.caseNo, why: '不予撤销', event: 'revocation_declined', data: { taskId: id!, explanation: reason } });
      this.publish();
    }
  }

  /** Revokes the approval: the case closes revoked, the dishonesty record goes to the credit platform (once per event). */
  async revokeLicence(event: 'deferral_revoked' | 'verification_revoked' | 'licence_revoked', reason: string, documentNo?: string): Promise<void> {
    // Closed at once, before anything goes out: while the messages are sent, neither the last
    // finished task (→ completed) nor a withdrawal may close the case a second time.
    const cancelled = this.closeNow('revoked', 'system', reason);
    if (!cancelled) return;
    const { caseNo, input } = this.view;
    await this.acts.pushCreditRecord({ key: `${caseNo}:credit:${event}`, caseNo, why: '失信记录', creditCode: input.applicant.creditCode, event, reason, ...(documentNo ? { decisionDocument: documentNo } : {}) });
    await this.acts.notifyApprovalPlatform({ key: `${caseNo}:licence-revoked`, caseNo, why: '撤销审批', event: 'licence_revoked', data: { reason, ...(documentNo ? { documentNo } : {}) } });
    await this.announceClose('revoked', cancelled);
  }

  /** Ends the case (once; later calls do nothing): open tasks are cancelled and their divisions told; no deadline stays open. */
  async close(outcome: CaseOutcome, actor: string, reason?: string): Promise<void> {
    const cancelled = this.closeNow(outcome, actor, reason);
    if (cancelled) await this.announceClose(outcome, cancelled);
  }

  /** The closing transition, synchronous so that no action slips in halfway; the tasks it cancelled, or undefined when closed already. */
  private closeNow(outcome: CaseOutcome, actor: string, reason?: string): SupervisionTask[] | undefined {
    if (this.closed) return undefined;
    const open = openTasks(this.view);
    for (const task of open) task.status = 'cancelled';
    this.view.pendingDecisions = [];
    // Withdrawn while it needed attention: the timeline keeps why; the closed case needs none.
    delete this.view.attention;
    this.view.stage = 'closed';
    this.view.outcome = outcome;
    this.closeDeadlines(() => true);
    this.record(actor, outcome === 'withdrawn' ? 'case.withdrawn' : 'case.closed', `${outcome}${reason ? ` — ${reason}` : ''}`);
    return open;
  }

  /** What goes out when a case closed: the read model, the cancelled tasks' divisions, the approval platform. */
  private async announceClose(outcome: CaseOutcome, open: SupervisionTask[]): Promise<void> {
    await this.enter('closed', outcome);
    if (outcome !== 'completed') {
      for (const task of open) {
        await this.sms(`${task.taskId}:withdrawn`, { kind: 'divisionAdmin', divisionCode: task.divisionCode }, 'taskWithdrawn', outcome === 'withdrawn' ? '办件撤回' : '许可已撤销', { taskId: task.taskId });
      }
    }
    await this.acts.notifyApprovalPlatform({ key: `${this.view.caseNo}:closed`, caseNo: this.view.caseNo, why: '办件办结', event: 'case_closed', data: { outcome } });
  }
}
