/**
 * Bytes -> text for the CSV reader.
 *
 * The first bytes (up to `sniffBytes`, 64 KiB by default) are buffered and inspected once:
 *   1. spreadsheets, PDFs and other binaries are refused with a one-line InputError;
 *   2. a BOM (UTF-8, UTF-16LE, UTF-16BE) decides the encoding and is stripped (it wins over
 *      an explicit `encoding`, as in the WHATWG decode algorithm);
 *   3. with `auto` and no BOM: a NUL-byte pattern means UTF-16 (LE/BE); valid UTF-8 means
 *      utf-8; anything else is read as windows-1252 (with a non-fatal `invalid_encoding` note).
 *      A head that is all ASCII decides nothing: for a regular file (`path`) the rest is scanned
 *      for its first non-ASCII byte (lateScan.ts), and when that byte is not UTF-8 the whole
 *      file is read as windows-1252 (every byte before it reads the same either way).
 * After that the rest streams through one TextDecoder. When UTF-8 was chosen and an invalid
 * sequence turns up later, the valid text before it is still yielded and then an InputError
 * names the file and the physical line of the bad byte.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { fileError, InputError, UsageError } from '../../util/errors.js';
import { bytesView } from '../../util/bytes.js';
import type { LoadIssue } from '../model.js';
import { firstNonAsciiAfter } from './lateScan.js';

export type CsvEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'latin1' | 'cp850' | 'macintosh' | 'utf-16le' | 'utf-16be';
export type ResolvedEncoding = Exclude<CsvEncoding, 'auto'>;

export const CSV_ENCODINGS: readonly CsvEncoding[] = [
  'auto', 'utf-8', 'windows-1252', 'latin1', 'cp850', 'macintosh', 'utf-16le', 'utf-16be',
];

export interface DecodeOptions {
  /** File name used in messages. */
  file: string;
  encoding?: CsvEncoding;
  /**
   * Physical line (1-based) of the next character that will be yielded, as seen by whoever
   * consumes the text (the tokenizer). Used to place a late invalid byte. When absent the
   * decoder counts line breaks itself.
   */
  lineAt?: () => number;
  /** How many bytes to buffer for sniffing (default 64 KiB). Mainly for tests. */
  sniffBytes?: number;
  /**
   * The path of the file the bytes are read from, when they are a file's from its start (not
   * stdin): with `auto`, an all-ASCII head is followed by a scan of the rest (lateScan.ts), so
   * the encoding is decided for the whole file, as the threaded reader needs.
   */
  path?: string;
}

export interface DecodedText {
  encoding: ResolvedEncoding;
  /** Non-fatal notes about the encoding (e.g. "not UTF-8, read as windows-1252"). */
  issues: LoadIssue[];
  /** The decoded text, chunk by chunk, without the BOM. Iterate once. */
  chunks: AsyncGenerator<string, void, undefined>;
}

const SNIFF_BYTES = 64 * 1024;

const EXCEL_HINT = "save it as 'CSV UTF-8' from Excel and try again";

/** A user-facing label for an encoding name given on the command line ("utf8", "cp1252"...). */
export function normaliseEncoding(name: string): CsvEncoding | undefined {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  switch (n) {
    case 'auto':
      return 'auto';
    case 'utf-8': case 'utf8':
      return 'utf-8';
    case 'windows-1252': case 'cp1252': case 'win-1252': case 'windows1252': case 'ansi':
      return 'windows-1252';
    case 'latin1': case 'latin-1': case 'iso-8859-1': case 'iso8859-1':
      return 'latin1';
    // Excel's "CSV (MS-DOS)" (code page 850 in Western Europe) and "CSV (Macintosh)" (Mac Roman).
    case 'cp850': case 'ibm850': case '850': case 'dos': case 'ms-dos': case 'msdos':
      return 'cp850';
    case 'macintosh': case 'mac': case 'macroman': case 'mac-roman': case 'x-mac-roman':
      return 'macintosh';
    case 'utf-16le': case 'utf16le': case 'ucs-2': case 'ucs2': case 'utf-16':
      return 'utf-16le';
    case 'utf-16be': case 'utf16be':
      return 'utf-16be';
    default:
      return undefined;
  }
}

