import { describe, expect, it } from 'vitest';
import { decodeBlock, decodeStream, decodeUtf8, firstInvalidUtf8, normaliseEncoding } from '../../src/records/csv/decode.js';
import { InputError } from '../../src/util/errors.js';
import { chunked, cutAt, load, rejection, utf8 } from './helpers.js';

async function decodeAll(bytes: Uint8Array, opts: Parameters<typeof decodeStream>[1], size = 0) {
  const d = await decodeStream(chunked(bytes, size), opts);
  let text = '';
  for await (const c of d.chunks) text += c;
  return { encoding: d.encoding, issues: d.issues, text };
}

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

describe('encoding detection', () => {
  it('plain ASCII/UTF-8 is utf-8', async () => {
    const r = await decodeAll(utf8('a,b\n£,€\n'), { file: 'f' });
    expect(r).toEqual({ encoding: 'utf-8', issues: [], text: 'a,b\n£,€\n' });
  });

  it('Windows-1252 bytes decode under auto (0x92 right quote, 0xA3 pound, 0x80 euro)', async () => {
    const b = bytes('name,amount\r\nO', [0x92], 'Brien,', [0xa3], '100\r\nCaf', [0xe9], ',', [0x80], '5\r\n');
    const { table, rows } = await load(b);
    expect(table.encoding).toBe('windows-1252');
    expect(rows.map((r) => r.fields)).toEqual([
      ['O\u2019Brien', '£100'],
      ['Café', '€5'],
    ]);
    expect(table.issues).toEqual([
      expect.objectContaining({ code: 'invalid_encoding', fatal: false, line: 2 }),
    ]);
  });

  it("Excel's 'CSV (MS-DOS)' and 'CSV (Macintosh)' code pages are read when named (Excel QA: £ read as œ)", async () => {
    // Every byte of the upper half against Python's codecs (cp850, mac_roman), and in small chunks.
    const cp850 = await decodeAll(bytes('Sam pays ', [0x9c], '2 at the caf', [0x82], '\r\n'), { file: 'f', encoding: 'cp850' }, 3);
    expect(cp850).toEqual({ encoding: 'cp850', issues: [], text: 'Sam pays £2 at the café\r\n' });
    const mac = await decodeAll(bytes('caf', [0x8e], ' ', [0xa3], '5 ', [0xd2], 'quoted', [0xd3], '\r'), { file: 'f', encoding: 'macintosh' });
    expect(mac).toEqual({ encoding: 'macintosh', issues: [], text: 'café £5 \u201Cquoted\u201D\r' });
    const all = Array.from({ length: 128 }, (_, i) => 0x80 + i);
    expect((await decodeAll(bytes(all), { file: 'f', encoding: 'cp850' })).text.slice(0, 4)).toBe('Çüéâ');
    expect((await decodeAll(bytes(all), { file: 'f', encoding: 'macintosh' })).text.slice(0, 4)).toBe('ÄÅÇÉ');
    for (const [name, want] of [['cp850', 'cp850'], ['IBM850', 'cp850'], ['ms-dos', 'cp850'], ['mac_roman', 'macintosh'], ['x-mac-roman', 'macintosh']] as const) {
      expect(normaliseEncoding(name), name).toBe(want);
    }
  });

  it('latin1 is read as windows-1252 (WHATWG label mapping)', async () => {
    const r = await decodeAll(bytes([0x92, 0xa3]), { file: 'f', encoding: 'latin1' });
    expect(r.text).toBe('\u2019£');
    expect(r.encoding).toBe('latin1');
  });

  it('BOMs: UTF-8, UTF-16LE, UTF-16BE are detected and stripped', async () => {
    const text = 'ref,name\r\nA1,Zoë 𝄞\r\n';
    const le = new Uint8Array(Buffer.from('\uFEFF' + text, 'utf16le'));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    for (const [b, enc] of [
      [bytes([0xef, 0xbb, 0xbf], text), 'utf-8'],
      [le, 'utf-16le'],
      [be, 'utf-16be'],
    ] as const) {
      for (const size of [0, 1, 3]) {
        const { table, rows } = await load(b, {}, size);
        expect(table.encoding).toBe(enc);
        expect(table.header).toEqual(['ref', 'name']);
        expect(rows.map((r) => r.fields)).toEqual([['A1', 'Zoë 𝄞']]);
      }
    }
  });

  it('UTF-16 without a BOM is recognised from its NUL bytes', async () => {
    const text = 'ref,name\r\nA1,Zoe\r\nA2,Amy\r\n';
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    expect((await decodeAll(le, { file: 'f' })).encoding).toBe('utf-16le');
    expect((await decodeAll(be, { file: 'f' })).encoding).toBe('utf-16be');
    expect((await decodeAll(be, { file: 'f' })).text).toBe(text);
  });

  it('a BOM wins over an explicit encoding', async () => {
    const r = await decodeAll(bytes([0xef, 0xbb, 0xbf], 'é'), { file: 'f', encoding: 'windows-1252' });
    expect(r).toMatchObject({ encoding: 'utf-8', text: 'é' });
  });

  it('normalises command-line encoding names', () => {
    expect(normaliseEncoding('UTF8')).toBe('utf-8');
    expect(normaliseEncoding('cp1252')).toBe('windows-1252');
    expect(normaliseEncoding('ISO-8859-1')).toBe('latin1');
    expect(normaliseEncoding('utf16be')).toBe('utf-16be');
    expect(normaliseEncoding('ebcdic')).toBeUndefined();
  });
});

