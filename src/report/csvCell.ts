/**
 * CSV cells and rows for every CSV the tool writes (reports, priority lists, worksheets):
 * RFC 4180 quoting, CRLF line endings, a UTF-8 byte-order mark so Excel reads UTF-8, and
 * formula-injection protection.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell beginning with
 * = + - @ (or a tab or carriage return, which some spreadsheets strip before looking) as a
 * formula, and Excel trims leading spaces and no-break spaces before it looks, so " =1+1" is a
 * formula too. Any STRING cell whose first character other than white space is one of those, or
 * that begins with a tab or CR, is written with a leading apostrophe, which spreadsheets show as
 * text and do not evaluate. Numbers are written as they are (a negative number is not a formula),
 * so pass figures as numbers and free text as strings.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** The byte-order mark written at the start of a CSV file. */
export const BOM = '\uFEFF';
export const CRLF = '\r\n';

// \s is JavaScript's white space (Unicode's, NBSP, CR, LF and tab included); U+0085 (NEL) is
// Unicode white space that \s leaves out.
const FORMULA_START = /^(?:[\t\r]|[\s\u0085]*[=+\-@])/;

/** True when a spreadsheet could read this text as a formula (the cell gets the apostrophe). */
export function needsFormulaGuard(s: string): boolean {
  return FORMULA_START.test(s);
}

/** One cell: neutralised if it could be read as a formula, then quoted if it needs quoting. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  if (typeof value === 'string' && needsFormulaGuard(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row, without its line ending. */
export function csvRow(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole file: BOM, a header row, the rows, each ended by CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return BOM + [header, ...rows].map((r) => csvRow(r) + CRLF).join('');
}

/** The rows Excel opens of a CSV (the header included); it drops the rest, with a warning easy to miss. */
export const EXCEL_MAX_ROWS = 1_048_576;

/**
 * The warning for a CSV of `rows` rows (the header included) too long for Excel, or undefined.
 * QA officers open CSV reports in Excel: one that showed a national audit's first million rows
 * without saying so would give wrong totals.
 */
export function excelRowsWarning(what: string, rows: number, narrow: string): string | undefined {
  if (rows <= EXCEL_MAX_ROWS) return undefined;
  return `${what} has ${rows.toLocaleString('en-GB')} rows, more than Excel opens (${EXCEL_MAX_ROWS.toLocaleString('en-GB')}): Excel would show only the first of them; ${narrow}`;
}