/** Throws an InputError when the bytes start like a spreadsheet, archive or PDF. */
export function refuseBinary(file: string, b: Uint8Array): void {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06)) {
    throw new InputError(`${file} looks like an Excel workbook (.xlsx), not CSV: ${EXCEL_HINT}`);
  }
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw new InputError(`${file} looks like an Excel workbook (.xls), not CSV: ${EXCEL_HINT}`);
  }
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) {
    throw new InputError(`${file} looks like a PDF, not CSV: export the data from the case-management system as CSV and try again`);
  }
}

function nulError(file: string, line: number | undefined): InputError {
  const where = line === undefined ? '' : ` (line ${line})`;
  return new InputError(
    `${file} looks like a binary file, not CSV text: it contains NUL bytes${where}; if it is a spreadsheet, ${EXCEL_HINT}`,
  );
}

function utf8Error(file: string, line: number): InputError {
  return new InputError(
    `${file}: invalid UTF-8 at line ${line} (invalid_encoding); re-run with --encoding windows-1252 if the export is from Excel/Windows`,
  );
}

/**
 * windows-1252 differs from ISO-8859-1 only in 0x80-0x9F. Node 20's TextDecoder('windows-1252')
 * decodes those bytes as C1 controls (it takes a latin1 shortcut), so map them here.
 * Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as the C1 code point, as WHATWG does.
 */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1 = /[\u0080-\u009f]/;
const C1_ALL = /[\u0080-\u009f]/g;
const cp1252Char = (c: string): string => CP1252_HIGH[c.charCodeAt(0) - 0x80]!;

/**
 * The upper halves (0x80-0xFF) of the two other code pages Excel saves a CSV in: "CSV (MS-DOS)",
 * code page 850 (where £ is 0x9C), and "CSV (Macintosh)", Mac Roman (where é is 0x8E). Read as
 * windows-1252 they give the wrong letters silently (Excel QA: £2 read as œ2 failed E-measurable),
 * so `--encoding cp850` or `macintosh` names them. Tables from Python's codecs.
 */
const HIGH_HALVES: Record<'cp850' | 'macintosh', string> = {
  cp850:
  '\u00C7\u00FC\u00E9\u00E2\u00E4\u00E0\u00E5\u00E7\u00EA\u00EB\u00E8\u00EF\u00EE\u00EC\u00C4\u00C5' +
  '\u00C9\u00E6\u00C6\u00F4\u00F6\u00F2\u00FB\u00F9\u00FF\u00D6\u00DC\u00F8\u00A3\u00D8\u00D7\u0192' +
  '\u00E1\u00ED\u00F3\u00FA\u00F1\u00D1\u00AA\u00BA\u00BF\u00AE\u00AC\u00BD\u00BC\u00A1\u00AB\u00BB' +
  '\u2591\u2592\u2593\u2502\u2524\u00C1\u00C2\u00C0\u00A9\u2563\u2551\u2557\u255D\u00A2\u00A5\u2510' +
  '\u2514\u2534\u252C\u251C\u2500\u253C\u00E3\u00C3\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u00A4' +
  '\u00F0\u00D0\u00CA\u00CB\u00C8\u0131\u00CD\u00CE\u00CF\u2518\u250C\u2588\u2584\u00A6\u00CC\u2580' +
  '\u00D3\u00DF\u00D4\u00D2\u00F5\u00D5\u00B5\u00FE\u00DE\u00DA\u00DB\u00D9\u00FD\u00DD\u00AF\u00B4' +
  '\u00AD\u00B1\u2017\u00BE\u00B6\u00A7\u00F7\u00B8\u00B0\u00A8\u00B7\u00B9\u00B3\u00B2\u25A0\u00A0',
  macintosh:
  '\u00C4\u00C5\u00C7\u00C9\u00D1\u00D6\u00DC\u00E1\u00E0\u00E2\u00E4\u00E3\u00E5\u00E7\u00E9\u00E8' +
  '\u00EA\u00EB\u00ED\u00EC\u00EE\u00EF\u00F1\u00F3\u00F2\u00F4\u00F6\u00F5\u00FA\u00F9\u00FB\u00FC' +
  '\u2020\u00B0\u00A2\u00A3\u00A7\u2022\u00B6\u00DF\u00AE\u00A9\u2122\u00B4\u00A8\u2260\u00C6\u00D8' +
  '\u221E\u00B1\u2264\u2265\u00A5\u00B5\u2202\u2211\u220F\u03C0\u222B\u00AA\u00BA\u03A9\u00E6\u00F8' +
  '\u00BF\u00A1\u00AC\u221A\u0192\u2248\u2206\u00AB\u00BB\u2026\u00A0\u00C0\u00C3\u00D5\u0152\u0153' +
  '\u2013\u2014\u201C\u201D\u2018\u2019\u00F7\u25CA\u00FF\u0178\u2044\u20AC\u2039\u203A\uFB01\uFB02' +
  '\u2021\u00B7\u201A\u201E\u2030\u00C2\u00CA\u00C1\u00CB\u00C8\u00CD\u00CE\u00CF\u00CC\u00D3\u00D4' +
  '\uF8FF\u00D2\u00DA\u00DB\u00D9\u0131\u02C6\u02DC\u00AF\u02D8\u02D9\u02DA\u00B8\u02DD\u02DB\u02C7',
};

