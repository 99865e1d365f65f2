// `npx tsx scripts/bench/case-histories.ts`: for every recorded case history in test/histories,
// the number of history events and of billable actions, as a markdown table for BENCHMARKS.md.
//
// Billable actions are counted the way Temporal Cloud meters them, as far as a history shows:
// the start, every timer, every activity scheduled (retries are not visible in a history and
// would add one each), every signal, every accepted update, every search-attribute upsert, and
// markers (local activities, side effects), every child workflow started. Queries are billed too
// but leave no event. Where test/histories/before-read-model/ holds the same path recorded before
// the case projected itself into the read model, its billable actions are shown beside.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BILLABLE = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
  'EVENT_TYPE_TIMER_STARTED',
  'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
  'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
  'EVENT_TYPE_MARKER_RECORDED',
  'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
]);

/** Counts of one history. */
export interface HistoryCounts {
  name: string;
  events: number;
  actions: number;
  byType: Record<string, number>;
}

/** Counts the events and billable actions of a history in Temporal's JSON form. */
export function countHistory(name: string, history: { events: { eventType: string }[] }): HistoryCounts {
  const byType: Record<string, number> = {};
  for (const { eventType } of history.events) byType[eventType] = (byType[eventType] ?? 0) + 1;
  const actions = Object.entries(byType).reduce((sum, [type, n]) => sum + (BILLABLE.has(type) ? n : 0), 0);
  return { name, events: history.events.length, actions, byType };
}

const short = (type: string) => type.replace('EVENT_TYPE_', '').toLowerCase();

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = fileURLToPath(new URL('../../test/histories', import.meta.url));
  const countsIn = (folder: string) =>
    readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => countHistory(f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(folder, f), 'utf8'))));
  const rows = countsIn(dir);
  const before = new Map(countsIn(join(dir, 'before-read-model')).map((r) => [r.name, r.actions]));
  console.log('| path | history events | billable actions | before read-model | timers | activities | updates | signals | upserts | children |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const n = (t: string) => r.byType[`EVENT_TYPE_${t}`] ?? 0;
    console.log(
      `| ${r.name} | ${r.events} | ${r.actions} | ${before.get(r.name) ?? '—'} | ${n('TIMER_STARTED')} | ${n('ACTIVITY_TASK_SCHEDULED')} | ${n('WORKFLOW_EXECUTION_UPDATE_ACCEPTED')} | ${n('WORKFLOW_EXECUTION_SIGNALED')} | ${n('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES')} | ${n('START_CHILD_WORKFLOW_EXECUTION_INITIATED')} |`,
    );
  }
  const types = [...new Set(rows.flatMap((r) => Object.keys(r.byType)))].sort();
  console.error(`event types seen: ${types.map(short).join(', ')}`);
}
