/**
 * RowBoundaryScanner and offsetOfLine (src/records/csv/boundaries.ts), against the tokenizer they
 * must follow exactly.
 *
 * The main property replays what the parallel audit (src/audit/parallel/pool.ts) does with the
 * scanner: bytes arrive in pieces of any size and are appended to a buffer; the buffer is scanned
 * now and then, and where the scan finds a row boundary the caller may cut a block there (taking
 * bytes [0, k), calling cut(k) and keeping the rest at the start of its buffer). Whatever is left
 * at the end is the last block. Tokenizing each block on its own, starting on the line the
 * scanner's line counts say, must give exactly the rows (fields, line, endLine, issues) the
 * tokenizer gives for the whole text in one go.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetOfLine, RowBoundaryScanner } from '../../src/records/csv/boundaries.js';
import { CsvTokenizer, tokenize, type CsvRow } from '../../src/records/csv/tokenizer.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;
type Delimiter = (typeof DELIMITERS)[number];

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytesOf = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...enc(p)] : p)));

type Encoding = 'utf-8' | 'windows-1252';
const decoders: Record<Encoding, { decode(b: Uint8Array): string }> = {
  'utf-8': new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
  'windows-1252': new TextDecoder('windows-1252'),
};

/** Physical line breaks in text as the tokenizer counts them: CR, LF and CRLF once each. */
const lineBreaks = (s: string): number => s.match(/\r\n|\r|\n/g)?.length ?? 0;

/** Reference offsetOfLine: split on CRLF / CR / LF. */
function referenceOffsetOfLine(b: Uint8Array, line: number): number {
  let ln = 1;
  let i = 0;
  while (ln < line) {
    while (i < b.length && b[i] !== 10 && b[i] !== 13) i++;
    if (i >= b.length) return -1;
    i += b[i] === 13 && b[i + 1] === 10 ? 2 : 1;
    ln++;
  }
  return i;
}

// ------------------------------------------------------------------------------------------------
// Generators
// ------------------------------------------------------------------------------------------------

/**
 * CSV-ish soup: every token a CSV reader cares about, including `""`, lone CR and CRLF, and
 * characters of 2, 3 and 4 bytes in UTF-8.
 */
const TOKENS = ['a', 'é', '"', ',', ';', '\t', '|', '\n', '\r', '\r\n', '""', ' ', 'xy', '€', '\u{1D11E}'];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((t) => t.join(''));

/** Field text without quotes or line breaks (delimiters of other kinds may appear). */
const plain = fc.array(fc.constantFrom('a', 'é', ' ', 'b7', ',', ';', '|', '\t'), { maxLength: 6 }).map((t) => t.join(''));
/** Quoted-field content: anything, with quotes doubled. */
const quotedBody = fc.array(fc.constantFrom('a', 'é', '""', ',', ';', '\t', '|', '\n', '\r', '\r\n', ' '), { maxLength: 8 }).map((t) => t.join(''));

/**
 * Rows of fields in the given delimiter, mostly well formed, with some faults: a stray quote in an
 * unquoted field, text (maybe with quotes) after a closing quote, an unclosed quote; blank lines;
 * mixed line endings; maybe no final line break.
 */
function structured(delimiter: Delimiter): fc.Arbitrary<string> {
  const cleanPlain = plain.map((s) => s.split(delimiter).join(''));
  const field = fc.oneof(
    { weight: 4, arbitrary: cleanPlain },
    { weight: 4, arbitrary: quotedBody.map((s) => `"${s}"`) },
    { weight: 1, arbitrary: fc.tuple(cleanPlain, cleanPlain).map(([a, b]) => `${a}"${b}`) }, // stray quote
    { weight: 1, arbitrary: fc.tuple(quotedBody, fc.constantFrom('x', ' ', '"', 'x"y', ' "z')).map(([a, b]) => `"${a}"${b}`) }, // text after the closing quote
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '"') }, // empty, blank, a lone quote (opens a quoted field)
  );
  const row = fc.array(field, { minLength: 1, maxLength: 5 }).map((f) => f.join(delimiter));
  const eol = fc.constantFrom('\n', '\r\n', '\r', '\n', '\r\n');
  return fc
    .tuple(fc.array(fc.tuple(row, eol), { maxLength: 8 }), fc.boolean())
    .map(([rows, last]) => {
      const s = rows.map(([r, e]) => r + e).join('');
      return last || rows.length === 0 ? s : s.slice(0, s.length - rows[rows.length - 1]![1].length);
    });
}

interface Case {
  bytes: Uint8Array;
  encoding: Encoding;
  delimiter: Delimiter;
}

