// Properties of the precomputed calendar checked against a naive day-by-day walk over its own
// dayInfo, for random starts in 2025–2028 (official and fallback years) and N in 0..300.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
const calendar = createCalendar();

const FIRST_MS = Date.parse('2025-01-01T00:00:00+08:00');
const LAST_MS = Date.parse('2029-01-01T00:00:00+08:00') - 1;

/** Any instant in 2025–2028, with Shanghai midnights (deadline instants) drawn often. */
const instant = fc.oneof(
  fc.integer({ min: FIRST_MS, max: LAST_MS }),
  fc.integer({ min: 0, max: 4 * 366 - 1 }).map((d) => FIRST_MS + d * DAY_MS),
);
const workingDays = fc.integer({ min: 0, max: 300 });

function shanghaiDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The Shanghai day that a deadline-style instant closes: 00:00 of D+1 closes D. */
function dayClosedBy(ms: number): number {
  return Math.ceil((ms + OFFSET_MS) / DAY_MS) - 1;
}

/** The obvious algorithm: walk forward one day at a time, counting working days. */
function naiveDeadline(startMs: number, n: number): { deadline: Date; provisional: boolean } {
  let day = dayClosedBy(startMs);
  let provisional = false;
  for (let counted = 0; counted < n; ) {
    day += 1;
    const info = calendar.dayInfo(shanghaiDate(day));
    provisional ||= info.provisional;
    if (info.working) counted += 1;
  }
  return { deadline: new Date((day + 1) * DAY_MS - OFFSET_MS), provisional };
}

function naiveCount(aMs: number, bMs: number): number {
  const [from, to, sign] = aMs <= bMs ? [aMs, bMs, 1] : [bMs, aMs, -1];
  let count = 0;
  for (let day = dayClosedBy(from) + 1; day <= dayClosedBy(to); day++) {
    if (calendar.dayInfo(shanghaiDate(day)).working) count += 1;
  }
  return count === 0 ? 0 : sign * count;
}

describe('deadlineAfter properties', () => {
  it('equals the naive day-by-day walk', () => {
    fc.assert(
      fc.property(instant, workingDays, (startMs, n) => {
        expect(calendar.deadlineAfter(new Date(startMs), n)).toEqual(naiveDeadline(startMs, n));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts the same instant as a Date and as an ISO string with any offset', () => {
    const offset = fc.constantFrom('Z', '+08:00', '-07:00', '+05:30', '+14:00');
    fc.assert(
      fc.property(instant, workingDays, offset, (startMs, n, zone) => {
        const offsetMs = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4))) * 60_000;
        const iso = new Date(startMs + offsetMs).toISOString().replace('Z', zone);
        expect(calendar.deadlineAfter(iso, n)).toEqual(calendar.deadlineAfter(new Date(startMs), n));
      }),
    );
  });

  it('ends at 00:00 +08:00 right after a working day (N ≥ 1)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 300 }), (startMs, n) => {
        const { deadline } = calendar.deadlineAfter(new Date(startMs), n);
        expect((deadline.getTime() + OFFSET_MS) % DAY_MS).toBe(0);
        expect(calendar.dayInfo(shanghaiDate(dayClosedBy(deadline.getTime()))).working).toBe(true);
      }),
    );
  });

  it('chains: M more working days after the deadline of N is the deadline of N + M', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), (startMs, n, m) => {
        const first = calendar.deadlineAfter(new Date(startMs), n).deadline;
        expect(calendar.deadlineAfter(first, m).deadline).toEqual(calendar.deadlineAfter(new Date(startMs), n + m).deadline);
      }),
    );
  });

  it('workingDaysBetween(start, deadline of N) is N', () => {
    fc.assert(
      fc.property(instant, workingDays, (startMs, n) => {
        const { deadline, provisional } = calendar.deadlineAfter(new Date(startMs), n);
        const between = calendar.workingDaysBetween(new Date(startMs), deadline);
        expect(between.days).toBe(n);
        if (n > 0) expect(between.provisional).toBe(provisional);
      }),
    );
  });
});

describe('workingDaysBetween properties', () => {
  it('equals the naive count and is antisymmetric', () => {
    fc.assert(
      fc.property(instant, instant, (aMs, bMs) => {
        const forward = calendar.workingDaysBetween(new Date(aMs), new Date(bMs));
        expect(forward.days).toBe(naiveCount(aMs, bMs));
        expect(calendar.workingDaysBetween(new Date(bMs), new Date(aMs)).days).toBe(forward.days === 0 ? 0 : -forward.days);
      }),
      { numRuns: 1000 },
    );
  });
});
