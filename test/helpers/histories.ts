// Recorded histories of finished (or waiting) cases: the suite replays every one of them, so a
// change to released workflow code that is not guarded by patched() fails the tests.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

/** Where recorded histories live. */
export const historiesDir = fileURLToPath(new URL('../histories', import.meta.url));

/** Writes the handle's history to test/histories/<name>.json when RECORD_HISTORIES=1. */
export async function recordHistoryIfAsked(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  writeFileSync(join(historiesDir, `${name}.json`), historyToJSON(await handle.fetchHistory()));
}

/**
 * Every recorded history (as JSON; the replayer decodes it), with its path as the workflow ID.
 * Sub-folders keep the histories of earlier releases (e.g. `before-read-model/`): a patch must
 * replay them too.
 */
export function recordedHistories(): { workflowId: string; history: unknown }[] {
  return readdirSync(historiesDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ workflowId: file.replace(/\.json$/, ''), history: JSON.parse(readFileSync(join(historiesDir, file), 'utf8')) as unknown }));
}
