/**
 * Read completed auditor worksheets (CSV) for `ehcp-audit moderate`. Uses the tool's own CSV
 * reader, so a worksheet saved back from Excel in UTF-8, UTF-16 ("Unicode text") or Windows-1252,
 * with commas or semicolons, reads the same. A worksheet is small (and moderate holds every row
 * anyway), so it is read whole and its encoding decided from all of it (worksheetEncoding), not
 * from its first 64 KiB as an export's is. Header names are matched case-insensitively, with
 * spaces and dashes read as underscores ("Plan Ref" = plan_ref); unknown columns are ignored.
 *
 * A file that is not a worksheet at all (no plan_ref, criterion or rating column) is an
 * InputError; problems with single rows are left to moderate.ts, which reports them row by row.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { byteOrderMark, countBreaksBytes, firstInvalidUtf8, sniffUtf16, type CsvEncoding } from '../records/csv/decode.js';
import { openCsv, type CsvDataRow } from '../records/csv/index.js';
import { InputError, UsageError } from '../util/errors.js';
import type { Sheet, SheetRow } from './moderate.js';
import { ownRecord } from '../util/ownRecord.js';

export const REQUIRED_COLUMNS = ['plan_ref', 'criterion', 'rating'] as const;
const KNOWN_COLUMNS = ['plan_ref', 'criterion', 'section', 'question', 'help', 'auditor', 'rating', 'comment', 'file', 'line'];

/** "Plan Ref" -> "plan_ref". */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The name an auditor gets when their `auditor` cells are blank: the file name without its extension. */
export function auditorFromFile(file: string): string {
  const b = basename(file);
  return b.slice(0, b.length - extname(b).length) || b;
}

async function* fromBuffer(b: Uint8Array): AsyncIterable<Uint8Array> {
  yield b;
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${file}: no such file; check the path`);
    if (code === 'EISDIR') throw new InputError(`${file}: is a folder, not a worksheet`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${file}: permission denied; check the file's permissions`);
    throw new InputError(`${file}: cannot read file (${code ?? 'error'})`);
  }
}

/**
 * The encoding to read a whole worksheet in. The CSV reader, made for exports of any size, decides
 * from the first 64 KiB and refuses invalid UTF-8 found later, advising an --encoding option
 * `moderate` does not have: Excel's Windows-1252 with its first accent or smart quote past row 240
 * or so was refused. Here every byte is looked at: a file with no byte-order mark that is not UTF-8
 * (nor UTF-16) is Windows-1252, as Excel writes "CSV (Comma delimited)".
 */
export function worksheetEncoding(file: string, b: Uint8Array): CsvEncoding {
  const bom = byteOrderMark(b);
  if (bom?.encoding === 'utf-8') {
    // The mark decides the encoding in the reader; a later byte that is not UTF-8 would stop it.
    const bad = firstInvalidUtf8(b.subarray(bom.bytes.length), true);
    if (bad !== -1) {
      const line = 1 + countBreaksBytes(b, bom.bytes.length + bad, false);
      throw new InputError(`${file}:${line}: not valid UTF-8, though the file starts with UTF-8's byte-order mark; open it in Excel and save it again as 'CSV UTF-8'`);
    }
    return 'auto';
  }
  if (bom || sniffUtf16(b) || isUtf8(b)) return 'auto';
  return 'windows-1252';
}

/**
 * A row the CSV reader could not read for certain, as one problem in a worksheet's terms: the
 * reader's own messages speak of "the export", and its unclosed quote takes every later row into
 * one cell, which moderate would then quote back as the row's rating. Only the first quoting fault
 * is given (the others, and a row too long, follow from it); null for a row read cleanly, or one
 * short of cells (trailing empty cells left off by a script: they are read as blank).
 */
