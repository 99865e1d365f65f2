// The monthly 双随机 draw as a Temporal Schedule (L12): on the 1st of every month at 09:00
// Asia/Shanghai it starts samplingWorkflow, which draws the month the run was scheduled for.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleHandle, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import type { samplingWorkflow } from '../../workflows/sampling-workflow.js';
import { WORKFLOW_TASK_TIMEOUT } from '../../workflows/task-timeouts.js';

/** The schedule's ID. */
export const SAMPLING_SCHEDULE_ID = 'sampling-monthly';

/** What the schedule is: when it fires, what it starts, and what a late or overlapping run does. */
export function samplingScheduleOptions(taskQueue: string): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof samplingWorkflow>> {
  return {
    scheduleId: SAMPLING_SCHEDULE_ID,
    spec: { calendars: [{ dayOfMonth: 1, hour: 9, comment: '每月 1 日 09:00 双随机抽取' }], timezone: 'Asia/Shanghai' },
    action: {
      type: 'startWorkflow',
      // By name with the type only: this process need not load workflow code.
      workflowType: 'samplingWorkflow',
      // The server appends the scheduled time to the ID, one run per firing.
      workflowId: 'sampling:scheduled',
      taskQueue,
      workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
      // No month: the workflow takes the month of the scheduled time (Asia/Shanghai).
      args: [{}],
      staticSummary: '双随机、信用分级抽查（每月）',
    },
    policies: {
      // A draw still running when the next one is due is left alone: months never overlap.
      overlap: ScheduleOverlapPolicy.SKIP,
      // After an outage the missed draw still runs within a week, for the month it was meant for.
      catchupWindow: '7 days',
    },
  };
}

/** Creates the monthly sampling schedule, or brings an existing one up to date (task queue, time, policy). */
export async function ensureSamplingSchedule(client: Client, taskQueue: string): Promise<ScheduleHandle> {
  const { scheduleId, ...options } = samplingScheduleOptions(taskQueue);
  try {
    return await client.schedule.create({ scheduleId, ...options });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    const handle = client.schedule.getHandle(scheduleId);
    // Paused or not stays as an operator left it.
    await handle.update((previous) => ({ ...options, state: { paused: previous.state.paused, note: previous.state.note } }));
    return handle;
  }
}
