// The business figures as gauges, read from the database when scraped. One read serves every
// gauge of a scrape and is kept for a few seconds, so several scrapers (or a scraper retrying)
// cost one set of queries; a scrape waits for it a bounded time, so a slow or unreachable
// database never hangs the endpoint: the figures are then left out and `shenguan_ops_figures_up`
// says 0. A read that outlives its wait is not started again while it runs.
import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../../../db/client.js';
import { opsFigures, type OpsFigures } from '../../../db/ops-figures.js';
import { outboxChannels } from '../../../db/schema/outbox.js';
import { ESCALATION_STEPS } from '../../../domain/case/deadlines.js';
import { finishedTaskStatuses, taskStatuses } from '../../../domain/case/task.js';

// Every label value that can occur is set, 0 when nothing has it: a series that is absent until
// the first case reaches a state makes rates and alerts on it awkward.
const openTaskStatuses = taskStatuses.filter((status) => !finishedTaskStatuses.includes(status));
const escalationLevels = [0, ...ESCALATION_STEPS.map((step) => step.level)].sort((a, b) => a - b);
const deadlineStates = ['overdue', 'warned', 'pending'] as const;

/** How long one read is reused, and how long a scrape waits for one. */
export interface OpsGaugeTiming {
  cacheMs: number;
  timeoutMs: number;
}

const defaultTiming: OpsGaugeTiming = { cacheMs: 5_000, timeoutMs: 2_000 };

/** Reads the figures at most once per `cacheMs`; resolves undefined when a read fails or outlives `timeoutMs`. */
function cachedFigures(db: Db, timing: OpsGaugeTiming): () => Promise<OpsFigures | undefined> {
  let last: { at: number; figures: Promise<OpsFigures | undefined> } | undefined;
  let running: Promise<OpsFigures | undefined> | undefined;
  return async () => {
    const now = Date.now();
    if (!last || now - last.at >= timing.cacheMs) {
      running ??= opsFigures(db, new Date(now))
        .catch(() => undefined)
        .finally(() => (running = undefined));
      last = { at: now, figures: running };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timing.timeoutMs)));
    try {
      return await Promise.race([last.figures, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Registers the database-derived gauges in `registry`. */
export function registerOpsGauges(registry: Registry, db: Db, timing: OpsGaugeTiming = defaultTiming): void {
  const figures = cachedFigures(db, timing);
  // Each gauge's collect runs at every scrape; all of them share the one read above.
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, f: OpsFigures) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const read = await figures();
        this.reset();
        if (read) fill(this, read);
      },
    });
  new Gauge({
    name: 'shenguan_ops_figures_up',
    help: '1 when the database answered for the figures below within the scrape’s wait, else 0 (and they are left out).',
    registers: [registry],
    async collect() {
      this.set((await figures()) ? 1 : 0);
    },
  });
  gauge('shenguan_tasks_open', 'Supervision tasks (监管任务) not closed, by status.', ['status'], (g, f) => {
    for (const status of openTaskStatuses) g.set({ status }, 0);
    for (const { status, count } of f.openTasks) g.set({ status }, count);
  });
  gauge('shenguan_deadlines_open', 'Open deadlines by escalation level (0 = none yet) and state: overdue (超期), warned (即将超期) or pending.', ['escalation_level', 'state'], (g, f) => {
    for (const level of escalationLevels) for (const state of deadlineStates) g.set({ escalation_level: String(level), state }, 0);
    for (const { level, state, count } of f.openDeadlines) g.set({ escalation_level: String(level), state }, count);
  });
  gauge('shenguan_outbox_backlog', 'Outbox messages still to be sent (recorded, or failed and to be retried), by channel.', ['channel'], (g, f) => {
    for (const channel of outboxChannels) g.set({ channel }, 0);
    for (const { channel, status, count } of f.undelivered) if (status !== 'dead') g.inc({ channel }, count);
  });
  gauge('shenguan_outbox_failed', 'Outbox messages whose delivery failed, by channel and status: failed (retried later) or dead (dead letters, never sent).', ['channel', 'status'], (g, f) => {
    for (const channel of outboxChannels) for (const status of ['failed', 'dead']) g.set({ channel, status }, 0);
    for (const { channel, status, count } of f.undelivered) if (status !== 'recorded') g.set({ channel, status }, count);
  });
}
