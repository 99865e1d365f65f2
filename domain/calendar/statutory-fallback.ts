// The statutory holidays of a year for which no official arrangement is loaded: 全国年节及纪念日
// 放假办法 as revised in November 2024 (in force 2025-01-01), article 2 (全体公民放假的节日):
//   元旦 1月1日；春节 农历除夕、正月初一至初三（4天）；清明节 清明当日；劳动节 5月1日、2日；
//   端午节 农历端午当日；中秋节 农历中秋当日；国庆节 10月1日至3日。
// Lunar and solar-term dates come from date-holidays. Its CN data predates the revision: it has
// 春节 as 除夕 + 初一 + 初二 and 劳动节 as 5月1日 only, so only the anchor dates are taken from it
// (正月初一, 清明, 端午, 中秋) and the rest is computed here. No make-up days: those exist only
// in a notice. Kept apart from the calendar core so workflow code can do without date-holidays.
import Holidays from 'date-holidays';
import { civilDay, firstDayOfYear, formatCivilDate } from './civil-date.js';
import { assertSupportedYear } from './supported-years.js';
import type { HolidayArrangement, YearArrangement } from './types.js';

/** The citation a fallback year carries instead of a notice. */
export const STATUTORY_NOTICE = '全国年节及纪念日放假办法（2024年11月修订）规定的法定节假日；当年放假安排通知尚未载入，结果为临时';

// date-holidays rules (its CN data file) for the anchors: lunar month-0-day, and the 5th solar
// term from the beginning of spring (清明).
const LUNAR_NEW_YEAR_RULE = 'chinese 01-0-01';
const QINGMING_RULE = 'chinese 5-01 solarterm';
const DUANWU_RULE = 'chinese 05-0-05';
const ZHONGQIU_RULE = 'chinese 08-0-15';

// Where date-holidays' lunar calendar disagrees with the national standard GB/T 33661-2017 农历的
// 编算和颁行 (and the Hong Kong Observatory's tables). 2033 has a leap 11th month (闰十一月); like
// many older almanacs, date-holidays puts a leap 7th month there and so gets 中秋 a month late.
const ANCHOR_CORRECTIONS: Readonly<Record<number, Partial<Record<keyof LunarAnchors, string>>>> = {
  2033: { zhongqiu: '2033-09-08' },
};

let chinaHolidays: Holidays | undefined;
const cache = new Map<number, YearArrangement>();

/** The statutory holidays of a year under the 2024 rules, as an arrangement with no make-up days. */
export function statutoryArrangement(year: number): YearArrangement {
  assertSupportedYear(year);
  let arrangement = cache.get(year);
  if (!arrangement) {
    arrangement = buildStatutoryArrangement(year);
    cache.set(year, arrangement);
  }
  // A copy, so a caller that edits its result cannot change the next caller's.
  return copyArrangement(arrangement);
}

function buildStatutoryArrangement(year: number): YearArrangement {
  const anchors = lunarAnchors(year);
  const jan1 = firstDayOfYear(year);
  const day = (month: number, dayOfMonth: number): number => civilDay(`${year}-${pad(month)}-${pad(dayOfMonth)}`);
  const newYear = anchors.lunarNewYear;
  const statutory: { name: string; days: number[] }[] = [
    { name: '元旦', days: [jan1] },
    { name: '春节', days: [newYear - 1, newYear, newYear + 1, newYear + 2] },
    { name: '清明节', days: [anchors.qingming] },
    { name: '劳动节', days: [day(5, 1), day(5, 2)] },
    { name: '端午节', days: [anchors.duanwu] },
    // 国庆节 before 中秋节, so that a 中秋 falling on 10月1日–3日 joins it as 国庆节、中秋节.
    { name: '国庆节', days: [day(10, 1), day(10, 2), day(10, 3)] },
    { name: '中秋节', days: [anchors.zhongqiu] },
  ];
  return { year, notice: STATUTORY_NOTICE, holidays: mergeCoinciding(statutory) };
}

// 中秋 can fall on 10月1日–3日 (e.g. 2028-10-03). A day belongs to one holiday only, so holidays
// that share a day become one, named as the 2025 notice names such a break (国庆节、中秋节).
function mergeCoinciding(statutory: { name: string; days: number[] }[]): HolidayArrangement[] {
  const owner = new Map<number, { name: string; days: number[] }>();
  const kept: { name: string; days: number[] }[] = [];
  for (const holiday of statutory) {
    const host = holiday.days.map((d) => owner.get(d)).find((o) => o !== undefined);
    const entry = host ?? { name: holiday.name, days: [] };
    if (host) host.name = `${host.name}、${holiday.name}`;
    else kept.push(entry);
    for (const d of holiday.days) {
      if (owner.has(d)) continue;
      owner.set(d, entry);
      entry.days.push(d);
    }
  }
  for (const h of kept) h.days.sort((a, b) => a - b);
  kept.sort((a, b) => (a.days[0] as number) - (b.days[0] as number));
  return kept.map((h) => ({ name: h.name, days: h.days.map(formatCivilDate), makeupDays: [] }));
}

interface LunarAnchors {
  lunarNewYear: number;
  qingming: number;
  duanwu: number;
  zhongqiu: number;
}

function lunarAnchors(year: number): LunarAnchors {
  chinaHolidays ??= new Holidays('CN');
  // `date` is the holiday's local date in the country's zone ("YYYY-MM-DD 00:00:00"), so it does
  // not depend on the process time zone.
  const byRule = new Map(chinaHolidays.getHolidays(year).map((h) => [h.rule, h.date.slice(0, 10)]));
  const anchor = (rule: string): number => {
    const date = byRule.get(rule);
    if (date === undefined) throw new Error(`date-holidays returned no "${rule}" for CN ${year}; its data has changed`);
    return civilDay(date);
  };
  const corrected = ANCHOR_CORRECTIONS[year] ?? {};
  const pick = (key: keyof LunarAnchors, rule: string): number => {
    const fixed = corrected[key];
    return fixed === undefined ? anchor(rule) : civilDay(fixed);
  };
  return {
    lunarNewYear: pick('lunarNewYear', LUNAR_NEW_YEAR_RULE),
    qingming: pick('qingming', QINGMING_RULE),
    duanwu: pick('duanwu', DUANWU_RULE),
    zhongqiu: pick('zhongqiu', ZHONGQIU_RULE),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function copyArrangement(a: YearArrangement): YearArrangement {
  return { year: a.year, notice: a.notice, holidays: a.holidays.map((h) => ({ name: h.name, days: [...h.days], makeupDays: [...h.makeupDays] })) };
}
