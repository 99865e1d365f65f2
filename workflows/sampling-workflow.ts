// The monthly credit-graded spot-check draw (双随机、一公开 + 分级分类, L12), started by the
// `sampling-monthly` schedule (scripts/lib/sampling-schedule.ts) or on demand by the API. One
// activity draws and stores the month; each draw then becomes a spot-check case, a child
// caseWorkflow that outlives this run and follows the same supervision path as a pushed case.
import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { SamplingActivities, SpotCheckToStart } from '../activities/sampling.js';
import { SAMPLING_STARTER, shanghaiMonth } from '../domain/sampling.js';
import { caseWorkflowId } from './case-id.js';
import { caseWorkflow } from './case-workflow.js';
import { caseSearchAttributePairs } from './search-attributes.js';
import { WORKFLOW_TASK_TIMEOUT } from './task-timeouts.js';

const { drawSamplingMonth } = proxyActivities<SamplingActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** The time the schedule meant this run for; the server sets it on every scheduled start. */
const scheduledStartTimeKey = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** Which month to draw; by default the month (Asia/Shanghai) the run was scheduled for. */
export interface SamplingWorkflowInput {
  /** YYYY-MM. */
  month?: string;
  /** Only the departments within this region (a region admin's run); all when absent. */
  region?: string;
}

/** One spot check of the run: the draw, and whether this run started its case. */
export interface SamplingCaseSummary extends Omit<SpotCheckToStart, 'input'> {
  /** `started` by this run, or `existing`: an earlier run of the month started it already. */
  status: 'started' | 'existing';
}

/** What a run did. */
export interface SamplingWorkflowResult {
  month: string;
  departments: { deptCode: string; seed: string; drawn: number }[];
  cases: SamplingCaseSummary[];
  /** Draws whose enterprise has no task with the department any more: no case started. */
  unresolved: string[];
}

/**
 * The instant this run stands for: the schedule's nominal time when a schedule started it (a late
 * start after an outage still draws the month it was meant for), else the workflow's start time.
 * Both come from the history, so replay sees the same.
 */
function runInstant(): Date {
  const info = workflowInfo();
  try {
    return info.typedSearchAttributes.get(scheduledStartTimeKey) ?? info.startTime;
  } catch {
    return info.startTime;
  }
}

/** Draws a month (once; re-running a month answers the same draw) and starts its spot-check cases. */
export async function samplingWorkflow({ month, region }: SamplingWorkflowInput = {}): Promise<SamplingWorkflowResult> {
  const at = runInstant();
  const theMonth = month ?? shanghaiMonth(at);
  // Activity arguments are not part of what replay compares: a region added here changes no history.
  const drawn = await drawSamplingMonth({ month: theMonth, drawnAt: at.toISOString(), ...(region ? { within: region } : {}) });
  const cases: SamplingCaseSummary[] = [];
  for (const { input, ...draw } of drawn.cases) {
    let status: SamplingCaseSummary['status'] = 'started';
    try {
      // ABANDON: a spot check runs for weeks after this run has ended. The case number names it
      // forever (REJECT_DUPLICATE), so a re-run never starts the same check twice.
      await startChild(caseWorkflow, {
        workflowId: caseWorkflowId(input.caseNo),
        args: [{ case: input, startedBy: SAMPLING_STARTER }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
        typedSearchAttributes: caseSearchAttributePairs(input, 'awaiting_linkage'),
        staticSummary: `双随机抽查 ${input.caseNo} · ${draw.deptCode} · ${draw.divisionCode}`,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      status = 'existing';
    }
    cases.push({ ...draw, status });
  }
  return { month: theMonth, departments: drawn.departments, cases, unresolved: drawn.unresolved };
}
