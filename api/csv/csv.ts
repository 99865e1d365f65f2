// CSV files as departments keep them in spreadsheets: read what Excel writes (UTF-8 with or without
// a BOM, or GBK when declared), write what Excel reads (UTF-8 with a BOM, CRLF).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { CsvProblem, CsvRecord } from '../../domain/catalogue-csv.js';
import { textFault } from '../../domain/text.js';
import { HttpError } from '../errors.js';

/** The byte-order mark: without it Excel reads a UTF-8 file in the local ANSI code page (乱码). */
export const BOM = '\uFEFF';

/**
 * The 422 answer of every import that refuses a file whole (nothing written): `what` names the
 * file for staff (e.g. `信用等级`), each problem names its row, column and rule.
 */
export function csvRefusal<P extends { row: number }>(what: string, problems: P[]) {
  const rows = new Set(problems.map((p) => p.row)).size;
  return { statusCode: 422 as const, error: 'csv_invalid' as const, message: `${what}导入文件有 ${problems.length} 处问题（涉及 ${rows} 行），未写入任何数据`, problems };
}

/** Largest CSV body accepted. */
export const CSV_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * A cell a spreadsheet would take for a formula (CSV injection): one starting with = + - @, a tab
 * or a carriage return. Negative numbers too, as OWASP advises: `-2+3` is as much a formula as
 * `=2+3`, and no export has a negative number to show (counts, rates, codes, dates). Cells that
 * already start with quotes before such a character count too, so reading back is exact.
 */
const formulaStart = /^'*[=+\-@\t\r]/;

/** The escape of such a cell, as OWASP gives it: one more leading single quote, in a quoted cell. */
const escapedFormula = /^'+[=+\-@\t\r]/;

/**
 * A CSV file: BOM, header, rows, CRLF line ends; cells quoted where needed. Every CSV the API
 * writes goes through here: a cell that would start a formula is written as text (see formulaStart).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => (formulaStart.test(cell) ? `'${cell}` : cell)));
  return BOM + stringify(cells, { record_delimiter: 'windows', quoted_match: [/[\r\n]/, escapedFormula] });
}

/**
 * Makes the plugin accept `text/csv` bodies, decoded to text (see decodeCsvBody), up to
 * CSV_BODY_LIMIT. Fastify's own "body too large" is English; staff get it in Chinese. Anything
 * else goes on to the app's error handler.
 */
export function acceptCsvBodies(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: CSV_BODY_LIMIT }, (request, body, done) => {
    try {
      done(null, decodeCsvBody(body as Buffer, request.headers['content-type']));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.setErrorHandler((error) => {
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      throw new HttpError(413, 'too_large', `文件过大：最多 ${CSV_BODY_LIMIT / 1024 / 1024} MB，请分批导入`);
    }
    throw error;
  });
}

// Chinese Excel saves "CSV (逗号分隔)" in GBK; GB 18030 is its superset.
const gbCharsets = new Set(['gbk', 'gb2312', 'gb18030', 'cp936']);

/** The text of a CSV body in the charset its Content-Type declares (UTF-8 by default). */
export function decodeCsvBody(body: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  if (gbCharsets.has(charset)) return new TextDecoder('gb18030').decode(body);
  if (charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, 'unsupported_charset', `不支持的字符集 ${charset}：请使用 UTF-8（或声明 charset=gbk）`);
  }
  try {
    // A leading BOM is dropped here (TextDecoder's default).
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, 'bad_encoding', '文件不是 UTF-8 编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或在 Content-Type 中声明 charset=gbk');
  }
}

const parseFailures: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号未闭合',
  CSV_INVALID_CLOSING_QUOTE: '闭合引号后还有字符',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '闭合引号后还有字符',
};

/** A CSV file as a request body: its cells get the text rule here, with row and column (api/plugins/validation.ts). */
export const CsvFileSchema = Type.String({ contentMediaType: 'text/csv', description: 'The CSV file' });

/**
 * The records of a CSV text, each with the line it starts on (the header is line 1), or why it
 * cannot be read: a parse failure, or every cell that breaks the text rule (domain/text.ts).
 */
export function parseCsv(text: string): { records: CsvRecord[] } | { problems: CsvProblem[] } {
  const parsed = readCsv(text);
  if ('problem' in parsed) return { problems: [parsed.problem] };
  const problems = textProblems(parsed.records);
  return problems.length > 0 ? { problems } : parsed;
}

/** Every cell that breaks the text rule, named by its line and its column's header. */
function textProblems(records: readonly CsvRecord[]): CsvProblem[] {
  const header = records[0]?.cells ?? [];
  return records.flatMap(({ line, cells }) =>
    cells.flatMap((cell, i) => {
      const fault = textFault(cell);
      const column = header[i] !== undefined && !textFault(header[i]) ? header[i] : `第 ${i + 1} 列`;
      return fault ? [{ row: line, column, rule: 'text' as const, problem: fault }] : [];
    }),
  );
}

/** The records of a CSV text, or why it cannot be read. */
function readCsv(text: string): { records: CsvRecord[] } | { problem: CsvProblem } {
  try {
    const parsed = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
    // `info.lines` is the line a record ends on; quoted cells may span lines, and csv-parse counts a
    // CRLF inside quotes as two lines, so those extra counts are taken off as they add up.
    let extra = 0;
    const records = parsed.map(({ record, info }) => {
      extra += record.reduce((n, cell) => n + (cell.match(/\r\n/g)?.length ?? 0), 0);
      // An exported file reads back as it was written: toCsv's escape quote comes off again (the
      // imports then refuse a formula-like cell on their own rules).
      const cells = record.map((cell) => (escapedFormula.test(cell) ? cell.slice(1) : cell));
      return { line: info.lines - extra - newlines(record), cells };
    });
    return { records };
  } catch (error) {
    const { code, lines } = error as { code?: string; lines?: number };
    const what = (code && parseFailures[code]) ?? '无法按 CSV 读取';
    // The parser notices an unclosed quote only at the end of the file; the line it opened on helps more.
    const row = (code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text) : undefined) ?? lines ?? 1;
    return { problem: { row, column: '', rule: 'parse', problem: `CSV 格式错误：${what}${code ? `（${code}）` : ''}` } };
  }
}

/** The line of the quote left open at the end of a text (a doubled "" inside quotes toggles twice). */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let open: number | undefined;
  for (const char of text) {
    if (char === '"') open = open === undefined ? line : undefined;
    else if (char === '\n') line += 1;
  }
  return open;
}

/** Line breaks within the cells of a record (CRLF, CR or LF). */
function newlines(cells: readonly string[]): number {
  return cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}
