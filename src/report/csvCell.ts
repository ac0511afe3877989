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

/** The characters a cell of Excel holds: opening a CSV, Excel cuts a longer cell short without a word. */
export const EXCEL_MAX_CELL = 32_767;

/**
 * A plan reference Excel reads as a number when it opens a CSV with a double-click, and writes
 * back changed: digits with a leading zero (00123 becomes 123), or 12 digits or more (shown, and
 * saved again, as 1.23457E+19). The cell is not written as a formula (="00123") to keep it: the
 * formula guard stays one simple rule, and the warning says how to open the file instead.
 */
export function numberLikeRef(ref: string): boolean {
  return (ref.length >= 12 || (ref.length > 1 && ref.charCodeAt(0) === 48)) && /^\d+$/.test(ref);
}

/**
 * Watches a CSV's cells as it is written for what Excel would change, unsaid, when it opens the
 * file; `warnings()` says it once, after the last row. (A plan with 2,000 vague Section F items had
 * a reasons cell of 299,570 characters, of which Excel showed the first 32,767; references such as
 * 00123 came back from Excel as 123, and `moderate` then took one plan's ratings for another's.)
 */
export class ExcelWatch {
  private long: { column: string; ref: string; length: number } | undefined;
  private longPlans = 0;
  private lastLongRef: string | undefined;
  private numberRef: string | undefined;
  private numberRefs = 0;

  /**
   * `what`: the file, as the warning names it ("the CSV report"); `refColumn`: the name of its
   * column of plan references; `after`: what goes wrong after Excel changed them, if more than
   * that they no longer match the export.
   */
  constructor(
    private readonly what: string,
    private readonly refColumn = 'ref',
    private readonly after = '',
  ) {}

  /** A plan's reference, once per plan. */
  ref(ref: string): void {
    if (!numberLikeRef(ref)) return;
    this.numberRefs++;
    this.numberRef ??= ref;
  }

  /** The text of a cell in `column` of plan `ref`'s row, before quoting. */
  cell(column: string, ref: string, text: string): void {
    if (text.length < EXCEL_MAX_CELL) return;
    // The apostrophe of the formula guard is a character of the cell too.
    const length = text.length + (needsFormulaGuard(text) ? 1 : 0);
    if (length <= EXCEL_MAX_CELL) return;
    if (ref !== this.lastLongRef) this.longPlans++;
    this.lastLongRef = ref;
    this.long ??= { column, ref, length };
  }

  warnings(): string[] {
    const out: string[] = [];
    if (this.numberRef !== undefined) {
      const more = this.numberRefs - 1;
      out.push(
        `${this.what} has plan references that Excel reads as numbers ('${this.numberRef}'${more > 0 ? ` and ${more.toLocaleString('en-GB')} more` : ''}): opened with a double-click, Excel changes them (00123 to 123; 12 digits or more to 1.23457E+19), so they no longer match the export${this.after}; open it in Excel with Data > From Text/CSV instead, setting the ${this.refColumn} column to Text`,
      );
    }
    const l = this.long;
    if (l) {
      const others = this.longPlans - 1;
      out.push(
        `${this.what} has a cell of ${l.length.toLocaleString('en-GB')} characters (column ${l.column}, plan '${l.ref}'), more than Excel holds in a cell (${EXCEL_MAX_CELL.toLocaleString('en-GB')}), and Excel would cut it short without saying so${others > 0 ? ` (${others.toLocaleString('en-GB')} other plan${others === 1 ? ' has' : 's have'} such cells too)` : ''}: read the whole text in the JSON report (-f json) or with 'ehcp-audit explain'`,
      );
    }
    return out;
  }
}
