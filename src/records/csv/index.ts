/**
 * CSV reading layer: bytes -> encoding -> delimiter -> header + streamed data rows, each with the
 * physical line it starts on and its problems as LoadIssues.
 *
 * File-level problems (title row, empty/duplicate column names, a non-UTF-8 guess, blank rows,
 * a Ctrl-Z end-of-file mark) go into `CsvTable.issues`; blank rows and the mark are found while
 * streaming, so that array keeps growing until `rows` has been iterated to the end. Row problems
 * (ragged rows, stray/unclosed quotes) are fatal issues on the row itself.
 */
import { InputError } from '../../util/errors.js';
import type { IssueCode, LoadIssue } from '../model.js';
import { decodeStream, type CsvEncoding } from './decode.js';
import { detectDelimiter } from './dialect.js';
import { dataCells, dataRowProblem } from './headerData.js';
import { CsvTokenizer, checkDelimiter, type CsvRow } from './tokenizer.js';

export type { CsvEncoding, ResolvedEncoding } from './decode.js';
export { CSV_ENCODINGS, normaliseEncoding } from './decode.js';
export { detectDelimiter } from './dialect.js';
export { CsvTokenizer, tokenize, type CsvRow, type TokenIssue } from './tokenizer.js';

export interface CsvOptions {
  /** File name used in every issue and error message. */
  file: string;
  /** Default `auto` (BOM, then UTF-16 / UTF-8 / windows-1252 sniffing). */
  encoding?: CsvEncoding;
  /** One character; also accepts `tab`, `\t`, `comma`, `semicolon`, `pipe`. Default: detected. */
  delimiter?: string;
  /** The file's path when the bytes are a file's (not stdin): lets `auto` look past the head (decode.ts). */
  path?: string;
}

export interface CsvDataRow {
  fields: string[];
  /** Physical line (1-based) where the row starts. */
  line: number;
  issues: LoadIssue[];
}

export interface CsvTable {
  /** The encoding used: utf-8, windows-1252, latin1, cp850, macintosh, utf-16le or utf-16be. */
  encoding: string;
  delimiter: string;
  /** Column names: trimmed, unique, none empty. */
  header: string[];
  headerLine: number;
  /** Physical line the data rows start on (the line after the header row ends). */
  dataLine: number;
  /** File-level issues (grows while `rows` is iterated: blank rows and an end-of-file mark are reported here). */
  issues: LoadIssue[];
  /** Data rows, streamed; iterate once. Blank rows are skipped (see `issues`). */
  rows: AsyncIterable<CsvDataRow>;
}

/** `tab`, `\t`, `comma`... -> the character. Anything else is returned as given. */
export function parseDelimiter(d: string): string {
  switch (d.toLowerCase()) {
    case 'tab': case '\\t': return '\t';
    case 'comma': return ',';
    case 'semicolon': return ';';
    case 'pipe': return '|';
    default: return d;
  }
}

const SAMPLE_CHARS = 16 * 1024;
/** Title rows skipped above a header at most: more would risk taking data rows for titles. */
const MAX_TITLE_ROWS = 2;

function breaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\r'); i !== -1; i = s.indexOf('\r', i + 1)) n++;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) if (i === 0 || s.charCodeAt(i - 1) !== 13) n++;
  return n;
}

function isBlank(fields: string[]): boolean {
  for (const f of fields) if (f.length > 0 && f.trim().length > 0) return false;
  return true;
}

function nonEmpty(fields: string[]): number {
  let n = 0;
  for (const f of fields) if (f.trim().length > 0) n++;
  return n;
}

/** Turns a stream of decoded text into batches of tokenized rows. */
class RowReader {
  private ended = false;
  constructor(
    private readonly text: AsyncGenerator<string, void, undefined>,
    private readonly pending: string[],
    private eof: boolean,
    private readonly tok: CsvTokenizer,
    private readonly marks: EofMarkFilter,
  ) {}