function rowProblem(r: CsvDataRow, header: readonly string[]): string | null {
  const column = (col: number | undefined): string => (col === undefined ? 'a cell' : `column ${col}${header[col - 1] ? ` (${header[col - 1]})` : ''}`);
  const unclosed = r.issues.find((i) => i.code === 'unclosed_quote');
  if (unclosed) return `a quote opened in ${column(unclosed.column)} is never closed, so every later line was read into that cell and not as rows; close the quote, or write a quote inside a cell as ""`;
  const stray = r.issues.find((i) => i.code === 'stray_quote');
  if (stray) {
    const breaks = r.fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    const span = breaks > 0 ? ` (the row runs on to line ${r.line + breaks}: a quote may be missing)` : '';
    return `stray quote in ${column(stray.column)}, so the row cannot be read for certain${span}; a quoted cell ends at its closing quote, and a quote inside a cell is written ""`;
  }
  if (r.fields.length > header.length) return `the row has ${r.fields.length} cells, the header ${header.length}: put a cell holding the delimiter in quotes`;
  return null;
}

/** Read one worksheet from bytes (or a file when `bytes` is not given). */
export async function readWorksheet(file: string, bytes?: Uint8Array): Promise<Sheet> {
  const b = bytes ?? (await readBytes(file));
  if (Buffer.from(b.subarray(0, 5)).toString('latin1') === '%PDF-') {
    // The CSV reader's own refusal tells the user to export from the case-management system.
    throw new InputError(`${file} looks like a PDF, not a worksheet: give the CSV file 'sample --worksheet' wrote, filled in`);
  }
  const table = await openCsv(fromBuffer(b), { file, encoding: worksheetEncoding(file, b) });
  const columns = table.header.map(normaliseHeader);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `${file}:${table.headerLine}: not an auditor worksheet: no ${missing.map((m) => `'${m}'`).join(', ')} column${missing.length > 1 ? 's' : ''} (a worksheet has the columns ${KNOWN_COLUMNS.join(',')}; write a blank one with 'ehcp-audit sample ... --worksheet FILE')`,
    );
  }
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c)) index.set(c, i);
  });
  const rows: SheetRow[] = [];
  for await (const r of table.rows) {
    const cells = ownRecord([...index].map(([name, i]) => [name, r.fields[i] ?? ''] as const));
    const problem = rowProblem(r, table.header);
    const problems = problem === null ? [] : [problem];
    rows.push({ line: r.line, cells, problems });
  }
  return { file, defaultAuditor: auditorFromFile(file), rows };
}

/**
 * Read the worksheets given to `moderate`, refusing one given twice by the same path or another
 * (a link, ./ann.csv): its every row was reported as a duplicate of itself. A byte-for-byte copy
 * under another name is only warned of: two auditors who agree on every item and write nothing
 * else make identical files (blank auditor cells take each file's name), and a copy that names
 * the same auditor shows as duplicate rows anyway. Identical sheets with nothing rated yet (blank
 * copies not yet started) are not warned of.
 */
export async function readWorksheets(files: readonly string[]): Promise<{ sheets: Sheet[]; warnings: string[] }> {
  const sheets: Sheet[] = [];
  const warnings: string[] = [];
  const byPath = new Map<string, string>();
  const byContent = new Map<string, string>();
  for (const file of files) {
    const bytes = await readBytes(file);
    const path = await realpath(file).catch(() => file);
    const again = byPath.get(path);
    if (again !== undefined) throw new UsageError(again === file ? `${file} is given twice: give each worksheet once` : `${file} is ${again} again: give each worksheet once`);
    byPath.set(path, file);
    const sheet = await readWorksheet(file, bytes);
    if (sheet.rows.some((r) => (r.cells.rating ?? '').trim() !== '')) {
      const content = createHash('sha256').update(bytes).digest('hex');
      const copy = byContent.get(content);
      if (copy !== undefined) warnings.push(`${file} has the same contents as ${copy}, byte for byte: if it is a copy rather than another auditor's ratings, leave it out (a copy counts the same ratings twice)`);
      else byContent.set(content, file);
    }
    sheets.push(sheet);
  }
  return { sheets, warnings };
}
