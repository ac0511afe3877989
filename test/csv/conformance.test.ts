/**
 * Real-world and community fixtures: csv-spectrum, csvlint.rb, and the DfE EHCP statistics CSVs.
 * The shared fixtures dir must exist (see helpers.sharedDir): a missing dir fails, never skips.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { externalPath, load, readExternal, rejection } from './helpers.js';

describe('shared fixtures', () => {
  it('are present (set EHCP_SHARED if they live elsewhere)', () => {
    expect(() => externalPath('csv-spectrum', 'csvs')).not.toThrow();
    expect(() => externalPath('csvlint-fixtures', 'fixtures')).not.toThrow();
    expect(() => externalPath('dfe-ehcp-stats-2025')).not.toThrow();
  });
});

describe('csv-spectrum', () => {
  const dir = externalPath('csv-spectrum', 'csvs');
  const names = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();

  it('has the expected files', () => {
    expect(names.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of names) {
    const base = name.replace(/\.csv$/, '');
    for (const chunk of [0, 1, 5]) {
      it(`${base} (chunk ${chunk || 'whole'})`, async () => {
        const json = JSON.parse(readFileSync(externalPath('csv-spectrum', 'json', `${base}.json`), 'utf8')) as unknown;
        let expected = (Array.isArray(json) ? json : [json]) as Record<string, string>[];
        if (base === 'location_coordinates') {
          // Upstream quirk (SOURCE.md): the JSON's phone number does not match the CSV.
          expected = expected.map((r) => ({ ...r, 'Contact Phone Number': '2095257564' }));
        }
        const { table, rows } = await load(readExternal('csv-spectrum', 'csvs', name), { file: name }, chunk);
        expect(table.delimiter).toBe(',');
        expect(table.encoding).toBe('utf-8');
        expect(table.issues).toEqual([]);
        const got = rows.map((r) => {
          if (base === 'location_coordinates') {
            // 37°36'37.8"N: a bare quote inside an unquoted field is a stray quote (RFC 4180, as
            // csvlint reports it); the text is kept as written, but the row is flagged.
            expect(r.issues.map((i) => [i.code, i.column, i.fatal])).toEqual([['stray_quote', 2, true]]);
          } else {
            expect(r.issues).toEqual([]);
          }
          return Object.fromEntries(table.header.map((h, i) => [h, r.fields[i]]));
        });
        expect(got).toEqual(expected);
      });
    }
  }

  it('reports the physical start line of rows after a multi-line field', async () => {
    const { rows } = await load(readExternal('csv-spectrum', 'csvs', 'newlines_crlf.csv'));
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5]);
    const q = await load(readExternal('csv-spectrum', 'csvs', 'quotes_and_newlines.csv'));
    expect(q.rows.map((r) => r.line)).toEqual([2, 5]);
  });
});

describe('csvlint fixtures', () => {
  const fx = (name: string): Uint8Array => readExternal('csvlint-fixtures', 'fixtures', name);

  it('CR, LF, CRLF and mixed line endings all give the same rows', async () => {
    const files = [
      'cr-line-endings.csv',
      'lf-line-endings.csv',
      'crlf-line-endings.csv',
      'inconsistent-line-endings.csv',
      'inconsistent-line-endings-unquoted.csv',
    ];
    for (const f of files) {
      for (const chunk of [0, 1, 2, 3, 7]) {
        const { table, rows } = await load(fx(f), { file: f }, chunk);
        expect(table.header, f).toEqual(f.startsWith('cr-') ? ['Foo', 'Bar', 'Baz'] : ['Foo', 'Bsr', 'Baz']);
        expect(table.headerLine).toBe(1);
        expect(table.issues, f).toEqual([]);
        expect(
          rows.map((r) => [r.line, r.fields, r.issues]),
          `${f} chunk ${chunk}`,
        ).toEqual([
          [2, ['Biff', 'Baff', 'Boff'], []],
          [3, ['Qux', 'Teaspoon', 'Doge'], []],
        ]);
      }
    }
    const w = await load(fx('windows-line-endings.csv'));
    expect(w.table.header).toEqual(['a', 'b', 'c']);
    expect(w.rows.map((r) => r.fields)).toEqual([['d', 'e', 'f']]);
  });

  it('happy paths (valid.csv, "white space in filename.csv") have no issues', async () => {
    for (const f of ['valid.csv', 'white space in filename.csv', 'valid_many_rows.csv']) {
      const { table, rows } = await load(fx(f), { file: f });
      expect(table.header).toEqual(['Foo', 'Bar', 'Baz']);
      expect(table.issues).toEqual([]);
      expect(rows.every((r) => r.issues.length === 0)).toBe(true);
      expect(rows.length).toBe(f === 'valid_many_rows.csv' ? 6 : 2);
    }
  });

  it('invalid-byte-sequence.csv: invalid_encoding InputError under utf-8, decodes under windows-1252', async () => {
    const f = 'invalid-byte-sequence.csv';
    const err = await rejection(load(fx(f), { file: f, encoding: 'utf-8' }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      `${f}: invalid UTF-8 at line 1 (invalid_encoding); re-run with --encoding windows-1252 if the export is from Excel/Windows`,
    );

    const w = await load(fx(f), { file: f, encoding: 'windows-1252' });
    expect(w.table.encoding).toBe('windows-1252');
    expect(w.table.header.slice(0, 6)).toEqual([
      'Data', 'Dependencia Origem', 'Histórico', 'Data do Balancete', 'Número do documento', 'Valor',
    ]);
    expect(w.rows[1]!.fields[2]).toBe('Transferência on line - 01/11 4885     256620-6 XXXXXXXXXXXXX');

    // auto: the sniff sees invalid UTF-8 and reads windows-1252, with a non-fatal note.
    const a = await load(fx(f), { file: f });
    expect(a.table.encoding).toBe('windows-1252');
    expect(a.table.header).toEqual(w.table.header);
    expect(a.table.issues).toContainEqual(
      expect.objectContaining({ code: 'invalid_encoding', fatal: false, line: 1, file: f }),
    );
    // Header ends with a comma: an unnamed 7th column.
    expect(a.table.issues).toContainEqual(
      expect.objectContaining({ code: 'empty_column_name', column: 7, fatal: false }),
    );
    expect(a.rows.length).toBe(w.rows.length);
    expect(a.rows.every((r) => r.issues.length === 0)).toBe(true);
  });

  it('title-row.csv: title row skipped with a title_row warning', async () => {
    const { table, rows } = await load(fx('title-row.csv'), { file: 'title-row.csv' });
    expect(table.header).toEqual(['Foo', 'Bsr', 'Baz']);
    expect(table.headerLine).toBe(2);
    expect(table.issues).toEqual([
      expect.objectContaining({ code: 'title_row', line: 1, fatal: false, file: 'title-row.csv' }),
    ]);
    expect(table.issues[0]!.message).toContain('This is a title row');
    expect(rows.map((r) => [r.line, r.fields])).toEqual([
      [3, ['Biff', 'Baff', 'Boff']],
      [4, ['Qux', 'Teaspoon', 'Doge']],
    ]);
  });

  it('invalid_many_rows.csv: stray quote on line 4, blank rows on lines 8 and 11', async () => {
    const f = 'invalid_many_rows.csv';
    for (const chunk of [0, 1, 3]) {
      const { table, rows } = await load(fx(f), { file: f }, chunk);
      expect(table.header).toEqual(['Foo', 'Bar', 'Baz']);
      expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 9, 10, 12]);
      const bad = rows.filter((r) => r.issues.length > 0);
      expect(bad.map((r) => r.line)).toEqual([4]);
      expect(bad[0]!.fields).toEqual(['1', '2', '3 "']);
      expect(bad[0]!.issues).toEqual([
        expect.objectContaining({ file: f, line: 4, column: 3, field: 'Baz', code: 'stray_quote', fatal: true }),
      ]);
      expect(table.issues.map((i) => [i.code, i.line, i.fatal])).toEqual([
        ['blank_row', 8, false],
        ['blank_row', 11, false],
      ]);
      expect(rows.find((r) => r.line === 5)!.fields).toEqual(['3', 'two', '1']);
    }
  });

  it('spreadsheets are refused with a one-line message', async () => {
    for (const [f, ext] of [['spreadsheet.xlsx', '.xlsx'], ['spreadsheet.xls', '.xls']] as const) {
      for (const encoding of ['auto', 'utf-8', 'windows-1252'] as const) {
        const err = await rejection(load(fx(f), { file: f, encoding }));
        expect(err).toBeInstanceOf(InputError);
        expect(err.message).toBe(
          `${f} looks like an Excel workbook (${ext}), not CSV: save it as 'CSV UTF-8' from Excel and try again`,
        );
        expect(err.message).not.toContain('\n');
      }
    }
  });
});

describe('DfE EHCP statistics 2025', () => {
  for (const name of ['annual_reviews.csv', 'timeliness_20_week.csv']) {
    it(`${name}: BOM, CRLF, all rows`, async () => {
      const bytes = readExternal('dfe-ehcp-stats-2025', name);
      expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xef, 0xbb, 0xbf]);
      let lf = 0;
      for (const b of bytes) if (b === 10) lf++;
      const table = await (await import('../../src/records/csv/index.js')).openCsv(
        (async function* () {
          // A realistic stream: 64 KiB pieces, as fs.createReadStream gives.
          for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
        })(),
        { file: name },
      );
      expect(table.encoding).toBe('utf-8');
      expect(table.delimiter).toBe(',');
      expect(table.headerLine).toBe(1);
      expect(table.header[0]).toBe('time_period');
      expect(table.header.join('')).not.toContain('\uFEFF');
      let n = 0;
      let last = 0;
      for await (const r of table.rows) {
        n++;
        expect(r.issues).toEqual([]);
        expect(r.fields.length).toBe(table.header.length);
        expect(r.line).toBe(last === 0 ? 2 : last + 1);
        last = r.line;
      }
      expect(n).toBe(lf - 1); // `wc -l` minus the header
      expect(new Set(table.header).size).toBe(table.header.length);
      if (name === 'annual_reviews.csv') {
        expect(table.header.length).toBe(34);
        const dup = table.issues.filter((i) => i.code === 'duplicate_column_name');
        expect(dup).toHaveLength(1);
        expect(dup[0]).toMatchObject({ file: name, line: 1, fatal: false, field: 'review_meeting_prior_24 (2)' });
        const first = table.header.indexOf('review_meeting_prior_24') + 1;
        expect(dup[0]!.message).toContain(`column ${first}`);
        expect(dup[0]!.message).toContain(`column ${dup[0]!.column}`);
        expect(table.header).toContain('review_meeting_prior_24 (2)');
        expect(table.issues).toHaveLength(1);
      } else {
        expect(table.issues).toEqual([]);
      }
    });
  }

  it('has the files SOURCE.md describes as present here', () => {
    const dir = externalPath('dfe-ehcp-stats-2025');
    expect(readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()).toEqual(
      expect.arrayContaining(['annual_reviews.csv', 'timeliness_20_week.csv']),
    );
    expect(path.basename(dir)).toBe('dfe-ehcp-stats-2025');
  });
});
