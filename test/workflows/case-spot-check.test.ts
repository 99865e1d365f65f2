// A 双随机 spot check (L12) drawn by the monthly sampling runs the supervision path of a pushed
// case: no catalogue linkage and no archive, one task for the drawn division with its inspectors,
// post-check deadlines from the draw, then the usual inspection loop.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';
import { planDeadline } from '../../domain/case/deadlines.js';
import { getCaseQuery, recordInspectionUpdate, viewTaskUpdate } from '../../workflows/messages.js';
import { caseInput } from '../helpers/case-input.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { newWorld, people, smsTemplates, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();
const calendar = createCalendar();

describe('spot check', () => {
  it('goes straight to the drawn division with its inspectors and post-check deadlines, then closes on a compliant result', async () => {
    const world = newWorld();
    const drawnAt = await d.nowIso();
    const target = { supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPAQ', subItemCode: 'FOOD-SPOT', revision: 3 };
    const input = caseInput({ mode: 'spotCheck', decidedAt: drawnAt, opinion: '双随机抽查', materials: [], spotCheck: { month: '2026-11', target, inspectors: ['insp-1', 'insp-2'], seed: '2026-11:LYG-SCJGJ' } });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      // No lookup of the catalogue (the linkage came with the draw) and no archive push.
      expect(world.linkageLookups).toBe(0);
      expect(world.calls.map((c) => c.name)).toEqual(['createSupervisionTask']);
      expect(view.tasks).toMatchObject([{ ...target, taskId: `${input.caseNo}:1`, inspectors: ['insp-1', 'insp-2'], status: 'notified' }]);
      expect(view.deadlines.map((dl) => [dl.kind, dl.dueAt])).toEqual([
        ['postCheckStart', planDeadline(calendar, { start: drawnAt, workingDays: 1 }).dueAt],
        ['postCheckFinish', planDeadline(calendar, { start: drawnAt, workingDays: 10 }).dueAt],
      ]);
      expect(smsTemplates(world)).toEqual(['taskAssigned→divisionAdmin']);
      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      expect(await d.result(handle)).toMatchObject({ stage: 'closed', outcome: 'completed' });
      await recordHistoryIfAsked('spot-check-completed', handle);
    });
  });
});
