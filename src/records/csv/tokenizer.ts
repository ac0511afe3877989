/**
 * Incremental RFC 4180 tokenizer: decoded text in (any chunking), rows out, each with the
 * physical line it starts on.
 *
 * - Quoted fields may hold the delimiter, CR, LF and escaped quotes (`""`).
 * - Rows end at CRLF, LF or a lone CR (mixed endings are fine). A chunk may end anywhere,
 *   including between CR and LF and between the two quotes of `""`.
 * - Faults are reported on the row, never thrown: `stray_quote` (a quote inside an unquoted
 *   field, or text after a closing quote; the text is kept as written) and `unclosed_quote`
 *   (end of input inside a quoted field; the field holds everything up to the end).
 *
 * Speed: quoted text is skipped with `indexOf('"')` (line breaks in it counted with bounded
 * `indexOf` on the skipped slice); unquoted fields, which are short, are scanned with a tight
 * `charCodeAt` loop. Fields are taken with `slice`: no per-character appends, no regexes.
 * (An earlier version cached the next delimiter/CR/LF/quote positions found with `indexOf`
 * over the whole chunk; on Node 20 TurboFan sometimes re-ran those unbounded searches, making
 * it 10-20x slower on files with many short fields, so every search here is bounded.)
 */
import { UsageError } from '../../util/errors.js';

export type TokenIssueCode = 'stray_quote' | 'unclosed_quote';

export interface TokenIssue {
  code: TokenIssueCode;
  /** 1-based field number. */
  column?: number;
  message: string;
  /** For text after a closing quote: where that text starts in the field's value (EofMarkFilter). */
  strayAt?: number;
}

export interface CsvRow {
  fields: string[];
  /** 1-based physical line where the row starts. */
  line: number;
  /** 1-based physical line where the row ends (differs when a quoted field spans lines). */
  endLine: number;
  issues: TokenIssue[];
}

export interface TokenizerOptions {
  /** Field delimiter: any single character except `"`, CR and LF. Default `,`. */
  delimiter?: string;
  /** Physical line number of the first character (default 1): for a block cut from the middle of a file. */
  startLine?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

// Scanner states (where the next character of input lands).
const S_FIELD = 0; // at the start of a field
const S_UNQUOTED = 1; // inside an unquoted field (or text after a closing quote); `part` = text so far
const S_QUOTED = 2; // inside a quoted field; `part` = value so far
const S_QUOTE_PENDING = 3; // inside a quoted field, input ended right after a quote: `""` or the end?
const S_AFTER_QUOTE = 4; // just after a closing quote; `part` = the value
const S_SKIP_LF = 5; // a row just ended with CR at the end of a chunk: skip a following LF

/**
 * Physical line breaks in `s` (each CR, and each LF not right after a CR); `prevCR` says the
 * character before `s` was a CR. Searches only within `s`, so cost is bounded by its length.
 */
function lineBreaks(s: string, prevCR: boolean): number {
  let lf = s.indexOf('\n');
  let cr = s.indexOf('\r');
  if (lf < 0 && cr < 0) return 0;
  let k = 0;
  for (; cr >= 0; cr = s.indexOf('\r', cr + 1)) k++;
  for (; lf >= 0; lf = s.indexOf('\n', lf + 1)) if (lf === 0 ? !prevCR : s.charCodeAt(lf - 1) !== CR) k++;
  return k;
}

/** Checks a delimiter; throws UsageError for anything the tokenizer cannot use. */
export function checkDelimiter(delimiter: string): string {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new UsageError(
      `delimiter must be a single character other than a quote or line break (got ${JSON.stringify(delimiter)})`,
    );
  }
  return delimiter;
}

export class CsvTokenizer {
  readonly delimiter: string;
  private state = S_FIELD;
  /** Fields of the row in progress: `scratch[0..count)`; reused, copied out per row. */
  private scratch: string[] = [];
  private count = 0;
  private issues: TokenIssue[] | null = null;
  private part = '';
  private ln = 1;
  private rowLine = 1;
  private quoteLine = 1;
  /** The last character consumed was CR (used when a quoted field resumes with LF). */
  private prevCR = false;
  /** Field index already flagged as stray in the current row (one issue per field). */
  private strayField = -1;
  private ended = false;

  constructor(opts: TokenizerOptions = {}) {
    this.delimiter = checkDelimiter(opts.delimiter ?? ',');
    if (opts.startLine !== undefined) this.ln = this.rowLine = this.quoteLine = opts.startLine;
  }

  /** Physical line (1-based) of the next character to be pushed. */
  get line(): number {
    return this.ln;
  }

  /** Feeds a chunk of text; returns the rows it completed (possibly none). */
  push(chunk: string): CsvRow[] {
    if (this.ended) throw new Error('CsvTokenizer: push() after end()');
    const out: CsvRow[] = [];
    if (chunk.length > 0) this.run(chunk, out);
    return out;
  }

  /** Signals end of input; returns the last row, if one was in progress. */
  end(): CsvRow[] {
    if (this.ended) return [];
    this.ended = true;
    const out: CsvRow[] = [];
    const fields = this.scratch.slice(0, this.count);
    switch (this.state) {
      case S_FIELD:
        if (fields.length === 0) return out;
        fields.push('');
        break;
      case S_SKIP_LF:
        return out;
      case S_QUOTED:
        this.issue(
          'unclosed_quote',
          fields.length + 1,
          `quote opened on line ${this.quoteLine} is never closed, so the rest of the file was read into column ${fields.length + 1}`,
        );
        fields.push(this.part);
        break;
      default:
        fields.push(this.part);
    }
    out.push({ fields, line: this.rowLine, endLine: this.ln, issues: this.issues ?? [] });
    this.scratch = [];
    this.count = 0;
    this.issues = null;
    this.part = '';
    this.state = S_FIELD;
    return out;
  }

