// Benchmarks the working-day deadline: our precomputed tables against a naive day-by-day walk
// over the same calendar, and against chinese-days' findWorkday, for n = 10 and n = 250 from
// seeded random starts in 2025–2026. Prints a markdown table for BENCHMARKS.md.
//   npx tsx scripts/bench/calendar.ts
import chineseDays from 'chinese-days';
import { Bench } from 'tinybench';
import { createCalendar, type WorkingDayCalendar } from '../../domain/calendar/index.js';
import { seededRandom } from '../../domain/sampling.js';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
// Each benchmark iteration computes a whole batch, so timer overhead (tens of ns) does not swamp
// a call that itself takes about a hundred; figures below are per call.
const BATCH = 256;

function shanghaiDate(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** The obvious algorithm over the same calendar: one dayInfo per day until n working days. */
function naiveDeadline(calendar: WorkingDayCalendar, start: Date, n: number): Date {
  let dayMs = Math.floor((start.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS;
  for (let counted = 0; counted < n; ) {
    dayMs += DAY_MS;
    if (calendar.dayInfo(new Date(dayMs).toISOString().slice(0, 10)).working) counted += 1;
  }
  return new Date(dayMs + DAY_MS - OFFSET_MS);
}

const calendar = createCalendar();
const random = seededRandom('20260212');
const first = Date.parse('2025-01-01T00:00:00+08:00');
const span = Date.parse('2027-01-01T00:00:00+08:00') - first;
const starts = Array.from({ length: BATCH }, () => new Date(first + Math.floor(random() * span)));
const startDates = starts.map((s) => shanghaiDate(s.getTime()));

// The three must agree before their speed means anything. chinese-days has no 2027 data, so a
// deadline that reaches into 2027 (n = 250 always can) is only compared with the naive walk.
for (const n of [10, 250]) {
  for (const [i, start] of starts.entries()) {
    const ours = calendar.deadlineAfter(start, n).deadline;
    if (ours.getTime() !== naiveDeadline(calendar, start, n).getTime()) throw new Error(`naive disagrees at ${start.toISOString()} n=${n}`);
    const lastDay = shanghaiDate(ours.getTime() - 1);
    if (lastDay < '2027-01-01' && chineseDays.findWorkday(n, startDates[i]) !== lastDay) {
      throw new Error(`chinese-days disagrees at ${startDates[i]} n=${n}`);
    }
  }
}

let sink = 0;
// At least 1 s per task; the slow ones stop after 16 batches rather than tinybench's default 64.
const bench = new Bench({ time: 1_000, iterations: 16, warmupTime: 200, warmupIterations: 4 });
for (const n of [10, 250]) {
  bench.add(`ours deadlineAfter|${n}`, () => {
    for (const start of starts) sink += calendar.deadlineAfter(start, n).deadline.getTime();
  });
  bench.add(`naive day-by-day dayInfo|${n}`, () => {
    for (const start of starts) sink += naiveDeadline(calendar, start, n).getTime();
  });
  bench.add(`chinese-days findWorkday|${n}`, () => {
    for (const date of startDates) sink += chineseDays.findWorkday(n, date).length;
  });
}
await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result;
  if (!result || result.error) throw result?.error ?? new Error(`${task.name} did not run`);
  const [name, n] = task.name.split('|') as [string, string];
  return {
    name,
    n,
    opsPerSecond: result.throughput.mean * BATCH,
    meanNs: (result.latency.mean * 1e6) / BATCH,
    p99Ns: result.latency.p99 === undefined ? undefined : (result.latency.p99 * 1e6) / BATCH,
  };
});
const format = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const lines = [
  `| implementation | n | ops/s | mean (ns) | p99 (ns) | time vs ours |`,
  `| --- | ---: | ---: | ---: | ---: | ---: |`,
  ...rows.map((row) => {
    const ours = rows.find((r) => r.n === row.n && r.name.startsWith('ours'));
    const ratio = ours ? `${(row.meanNs / ours.meanNs).toFixed(1)}×` : '';
    const p99 = row.p99Ns === undefined ? 'n/a' : format(row.p99Ns);
    return `| ${row.name} | ${row.n} | ${format(row.opsPerSecond)} | ${format(row.meanNs)} | ${p99} | ${ratio} |`;
  }),
];
console.log(lines.join('\n'));
console.log(`\n${BATCH} seeded starts per iteration, figures per call; p99 is the 99th percentile of iteration time ÷ ${BATCH}. (checksum ${sink % 997})`);
