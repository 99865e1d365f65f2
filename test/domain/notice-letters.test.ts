// The notice letter rules (告知函, Dongli 四 2): numbers, offices, the rectification due time in
// working days, lateness, and the document's dates and escaping.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';
import { chineseDate, letterDocument } from '../../domain/notice-letter-document.js';
import { defaultOffice, letterAnswerRefusal, letterNumber, rectificationDue, rectificationStanding } from '../../domain/notice-letters.js';

const calendar = createCalendar();
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

describe('notice letters', () => {
  it('numbers and offices after the region', () => {
    expect(letterNumber('连政务办告', 2026, 3)).toBe('连政务办告〔2026〕3号');
    expect(defaultOffice('连云港市')).toEqual({ issuingOffice: '连云港市政务服务管理办公室', numberPrefix: '连政务办告' });
  });

  it('is due at the end of the 10th working day after the issue, holidays skipped', () => {
    // Issued Mon 2 March 2026 (no holidays in March): due end of Mon 16 March.
    expect(rectificationDue(calendar, sh('2026-03-02 10:00'))).toEqual({ dueAt: sh('2026-03-16 24:00'), provisional: false });
    // Issued Tue 29 September 2026: National Day and Mid-Autumn (1–7 October off, 10 October a make-up day).
    const due = rectificationDue(calendar, sh('2026-09-29 10:00')).dueAt;
    expect(due > sh('2026-10-09 24:00')).toBe(true);
  });

  it('takes 签收 once, then the rectification report once, in that order', () => {
    const taken = (['issued', 'acknowledged', 'rectified'] as const).map((status) => [
      letterAnswerRefusal('acknowledge', status) === undefined,
      letterAnswerRefusal('reportRectification', status) === undefined,
    ]);
    expect(taken).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
  });

  it('tells late and overdue in working days', () => {
    const letter = { rectificationDueAt: sh('2026-03-16 24:00') };
    expect(rectificationStanding(calendar, { ...letter, rectifiedAt: sh('2026-03-16 18:00') }, sh('2026-04-01 10:00'))).toEqual({ overdue: false, late: false, workingDaysLate: 0 });
    expect(rectificationStanding(calendar, { ...letter, rectifiedAt: sh('2026-03-18 10:00') }, sh('2026-04-01 10:00'))).toEqual({ overdue: false, late: true, workingDaysLate: 2 });
    expect(rectificationStanding(calendar, { ...letter, rectifiedAt: null }, sh('2026-03-16 23:00'))).toEqual({ overdue: false, late: false, workingDaysLate: 0 });
    expect(rectificationStanding(calendar, { ...letter, rectifiedAt: null }, sh('2026-03-20 10:00'))).toEqual({ overdue: true, late: false, workingDaysLate: 4 });
  });

  it('writes dates the Chinese way and escapes every text of the document', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日');
    const html = letterDocument({
      number: '连政务办告〔2026〕1号',
      issuingOffice: '连云港市政务服务管理办公室',
      deptName: '市<审批>局',
      issuedOn: '2026-03-02',
      dueOn: '2026-03-16',
      workingDays: 10,
      note: '',
      findings: [{ description: 'a & "b"', caseNo: null, foundOn: '2026-02-27' }],
      cases: [],
    });
    expect(html).toContain('市&#60;审批&#62;局：');
    expect(html).toContain('a &#38; &#34;b&#34;');
    expect(html).toContain('即2026年3月16日前');
    expect(html).toContain('本次抽查发现的问题不涉及具体办件');
    expect(html).not.toContain('四、其他事项');
  });
});
