// CSV written for Excel reads back cell for cell, whatever line breaks a cell holds.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BOM, toCsv } from '../../api/csv/csv.js';

describe('toCsv', () => {
  it('quotes cells with a lone LF or CR, so a free-text cell never breaks its row', () => {
    const rows = [['会商', '第一行\n第二行'], ['纪要', 'a\rb'], ['普通', 'x,y']];
    const csv = toCsv(['topic', 'text'], rows);
    expect(csv.startsWith(BOM)).toBe(true);
    // Excel ends a row at any line break outside quotes.
    expect(csv).toContain('"第一行\n第二行"');
    expect(csv).toContain('"a\rb"');
    expect(parse(csv.slice(1), { bom: true })).toEqual([['topic', 'text'], ...rows]);
  });
});
