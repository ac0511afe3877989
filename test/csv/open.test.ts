import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../src/records/csv/dialect.js';
import { openCsv, parseDelimiter } from '../../src/records/csv/index.js';
import { InputError } from '../../src/util/errors.js';
import { load, rejection, utf8 } from './helpers.js';

describe('header', () => {
  it('names empty columns "Column N" and de-duplicates repeated names', async () => {
    const { table } = await load('ref, Name ,,name,Name,Name (2),\n1,2,3,4,5,6,7\n', { file: 'p.csv' });
    expect(table.header).toEqual(['ref', 'Name', 'Column 3', 'name', 'Name (3)', 'Name (2)', 'Column 7']);
    expect(table.issues).toEqual([
      { file: 'p.csv', line: 1, column: 3, field: 'Column 3', code: 'empty_column_name', fatal: false, message: 'column 3 has no name; it is called "Column 3"' },
      {
        file: 'p.csv', line: 1, column: 5, field: 'Name (3)', code: 'duplicate_column_name', fatal: false,
        message: 'column 5 repeats the name "Name" of column 2; it is called "Name (3)"',
      },
      { file: 'p.csv', line: 1, column: 7, field: 'Column 7', code: 'empty_column_name', fatal: false, message: 'column 7 has no name; it is called "Column 7"' },
    ]);
  });

  it('skips a title row (and blank lines after it) with a warning', async () => {
    const { table, rows } = await load('"EHC plans, March 2025",,,\n,,,\nref,name,year,need\nA1,Ann,7,ASD\n');
    expect(table.header).toEqual(['ref', 'name', 'year', 'need']);
    expect(table.headerLine).toBe(3);
    expect(table.issues.map((i) => [i.code, i.line])).toEqual([
      ['title_row', 1],
      ['blank_row', 2],
    ]);
    expect(rows).toEqual([{ fields: ['A1', 'Ann', '7', 'ASD'], line: 4, issues: [] }]);
  });

  it('does not mistake a one-column file or a sparse header for a title', async () => {
    const one = await load('ref\nA1\nA2\n');
    expect(one.table.header).toEqual(['ref']);
    expect(one.rows.map((r) => r.fields)).toEqual([['A1'], ['A2']]);
    expect(one.table.issues).toEqual([]);
    const sparse = await load('ref,,,\n1,,,\n2,,,\n');
    expect(sparse.table.header[0]).toBe('ref');
    expect(sparse.table.issues.map((i) => i.code)).toEqual(['empty_column_name', 'empty_column_name', 'empty_column_name']);
    expect(sparse.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('skips leading blank lines before the header', async () => {
    const { table, rows } = await load('\n  \nref,x\n1,2\n');
    expect(table.headerLine).toBe(3);
    expect(table.issues.map((i) => [i.code, i.line])).toEqual([
      ['blank_row', 1],
      ['blank_row', 2],
    ]);
    expect(rows.map((r) => r.line)).toEqual([4]);
  });

  it('an empty file, a BOM alone or only whitespace: "FILE is empty: no header row"', async () => {
    for (const b of [new Uint8Array(0), new Uint8Array([0xef, 0xbb, 0xbf]), utf8(' \r\n\t\n'), utf8(',,\n"",""\n')]) {
      const err = await rejection(load(b, { file: 'e.csv' }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe('e.csv is empty: no header row');
    }
  });

  it('a header with only a header row has no data rows', async () => {
    const { table, rows } = await load('a,b');
    expect(table.header).toEqual(['a', 'b']);
    expect(rows).toEqual([]);
  });

  it('an unclosed quote in the header is an InputError', async () => {
    const err = await rejection(load('a,"b\n1,2\n'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(`test.csv:1: the header's quote opened on line 1 in column 2 is never closed, so the rest of the file was read as one column name: fix the header (close the quote, or write a quote inside a column name as "")`);
  });
});

describe('data rows', () => {
  it('blank rows (including all-empty quoted fields) are skipped with a warning', async () => {
    const { table, rows } = await load('a,b\n1,2\n\n"",""\n , \n3,4\n');
    expect(rows.map((r) => r.line)).toEqual([2, 6]);
    expect(table.issues).toEqual([2, 3, 4].map((n) => expect.objectContaining({ code: 'blank_row', line: n + 1, fatal: false })));
  });

  it('ragged rows are fatal, with the counts in the message, what may have caused it and what to do', async () => {
    const { rows } = await load('a,b,c,d,e,f,g\n1,2,3,4,5\n1,2,3,4,5,6,7,8\n1,2,3,4,5,6,7\n1,2,3,4,5,6,7,\n1,2,3,4,5,6,7, ,\n', { file: 'r.csv' });
    const ends = "in the export, end each row at its last field and quote any field that holds a comma";
    expect(rows.map((r) => r.issues)).toEqual([
      [{ file: 'r.csv', line: 2, column: 6, field: 'f', code: 'ragged_row', fatal: true, message: 'row has 5 fields, header has 7: the row ends early (a line break in a field that is not quoted splits a row in two), so its cells cannot be matched to columns for certain; in the export, quote any field that holds a line break, and write every column of a row, empty or not' }],
      [{ file: 'r.csv', line: 3, column: 8, code: 'ragged_row', fatal: true, message: 'row has 8 fields, header has 7: a comma in a field that is not quoted moves the cells after it, so they cannot be matched to columns for certain; in the export, quote any field that holds a comma' }],
      [],
      [{ file: 'r.csv', line: 5, column: 8, code: 'ragged_row', fatal: true, message: `row has 8 fields, header has 7: the extra field is empty (a comma at the end of the row?), but it may be a comma in a field that is not quoted, so the row cannot be read for certain; ${ends}` }],
      [{ file: 'r.csv', line: 6, column: 8, code: 'ragged_row', fatal: true, message: `row has 9 fields, header has 7: the 2 extra fields are empty (commas at the end of the row?), but it may be a comma in a field that is not quoted, so the row cannot be read for certain; ${ends}` }],
    ]);
    // The delimiter is named as the export has it.
    const semi = await load('a;b\n1;2;\n', { file: 's.csv' });
    expect(semi.rows[0]!.issues[0]!.message).toContain('(a semicolon at the end of the row?)');
  });

  it('stray and unclosed quotes are fatal row issues with the field name', async () => {
    const { rows } = await load('ref,notes\nA1,say "hi"\nA2,"ok"\nA3,"never closed\nA4,x\n', { file: 'q.csv' });
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows[0]!.issues).toEqual([expect.objectContaining({ code: 'stray_quote', line: 2, column: 2, field: 'notes', fatal: true })]);
    expect(rows[1]!.issues).toEqual([]);
    expect(rows[2]!.issues).toEqual([
      expect.objectContaining({ code: 'unclosed_quote', line: 4, column: 2, field: 'notes', fatal: true }),
    ]);
    expect(rows[2]!.issues[0]!.message).toMatch(/^quote opened on line 4 is never closed/);
    expect(rows[2]!.fields).toEqual(['A3', 'never closed\nA4,x\n']);
  });

  it('rows are streamed: an endless input is fine, and breaking out closes it', async () => {
    let produced = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        yield utf8('ref,n\n');
        for (let i = 0; ; i++) {
          produced++;
          yield utf8(`R${i},${i}\n`.repeat(100));
        }
      } finally {
        closed = true;
      }
    }
    const table = await openCsv(endless(), { file: 'inf.csv' });
    let n = 0;
    for await (const r of table.rows) {
      expect(r.fields[0]).toMatch(/^R\d+$/);
      if (++n === 50_000) break;
    }
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(2000);
  });

  it('uses the given delimiter, or detects it', async () => {
    const semi = await load('ref;amount;note\nA1;1,5;"x;y"\nA2;2,25;z\n');
    expect(semi.table.delimiter).toBe(';');
    expect(semi.rows.map((r) => r.fields)).toEqual([['A1', '1,5', 'x;y'], ['A2', '2,25', 'z']]);
    const forced = await load('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(forced.table.header).toEqual(['a;b', 'c']);
    const tab = await load('a\tb\n1\t2\n', { delimiter: 'tab' });
    expect(tab.table.delimiter).toBe('\t');
    expect(parseDelimiter('\\t')).toBe('\t');
    expect(parseDelimiter('semicolon')).toBe(';');
  });
});

describe('detectDelimiter', () => {
  it('picks the delimiter with a consistent field count', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n', { complete: true })).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n4;5,5;6\n', { complete: true })).toBe(';');
    expect(detectDelimiter('a\tb\tc\n"x, y"\t2\t3\n', { complete: true })).toBe('\t');
    expect(detectDelimiter('a|b\n"1|2,3"|4\n', { complete: true })).toBe('|');
    expect(detectDelimiter('name;comment\nA;"hello, world, again"\nB;ok\n', { complete: true })).toBe(';');
    expect(detectDelimiter('"multi\nline; here",b\n1,2\n', { complete: true })).toBe(',');
  });

  it('ignores a cut-off last line unless the sample is complete; defaults to ","', () => {
    expect(detectDelimiter('a;b\n1;2\n3;4\n5,6,7,8,9,', { complete: false })).toBe(';');
    expect(detectDelimiter('ref\nA1\n', { complete: true })).toBe(',');
    expect(detectDelimiter('', { complete: true })).toBe(',');
    expect(detectDelimiter('a;b;c', { complete: false })).toBe(';');
  });

  it('is not thrown by a title row', () => {
    expect(detectDelimiter('Plans March 2025\nref;name;year\n1;2;3\n4;5;6\n', { complete: true })).toBe(';');
  });
});
