// The years the calendar answers for. The statutory rules it falls back to are those of the 2024
// revision of 全国年节及纪念日放假办法, in force from 2025-01-01; earlier years followed other
// rules and the product has no cases there. The upper bound keeps a runaway N (or a typo in a
// year) from building tables for centuries.

/** First year the calendar answers for. */
export const FIRST_SUPPORTED_YEAR = 2025;
/** Last year the calendar answers for. */
export const LAST_SUPPORTED_YEAR = 2100;

/** Whether a year is one the calendar answers for. */
export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR;
}

/** Throws a RangeError unless the calendar answers for the year. */
export function assertSupportedYear(year: number): void {
  if (!isSupportedYear(year)) {
    throw new RangeError(`Year ${year} is outside the calendar's range ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`);
  }
}