describe('invalid UTF-8 after the sniff window', () => {
  // 70 000 bytes of clean ASCII (so the sniff says utf-8), then a windows-1252 byte.
  const lines: string[] = ['id,text'];
  while (lines.join('\n').length < 70_000) lines.push(`${lines.length},"plain text"`);
  const goodLines = lines.length; // the bad byte is on the next line
  const b = bytes(lines.join('\n') + '\n', `${goodLines},"it`, [0x92], 's bad"\n', 'x,y\n');

  for (const size of [0, 4096, 65_536, 7]) {
    it(`is a fatal InputError naming the line (pieces of ${size || 'all'})`, async () => {
      const err = await rejection(load(b, { file: 'plans.csv' }, size));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        `plans.csv: invalid UTF-8 at line ${goodLines + 1} (invalid_encoding); re-run with --encoding windows-1252 if the export is from Excel/Windows`,
      );
    });
  }

  it('counts lines inside quoted multi-line fields and across CR|LF splits', async () => {
    const text = 'h\r\n"a\r\nb\rc\nd",x\r\n';
    // One line of more than the 64 KiB sniffed (column names, each short as a column name is).
    const prefix = Array.from({ length: 12_000 }, (_, i) => `c${i}`).join(',') + '\r\n';
    const all = bytes(prefix, text, 'q"', [0xc3, 0x28], '"\r\n');
    // The bad sequence is on physical line 2 (prefix) + 5 (text) = 7... check both whole and chunked.
    for (const size of [0, 5, 1]) {
      const err = await rejection(load(all, { file: 'f.csv' }, size));
      expect(err.message).toContain('invalid UTF-8 at line 7 ');
    }
  });

  it('decodes the same file fine when told windows-1252', async () => {
    const { table, rows } = await load(b, { encoding: 'windows-1252' });
    expect(table.encoding).toBe('windows-1252');
    expect(rows.at(-2)!.fields[1]).toBe('it\u2019s bad');
  });

  it('decodeStream alone counts lines itself', async () => {
    const err = await rejection(decodeAll(b, { file: 'f' }, 1000));
    expect(err.message).toContain(`invalid UTF-8 at line ${goodLines + 1} `);
  });

  it('a truncated sequence at the very end is invalid', async () => {
    const err = await rejection(load(bytes('a,b\n1,', [0xe2, 0x82]), { encoding: 'utf-8' }));
    expect(err.message).toContain('invalid UTF-8 at line 2 ');
  });

  it('multi-byte characters split across pieces are fine', async () => {
    const text = 'é€𝄞'.repeat(30_000);
    const b2 = utf8(text);
    for (const cuts of [[1], [2], [3], [65_537], [65_538, 65_539, 100_001]]) {
      const d = await decodeStream(cutAt(b2, cuts), { file: 'f', sniffBytes: 16 });
      let out = '';
      for await (const c of d.chunks) out += c;
      expect(out).toBe(text);
    }
    for (const size of [1, 2, 3, 7]) {
      const r = await decodeAll(utf8('é€𝄞 a\r\nb'), { file: 'f', sniffBytes: 4 }, size);
      expect(r.text).toBe('é€𝄞 a\r\nb');
    }
  });
});

