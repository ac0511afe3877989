import { describe, expect, it } from 'vitest';
import { CsvTokenizer, tokenize, type CsvRow } from '../../src/records/csv/tokenizer.js';
import { UsageError } from '../../src/util/errors.js';
import { load, utf8 } from './helpers.js';

/** Tokenizes `text` fed in pieces of `size` characters. */
function tokChunks(text: string, size: number, delimiter = ','): CsvRow[] {
  const t = new CsvTokenizer({ delimiter });
  const rows: CsvRow[] = [];
  for (let i = 0; i < text.length; i += size) rows.push(...t.push(text.slice(i, i + size)));
  rows.push(...t.end());
  return rows;
}

const shape = (rows: CsvRow[]) => rows.map((r) => [r.line, r.endLine, r.fields, r.issues.map((i) => [i.code, i.column])]);

describe('tokenizer', () => {
  it('splits simple rows with any line ending', () => {
    expect(tokenize('a,b\r\nc,d\ne,f\rg,h').map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
      [3, ['e', 'f']],
      [4, ['g', 'h']],
    ]);
  });

  it('handles quoted fields with delimiters, newlines and escaped quotes', () => {
    const rows = tokenize('"a,1","x\r\ny\nz\rw","say ""hi"""\r\n"",plain,""""\n');
    expect(rows).toEqual([
      { fields: ['a,1', 'x\r\ny\nz\rw', 'say "hi"'], line: 1, endLine: 4, issues: [] },
      { fields: ['', 'plain', '"'], line: 5, endLine: 5, issues: [] },
    ]);
  });

  it('keeps empty fields and rows; no row after a final newline', () => {
    expect(tokenize('a,,\n\n,\n').map((r) => r.fields)).toEqual([['a', '', ''], [''], ['', '']]);
    expect(tokenize('a,b,')).toEqual([{ fields: ['a', 'b', ''], line: 1, endLine: 1, issues: [] }]);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('\r\n').map((r) => r.fields)).toEqual([['']]);
  });

  it('reports stray quotes and keeps the text as written', () => {
    const rows = tokenize('ab"c,d\n"x" y,z\n"q"r"s",t\n');
    expect(rows.map((r) => r.fields)).toEqual([['ab"c', 'd'], ['x y', 'z'], ['qr"s"', 't']]);
    expect(rows.map((r) => r.issues.map((i) => [i.code, i.column]))).toEqual([
      [['stray_quote', 1]],
      [['stray_quote', 1]],
      [['stray_quote', 1]],
    ]);
    expect(rows[1]!.issues[0]!.message).toMatch(/after the closing quote/);
    // What to do about it, in the export; not "kept as written": the row is rejected.
    expect(rows[0]!.issues[0]!.message).toBe('stray quote in column 1: a quote inside a field that does not start with one, so the row cannot be read for certain; in the export, quote the whole field and write each quote inside it as ""');
    // One issue per field, even with several quotes in it.
    expect(tokenize('a"b"c"d,e')[0]!.issues).toHaveLength(1);
  });

  it('reports an unclosed quote with the line where it opened', () => {
    const text = 'h1,h2\n1,2\n3,"never\nclosed,4\n5,6\n';
    const rows = tokenize(text);
    expect(rows).toHaveLength(3);
    const last = rows[2]!;
    expect(last.line).toBe(3);
    expect(last.fields).toEqual(['3', 'never\nclosed,4\n5,6\n']);
    expect(last.issues).toEqual([
      expect.objectContaining({ code: 'unclosed_quote', column: 2 }),
    ]);
    expect(last.issues[0]!.message).toMatch(/^quote opened on line 3 is never closed/);
    const multi = tokenize('a,b\n"x\ny","z\n\n\nw');
    expect(multi[1]!.issues[0]!.message).toMatch(/^quote opened on line 3 is never closed/);
  });

  it('supports other single-character delimiters', () => {
    for (const d of [';', '\t', '|']) {
      const rows = tokenize(`a${d}"b${d}c"${d}d\n1${d}2${d}3`, { delimiter: d });
      expect(rows.map((r) => r.fields)).toEqual([['a', `b${d}c`, 'd'], ['1', '2', '3']]);
    }
    expect(() => new CsvTokenizer({ delimiter: ',,' })).toThrow(UsageError);
    expect(() => new CsvTokenizer({ delimiter: '"' })).toThrow(UsageError);
    expect(() => new CsvTokenizer({ delimiter: '\n' })).toThrow(UsageError);
  });

  it('tracks the current line for error reporting', () => {
    const t = new CsvTokenizer();
    t.push('a,b\r');
    expect(t.line).toBe(2);
    t.push('\n"x\r');
    expect(t.line).toBe(3);
    t.push('\ny');
    expect(t.line).toBe(3);
    t.push('\r\n');
    expect(t.line).toBe(4);
  });
});

