// `npx tsx scripts/bench/case-histories.ts`: for every recorded case history in test/histories,
// the number of history events and of billable actions, as a markdown table for BENCHMARKS.md.
//
// Billable actions are counted the way Temporal Cloud meters them, as far as a history shows:
// the start, every timer, every activity scheduled (retries are not visible in a history and
// would add one each), every signal, every accepted update, every search-attribute upsert, and
// markers (local activities, side effects). Queries are billed too but leave no event.
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
  const rows = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => countHistory(f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))));
  console.log('| path | history events | billable actions | timers | activities | updates | signals | upserts |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const n = (t: string) => r.byType[`EVENT_TYPE_${t}`] ?? 0;
    console.log(
      `| ${r.name} | ${r.events} | ${r.actions} | ${n('TIMER_STARTED')} | ${n('ACTIVITY_TASK_SCHEDULED')} | ${n('WORKFLOW_EXECUTION_UPDATE_ACCEPTED')} | ${n('WORKFLOW_EXECUTION_SIGNALED')} | ${n('UPSERT_WORKFLOW_SEARCH_ATTRIBUTES')} |`,
    );
  }
  const types = [...new Set(rows.flatMap((r) => Object.keys(r.byType)))].sort();
  console.error(`event types seen: ${types.map(short).join(', ')}`);
}