describe('decodeUtf8 and decodeBlock (the fast routes)', () => {
  // Long stretches without an ASCII byte once sent the Latin-1 route into endless recursion.
  const texts = [
    'a' + 'é'.repeat(300),
    'é'.repeat(300) + 'a',
    'é'.repeat(1000),
    'x'.repeat(500) + '£'.repeat(500) + 'y',
    'a' + 'Ω'.repeat(300),
    'plain ascii '.repeat(100),
    'é€𝄞'.repeat(200) + ' and ' + 'é'.repeat(400),
    // Past one piece (64 KiB), with characters of 2, 3 and 4 bytes across every cut.
    'aé€𝄞'.repeat(30_000),
    'x'.repeat(65_535) + '€' + 'y'.repeat(70_000),
  ];
  it.each(texts.map((t) => [t.slice(0, 12), t]))('decodes %s... exactly, in pieces of whole characters', (_, text) => {
    expect(decodeUtf8(utf8(text))).toBe(text);
    const block = decodeBlock(utf8(`${text}\n`), 'utf-8', 'f.csv', 1);
    expect(block.error).toBeUndefined();
    expect([...block.texts].join('')).toBe(`${text}\n`);
  });
});

describe('windows-1252 in pieces', () => {
  it('decodes a block of several pieces exactly, the 0x80-0x9F characters included', () => {
    // 0x92 (right single quote) and 0x80 (euro) on both sides of every 64 KiB cut.
    const bytes = new Uint8Array(200_000).map((_, i) => (i % 7 === 0 ? 0x92 : i % 11 === 0 ? 0x80 : i % 13 === 0 ? 0xe9 : 0x61));
    const expected = Array.from(bytes, (c) => (c === 0x92 ? '\u2019' : c === 0x80 ? '\u20ac' : c === 0xe9 ? '\u00e9' : 'a')).join('');
    const block = decodeBlock(bytes, 'windows-1252', 'f.csv', 1);
    expect(block.error).toBeUndefined();
    const texts = [...block.texts];
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.join('')).toBe(expected);
  });
});

describe('firstInvalidUtf8', () => {
  it('finds the first bad byte and tolerates an incomplete tail unless final', () => {
    expect(firstInvalidUtf8(utf8('abc é € 𝄞'), true)).toBe(-1);
    expect(firstInvalidUtf8(bytes('ab', [0x92]), true)).toBe(2);
    expect(firstInvalidUtf8(bytes('ab', [0xe2, 0x82]), false)).toBe(-1);
    expect(firstInvalidUtf8(bytes('ab', [0xe2, 0x82]), true)).toBe(2);
    expect(firstInvalidUtf8(bytes([0xed, 0xa0, 0x80]), true)).toBe(0); // surrogate
    expect(firstInvalidUtf8(bytes([0xc0, 0x80]), true)).toBe(0); // overlong
    expect(firstInvalidUtf8(bytes([0xf4, 0x90, 0x80, 0x80]), true)).toBe(0); // > U+10FFFF
  });
});

describe('binaries and spreadsheets are refused', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['x.xlsx', bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 8, 8]), /^x\.xlsx looks like an Excel workbook \(\.xlsx\), not CSV/],
    ['x.xls', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /^x\.xls looks like an Excel workbook \(\.xls\), not CSV/],
    ['x.pdf', bytes('%PDF-1.7\n%\u00e2\u00e3'), /^x\.pdf looks like a PDF, not CSV/],
    ['x.bin', bytes('a,b\n', [0, 1, 2, 0, 0, 0, 7, 0, 0, 0]), /^x\.bin looks like a binary file, not CSV text/],
  ];
  for (const [file, b, re] of cases) {
    it(file, async () => {
      const err = await rejection(load(b, { file }, 3));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(re);
      expect(err.message).not.toContain('\n');
    });
  }

  it('NUL bytes after the sniff window, with an explicit 8-bit encoding', async () => {
    const b = bytes('a,b\n'.repeat(20_000), 'c,', [0], '\n');
    for (const encoding of ['auto', 'utf-8', 'windows-1252'] as const) {
      const err = await rejection(load(b, { file: 'n.csv', encoding }, 4096));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain('NUL bytes (line 20001)');
    }
  });

  it('unreadable files become InputErrors', async () => {
    const { createReadStream } = await import('node:fs');
    const { openCsv } = await import('../../src/records/csv/index.js');
    const err = await rejection(openCsv(createReadStream('/nonexistent/dir/x.csv'), { file: 'x.csv' }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('x.csv: no such file; check the path');
  });
});

describe('options', () => {
  it('an unknown encoding is a UsageError', async () => {
    const { UsageError } = await import('../../src/util/errors.js');
    const err = await rejection(decodeAll(utf8('a'), { file: 'f', encoding: 'ebcdic' as never }));
    expect(err).toBeInstanceOf(UsageError);
  });
});
