/**
 * Read completed auditor worksheets (CSV) for `ehcp-audit moderate`. Uses the tool's own CSV
 * reader, so a worksheet saved back from Excel in UTF-8, UTF-16 ("Unicode text") or Windows-1252,
 * with commas or semicolons, reads the same. Header names are matched case-insensitively, with
 * spaces and dashes read as underscores ("Plan Ref" = plan_ref); unknown columns are ignored.
 *
 * A file that is not a worksheet at all (no plan_ref, criterion or rating column) is an
 * InputError; problems with single rows are left to moderate.ts, which reports them row by row.
 */
import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { openCsv } from '../records/csv/index.js';
import { InputError } from '../util/errors.js';
import type { Sheet, SheetRow } from './moderate.js';

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

/** Read one worksheet from bytes (or a file when `bytes` is not given). */
export async function readWorksheet(file: string, bytes?: Uint8Array): Promise<Sheet> {
  let input: AsyncIterable<Uint8Array>;
  if (bytes) input = fromBuffer(bytes);
  else {
    const stream = createReadStream(file);
    // Surface a missing file as a one-line error before the CSV reader sees the stream.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') reject(new InputError(`${file}: no such file; check the path`));
        else if (e.code === 'EISDIR') reject(new InputError(`${file}: is a folder, not a worksheet`));
        else reject(new InputError(`${file}: cannot read file (${e.code ?? 'error'})`));
      });
    });
    input = stream;
  }
  const table = await openCsv(input, { file });
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
    const cells: Record<string, string> = {};
    for (const [name, i] of index) cells[name] = r.fields[i] ?? '';
    const problems: string[] = [];
    for (const issue of r.issues) {
      // A short row (trailing empty cells left off by a script) is read with those cells blank.
      if (issue.code === 'ragged_row' && r.fields.length < table.header.length) continue;
      problems.push(issue.message);
    }
    rows.push({ line: r.line, cells, problems });
  }
  return { file, defaultAuditor: auditorFromFile(file), rows };
}
