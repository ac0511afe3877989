/**
 * Property-based tests (fast-check):
 *  1. no byte string makes openCsv throw anything but InputError, and every call ends;
 *  2. differential: RFC 4180 tables -> our rows equal csv-parse's, and our line numbers equal the
 *     physical line where each record starts.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/records/csv/index.js';
import { CsvTokenizer, type CsvRow } from '../../src/records/csv/tokenizer.js';
import { InputError } from '../../src/util/errors.js';
import { cutAt } from './helpers.js';

/** Bytes biased towards the interesting ones for a CSV reader. */
const csvishByte = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...[...'a,;\t|" \r\n1'].map((c) => c.charCodeAt(0))) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xff }) },
);
const byteStrings = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(csvishByte, { maxLength: 300 }).map((a) => new Uint8Array(a)),
  // Magic numbers and BOMs followed by noise.
  fc
    .tuple(
      fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x50, 0x4b, 3, 4], [0xd0, 0xcf, 0x11, 0xe0], [0x25, 0x50, 0x44, 0x46, 0x2d], []),
      fc.array(csvishByte, { maxLength: 200 }),
    )
    .map(([a, b]) => new Uint8Array([...a, ...b])),
);
const cuts = fc.array(fc.nat({ max: 400 }), { maxLength: 6 });
const encodings = fc.constantFrom('auto', 'utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be') as fc.Arbitrary<
  'auto' | 'utf-8' | 'windows-1252' | 'latin1' | 'utf-16le' | 'utf-16be'
>;

describe('openCsv never fails badly', () => {
  it('throws only InputError, for any bytes, chunking, encoding and delimiter', async () => {
    await fc.assert(
      fc.asyncProperty(
        byteStrings,
        cuts,
        encodings,
        fc.option(fc.constantFrom(',', ';', '\t', '|'), { nil: undefined }),
        async (bytes, at, encoding, delimiter) => {
          try {
            const table = await openCsv(cutAt(bytes, at), { file: 'fuzz.csv', encoding, delimiter });
            expect(table.header.length).toBeGreaterThan(0);
            let last = table.headerLine;
            for await (const r of table.rows) {
              expect(r.line).toBeGreaterThan(last);
              last = r.line;
              for (const i of r.issues) expect(i.file).toBe('fuzz.csv');
            }
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            expect(e.message).not.toContain('\n');
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

/** RFC 4180 serialisation; `lines[i]` = physical line where record i starts. */
function serialise(
  rows: string[][],
  eol: string,
  quoteAll: boolean,
  trailing: boolean,
  delimiter: string,
): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  let line = 1;
  let prevCR = false;
  const advance = (s: string): void => {
    for (const ch of s) {
      if (ch === '\r') line++;
      else if (ch === '\n' && !prevCR) line++;
      prevCR = ch === '\r';
    }
    out.push(s);
  };
  rows.forEach((r, i) => {
    lines.push(line);
    const cells = r.map((f) =>
      quoteAll || (r.length === 1 && f === '') || /["\r\n]/.test(f) || f.includes(delimiter)
        ? `"${f.replace(/"/g, '""')}"`
        : f,
    );
    advance(cells.join(delimiter));
    if (i < rows.length - 1 || trailing) advance(eol);
  });
  return { text: out.join(''), lines };
}

const cellChar = fc.constantFrom('a', 'b', ' ', '"', ',', ';', '\r', '\n', 'é', '€', '😀', '\t', '|', 'x');
const cell = fc.array(cellChar, { maxLength: 8 }).map((a) => a.join(''));
const table = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 }))
  .chain(([cols, rows]) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

function tokenizeChunks(text: string, at: number[], delimiter: string): CsvRow[] {
  const t = new CsvTokenizer({ delimiter });
  const out: CsvRow[] = [];
  let prev = 0;
  for (const c of [...at].sort((a, b) => a - b)) {
    if (c > prev && c < text.length) {
      out.push(...t.push(text.slice(prev, c)));
      prev = c;
    }
  }
  out.push(...t.push(text.slice(prev)));
  out.push(...t.end());
  return out;
}

describe('differential against csv-parse', () => {
  it('same records, and line numbers = physical start lines', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(',', ';', '\t', '|'),
        cuts,
        (rows, eol, quoteAll, trailing, delimiter, at) => {
          const { text, lines } = serialise(rows, eol, quoteAll, trailing, delimiter);
          const theirs = parse(text, { delimiter, record_delimiter: eol, relax_column_count: true }) as string[][];
          expect(theirs).toEqual(rows);
          const ours = tokenizeChunks(text, at, delimiter);
          expect(ours.map((r) => r.fields)).toEqual(theirs);
          expect(ours.map((r) => r.line)).toEqual(lines);
          expect(ours.every((r) => r.issues.length === 0)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('same through openCsv (bytes, random chunking), with a clean header', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom('\r\n', '\n'), fc.boolean(), cuts, async (body, eol, quoteAll, at) => {
        // Data rows that are blank after trimming are skipped by design: keep them out.
        const data = body.filter((r) => r.some((f) => f.trim() !== ''));
        const header = body[0]!.map((_, i) => `col${i + 1}`);
        const { text, lines } = serialise([header, ...data], eol, quoteAll, true, ',');
        const bytes = new TextEncoder().encode(text);
        const t = await openCsv(cutAt(bytes, at), { file: 'd.csv', delimiter: ',' });
        expect(t.header).toEqual(header);
        const got: { fields: string[]; line: number }[] = [];
        for await (const r of t.rows) {
          expect(r.issues).toEqual([]);
          got.push({ fields: r.fields, line: r.line });
        }
        const theirs = parse(text, { record_delimiter: eol }) as string[][];
        expect(got.map((r) => r.fields)).toEqual(theirs.slice(1));
        expect(got.map((r) => r.line)).toEqual(lines.slice(1));
        expect(t.issues).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