/** A one-byte code page's bytes -> text: ASCII as it is, the upper half from its table. */
function decodeCodePage(b: Uint8Array, high: string): string {
  const s = latin1(b);
  return /[\u0080-\u00ff]/.test(s) ? s.replace(/[\u0080-\u00ff]/g, (c) => high[c.charCodeAt(0) - 0x80]!) : s;
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

export function decodeWindows1252(b: Uint8Array): string {
  const s = latin1(b);
  return C1.test(s) ? s.replace(C1_ALL, cp1252Char) : s;
}

/**
 * Index of the first byte that starts an invalid UTF-8 sequence, or -1 when all is valid.
 * When `final` is false an incomplete sequence at the very end counts as valid (more may come).
 * Only used on error paths and on the sniff buffer, so plain JS is fine.
 */
export function firstInvalidUtf8(b: Uint8Array, final: boolean): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c === 0xe0) { need = 2; lo = 0xa0; }
    else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) need = 2;
    else if (c === 0xed) { need = 2; hi = 0x9f; }
    else if (c === 0xf0) { need = 3; lo = 0x90; }
    else if (c >= 0xf1 && c <= 0xf3) need = 3;
    else if (c === 0xf4) { need = 3; hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1;
      const d = b[i + k]!;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Number of trailing bytes that form an incomplete (so far valid) UTF-8 sequence. */
function utf8Tail(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) {
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return len > k ? k : 0;
    }
  }
  return 0;
}

/** Physical line breaks (CR, LF, CRLF) in 8-bit bytes; `prevCR` says the byte before was CR. */
export function countBreaksBytes(b: Uint8Array, end: number, prevCR: boolean): number {
  // Buffer.indexOf is memchr (util/bytes.ts), not a loop over every byte.
  const v = bytesView(b).subarray(0, end);
  let n = 0;
  for (let i = v.indexOf(0x0d); i !== -1; i = v.indexOf(0x0d, i + 1)) n++;
  for (let i = v.indexOf(0x0a); i !== -1; i = v.indexOf(0x0a, i + 1)) if (i === 0 ? !prevCR : v[i - 1] !== 0x0d) n++;
  return n;
}

/** Physical line breaks in a string (CR, LF, CRLF each count once). */
function countBreaks(s: string, prevCR: boolean): number {
  let n = 0;
  for (let i = s.indexOf('\r'); i !== -1; i = s.indexOf('\r', i + 1)) n++;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) {
    if (i === 0 ? !prevCR : s.charCodeAt(i - 1) !== 13) n++;
  }
  return n;
}

function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const BOMS = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
] as const;
export type ByteOrderMark = (typeof BOMS)[number];

/** The byte order mark `b` starts with (its encoding, and its bytes to skip), if any. */
export function byteOrderMark(b: Uint8Array): ByteOrderMark | undefined {
  return BOMS.find((m) => b.length >= m.bytes.length && m.bytes.every((x, k) => b[k] === x));
}

/** Guess UTF-16 without a BOM from where the NUL bytes fall (ASCII-heavy text has one per char). */
export function sniffUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.3 && even <= pairs * 0.02) return 'utf-16le';
  if (even >= pairs * 0.3 && odd <= pairs * 0.02) return 'utf-16be';
  return undefined;
}

