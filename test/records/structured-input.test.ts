/**
 * YAML, JSON and JSON Lines input (src/records/input.ts, src/records/loaders/structured.ts):
 * - UTF-16 with a byte order mark (what Windows PowerShell 5.1 writes by default) is decoded, with
 *   the lines and line numbers of the same text in UTF-8, whatever the reads; without a byte order
 *   mark it is refused with a message naming the encoding (it was "a binary file");
 * - an export with nothing in it (no bytes, white space, in YAML only comments and markers) is an
 *   input error, as an empty CSV is; `[]` is an export of no plans and is read as such.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headHasContent, sniffFormat, utf8TextBatches } from '../../src/records/input.js';
import { readJsonArray, readJsonLines, readYaml, type RawItem } from '../../src/records/loaders/structured.js';
import { InputError } from '../../src/util/errors.js';
import { fixture } from '../helpers/cli.js';

async function* reads(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/** `text` in UTF-16 (little- or big-endian), after a byte order mark unless `bom` is false. */
function utf16(text: string, le: boolean, bom = true): Buffer {
  const b = Buffer.from(text, 'utf16le');
  if (!le) b.swap16();
  return Buffer.concat([bom ? Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), b]);
}

type Reader = (file: string, src: AsyncIterable<Uint8Array>) => AsyncGenerator<RawItem>;

async function items(read: Reader, bytes: Uint8Array, size = 1 << 20): Promise<RawItem[]> {
  const out: RawItem[] = [];
  // Without a YAML plan's locator (a function: test/cli/validate.test.ts checks the lines it finds).
  for await (const { locate: _, ...it } of read('f', reads(bytes, size))) out.push(it);
  return out;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error');
}

describe('UTF-16 YAML, JSON and JSON Lines', () => {
  // Non-ASCII in and beyond the Basic Multilingual Plane (a surrogate pair), CRLF and LF, blank lines.
  const text = ['- ref: P1', '  a:', '    childViews: "café – “quoted” 😀"', '', '- ref: P2\r', '  i: £5 a week', ''].join('\n');

  for (const le of [true, false]) {
    for (const size of [1, 2, 3, 7, 4096, 1 << 20]) {
      it(`utf8TextBatches: UTF-16${le ? 'LE' : 'BE'} with a BOM gives the UTF-8 text and its lines, reads of ${size} bytes`, async () => {
        const out: { text: string; first: number; lines: number }[] = [];
        for await (const b of utf8TextBatches('f.yaml', reads(utf16(text, le), size))) out.push(b);
        expect(out.map((b) => b.text).join('')).toBe(text);
        let line = 1;
        for (const b of out) {
          expect(b.first).toBe(line);
          line += b.lines;
        }
        expect(line - 1).toBe(text.split('\n').length - 1);
      });
    }
  }

  it('the fixtures in UTF-16 read as in UTF-8: the same plans on the same lines', async () => {
    for (const [name, read] of [['example-export.yaml', readYaml], ['example-export.jsonl', readJsonLines]] as const) {
      const utf8 = readFileSync(fixture(name));
      const want = await items(read, utf8);
      expect(want).toHaveLength(70);
      expect(await items(read, utf16(utf8.toString('utf8'), true), 4096), name).toEqual(want);
      expect(await items(read, utf16(utf8.toString('utf8'), false), 65_537), name).toEqual(want);
    }
    const json = `[\r\n${readFileSync(fixture('example-export.jsonl'), 'utf8').trim().split('\n').join(',\r\n')}\r\n]\r\n`;
    const want = await items(readJsonArray, Buffer.from(json));
    expect(want).toHaveLength(70);
    expect(await items(readJsonArray, utf16(json, true), 1000)).toEqual(want);
  });

  it('a bad line in a UTF-16 file is named by its line', async () => {
    const got = await items(readJsonLines, utf16('{"ref":"P1"}\r\n\r\n{"ref": bad}\r\n{"ref":"P3"}\r\n', true), 5);
    expect(got.map((i) => [i.line, i.error === undefined])).toEqual([
      [1, true],
      [3, false],
      [4, true],
    ]);
  });

  it('a lone surrogate or an odd last byte reads as U+FFFD, as in a CSV', async () => {
    const lone = Buffer.concat([utf16('{"ref":"P', true), Buffer.from([0x00, 0xd8]), utf16('1"}\n', true, false), Buffer.from([0x41])]);
    const got = await items(readJsonLines, lone, 3);
    expect(got).toEqual([{ value: { ref: 'P\uFFFD1' }, line: 1 }, { line: 2, error: expect.stringMatching(/not valid JSON/) }]);
  });

  it('UTF-16 without a byte order mark is refused, naming the encoding and what to do', async () => {
    for (const le of [true, false]) {
      const e = await failure(items(readJsonLines, utf16('{"ref":"P1"}\n{"ref":"P2"}\n', le, false)));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toBe(`f: looks like UTF-16${le ? 'LE' : 'BE'} text without a byte order mark; save it as UTF-8 (or as UTF-16 with a byte order mark)`);
    }
    const e = await failure(items(readYaml, Buffer.from([0x2d, 0x20, 0x00, 0x01, 0x02, 0xff, 0x00, 0x00])));
    expect(e.message).toBe('f: contains NUL bytes: this is a binary file, not YAML or JSON');
  });

  it('a NUL character in a UTF-16 file is binary, as in a UTF-8 one', async () => {
    const e = await failure(items(readJsonLines, utf16('{"ref":"P1"}\n\0\n', true)));
    expect(e.message).toMatch(/contains NUL bytes/);
  });

  it('stdin: the format is sniffed after a UTF-16 byte order mark', () => {
    for (const le of [true, false]) {
      expect(sniffFormat(utf16('\r\n  [{"ref":"P1"}]', le))).toBe('json');
      expect(sniffFormat(utf16('{"ref":"P1"}\n', le))).toBe('jsonl');
      expect(sniffFormat(utf16('---\nref: P1\n', le))).toBe('yaml');
      expect(sniffFormat(utf16('Plan Ref,DOB\n', le))).toBe('csv');
    }
    expect(sniffFormat(Buffer.from('\uFEFF [1]'))).toBe('json');
    expect(sniffFormat(Buffer.from([0xff, 0xfe, 0x20]))).toBe('csv');
  });
});