const utf8Case: fc.Arbitrary<Case> = fc.constantFrom(...DELIMITERS).chain((delimiter) =>
  fc.oneof(soup, structured(delimiter)).map((text) => ({ bytes: enc(text), encoding: 'utf-8' as const, delimiter })),
);

/** windows-1252 bytes: 8-bit characters (0x80-0xFF) around the ASCII specials. */
const cp1252Case: fc.Arbitrary<Case> = fc.constantFrom(...DELIMITERS).chain((delimiter) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...[...'a,;\t|" \r\n'].map((c) => c.charCodeAt(0))),
        fc.constantFrom(0x92, 0xa3, 0xe9, 0x80, 0xff, 0xa0),
      ),
      { maxLength: 80 },
    )
    .map((b) => ({ bytes: new Uint8Array(b), encoding: 'windows-1252' as const, delimiter })),
);

/**
 * How the caller feeds the scanner: piece sizes (cycled; a piece is 1 + size bytes), and after
 * each piece a move (cycled): 0 = read on without scanning, 1 = scan but do not cut, 2 = scan and
 * cut when the scan found a boundary, 3 = scan twice (the same answer) and cut.
 */
const feeding = fc.record({
  pieces: fc.array(fc.oneof(fc.constant(0), fc.nat({ max: 5 }), fc.nat({ max: 60 })), { minLength: 1, maxLength: 12 }),
  moves: fc.array(fc.constantFrom(0, 1, 2, 2, 3), { minLength: 1, maxLength: 12 }),
});
type Feeding = { pieces: number[]; moves: number[] };

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

interface Blocks {
  blocks: Uint8Array[];
  /** linesToEnd of each block but the last. */
  lines: number[];
}

/** Cuts `bytes` into blocks with the scanner, as pool.ts does. */
function cutIntoBlocks(bytes: Uint8Array, delimiter: Delimiter, feed: Feeding): Blocks {
  const scanner = new RowBoundaryScanner(delimiter.charCodeAt(0));
  const blocks: Uint8Array[] = [];
  const lines: number[] = [];
  let buf: Uint8Array = new Uint8Array(0);
  let pos = 0;
  let step = 0;
  while (pos < bytes.length) {
    const size = 1 + feed.pieces[step % feed.pieces.length]!;
    const move = feed.moves[step % feed.moves.length]!;
    step++;
    buf = concat(buf, bytes.subarray(pos, pos + size));
    pos += size;
    if (move === 0) continue;
    const k = scanner.scan(buf);
    // -1 or just after an LF in the buffer (never 0: a boundary ends a row).
    if (k !== -1) {
      expect(k).toBeGreaterThan(0);
      expect(k).toBeLessThanOrEqual(buf.length);
      expect(buf[k - 1]).toBe(10);
    }
    if (move === 3) expect(scanner.scan(buf)).toBe(k);
    if (k > 0 && move >= 2) {
      blocks.push(buf.slice(0, k));
      lines.push(scanner.linesToEnd);
      scanner.cut(k);
      buf = buf.slice(k);
    }
  }
  blocks.push(buf);
  return { blocks, lines };
}

/** Rows of the whole text, tokenized in one go. */
function wholeRows(c: Case): CsvRow[] {
  return tokenize(decoders[c.encoding].decode(c.bytes), { delimiter: c.delimiter });
}

/** Rows of the blocks, each tokenized on its own from the line the scanner's counts give. */
function blockRows(c: Case, { blocks, lines }: Blocks): CsvRow[] {
  const rows: CsvRow[] = [];
  let startLine = 1;
  blocks.forEach((block, i) => {
    const text = decoders[c.encoding].decode(block);
    const tok = new CsvTokenizer({ delimiter: c.delimiter, startLine });
    rows.push(...tok.push(text));
    const lineAfter = tok.line;
    const tail = tok.end();
    rows.push(...tail);
    if (i < blocks.length - 1) {
      // A block cut by the scanner holds whole rows only, and its line count is the tokenizer's.
      expect(tail).toEqual([]);
      expect(lines[i]).toBe(lineAfter - startLine);
      expect(lines[i]).toBe(lineBreaks(text));
      startLine += lines[i]!;
    }
  });
  return rows;
}

function checkCase(c: Case, feed: Feeding): void {
  const cut = cutIntoBlocks(c.bytes, c.delimiter, feed);
  // Nothing lost or added.
  expect(cut.blocks.reduce((n, b) => n + b.length, 0)).toBe(c.bytes.length);
  expect(blockRows(c, cut)).toEqual(wholeRows(c));
}

// ------------------------------------------------------------------------------------------------