function hasNul(b: Uint8Array): number {
  return bytesView(b).indexOf(0);
}

/**
 * Decide the encoding from the first bytes and return a stream of decoded text.
 * Throws InputError (from the promise) for spreadsheets/binaries; later problems are thrown
 * from the `chunks` iterator.
 */
export async function decodeStream(input: AsyncIterable<Uint8Array>, opts: DecodeOptions): Promise<DecodedText> {
  const file = opts.file;
  const requested = opts.encoding ?? 'auto';
  if (!CSV_ENCODINGS.includes(requested)) {
    throw new UsageError(`unknown encoding ${JSON.stringify(requested)}: use one of ${CSV_ENCODINGS.join(', ')}`);
  }
  const sniffLimit = Math.max(4, opts.sniffBytes ?? SNIFF_BYTES);
  const it = input[Symbol.asyncIterator]();
  const next = async (): Promise<IteratorResult<Uint8Array>> => {
    try {
      return await it.next();
    } catch (e) {
      throw fileError(file, e);
    }
  };

  // 1. Buffer the sniff window.
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  while (total < sniffLimit) {
    const r = await next();
    if (r.done) {
      done = true;
      break;
    }
    const v = r.value;
    if (v.length === 0) continue;
    // A file's chunk is overwritten by the one after next (input.ts readChunks): a part is kept
    // by reference only when it is the last the window needs (a FIFO gives small reads).
    parts.push(total + v.length < sniffLimit ? v.slice() : v);
    total += v.length;
  }
  let head = concatBytes(parts, total);
  refuseBinary(file, head);

  // 2. BOM, then the requested or sniffed encoding.
  let encoding: ResolvedEncoding;
  const issues: LoadIssue[] = [];
  const bom = byteOrderMark(head);
  if (bom) {
    encoding = bom.encoding;
    head = head.subarray(bom.bytes.length);
  } else if (requested !== 'auto') {
    encoding = requested;
    // UTF-16 text has a NUL byte in every character below U+0100 (its commas, line breaks and
    // digits): none at all is another encoding, which would be read as one long garbled line.
    if ((encoding === 'utf-16le' || encoding === 'utf-16be') && head.length >= 2 && hasNul(head) === -1) {
      throw new InputError(`${file}: --encoding ${encoding} does not fit: the file has none of the NUL bytes UTF-16 text has; leave --encoding out to have it detected, or give the right one`);
    }
  } else {
    const u16 = sniffUtf16(head);
    if (u16) encoding = u16;
    else {
      const nul = hasNul(head);
      if (nul !== -1) throw nulError(file, 1 + countBreaksBytes(head, nul, false));
      const window = head.length > sniffLimit ? head.subarray(0, sniffLimit) : head;
      const bad = firstInvalidUtf8(window, done && window === head);
      // An all-ASCII head: the first non-ASCII byte after it decides, when it does not start a
      // UTF-8 character (a valid UTF-8 character first, then an invalid byte: the file is mixed,
      // and stays UTF-8, refused at the invalid byte).
      // (The scan starts at the window's end: the buffered head may hold more than the window.)
      const late = bad === -1 && opts.path !== undefined && !(done && window === head) && isAscii(window)
        ? firstNonAsciiAfter(opts.path, window.length, 1 + countBreaksBytes(window, window.length, false), window[window.length - 1] === 0x0d)
        : undefined;
      if (bad === -1 && (late === undefined || firstInvalidUtf8(late.bytes, true) !== 0)) encoding = 'utf-8';
      else {
        encoding = 'windows-1252';
        issues.push({
          file,
          line: late ? late.line : 1 + countBreaksBytes(head, bad, false),
          code: 'invalid_encoding',
          message:
            'the file is not valid UTF-8, so it was read as windows-1252 (an Excel/Windows export); ' +
            "if characters look wrong (£ as œ, é as Ž), re-run with --encoding cp850 (Excel's 'CSV (MS-DOS)') or --encoding macintosh ('CSV (Macintosh)'), or save it as 'CSV UTF-8' from Excel",
          fatal: false,
        });
      }
    }
  }

  const codePage = encoding === 'cp850' || encoding === 'macintosh' ? HIGH_HALVES[encoding] : undefined;
  const eightBit = encoding === 'utf-8' || encoding === 'windows-1252' || encoding === 'latin1' || codePage !== undefined;
  const utf8 = encoding === 'utf-8';
  // UTF-16 only: UTF-8 has decodeUtf8Chunk below, and 'latin1' follows the WHATWG label mapping
  // (= windows-1252, which is what Excel writes), decoded by decodeWindows1252Pieces.
  const utf16 = eightBit ? undefined : new TextDecoder(encoding, { ignoreBOM: true });

  // Line tracking for messages when the consumer does not provide it.
  let ownLine = 1;
  let ownPrevCR = false;
  const track = (s: string): string => {
    if (!opts.lineAt && s.length > 0) {
      ownLine += countBreaks(s, ownPrevCR);
      ownPrevCR = s.charCodeAt(s.length - 1) === 13;
    }
    return s;
  };
  const lineNow = (): number => (opts.lineAt ? opts.lineAt() : ownLine);

  // UTF-8 is decoded with decodeUtf8Pieces, as the threaded reader decodes its blocks
  // (decodeBlock): in pieces that stay in V8's heap, as one-byte strings where the characters
  // allow. An incomplete character at a chunk's end is carried over to the next chunk here.
  let carry: Uint8Array = new Uint8Array(0);

  const decodeUtf8Chunk = (b: Uint8Array, final: boolean): { texts: Iterable<string>; error?: 'utf8' | 'nul' } => {
    const nul = hasNul(b);
    const part = nul === -1 ? b : b.subarray(0, nul);
    const bytes = carry.length > 0 ? concatBytes([carry, part], carry.length + part.length) : part;
    // Before a NUL the read ends; an incomplete character there is left out.
    const keep = final && nul === -1 ? 0 : utf8Tail(bytes);
    const body = keep > 0 ? bytes.subarray(0, bytes.length - keep) : bytes;
    if (!isUtf8(body)) {
      if (nul !== -1) return { texts: [], error: 'utf8' };
      const bad = firstInvalidUtf8(body, true);
      return { texts: decodeUtf8Pieces(body.subarray(0, bad === -1 ? body.length : bad)), error: 'utf8' };
    }
    carry = keep > 0 && nul === -1 ? bytes.slice(bytes.length - keep) : new Uint8Array(0);
    const texts = decodeUtf8Pieces(body);
    return nul === -1 ? { texts } : { texts, error: 'nul' };
  };

  /** Decode one chunk, in pieces; on a problem, returns the valid text before it plus the error. */
  const decodeChunk = (b: Uint8Array, final: boolean): { texts: Iterable<string>; error?: 'utf8' | 'nul' } => {
    if (utf8) return decodeUtf8Chunk(b, final);
    if (eightBit) {
      // windows-1252, latin1 or another code page: one byte a character, so no state between chunks.
      const nul = hasNul(b);
      const body = nul === -1 ? b : b.subarray(0, nul);
      const texts = codePage === undefined ? decodeWindows1252Pieces(body) : inPieces(body, (p) => decodeCodePage(p, codePage), () => true);
      return nul === -1 ? { texts } : { texts, error: 'nul' };
    }
    return { texts: [final ? utf16!.decode(b) : utf16!.decode(b, { stream: true })] };
  };

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    let finished = false;
    try {
      const pending: Uint8Array[] = [head];
      for (;;) {
        let b = pending.pop();
        let final = false;
        if (!b) {
          if (done) {
            b = new Uint8Array(0);
            final = true;
          } else {
            const r = await next();
            if (r.done) {
              done = true;
              continue;
            }
            b = r.value;
          }
        } else if (done) {
          final = true;
        }
        const { texts, error } = decodeChunk(b, final);
        for (const text of texts) if (text.length > 0) yield track(text);
        if (error === 'utf8') throw utf8Error(file, lineNow());
        if (error === 'nul') throw nulError(file, lineNow());
        if (final) break;
      }
      finished = true;
    } finally {
      if (!finished && !done) await it.return?.();
    }
  }

  return { encoding, issues, chunks: chunks() };
}

