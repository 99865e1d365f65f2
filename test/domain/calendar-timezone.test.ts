// The calendar must not depend on the process time zone: the same answers in child processes
// running under zones behind, ahead of and with daylight saving against Asia/Shanghai.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { calendarFingerprint } from './calendar-fingerprint.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./calendar-fingerprint.ts', import.meta.url));

describe('calendar across process time zones', () => {
  const inProcess = JSON.stringify(calendarFingerprint());

  it.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Australia/Lord_Howe'])(
    'TZ=%s gives the in-process answers',
    async (timeZone) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
        env: { ...process.env, TZ: timeZone },
        maxBuffer: 64 * 1024 * 1024,
      });
      const printed = JSON.parse(stdout) as { timeZone: string; fingerprint: unknown };
      // The child really ran in that zone, so a pass is not an accident of inheritance.
      expect(printed.timeZone).toBe(timeZone);
      expect(JSON.stringify(printed.fingerprint)).toBe(inProcess);
    },
  );
});
