// The faults, one after the other with ordinary running between them: the worker killed (kill -9)
// and started again a few seconds later, several times; Postgres crashed for a short and a long
// while; the Temporal server killed for a short and a long while and started again on its file.
// Each outage window runs from the fault to the moment the part serves again.
import type { ChaosOptions } from './options.js';

/** The outages the table reports, in order, as it names them. */
export const outageLabels = {
  'worker-kill': 'worker kill -9',
  'postgres-short': 'Postgres 短停',
  'postgres-long': 'Postgres 长停',
  'temporal-short': 'Temporal 短停',
  'temporal-long': 'Temporal 长停',
} as const;
/** One kind of outage. */
export type OutageKind = keyof typeof outageLabels;
/** The kinds, in the table's order. */
export const outageKinds = Object.keys(outageLabels) as OutageKind[];

/** One outage as it happened. */
export interface OutageWindow {
  kind: OutageKind;
  from: number;
  to: number;
}

/** A part that can be taken down and brought back. */
export interface Breakable {
  down(): Promise<void>;
  /** Resolves once the part serves again. */
  up(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The schedule: each outage's kind and how long the part stays down, in seconds. */
export function schedule(options: ChaosOptions): { kind: OutageKind; seconds: number }[] {
  return [
    ...Array.from({ length: options.workerKills }, () => ({ kind: 'worker-kill' as const, seconds: options.workerDownSeconds })),
    { kind: 'postgres-short', seconds: options.shortSeconds },
    { kind: 'postgres-long', seconds: options.longSeconds },
    { kind: 'temporal-short', seconds: options.shortSeconds },
    { kind: 'temporal-long', seconds: options.longSeconds },
  ];
}

/** About how long the schedule takes: down times, restarts (the worker bundles its workflows, ~20 s) and gaps. */
export function scheduleSeconds(options: ChaosOptions): number {
  return schedule(options).reduce((sum, step) => sum + step.seconds + options.gapSeconds + (step.kind === 'worker-kill' ? 20 : 5), options.gapSeconds);
}

/** Runs the schedule against the parts; answers the windows. */
export async function runFaults(
  options: ChaosOptions,
  parts: Record<'worker' | 'postgres' | 'temporal', Breakable>,
  log: (line: string) => void,
): Promise<OutageWindow[]> {
  const windows: OutageWindow[] = [];
  await sleep(options.gapSeconds * 1000);
  for (const { kind, seconds } of schedule(options)) {
    const part = parts[kind.split('-')[0] as 'worker' | 'postgres' | 'temporal'];
    const from = Date.now();
    log(`故障：${outageLabels[kind]}，停 ${seconds} 秒`);
    await part.down();
    await sleep(seconds * 1000);
    await part.up();
    const to = Date.now();
    windows.push({ kind, from, to });
    log(`恢复：${outageLabels[kind]}，共 ${((to - from) / 1000).toFixed(1)} 秒`);
    await sleep(options.gapSeconds * 1000);
  }
  return windows;
}