describe('chunk boundaries', () => {
  const samples = [
    'a,b,c\r\n1,"two\r\nlines",3\r\n"x""y""",,"""z"""\r\n',
    'a,b\r\rc,d\n\r\ne,"f\r\r\n\ng"\r"h""",i',
    'h\n"""",""""""\n"a""b","c""""d"\n',
    'x,"ab""',
    '"unclosed\r\nline,2\r\n',
    'p,q"r,"s" t\r\nu,v\r',
    'é,€,𝄞\r\n"é\r\n€","𝄞"""\n',
  ];
  for (const [k, text] of samples.entries()) {
    it(`string sample ${k}: pieces of 1, 2, 3, 7 chars give identical rows`, () => {
      const whole = shape(tokChunks(text, text.length || 1));
      for (const size of [1, 2, 3, 7]) expect(shape(tokChunks(text, size)), `size ${size}`).toEqual(whole);
    });
  }

  it('every cut position gives the same rows (CR|LF and ""-splits included)', () => {
    const text = 'a,"b""c"\r\n"d\r\ne",f\r\r\n"g""",h\n';
    const whole = shape(tokenize(text));
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        const t = new CsvTokenizer();
        const rows = [...t.push(text.slice(0, i)), ...t.push(text.slice(i, j)), ...t.push(text.slice(j)), ...t.end()];
        expect(shape(rows), `cuts ${i},${j}`).toEqual(whole);
      }
    }
  });

  it('openCsv: byte pieces of 1, 2, 3, 7 give identical tables (multi-byte UTF-8 and CR|LF split)', async () => {
    const text =
      'ref,name,notes\r\n' +
      'A1,Zoë,"line one\r\nline two, with ""quotes"""\r\n' +
      'A2,Łukasz 𝄞,€5 £3\r\n' +
      '\r\n' +
      'A3,"a\rb",c\r' +
      'A4,x,"stray" q\n' +
      'A5,ragged\n';
    const bytes = utf8(text);
    const whole = await load(bytes);
    expect(whole.rows.map((r) => r.line)).toEqual([2, 4, 6, 8, 9]);
    for (const size of [1, 2, 3, 7]) {
      const got = await load(bytes, {}, size);
      expect(got.table, `size ${size}`).toMatchObject({
        header: whole.table.header,
        headerLine: whole.table.headerLine,
        encoding: 'utf-8',
        issues: whole.table.issues,
      });
      expect(got.rows, `size ${size}`).toEqual(whole.rows);
    }
  });

  it('openCsv: a file larger than the sniff window streams identically in small pieces', async () => {
    let text = 'id,text\n';
    for (let i = 0; text.length < 150_000; i++) text += `${i},"ünïcödé ${i}\r\nsecond line ""q"" 𝄞"\r\n`;
    const bytes = utf8(text);
    const whole = await load(bytes);
    expect(whole.rows.length).toBeGreaterThan(2000);
    expect(whole.rows.every((r, i) => r.line === 2 + 2 * i && r.issues.length === 0)).toBe(true);
    for (const size of [7, 1000, 65_535]) {
      const got = await load(bytes, {}, size);
      expect(got.rows.length).toBe(whole.rows.length);
      expect(got.rows).toEqual(whole.rows);
    }
  });
});
