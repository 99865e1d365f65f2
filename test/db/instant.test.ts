import { describe, expect, it } from 'vitest';
import { isoFromPostgres } from '../../db/schema/instant.js';

describe('timestamps from the database', () => {
  it.each([
    ['2026-11-23 15:59:39.05+00', '2026-11-23T15:59:39.050Z'],
    ['2026-11-23 15:59:39+08', '2026-11-23T07:59:39.000Z'],
    ['2026-11-23 15:59:39.123456+05:30', '2026-11-23T10:29:39.123Z'],
    ['2026-11-23T15:59:39Z', '2026-11-23T15:59:39.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(isoFromPostgres(text)).toBe(iso);
  });

  it('refuses what is not a timestamp', () => {
    expect(() => isoFromPostgres('yesterday')).toThrow(/unexpected timestamp/);
  });
});