describe('RowBoundaryScanner: blocks tokenize to the same rows as the whole text', () => {
  it('UTF-8 text, any delimiter, fed in pieces of any size, cut at any boundaries found', () => {
    fc.assert(
      fc.property(utf8Case, feeding, (c, feed) => checkCase(c, feed)),
      { numRuns: 4000 },
    );
  });

  it('windows-1252 bytes', () => {
    fc.assert(
      fc.property(cp1252Case, feeding, (c, feed) => checkCase(c, feed)),
      { numRuns: 1000 },
    );
  });

  it('one byte at a time, cutting wherever possible (the tiniest blocks)', () => {
    fc.assert(
      fc.property(utf8Case, (c) => checkCase(c, { pieces: [0], moves: [2] })),
      { numRuns: 1000 },
    );
  });

  it('whole text scanned in one go: the last LF that ends a row, by the tokenizer fed one character at a time', () => {
    fc.assert(
      fc.property(utf8Case, (c) => {
        const scanner = new RowBoundaryScanner(c.delimiter.charCodeAt(0));
        const k = scanner.scan(c.bytes);
        const text = decoders['utf-8'].decode(c.bytes);
        const ref = referenceLastBoundary(text, c.delimiter);
        expect(k).toBe(ref === -1 ? -1 : enc(text.slice(0, ref)).length);
        if (ref !== -1) expect(scanner.linesToEnd).toBe(lineBreaks(text.slice(0, ref)));
      }),
      { numRuns: 1000 },
    );
  });
});

/**
 * Independent of the scanner: the index (in characters) just after the last LF that ends a row,
 * or -1. Feeds the tokenizer one character at a time: an LF ends a row when pushing it completes
 * one, or, in a CRLF, when pushing the CR before it did.
 */
function referenceLastBoundary(text: string, delimiter: Delimiter): number {
  const tok = new CsvTokenizer({ delimiter });
  let last = -1;
  let prevEnded = false;
  for (let i = 0; i < text.length; i++) {
    const ended = tok.push(text[i]!).length > 0;
    if (text[i] === '\n' && (i > 0 && text[i - 1] === '\r' ? prevEnded : ended)) last = i + 1;
    prevEnded = ended;
  }
  return last;
}

