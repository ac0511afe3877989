/**
 * Header cells that are data, not column names. An export saved without its header row has a
 * child's record as its first line: read as the header, its cells (a name, a date of birth, plan
 * text) were printed as "column names" by errors and written into `init`'s mapping as comments,
 * fields and `ignore:` entries. Two signs tell such a row from column names and are read alike
 * everywhere (csv/index.ts refuses the row; mapping/load.ts leaves such cells out of a listing):
 * cells that are dates, and cells that are sentences of text.
 */
import { parseDate } from '../dates.js';

/** Date cells from which a header row is refused: a plan export's first row holds several (DOB, request, issue...). */
export const DATA_ROW_DATES = 2;

/**
 * Read as a date in any format the tool reads (dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd and the like,
 * `5 March 2024`), not a bare number: a column may be named `2024`, or a spreadsheet serial.
 */
export function isDateCell(cell: string): boolean {
  const s = cell.trim();
  if (s.length < 6 || !/\d/.test(s) || /^\d+$/.test(s)) return false;
  return parseDate(s, 'dd/mm/yyyy').ok || parseDate(s, 'mm/dd/yyyy').ok || parseDate(s, 'yyyy/mm/dd').ok;
}

function wordCount(s: string): number {
  const m = s.trim().match(/\S+/g);
  return m === null ? 0 : m.length;
}

/**
 * Sentences of text, which no column name is: more than 20 words, or two sentences or more of 8
 * words in all ("I like Minecraft and my dog. Sometimes I get cross."). A form's export may name a
 * column by its whole question ("Has the child or young person been consulted about the plan?"):
 * one sentence, so that is a column name still.
 */
export function isProseCell(cell: string): boolean {
  const words = wordCount(cell);
  if (words > 20) return true;
  return words >= 8 && /[.!?]["')\]]?\s+["'(]?[A-Za-z0-9]/.test(cell.trim());
}

/**
 * Looks like data in a list of column names (mapping/load.ts): a date, or more words than a name
 * has (more than 8). Wider than the refusal's rule: leaving a real but wordy column name out of a
 * list costs little, printing a child's text does. (A list cuts each name to 60 characters too.)
 */
export function looksLikeData(cell: string): boolean {
  return isDateCell(cell) || wordCount(cell) > 8;
}

/** A row's cells that are dates and that are sentences of text. */
export interface DataCells {
  dates: number;
  prose: number;
}

export function dataCells(cells: readonly string[]): DataCells {
  let dates = 0;
  let prose = 0;
  for (const c of cells) {
    if (isDateCell(c)) dates++;
    else if (isProseCell(c)) prose++;
  }
  return { dates, prose };
}

/**
 * Why a header row is a row of data: at least DATA_ROW_DATES dates, or any cell of sentences
 * (`dates` alone: only the date rule). The counts, never the cells. Undefined when it is not.
 */
export function dataRowProblem({ dates, prose }: DataCells, only?: 'dates'): string | undefined {
  if (only === 'dates' ? dates < DATA_ROW_DATES : dates < DATA_ROW_DATES && prose === 0) return undefined;
  const parts: string[] = [];
  if (dates > 0) parts.push(`${dates} ${dates === 1 ? 'is a date' : 'are dates'}`);
  if (prose > 0) parts.push(`${prose} ${prose === 1 ? 'reads' : 'read'} as sentences of text`);
  // "11 of its cells are dates and 3 read as sentences of text"
  return `${parts[0]!.replace(/^(\d+)/, '$1 of its cells')}${parts.length > 1 ? ` and ${parts[1]!}` : ''}`;
}
