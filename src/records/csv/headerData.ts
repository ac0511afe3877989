/**
 * Header cells that are data, not column names. An export saved without its header row has a
 * child's record as its first line: read as the header, its cells (a name, a date of birth, plan
 * text) were printed as "column names" by errors and written into `init`'s mapping as comments,
 * fields and `ignore:` entries. Two signs tell such a row from column names and are read alike
 * everywhere (csv/index.ts refuses the row; mapping/load.ts leaves such cells out of a listing):
 * cells that are dates, and cells that are sentences of text.
 */
import { parseDate } from '../dates.js';

/**
 * Date cells from which a header row is refused: one. A column named exactly as a date is not a
 * column name, and a headerless export with one date column (the date of birth) was let through
 * at two, its child's name then listed as a column (regression QA). A name holding a date,
 * `Plan issued on or after 01/09/2014`, is not a date cell.
 */
export const DATA_ROW_DATES = 1;

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
 * Text no column name is: more than 40 words (a plan's views, needs or provision). Not a count of
 * sentences: column names hold abbreviations ("No. of reviews", "e.g. ASD"), a question and a note
 * ("Was the plan issued within 20 weeks? (Answer Yes or No)"), or a form's whole question of 25
 * words, and a rule of "two sentences of 8 words" refused real exports (regression QA).
 */
export function isProseCell(cell: string): boolean {
  return wordCount(cell) > 40;
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
