// A broad sample of the calendar's answers, as JSON-ready data: compared across process time
// zones by calendar-timezone.test.ts (which also runs this file as a script in child processes).
import { pathToFileURL } from 'node:url';
import { createCalendar, statutoryArrangement } from '../../domain/calendar/index.js';

const DAY_MS = 86_400_000;

/** The calendar's answers over 2025–2030: days, deadlines, counts, reminders and fallback years. */
export function calendarFingerprint(): unknown {
  const calendar = createCalendar();
  const days = calendar.days('2025-01-01', '2030-12-31').map((d) => `${d.date}:${d.kind}:${d.name ?? ''}:${d.provisional ? 'p' : ''}`);
  const deadlines: string[] = [];
  const counts: number[] = [];
  // Every 7 h 13 min over four years hits every hour of the day, midnights included.
  const step = 7 * 3_600_000 + 13 * 60_000;
  const first = Date.parse('2025-01-01T00:00:00+08:00');
  for (let ms = first, i = 0; ms < first + 4 * 365 * DAY_MS; ms += step, i++) {
    const n = i % 260;
    const result = calendar.deadlineAfter(new Date(ms), n);
    deadlines.push(`${result.deadline.toISOString()}${result.provisional ? 'p' : ''}`);
    counts.push(calendar.workingDaysBetween(new Date(ms), new Date(ms + (i % 400) * DAY_MS / 3)).days);
  }
  const midnightStart = calendar.deadlineAfter('2026-02-15T00:00:00+08:00', 1).deadline.toISOString();
  const reminders = ['2026-01-01', '2026-02-18', '2026-03-01', '2028-03-01'].map((d) => calendar.reminderBefore(d).toISOString());
  const fallback = [2027, 2028, 2029, 2030, 2033].map((y) => statutoryArrangement(y));
  return { days, deadlines, counts, midnightStart, reminders, fallback };
}

// Run as a script (`node --import tsx test/domain/calendar-fingerprint.ts`): print it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify({ timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, fingerprint: calendarFingerprint() }));
}