  /** The next batch of rows (possibly empty), or null when the input is exhausted. */
  async more(): Promise<CsvRow[] | null> {
    const p = this.pending.shift();
    if (p !== undefined) return this.marks.pass(this.tok.push(p));
    if (!this.eof) {
      const r = await this.text.next();
      if (!r.done) return this.marks.pass(this.tok.push(r.value));
      this.eof = true;
    }
    if (!this.ended) {
      this.ended = true;
      const last = this.marks.pass(this.tok.end());
      return last.concat(this.marks.finish(true));
    }
    return null;
  }

  async close(): Promise<void> {
    this.eof = true;
    this.ended = true;
    await this.text.return(undefined);
  }
}

class RowIterator implements AsyncIterableIterator<CsvDataRow> {
  private done = false;
  constructor(
    private readonly reader: RowReader,
    private queue: CsvRow[],
    private qi: number,
    private readonly convert: (r: CsvRow) => CsvDataRow | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<CsvDataRow, undefined>> {
    const q = this.queue;
    while (this.qi < q.length) {
      const d = this.convert(q[this.qi++]!);
      if (d) return Promise.resolve({ value: d, done: false });
    }
    return this.slow();
  }

  private async slow(): Promise<IteratorResult<CsvDataRow, undefined>> {
    while (!this.done) {
      const batch = await this.reader.more();
      if (batch === null) break;
      this.queue = batch;
      this.qi = 0;
      while (this.qi < batch.length) {
        const d = this.convert(batch[this.qi++]!);
        if (d) return { value: d, done: false };
      }
    }
    this.done = true;
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<CsvDataRow, undefined>> {
    if (!this.done) {
      this.done = true;
      this.queue = [];
      await this.reader.close();
    }
    return { value: undefined, done: true };
  }
}

/**
 * Opens a CSV byte stream: decides encoding and delimiter, reads the header (skipping a title
 * row), and returns the data rows as a stream. Throws InputError for files that are empty, not
 * CSV (spreadsheets, binaries) or not decodable; row-level problems become issues instead.
 */
export async function openCsv(input: AsyncIterable<Uint8Array>, opts: CsvOptions): Promise<CsvTable> {
  const file = opts.file;
  const given = opts.delimiter === undefined ? undefined : checkDelimiter(parseDelimiter(opts.delimiter));

  const live: { tok?: CsvTokenizer } = {};
  const sample: string[] = [];
  const decoded = await decodeStream(input, {
    file,
    encoding: opts.encoding ?? 'auto',
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    lineAt: () => (live.tok ? live.tok.line : 1 + breaks(sample.join(''))),
  });

  // Sample the start of the text for delimiter detection (kept and fed to the tokenizer after).
  let eof = false;
  let sampleLen = 0;
  while (sampleLen < SAMPLE_CHARS) {
    const r = await decoded.chunks.next();
    if (r.done) {
      eof = true;
      break;
    }
    sample.push(r.value);
    sampleLen += r.value.length;
  }
  const delimiter = given ?? detectDelimiter(sample.join('').slice(0, 64 * 1024), { complete: eof });
  const tok = new CsvTokenizer({ delimiter });
  live.tok = tok;
  const issues: LoadIssue[] = [...decoded.issues];
  const marks = new EofMarkFilter(
    (r) => issues.push(eofMarkIssue(file, r.line)),
    (r) => issues.push(eofMarkAtRowEndIssue(file, r.endLine)),
  );
  const reader = new RowReader(decoded.chunks, sample.splice(0), eof, tok, marks);

  const issue = (line: number, code: IssueCode, message: string, fatal: boolean, column?: number, field?: string): LoadIssue => {
    const i: LoadIssue = { file, line, code, message, fatal };
    if (column !== undefined) i.column = column;
    if (field !== undefined) i.field = field;
    return i;
  };
  const blankIssue = (r: CsvRow): LoadIssue => blankRowIssue(file, r.line);

  // Read ahead: rows until the first non-blank one (the header or a title), and one more.
  let queue: CsvRow[] = [];
  let qi = 0;
  const nextRow = async (): Promise<CsvRow | undefined> => {
    while (qi >= queue.length) {
      const b = await reader.more();
      if (b === null) return undefined;
      queue = b;
      qi = 0;
    }
    return queue[qi++];
  };

  let first: CsvRow | undefined;
  for (let r = await nextRow(); r; r = await nextRow()) {
    if (!isBlankRow(r)) {
      first = r;
      break;
    }
    issues.push(blankIssue(r));
  }
  if (!first) throw new InputError(`${file} is empty: no header row`);

  // Rows read ahead past the header that must still be yielded as data.
  let replay: CsvRow[] = [];
  let headerRow = first;
  // A title above the header: up to MAX_TITLE_ROWS rows of one cell each (a report's name, then
  // "Run date: 26/11/2026", say), skipped when the row after them looks like column names.
  const titleLike = (r: CsvRow): boolean => nonEmpty(r.fields) === 1 && r.issues.length === 0;
  if (titleLike(first)) {
    const titles = [first];
    const read: CsvRow[] = [];
    for (;;) {
      let next: CsvRow | undefined;
      for (let r = await nextRow(); r; r = await nextRow()) {
        read.push(r);
        if (!isBlankRow(r)) {
          next = r;
          break;
        }
      }
      if (!next) break;
      const m = nonEmpty(next.fields);
      if (m >= 2 && m * 2 >= next.fields.length) {
        for (const t of titles) {
          // Its first line only: a title is not the children's data, but a quoted cell can hold anything.
          const title = t.fields.find((f) => f.trim() !== '')!.trim().split(/[\r\n]/)[0]!;
          const shown = title.length > 60 ? `${title.slice(0, 57)}...` : title;
          issues.push(
            issue(
              t.line,
              'title_row',
              `line ${t.line} looks like a title ("${shown}") rather than column names; it was skipped and line ${next.line} used as the header`,
              false,
            ),
          );
        }
        for (const b of read) if (b !== next && isBlankRow(b)) issues.push(blankIssue(b));
        read.length = 0;
        headerRow = next;
        break;
      }
      if (titles.length >= MAX_TITLE_ROWS || !titleLike(next)) break;
      titles.push(next);
    }
    replay = read;
  }

  checkHeaderRow(file, headerRow, delimiter);
  for (const ti of headerRow.issues) issues.push(issue(headerRow.line, ti.code, `header row: ${ti.message}`, false, ti.column));

  // Column names: trimmed; empty -> "Column N"; repeats -> "Name (2)".
  const headerLine = headerRow.line;
  const reserved = new Set(headerRow.fields.map((f) => f.trim()));
  const seen = new Map<string, number>();
  const header = headerRow.fields.map((raw, i) => {
    const col = i + 1;
    const trimmed = raw.trim();
    const base = trimmed === '' ? `Column ${col}` : trimmed;
    let name = base;
    if (seen.has(base) || (trimmed === '' && reserved.has(base))) {
      let k = 2;
      while (seen.has(`${base} (${k})`) || reserved.has(`${base} (${k})`)) k++;
      name = `${base} (${k})`;
    }
    if (trimmed === '') {
      issues.push(issue(headerLine, 'empty_column_name', `column ${col} has no name; it is called "${name}"`, false, col, name));
    } else if (name !== base) {
      issues.push(
        issue(
          headerLine,
          'duplicate_column_name',
          `column ${col} repeats the name "${base}" of column ${seen.get(base)}; it is called "${name}"`,
          false,
          col,
          name,
        ),
      );
    }
    seen.set(name, col);
    return name;
  });

  const convert = rowConverter(file, header, (i) => issues.push(i), delimiter);

  // Unconsumed read-ahead rows come first, then the stream.
  const rest = queue.slice(qi);
  const start = replay.length > 0 ? [...replay, ...rest] : rest;
  const rows = new RowIterator(reader, start, 0, convert);

  return { encoding: decoded.encoding, delimiter, header, headerLine, dataLine: headerRow.endLine + 1, issues, rows };
}

/** Longer than any column name: a header cell this long is rows or a whole file read as one. */
const MAX_COLUMN_NAME = 200;

/**
 * Refuses a header row that cannot be column names, without quoting it: its cells would be the
 * children's names and plan text. An unclosed quote at its start swallows the rows after it into
 * one "column name" (up to the next quote, or the end of the file), which a message listing the
 * header's columns, or init's mapping, would then print. A cell with a line break is a column
 * name wrapped onto two lines (Alt+Enter in Excel) only when it is short and holds no delimiter;
 * a cell longer than any name (a file read in the wrong encoding, say) is refused too, and so is a
 * row of data (an export saved without its header: headerData.ts).
 */
function checkHeaderRow(file: string, row: CsvRow, delimiter: string): void {
  // An export saved without its header: the first child's record would be taken for column names.
  // Its dates are told first: a quoted cell of its plan text may span lines, as a broken header's does.
  const data = dataCells(row.fields);
  const notHeader = (why: string): InputError =>
    new InputError(`${file}:${row.line}: line ${row.line} looks like a row of data, not a header (${why}): the export needs a header row naming its columns; export it again with headers`);
  const dates = dataRowProblem(data, 'dates');
  if (dates !== undefined) throw notHeader(dates);
  let line = row.line;
  const unclosed = row.issues.find((i) => i.code === 'unclosed_quote')?.column;
  row.fields.forEach((cell, i) => {
    const col = i + 1;
    const spans = breaks(cell);
    if (col === unclosed) {
      throw new InputError(
        `${file}:${line}: the header's quote opened on line ${line} in column ${col} is never closed, so the rest of the file was read as one column name: fix the header (close the quote, or write a quote inside a column name as "")`,
      );
    }
    if (spans > 0 && (cell.length > MAX_COLUMN_NAME || rowsInside(cell, delimiter))) {
      throw new InputError(
        `${file}:${line}: the header's quote opened on line ${line} in column ${col} closes ${spans} line${spans === 1 ? '' : 's'} later (line ${line + spans}), so the rows between were read as one column name: fix the header (close the quote on line ${line}, or write a quote inside a column name as "")`,
      );
    }
    if (cell.length > MAX_COLUMN_NAME) {
      throw new InputError(
        `${file}:${line}: column ${col} of the header row is ${cell.length.toLocaleString('en-GB')} characters long, too long for a column name: is the header the first row, and the file's encoding (--encoding) and delimiter (--delimiter) right?`,
      );
    }
    line += spans;
  });
  // Then sentences of text, in a row with fewer dates (a cell over 200 characters is told above).
  const prose = dataRowProblem(data);
  if (prose !== undefined) throw notHeader(prose);
}

/**
 * Does a header cell that spans lines hold rows of the file (a quote that closed on a later row),
 * not one wrapped column name? Two or more of its lines with two delimiters or more: a name
 * wrapped in Excel (Alt+Enter) may hold a delimiter, "Final Issued\n(dd/mm/yyyy, UK)", but its
 * lines are not rows. (Any delimiter once refused such a name: regression QA.)
 */
function rowsInside(cell: string, delimiter: string): boolean {
  let rowLike = 0;
  for (const line of cell.split(/\r\n|\r|\n/)) if (line.split(delimiter).length >= 3 && ++rowLike >= 2) return true;
  return false;
}

function loadIssue(file: string, line: number, code: IssueCode, message: string, fatal: boolean, column?: number, field?: string): LoadIssue {
  const i: LoadIssue = { file, line, code, message, fatal };
  if (column !== undefined) i.column = column;
  if (field !== undefined) i.field = field;
  return i;
}

/**
 * Tokenized rows -> data rows: a blank row is skipped and reported through `onBlank`; a ragged
 * row or a quoting fault becomes a fatal issue on the row. Shared by openCsv and the worker
 * threads that parse blocks of a large export (audit/parallel/), so both judge rows alike.
 */
export function rowConverter(file: string, header: readonly string[], onBlank: (issue: LoadIssue) => void, delimiter = ','): (r: CsvRow) => CsvDataRow | undefined {
  const width = header.length;
  const raggedIssue = (r: CsvRow): LoadIssue => {
    const n = r.fields.length;
    const col = n < width ? n + 1 : width + 1;
    return loadIssue(file, r.line, 'ragged_row', raggedMessage(r.fields, width, delimiter), true, col, header[col - 1]);
  };
  return (r: CsvRow): CsvDataRow | undefined => {
    const fields = r.fields;
    if (r.issues.length === 0) {
      if (fields.length === width) {
        // Fast path: a first field starting with a visible ASCII character is not blank.
        const c = fields[0]!.charCodeAt(0);
        if ((c > 32 && c < 127) || !isBlank(fields)) return { fields, line: r.line, issues: [] };
      } else if (!isBlank(fields)) {
        return { fields, line: r.line, issues: [raggedIssue(r)] };
      }
      onBlank(blankRowIssue(file, r.line));
      return undefined;
    }
    const out: LoadIssue[] = [];
    let unclosed = false;
    for (const ti of r.issues) {
      if (ti.code === 'unclosed_quote') unclosed = true;
      out.push(loadIssue(file, r.line, ti.code, ti.message, true, ti.column, ti.column !== undefined ? header[ti.column - 1] : undefined));
    }
    if (!unclosed && fields.length !== width) out.push(raggedIssue(r));
    return { fields, line: r.line, issues: out };
  };
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Why a row with the wrong number of fields is rejected, and what to do in the export. Its cells
 * cannot be matched to columns for certain (an unquoted delimiter in a field moves every cell
 * after it), so the row is not read, nor its reference named (source.ts faultyRowRef), even when
 * the extra fields are empty, as a delimiter at the end of the row leaves them.
 */
function raggedMessage(fields: readonly string[], width: number, delimiter: string): string {
  const n = fields.length;
  const counts = `row has ${n} field${n === 1 ? '' : 's'}, header has ${width}`;
  const d = DELIMITER_NAMES[delimiter] ?? `'${delimiter}'`;
  if (n < width) {
    return `${counts}: the row ends early (a line break in a field that is not quoted splits a row in two), so its cells cannot be matched to columns for certain; in the export, quote any field that holds a line break, and write every column of a row, empty or not`;
  }
  const extra = n - width;
  if (fields.slice(width).every((f) => f.trim() === '')) {
    const what = extra === 1 ? `the extra field is empty (a ${d} at the end of the row?)` : `the ${extra} extra fields are empty (${d}s at the end of the row?)`;
    return `${counts}: ${what}, but it may be a ${d} in a field that is not quoted, so the row cannot be read for certain; in the export, end each row at its last field and quote any field that holds a ${d}`;
  }
  return `${counts}: a ${d} in a field that is not quoted moves the cells after it, so they cannot be matched to columns for certain; in the export, quote any field that holds a ${d}`;
}

/** The DOS end-of-file character, Ctrl-Z: `copy a.csv+b.csv all.csv` on Windows ends the file with it. */
const EOF_MARK = '\x1a';

/** A row that is only an end-of-file mark, if it is the file's last (EofMarkFilter). */
function isEofMark(r: CsvRow): boolean {
  return r.fields.length === 1 && r.fields[0] === EOF_MARK && r.issues.length === 0;
}

/**
 * A row whose last cell ends with the mark: a file whose last line had no line break before it.
 * The cell may be quoted (`..."text"` then the mark): the tokenizer reads the mark as text after
 * the closing quote, a stray quote, which is no fault of the row once the mark is taken off.
 */
function endsWithEofMark(r: CsvRow): boolean {
  const n = r.fields.length;
  if (n === 0 || !r.fields[n - 1]!.endsWith(EOF_MARK)) return false;
  return r.issues.length === 0 || markIsStrayText(r);
}

/** The row's one issue is its last cell's stray text after a closing quote, and that text is only the mark. */
function markIsStrayText(r: CsvRow): boolean {
  const last = r.fields.length;
  const issue = r.issues.length === 1 ? r.issues[0]! : undefined;
  return issue?.code === 'stray_quote' && issue.column === last && issue.strayAt === r.fields[last - 1]!.length - EOF_MARK.length;
}

export function eofMarkIssue(file: string, line: number): LoadIssue {
  return loadIssue(file, line, 'eof_mark', `line ${line} holds only an end-of-file mark (Ctrl-Z, byte 0x1A, as Windows 'copy a.csv+b.csv' adds); it was skipped`, false);
}

/** The mark at the end of a file's last row, which had no line break before it: removed from its last cell. `line`: the row's last line, where the mark is. */
export function eofMarkAtRowEndIssue(file: string, line: number): LoadIssue {
  return loadIssue(file, line, 'eof_mark', `line ${line} ends with an end-of-file mark (Ctrl-Z, byte 0x1A, as Windows 'copy a.csv+b.csv' adds); it was removed from the row's last cell`, false);
}

/**
 * Drops the file's last row when it holds only a Ctrl-Z (0x1A), optionally followed by line
 * breaks or blank rows: an end-of-file mark, not a record (it was rejected as a row of 1 field,
 * which read as a line break in an unquoted field). A last row that ends with the mark (no line
 * break before it) keeps its cells, less the mark. A Ctrl-Z anywhere else is left as it is.
 * Batches of rows go through `pass`, which holds back a possible mark (and the blank rows after
 * it) until the rows after it are known; `finish` ends the input. Shared by openCsv and the
 * parallel reader's blocks (a block that ends where the file ends finishes with `atEnd`).
 */
export class EofMarkFilter {
  private held: CsvRow[] = [];
  constructor(
    private readonly onMark: (row: CsvRow) => void,
    private readonly onMarkAtRowEnd: (row: CsvRow) => void = onMark,
  ) {}

  /** The rows of a batch to read now (the batch itself unless a mark may be in it). */
  pass(batch: CsvRow[]): CsvRow[] {
    if (batch.length === 0) return batch;
    let out = batch;
    if (this.held.length > 0) {
      out = [...this.held, ...batch];
      this.held = [];
    }
    let i = out.length - 1;
    while (i > 0 && isBlankRow(out[i]!)) i--;
    const r = out[i]!;
    if (isEofMark(r) || (i === out.length - 1 && endsWithEofMark(r))) {
      this.held = out.slice(i);
      out = out.slice(0, i);
    }
    return out;
  }

  /** At the end of the input: a row held back is the mark when `atEnd` (reported, dropped or cut off), else read. */
  finish(atEnd: boolean): CsvRow[] {
    const held = this.held;
    this.held = [];
    if (held.length === 0) return [];
    if (!atEnd) return held;
    const first = held[0]!;
    if (isEofMark(first)) {
      this.onMark(first);
      // Blank rows after the mark are reported as blank rows, as anywhere.
      return held.slice(1);
    }
    const last = first.fields.length - 1;
    const fields = [...first.fields];
    fields[last] = fields[last]!.slice(0, -EOF_MARK.length);
    const cut = { ...first, fields, issues: [] };
    this.onMarkAtRowEnd(cut);
    return [cut];
  }
}

/** A row of empty cells, read cleanly: skipped and reported as a blank row. */
function isBlankRow(r: CsvRow): boolean {
  return r.issues.length === 0 && isBlank(r.fields);
}

export function blankRowIssue(file: string, line: number): LoadIssue {
  return loadIssue(file, line, 'blank_row', `line ${line} is a blank row (every field empty); it was skipped`, false);
}