describe('RowBoundaryScanner: hand cases', () => {
  const scanAll = (s: string | Uint8Array, delimiter = ','): { k: number; lines: number } => {
    const sc = new RowBoundaryScanner(delimiter.charCodeAt(0));
    const k = sc.scan(typeof s === 'string' ? enc(s) : s);
    return { k, lines: sc.linesToEnd };
  };

  it('finds the last LF outside quotes and counts the line breaks before it', () => {
    expect(scanAll('a,b\nc,d\n')).toEqual({ k: 8, lines: 2 });
    expect(scanAll('a,b\r\nc,d\r\ne')).toEqual({ k: 10, lines: 2 });
    expect(scanAll('a,"b\nc"\nd')).toEqual({ k: 8, lines: 2 });
    expect(scanAll('a,"b\r\nc\rd"\n')).toEqual({ k: 11, lines: 3 });
    expect(scanAll('a,"b\nc')).toEqual({ k: -1, lines: 0 });
    expect(scanAll('')).toEqual({ k: -1, lines: 0 });
  });

  it('a lone CR ends a row but is never a cut point; a quote after it opens a field', () => {
    expect(scanAll('a\rb\r')).toEqual({ k: -1, lines: 0 });
    // After the lone CR the quote opens a quoted field, so the first LF is data.
    expect(scanAll('x\r"a\nb"\n')).toEqual({ k: 8, lines: 3 });
    expect(scanAll('x\r"a\nb')).toEqual({ k: -1, lines: 0 });
  });

  it('a quote inside an unquoted field, or after a closing quote, is stray: it opens nothing', () => {
    expect(scanAll('ab"c\nd\n')).toEqual({ k: 7, lines: 2 });
    expect(scanAll('"a"b"c\nd\n')).toEqual({ k: 9, lines: 2 });
    expect(scanAll('"a" "b\nc\n')).toEqual({ k: 9, lines: 2 });
    // Only the delimiter in use starts a field.
    expect(scanAll('a;"b\nc\n', ',')).toEqual({ k: 7, lines: 2 });
    expect(scanAll('a;"b\nc\n', ';')).toEqual({ k: -1, lines: 0 });
    expect(scanAll('a\t"b\nc"\n', '\t')).toEqual({ k: 8, lines: 2 });
  });

  it('"" inside quotes is an escaped quote, also when the two quotes arrive in different pieces', () => {
    expect(scanAll('"a""\nb"\n')).toEqual({ k: 8, lines: 2 });
    const sc = new RowBoundaryScanner(44);
    let buf: Uint8Array = enc('"a"');
    expect(sc.scan(buf)).toBe(-1); // closing quote or the first of ""? Not known yet.
    buf = concat(buf, enc('"\nb\n'));
    expect(sc.scan(buf)).toBe(-1); // `""`: still inside the quoted field
    buf = concat(buf, enc('"\nc'));
    expect(sc.scan(buf)).toBe(9);
    expect(sc.linesToEnd).toBe(3);
    // And the other way: the quote closed the field.
    const sc2 = new RowBoundaryScanner(44);
    buf = enc('"a"');
    expect(sc2.scan(buf)).toBe(-1);
    buf = concat(buf, enc('\nb\n'));
    expect(sc2.scan(buf)).toBe(6);
    expect(sc2.linesToEnd).toBe(2);
  });

  it('resumes after a cut: the kept bytes start a row, and line counts restart from the cut', () => {
    const sc = new RowBoundaryScanner(44);
    let buf: Uint8Array = enc('a\r\nb\n"c');
    expect(sc.scan(buf)).toBe(5);
    expect(sc.linesToEnd).toBe(2);
    sc.cut(5);
    buf = buf.slice(5); // '"c': a quoted field opened at the start of the buffer
    expect(sc.scan(buf)).toBe(-1);
    buf = concat(buf, enc('\n"\r\n'));
    expect(sc.scan(buf)).toBe(6);
    expect(sc.linesToEnd).toBe(2);
  });

  it('multi-byte characters never look like specials', () => {
    expect(scanAll(bytesOf('é,"£\n', [0xe2, 0x80, 0x9d], '"\n'))).toEqual({ k: 12, lines: 2 });
    expect(scanAll(bytesOf([0x92, 0x22, 0x0a, 0xa3, 0x0a]))).toEqual({ k: 5, lines: 2 }); // windows-1252: stray quote
  });

  it('refuses a delimiter outside ASCII and a cut anywhere but the boundary found', () => {
    expect(() => new RowBoundaryScanner(0xa7)).toThrow(/ASCII/);
    const sc = new RowBoundaryScanner(44);
    expect(sc.scan(enc('a\nb\nc'))).toBe(4);
    expect(() => sc.cut(2)).toThrow(/cut only where scan said/);
  });
});

describe('offsetOfLine', () => {
  it('finds where a physical line starts: CRLF, lone CR and LF each end one line', () => {
    const crlf = enc('a\r\nbb\r\nc');
    expect([1, 2, 3].map((l) => offsetOfLine(crlf, l))).toEqual([0, 3, 7]);
    const mixed = enc('a\rb\nc\r\nd\r');
    expect([1, 2, 3, 4, 5].map((l) => offsetOfLine(mixed, l))).toEqual([0, 2, 4, 7, 9]);
    // Blank lines count.
    const blanks = enc('\n\r\r\n\r');
    expect([1, 2, 3, 4, 5].map((l) => offsetOfLine(blanks, l))).toEqual([0, 1, 2, 4, 5]);
  });

  it('a line past the end is -1; the line after a final break starts at the end', () => {
    expect(offsetOfLine(enc('a\nb'), 3)).toBe(-1);
    expect(offsetOfLine(enc('a\nb\n'), 3)).toBe(4);
    expect(offsetOfLine(enc('a\nb\n'), 4)).toBe(-1);
    expect(offsetOfLine(enc('a\r\n'), 2)).toBe(3);
    expect(offsetOfLine(enc('a\r'), 2)).toBe(2);
    expect(offsetOfLine(enc(''), 1)).toBe(0);
    expect(offsetOfLine(enc(''), 2)).toBe(-1);
  });

  it('agrees with splitting on CRLF / CR / LF, and with the tokenizer on where rows start', () => {
    fc.assert(
      fc.property(utf8Case, fc.integer({ min: 1, max: 30 }), (c, line) => {
        expect(offsetOfLine(c.bytes, line)).toBe(referenceOffsetOfLine(c.bytes, line));
        for (const r of wholeRows(c)) {
          const at = offsetOfLine(c.bytes, r.line);
          expect(at).toBeGreaterThanOrEqual(0);
          // The text from there tokenizes to the same row, starting on that line.
          const [first] = tokenize(decoders['utf-8'].decode(c.bytes.subarray(at)), { delimiter: c.delimiter, startLine: r.line });
          expect(first).toEqual(r);
        }
      }),
      { numRuns: 500 },
    );
  });
});
