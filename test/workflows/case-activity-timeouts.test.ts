// Each activity a case schedules carries a timeout sized to its work, and the case its workflow
// task timeout, as the server records them in the history: a worker that dies mid-activity or
// mid-task is noticed within seconds, not after a minute.
import { describe, expect, it } from 'vitest';
import { caseStartOptions } from '../../api/routes/cases/start-options.js';
import { caseWorkflow } from '../../workflows/case-workflow.js';
import { getCaseQuery } from '../../workflows/messages.js';
import { linkedCase, newWorld, people, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();

const seconds = (duration: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  duration ? Number(duration.seconds ?? 0) + (duration.nanos ?? 0) / 1e9 : undefined;

describe('activity timeouts', () => {
  it('schedules local work with a 10 s timeout, the licence check with a 5 s heartbeat timeout, workflow tasks with 5 s', async () => {
    const world = newWorld();
    const input = linkedCase(world, { mode: 'verification', commitment: '承诺所持证照真实有效', materials: ['营业执照'] });
    await d.withWorker(world, async (taskQueue) => {
      // Started as the API starts a case.
      const handle = await d.env.client.workflow.start(caseWorkflow, caseStartOptions(input, people.platform, taskQueue));
      await d.env.sleep('1 minute');
      expect((await handle.query(getCaseQuery)).stage).toBe('supervising');
      const { events } = await handle.fetchHistory();
      expect(seconds(events?.[0]?.workflowExecutionStartedEventAttributes?.workflowTaskTimeout)).toBe(5);
      const scheduled = new Map(
        (events ?? [])
          .flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : []))
          .map((a) => [a.activityType!.name!, { startToClose: seconds(a.startToCloseTimeout), heartbeat: seconds(a.heartbeatTimeout) }]),
      );
      expect([...scheduled.keys()]).toEqual(expect.arrayContaining(['verifyLicences', 'pushArchive', 'createSupervisionTask', 'projectCaseView', 'sendSms', 'planDeadline']));
      for (const [name, timeouts] of scheduled) {
        if (name === 'verifyLicences') expect(timeouts, name).toEqual({ startToClose: 120, heartbeat: 5 });
        else expect(timeouts, name).toEqual({ startToClose: 10, heartbeat: 0 });
      }
      await handle.executeUpdate('withdraw', { args: [{ actor: people.officer, reason: '测试结束' }] });
    });
  });
});
