// CSV written for Excel reads back cell for cell, whatever line breaks a cell holds.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BOM, parseCsv, toCsv } from '../../api/csv/csv.js';

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

  it('writes a cell that starts like a formula as quoted text, negative numbers included, and reads it back as it was', () => {
    const rows = [['=1+1', '+86 138', '-3', '@SUM(A1)', '\tx', '\ry', "'=already quoted", '普通', '1-2']];
    const csv = toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], rows);
    expect(csv).toContain(`"'=1+1","'+86 138","'-3","'@SUM(A1)","'\tx","'\ry","''=already quoted",普通,1-2\r\n`);
    const read = parseCsv(csv);
    expect('records' in read && read.records[1]!.cells).toEqual(rows[0]);
  });
});