/**
 * Decode one block of whole rows cut from the middle of an export (audit/parallel/), in an
 * encoding already decided from the file's head. A block of an 8-bit encoding starts and ends on
 * a character boundary (it is cut after an LF). On a NUL byte or invalid UTF-8, returns the text
 * before it and the same InputError the streaming decoder gives, with the physical line of the
 * fault counted from `startLine`; the caller parses the rows before the fault, then throws.
 */
export function decodeBlock(b: Uint8Array, encoding: 'utf-8' | 'windows-1252' | 'latin1', file: string, startLine: number): { texts: Iterable<string>; error?: InputError } {
  const nul = hasNul(b);
  const body = nul === -1 ? b : b.subarray(0, nul);
  if (encoding === 'utf-8' && !isUtf8(body)) {
    const bad = firstInvalidUtf8(body, true);
    return { texts: decodeUtf8Pieces(body.subarray(0, bad)), error: utf8Error(file, startLine + countBreaksBytes(b, bad, false)) };
  }
  const texts = encoding === 'utf-8' ? decodeUtf8Pieces(body) : decodeWindows1252Pieces(body);
  return nul === -1 ? { texts } : { texts, error: nulError(file, startLine + countBreaksBytes(b, nul, false)) };
}

/**
 * Always called with `stream: true` on whole characters (every caller has checked its bytes with
 * isUtf8, which fails on a cut character), so nothing is ever held over from one call to the
 * next. Why streaming: Node 20's TextDecoder has a "fast path" for whole inputs that is about four
 * times slower on text with some non-ASCII characters than its streaming converter (600 against
 * 150 ms for 128 MB of the benchmark export in 1 MiB pieces), and a decoder once used to stream
 * never takes that path again.
 */
