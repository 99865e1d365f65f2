// A small timing harness for the benchmark scripts: warm-up, N timed iterations with
// process.hrtime.bigint(), p50 / p99 / mean, and markdown tables for BENCHMARKS.md.

/** The timings of one measured operation, in milliseconds. */
export interface Timing {
  label: string;
  /** Every timed iteration, in the order run. */
  samples: number[];
  p50: number;
  p99: number;
  mean: number;
}

/** How many times to run an operation. */
export interface TimingOptions {
  /** Untimed runs first (JIT, connection pools, caches). */
  warmup: number;
  iterations: number;
}

/** One operation to time; `i` counts from 0 over warm-up and timed runs alike. */
export interface Operation {
  label: string;
  run: (i: number) => Promise<unknown>;
}

/** The p-th percentile (0–100) by nearest rank: the smallest sample with at least p% at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Summarises samples (milliseconds). */
export function summarise(label: string, samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
  return { label, samples, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

/** Runs fn once and answers how long it took, in milliseconds. */
export async function elapsedMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Times several operations one call at a time, round robin (a, b, a, b, …), so that whatever else
 * the machine does at the moment — background work the calls themselves cause, other processes —
 * weighs on each of them alike. Warm-up rounds come first and are not counted.
 */
export async function timeInterleaved(operations: readonly Operation[], options: TimingOptions): Promise<Timing[]> {
  const samples = operations.map(() => [] as number[]);
  for (let round = 0; round < options.warmup + options.iterations; round++) {
    for (const [k, operation] of operations.entries()) {
      const ms = await elapsedMs(() => operation.run(round));
      if (round >= options.warmup) samples[k]!.push(ms);
    }
  }
  return operations.map((operation, k) => summarise(operation.label, samples[k]!));
}

/** Times one operation, one call at a time. */
export async function time(operation: Operation, options: TimingOptions): Promise<Timing> {
  const [timing] = await timeInterleaved([operation], options);
  return timing!;
}

/** Milliseconds for a table: three significant figures, at most three decimals. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

/** A ratio as `12.3×`. */
export function ratio(x: number, reference: number): string {
  return `${(x / reference).toFixed(x / reference >= 100 ? 0 : 1)}×`;
}

/** A markdown table; columns whose alignment is 'right' are numbers. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly ('left' | 'right')[] = []): string {
  const rule = headers.map((_, k) => (align[k] === 'right' ? '---:' : '---'));
  return [headers, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The standard table of timings against a reference: n, p50, p99, mean and the ratios. */
export function timingTable(rows: readonly { timing: Timing; reference?: Timing; note?: string }[]): string {
  return markdownTable(
    ['operation', 'n', 'p50 (ms)', 'p99 (ms)', 'mean (ms)', 'p50 ratio', 'p99 ratio'],
    rows.map(({ timing, reference }) => [
      timing.label,
      String(timing.samples.length),
      ms(timing.p50),
      ms(timing.p99),
      ms(timing.mean),
      reference ? ratio(timing.p50, reference.p50) : '1.0×',
      reference ? ratio(timing.p99, reference.p99) : '1.0×',
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

/** Reads `--name value` (or `--name=value`) from the command line. */
export function option(name: string, fallback: string): string;
export function option(name: string): string | undefined;
export function option(name: string, fallback?: string): string | undefined {
  const args = process.argv.slice(2);
  for (const [k, arg] of args.entries()) {
    if (arg === `--${name}`) return args[k + 1] ?? fallback;
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return fallback;
}

/** Reads a whole number option (underscores and commas allowed: 1_000_000, 1,000,000). */
export function intOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number, not ${raw}`);
  return value;
}

/** True when `--name` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}
