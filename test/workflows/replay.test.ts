// Replays every recorded history against today's workflow code: non-determinism fails here.
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../helpers/bundle.js';
import { recordedHistories } from '../helpers/histories.js';

describe('recorded histories', () => {
  it('replay without non-determinism', async () => {
    const histories = recordedHistories();
    expect(histories.length).toBeGreaterThan(0);
    const workflowBundle = await bundleWorkflows();
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
    expect(results.map((r) => ({ workflowId: r.workflowId, error: r.error?.message }))).toEqual(
      histories.map((h) => ({ workflowId: h.workflowId, error: undefined })),
    );
  });
});
