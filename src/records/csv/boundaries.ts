/**
 * Row boundaries in CSV bytes, found without decoding or tokenizing, so that a large export can be
 * cut into blocks of whole rows and the blocks parsed in parallel (audit/parallel/).
 *
 * Works on the bytes of an ASCII-compatible encoding (UTF-8, windows-1252, latin1), where the
 * quote, the delimiter, CR and LF are single bytes that never occur inside another character.
 * It follows tokenizer.ts exactly: a quote opens a quoted field only at the start of a field (just
 * after a delimiter or a line break); anywhere else it is a stray quote, kept as text. Inside a
 * quoted field `""` is an escaped quote and line breaks are data. A block only ever ends just
 * after an LF outside quotes, so a row is never split and CRLF is never cut in two.
 *
 * The scan resumes where it stopped, so feeding a long row (or an unclosed quote that swallows
 * the rest of the file) in many pieces costs time in proportion to the bytes, not quadratic. It
 * counts physical line breaks as it goes (CR, LF, CRLF once each, as the tokenizer does), so
 * each block knows the line it starts on.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Ctrl-Z, the end-of-file mark a Windows `copy a.csv+b.csv` adds (records/csv/index.ts EofMarkFilter). */
const SUB = 0x1a;

export class RowBoundaryScanner {
  /** Position the next scan starts from (relative to the start of the current buffer). */
  private pos = 0;
  private inQuotes = false;
  /** Line breaks in buf[0, pos). */
  private lines = 0;
  /** Offset just after the last row-ending LF found, or -1; and the line breaks before it. */
  private lastEnd = -1;
  private linesAtEnd = 0;
  /** Where the row being scanned starts; and whether the rows since the last cut point are a lone Ctrl-Z and blank rows after it. */
  private rowStart = 0;
  private markRun = false;

  constructor(private readonly delimiter: number) {
    if (delimiter > 127) throw new Error('RowBoundaryScanner: the delimiter must be an ASCII character');
  }

  /**
   * Scans `buf` (the bytes kept since the last cut, then new bytes: the caller keeps the leading
   * bytes until it cuts; every buffer starts at the start of a row) and returns the offset just
   * after the last LF that ends a row, or -1 when `buf` holds no complete row yet.
   *
   * One pass over the bytes in a plain loop, a word at a time where it can: on V8 this beats
   * indexOf, whose per-call cost dominates when quotes and line breaks come every few dozen bytes
   * (indexOf for quotes and line breaks cost 2.2 s of main-thread time on a 275 MB export).
   */
  scan(buf: Uint8Array): number {
    const n = buf.length;
    const D = this.delimiter;
    let i = this.pos;
    let inQuotes = this.inQuotes;
    let lines = this.lines;
    let lastEnd = this.lastEnd;
    let linesAtEnd = this.linesAtEnd;
    let rowStart = this.rowStart;
    let markRun = this.markRun;
    // Four bytes at a time where none of them is a quote, LF or CR (most of a plan's text): a
    // word-wide test (the "has a zero byte" bit trick on the word XOR each byte of interest).
    const words = buf.byteOffset % 4 === 0 ? new Uint32Array(buf.buffer, buf.byteOffset, n >> 2) : undefined;
    const wn = n >> 2;
    while (i < n) {
      if (words !== undefined && (i & 3) === 0) {
        let w = i >> 2;
        for (; w < wn; w++) {
          const v = words[w]!;
          const q = v ^ 0x22222222;
          const l = v ^ 0x0a0a0a0a;
          const r = v ^ 0x0d0d0d0d;
          if ((((q - 0x01010101) & ~q) | ((l - 0x01010101) & ~l) | ((r - 0x01010101) & ~r)) & 0x80808080) break;
        }
        i = w << 2;
        if (i >= n) break;
      }
      const c = buf[i]!;
      if (c > QUOTE) {
        i++;
        continue;
      }
      if (c === QUOTE) {
        if (inQuotes) {
          if (i + 1 >= n) break; // `""` or the closing quote? Decide when more bytes come.
          if (buf[i + 1] === QUOTE) {
            i += 2;
            continue;
          }
          inQuotes = false;
        } else if (i === 0) {
          inQuotes = true; // a buffer starts at the start of a row
        } else {
          // A quote opens a quoted field only at the start of a field; elsewhere it is stray text.
          const prev = buf[i - 1];
          if (prev === D || prev === LF || prev === CR) inQuotes = true;
        }
      } else if (c === LF) {
        if (i === 0 || buf[i - 1] !== CR) lines++;
        if (!inQuotes) {
          // A row of only a Ctrl-Z, and blank rows after it, are not cut after: if the file ends
          // there, the mark is an end-of-file mark, which only the block that ends the file can
          // tell (a block ending with it alone read it as a row, and the one-thread reader not).
          const end = i > 0 && buf[i - 1] === CR ? i - 1 : i;
          if (end - rowStart === 1 && buf[rowStart] === SUB) markRun = true;
          else if (!markRun || !blankBytes(buf, rowStart, end, D)) {
            markRun = false;
            lastEnd = i + 1;
            linesAtEnd = lines;
          }
          rowStart = i + 1;
        }
      } else if (c === CR) {
        lines++;
      }
      i++;
    }
    this.pos = i;
    this.inQuotes = inQuotes;
    this.lines = lines;
    this.lastEnd = lastEnd;
    this.linesAtEnd = linesAtEnd;
    this.rowStart = rowStart;
    this.markRun = markRun;
    return lastEnd;
  }

  /** Line breaks in the bytes before the offset `scan` returned (the block about to be cut). */
  get linesToEnd(): number {
    return this.linesAtEnd;
  }

  /** The caller dropped the first `offset` bytes (the value `scan` returned) from its buffer. */
  cut(offset: number): void {
    if (offset !== this.lastEnd) throw new Error('RowBoundaryScanner.cut: cut only where scan said');
    this.pos -= offset;
    this.rowStart -= offset;
    this.lines -= this.linesAtEnd;
    this.lastEnd = -1;
    this.linesAtEnd = 0;
  }
}

/**
 * May the bytes of a row, [from, to), be a blank row (as the reader skips it): delimiters, spaces,
 * tabs and quotes only (`"",""`, as a quote-everything export writes one)? Taking a row for blank
 * that is not (four quotes hold one) only keeps a block from being cut there, which is always safe.
 */
function blankBytes(b: Uint8Array, from: number, to: number, delimiter: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c !== delimiter && c !== 32 && c !== 9 && c !== QUOTE) return false;
  }
  return true;
}

/**
 * The byte offset where physical line `line` (1-based) starts in `b`, or -1 when `b` ends first.
 * Line breaks are CR, LF and CRLF, as the tokenizer counts them.
 */
export function offsetOfLine(b: Uint8Array, line: number): number {
  let ln = 1;
  let i = 0;
  const n = b.length;
  while (ln < line) {
    const lf = b.indexOf(LF, i);
    const cr = b.indexOf(CR, i);
    if (lf < 0 && cr < 0) return -1;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      i = cr + 1 < n && b[cr + 1] === LF ? cr + 2 : cr + 1;
    } else i = lf + 1;
    ln++;
  }
  return i;
}
