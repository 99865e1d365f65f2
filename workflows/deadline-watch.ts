// Sleeps until the next deadline event of the case (warning, overdue, escalation), sends it, and
// starts over whenever the deadlines change. Runs beside the case procedure until the case closes.
import { condition } from '@temporalio/workflow';
import { pendingEvents, type DeadlineEvent } from '../domain/case/deadline-events.js';
import { shanghaiTime as shanghai } from '../domain/case/local-time.js';
import type { CaseRun } from './case-run.js';

/** What the case does when one of its deadlines passes (beyond warning and escalating). */
export type OnOverdue = (event: DeadlineEvent) => Promise<void>;

/** Watches the case's deadlines until it closes. */
export async function watchDeadlines(run: CaseRun, onOverdue: OnOverdue): Promise<void> {
  while (!run.closed) {
    // A case that needs attention sends nothing more; withdrawal closes its deadlines.
    if (run.halted) return;
    const next = pendingEvents(run.view.deadlines)[0];
    const wait = next ? next.at - Date.now() : undefined;
    if (wait === undefined || wait > 0) {
      run.deadlinesChanged = false;
      // Workflow time: on the test server skipped, never slept.
      const woken = () => run.deadlinesChanged || run.closed || run.halted;
      await (wait === undefined ? condition(woken) : condition(woken, wait));
      continue;
    }
    // Marked while sending: a case continues as new only between two deadline events.
    run.deadlineFiring = true;
    try {
      await fire(run, next!, onOverdue);
    } finally {
      run.deadlineFiring = false;
    }
  }
}

async function fire(run: CaseRun, event: DeadlineEvent, onOverdue: OnOverdue): Promise<void> {
  const { deadline } = event;
  const task = deadline.taskId ? run.view.tasks.find((t) => t.taskId === deadline.taskId) : undefined;
  const params = { deadline: shanghai(deadline.dueAt), kind: deadline.kind, ...(task ? { taskId: task.taskId } : {}) };
  if (event.type === 'warn') {
    deadline.warned = true;
    run.record('system', 'deadline.warned', deadline.id);
    if (deadline.kind === 'materials') {
      // L8: the applicant is reminded the day before the committed date.
      await run.sms(`${deadline.id}:reminder`, { kind: 'applicant', phone: run.view.input.applicant.phone }, 'materialsReminder', '承诺期限截止前一天提醒', params);
    } else if (task) {
      await run.sms(`${deadline.id}:warn`, { kind: 'divisionAdmin', divisionCode: task.divisionCode }, 'deadlineWarning', '即将超期预警', params);
      await run.sms(`${deadline.id}:warn:coordinator`, { kind: 'coordinator', deptCode: task.supervisingDeptCode, level: 1 }, 'deadlineWarning', '即将超期预警', params);
    }
  } else if (event.type === 'due') {
    deadline.overdue = true;
    run.record('system', 'deadline.overdue', deadline.id);
    await onOverdue(event);
  } else {
    deadline.escalatedLevels.push(event.level);
    run.record('system', 'deadline.escalated', `${deadline.id} → ${event.level} 级协调员`);
    const deptCode = task?.supervisingDeptCode ?? run.view.input.approvalDept;
    await run.sms(`${deadline.id}:escalate:${event.level}`, { kind: 'coordinator', deptCode, level: event.level }, 'deadlineOverdue', `超期升级至 ${event.level} 级`, params);
  }
  run.publish();
}