describe('an export with nothing in it', () => {
  const empty: [string, Reader, string][] = [
    ['', readJsonArray, 'white space'],
    [' \r\n\t\n', readJsonArray, 'white space'],
    ['\uFEFF\n', readJsonArray, 'white space'],
    ['', readJsonLines, 'white space'],
    ['\n  \n\r\n', readJsonLines, 'white space'],
    ['', readYaml, 'white space and comments'],
    ['\n\n', readYaml, 'white space and comments'],
    ['# an export of no plans\n\n  # indented\n', readYaml, 'white space and comments'],
    ['# head\n---\n# nothing\n...\n--- # a comment\n', readYaml, 'white space and comments'],
  ];
  for (const [text, read, what] of empty) {
    it(`${read.name} refuses ${JSON.stringify(text)}`, async () => {
      for (const bytes of [Buffer.from(text), utf16(text, true)]) {
        const e = await failure(items(read, bytes, 3));
        expect(e).toBeInstanceOf(InputError);
        expect(e.message).toBe(`f is empty: no plans, nothing but ${what}; check the export`);
      }
    });
  }

  it('an explicit empty list is an export of no plans, read as such (as a CSV header with no rows is)', async () => {
    expect(await items(readJsonArray, Buffer.from(' [ ]\n'))).toEqual([]);
    expect(await items(readYaml, Buffer.from('# none this month\n[]\n'))).toEqual([]);
    expect(await items(readYaml, Buffer.from('---\n[]\n'))).toEqual([]);
  });

  it('a block of a file (a first line given: audit/parallel/) may hold no plan', async () => {
    const block = async (read: typeof readYaml, text: string, line: number): Promise<RawItem[]> => {
      const out: RawItem[] = [];
      for await (const it of read('f', reads(Buffer.from(text), 4), line)) out.push(it);
      return out;
    };
    expect(await block(readYaml, '# head comment\n', 1)).toEqual([]);
    expect(await block(readYaml, '\n\n', 40)).toEqual([]);
    expect(await block(readJsonLines, '\n \n', 1)).toEqual([]);
  });

  it('headHasContent: never false for a head with a plan in it, false for nothing', () => {
    const has = (s: string, yaml: boolean): boolean => headHasContent(Buffer.from(s), yaml);
    for (const s of ['', '\n \r\n\t', '\uFEFF  \n']) {
      expect(has(s, false), JSON.stringify(s)).toBe(false);
      expect(has(s, true), JSON.stringify(s)).toBe(false);
    }
    expect(has('# c\n  # c\n---\n...\n--- # c\n', true)).toBe(false);
    expect(has('\n{"ref":"P1"}\n', false)).toBe(true);
    expect(has('# c\n', false)).toBe(true); // not a comment in JSON Lines: a line to reject
    expect(has('# c\nref: P1\n', true)).toBe(true);
    expect(has('---\n- ref: P1\n', true)).toBe(true);
    expect(has('[]', true)).toBe(true);
    // Conservative: a line it cannot judge counts as nothing (the one-thread reader decides).
    expect(has('--- {ref: P1}\n', true)).toBe(false);
  });
});
