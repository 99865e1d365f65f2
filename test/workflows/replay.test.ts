// Replays every recorded history against today's workflow code: non-determinism fails here.
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../helpers/bundle.js';
import { recordedHistories } from '../helpers/histories.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';

describe('recorded histories', () => {
  it('replay without non-determinism', async () => {
    const histories = recordedHistories();
    expect(histories.length).toBeGreaterThan(0);
    const workflowBundle = await bundleWorkflows();
    const results = [];
    // With the codec the workers run with: histories recorded before it (unsealed) pass through it.
    const dataConverter = { payloadCodecs: [testPayloadCodec()] };
    for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter }, histories)) results.push(result);
    expect(results.map((r) => ({ workflowId: r.workflowId, error: r.error?.message }))).toEqual(
      histories.map((h) => ({ workflowId: h.workflowId, error: undefined })),
    );
  });
});
