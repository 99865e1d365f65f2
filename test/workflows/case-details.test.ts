// The case's current details in the Temporal UI: its stage and open tasks, and the next deadline in
// Beijing time, as the office reads it (an instant of 16:00 UTC is the end of the day there).
import { describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../domain/case/local-time.js';
import { getCaseQuery } from '../../workflows/messages.js';
import { linkedCase, newWorld, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();

describe('current details', () => {
  it('show the next deadline in Beijing time, not as a UTC instant', async () => {
    const world = newWorld();
    const input = linkedCase(world, { mode: 'postCheck', commitment: '承诺符合食品经营条件', decidedAt: await d.nowIso() });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      const next = view.deadlines.map((deadline) => deadline.dueAt).sort()[0]!;
      const { currentDetails } = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
      expect(currentDetails).toContain(`下一截止 ${shanghaiTime(next)}（北京时间）`);
      expect(currentDetails).toContain('tasks open: 1/1');
      expect(currentDetails).not.toContain(next);
      await handle.terminate('test over');
    });
  });
});