const BLOCK_DECODER = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const decodeWhole = (b: Uint8Array): string => BLOCK_DECODER.decode(b, { stream: true });

/**
 * Valid UTF-8 -> text: ASCII by a plain Latin-1 copy, anything else by TextDecoder, which in
 * Node 20 gives a one-byte string when every character is below U+0100 (ASCII with the odd £ or
 * é: most English exports), so the tokenizer and the rubric's regular expressions scan half the
 * memory. (A hand-written Latin-1 route used here before was several times slower.)
 */
export function decodeUtf8(b: Uint8Array): string {
  return b.length <= DECODE_PIECE ? decodePiece(b) : [...decodeUtf8Pieces(b)].join('');
}

function decodePiece(b: Uint8Array): string {
  return isAscii(b) ? latin1(b) : decodeWhole(b);
}

/**
 * Valid UTF-8 -> text in pieces of at most DECODE_PIECE bytes, each cut before a character. The
 * CSV readers push the pieces to the tokenizer one by one. Why pieces: Node copies a decoded
 * string into V8's heap only below about 1 MB (EXTERN_APEX, counted in UTF-16 bytes for
 * TextDecoder's output); above that it makes an external string, two bytes a character from
 * TextDecoder, whose memory V8 reclaims only after tens of MB have piled up. A 1 MiB block
 * decoded whole held some 40 MB more at the peak of the benchmark audit (issue 7: peak RSS).
 * Pieces of 64 KiB are ordinary young-generation strings, collected cheaply.
 */
export function decodeUtf8Pieces(b: Uint8Array): Iterable<string> {
  // A piece ends before a character: never before a continuation byte (10xxxxxx).
  return inPieces(b, decodePiece, (i) => (b[i]! & 0xc0) !== 0x80);
}

/** windows-1252 (one byte a character) -> text in pieces, as decodeUtf8Pieces and for the same reason. */
export function decodeWindows1252Pieces(b: Uint8Array): Iterable<string> {
  return inPieces(b, decodeWindows1252, () => true);
}

/**
 * The pieces are decoded one at a time, as they are asked for: a piece's rows are dealt with
 * before the next piece is decoded, so a 1 MiB block never has all its text on the heap at once
 * (all of it decoded first was copied by every young-generation collection during the block, and
 * promoted: some 170 MB a thread in a 100,000-plan audit, issue 7).
 */
function* inPieces(b: Uint8Array, decode: (piece: Uint8Array) => string, canCutAt: (i: number) => boolean): Generator<string, void, undefined> {
  for (let start = 0; start < b.length; ) {
    let end = Math.min(b.length, start + DECODE_PIECE);
    while (end < b.length && !canCutAt(end)) end++;
    yield decode(b.subarray(start, end));
    start = end;
  }
}

const DECODE_PIECE = 64 << 10;