  private issue(code: TokenIssueCode, column: number, message: string, strayAt?: number): void {
    (this.issues ??= []).push(strayAt === undefined ? { code, column, message } : { code, column, message, strayAt });
  }

  /** `after`: the length of the quoted value the stray text follows; undefined for a quote inside an unquoted field. */
  private stray(column: number, line: number, after?: number): void {
    if (this.strayField === column) return;
    this.strayField = column;
    const where = line !== this.rowLine ? ` on line ${line}` : '';
    this.issue(
      'stray_quote',
      column,
      after !== undefined
        ? `stray quote in column ${column}${where}: text after the closing quote, so the row cannot be read for certain; in the export, end a quoted field at its closing quote and write a quote inside it as ""`
        : `stray quote in column ${column}${where}: a quote inside a field that does not start with one, so the row cannot be read for certain; in the export, quote the whole field and write each quote inside it as ""`,
      after,
    );
  }

  private run(buf: string, out: CsvRow[]): void {
    const n = buf.length;
    const D = this.delimiter.charCodeAt(0);
    let p = 0;
    let ln = this.ln;
    let rowLine = this.rowLine;
    const sc = this.scratch;
    let k = this.count;
    let state = this.state;
    let part = this.part;

    for (;;) {
      if (state === S_FIELD) {
        if (p >= n) break;
        if (buf.charCodeAt(p) === QUOTE) {
          this.quoteLine = ln;
          part = '';
          p++;
          state = S_QUOTED;
          continue;
        }
        part = '';
        state = S_UNQUOTED;
      }

      if (state === S_UNQUOTED) {
        // Unquoted field (or the text after a closing quote): scan to the delimiter or line end.
        // Fields are short, so a tight charCodeAt loop beats indexOf for each special character.
        let i = p;
        let c = 0;
        for (; i < n; i++) {
          c = buf.charCodeAt(i);
          if (c === D || c === LF || c === CR) break;
          if (c === QUOTE) {
            this.rowLine = rowLine;
            this.stray(k + 1, ln);
          }
        }
        if (i === n) {
          part = part.length === 0 ? buf.slice(p) : part + buf.slice(p);
          p = n;
          break;
        }
        sc[k++] = part.length === 0 ? buf.slice(p, i) : part + buf.slice(p, i);
        part = '';
        p = i + 1;
        state = S_FIELD;
        if (c === D) continue;
        out.push({ fields: sc.slice(0, k), line: rowLine, endLine: ln, issues: this.issues ?? [] });
        k = 0;
        this.issues = null;
        this.strayField = -1;
        rowLine = ++ln;
        if (c === CR) {
          if (p < n) {
            if (buf.charCodeAt(p) === LF) p++;
          } else {
            state = S_SKIP_LF;
            break;
          }
        }
        continue;
      }

      if (state === S_QUOTED) {
        // Inside quotes: jump to the next quote; count line breaks in the text skipped over.
        const q = buf.indexOf('"', p);
        const seg = q < 0 ? buf.slice(p) : buf.slice(p, q);
        if (seg.length > 0) ln += lineBreaks(seg, p === 0 && this.prevCR);
        if (q < 0) {
          part = part.length === 0 ? seg : part + seg;
          p = n;
          break;
        }
        if (q + 1 === n) {
          part = part.length === 0 ? seg : part + seg;
          p = n;
          state = S_QUOTE_PENDING;
          break;
        }
        if (buf.charCodeAt(q + 1) === QUOTE) {
          part = part + seg + '"';
          p = q + 2;
          continue;
        }
        part = part.length === 0 ? seg : part + seg;
        p = q + 1;
        state = S_AFTER_QUOTE;
        continue;
      }

      if (state === S_AFTER_QUOTE) {
        if (p >= n) break;
        const c = buf.charCodeAt(p);
        if (c === D) {
          sc[k++] = part;
          part = '';
          p++;
          state = S_FIELD;
          continue;
        }
        if (c === LF || c === CR) {
          sc[k++] = part;
          part = '';
          out.push({ fields: sc.slice(0, k), line: rowLine, endLine: ln, issues: this.issues ?? [] });
          k = 0;
          this.issues = null;
          this.strayField = -1;
          rowLine = ++ln;
          p++;
          state = S_FIELD;
          if (c === CR) {
            if (p < n) {
              if (buf.charCodeAt(p) === LF) p++;
            } else {
              state = S_SKIP_LF;
              break;
            }
          }
          continue;
        }
        this.rowLine = rowLine;
        this.stray(k + 1, ln, part.length);
        state = S_UNQUOTED;
        continue;
      }

      if (state === S_QUOTE_PENDING) {
        if (p >= n) break;
        if (buf.charCodeAt(p) === QUOTE) {
          part += '"';
          p++;
          state = S_QUOTED;
        } else {
          state = S_AFTER_QUOTE;
        }
        continue;
      }

      // S_SKIP_LF
      if (p >= n) break;
      if (buf.charCodeAt(p) === LF) p++;
      state = S_FIELD;
    }

    this.ln = ln;
    this.rowLine = rowLine;
    this.count = k;
    this.state = state;
    this.part = part;
    this.prevCR = buf.charCodeAt(n - 1) === CR;
  }
}

/** Tokenizes a whole string (convenience for tests and small inputs). */
export function tokenize(text: string, opts: TokenizerOptions = {}): CsvRow[] {
  const t = new CsvTokenizer(opts);
  const rows = t.push(text);
  for (const r of t.end()) rows.push(r);
  return rows;
}
