/**
 * `validate` scenarios (markdownlint-cli2 style): arguments, expected exit code, and the lines the
 * user must see. Lines come from fixtures/bad/README.md, which says where each fault is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';

const MAP = ['--map', 'fixtures/example-export.map.yaml', '--as-of', '26/11/2026'];

interface Scenario {
  name: string;
  args: string[];
  exit: number;
  stdout?: (string | RegExp)[];
  stderr?: (string | RegExp)[];
  counts?: { read: number; valid: number; rejected: number };
}

const scenarios: Scenario[] = [
  { name: 'the example export loads whole', args: ['validate', 'fixtures/example-export.csv', '--as-of', '26/11/2026'], exit: 0, counts: { read: 70, valid: 70, rejected: 0 }, stdout: ['OK: every record loaded.'] },
  { name: 'the YAML twin loads whole (native records)', args: ['validate', 'fixtures/example-export.yaml', '--as-of', '26/11/2026'], exit: 0, counts: { read: 70, valid: 70, rejected: 0 } },
  { name: 'the JSON Lines twin loads whole', args: ['validate', 'fixtures/example-export.jsonl', '--as-of', '26/11/2026'], exit: 0, counts: { read: 70, valid: 70, rejected: 0 } },
  { name: 'ragged row', args: ['validate', 'fixtures/bad/ragged-row.csv', ...MAP], exit: 1, counts: { read: 4, valid: 3, rejected: 1 }, stdout: ['fixtures/bad/ragged-row.csv:19: row has 43 fields, header has 44'] },
  { name: 'unclosed quote names the line it opened on', args: ['validate', 'fixtures/bad/unclosed-quote.csv', ...MAP], exit: 1, counts: { read: 3, valid: 2, rejected: 1 }, stdout: [/unclosed-quote\.csv:19: \[EHCP-2026-00003\] quote opened on line 19 is never closed/] },
  { name: 'blank rows are skipped and reported', args: ['validate', 'fixtures/bad/blank-rows.csv', ...MAP], exit: 0, counts: { read: 3, valid: 3, rejected: 0 }, stdout: ['blank-rows.csv:11: blank_row', 'blank-rows.csv:20: blank_row', 'blank-rows.csv:30: blank_row'] },
  { name: 'a title row above the header', args: ['validate', 'fixtures/bad/title-row.csv', ...MAP], exit: 0, counts: { read: 3, valid: 3, rejected: 0 }, stdout: ['title-row.csv:1: title_row'] },
  { name: 'duplicate column names', args: ['validate', 'fixtures/bad/duplicate-columns.csv', ...MAP], exit: 0, stdout: [/duplicate-columns\.csv:1:45: duplicate_column_name: .*"Final Issued".*column 18/] },
  { name: 'an empty column name', args: ['validate', 'fixtures/bad/empty-column-name.csv', ...MAP], exit: 0, stdout: ['empty-column-name.csv:1:45: empty_column_name'] },
  {
    name: 'invalid dates are errors, never guessed',
    args: ['validate', 'fixtures/bad/invalid-dates.csv', ...MAP],
    exit: 1,
    counts: { read: 4, valid: 1, rejected: 3 },
    stdout: [/invalid-dates\.csv:2: .*'31\/02\/2024' is not a real date/, /invalid-dates\.csv:11: .*'2024-13-01' has month 13/, /invalid-dates\.csv:19: .*'02\/28\/2024' has month 28.*month-first/],
  },
  { name: 'dates in the future are warnings', args: ['validate', 'fixtures/bad/future-dates.csv', ...MAP], exit: 0, counts: { read: 3, valid: 3, rejected: 0 }, stdout: [/future-dates\.csv:11:18: future_date: .*14\/06\/2030/] },
  {
    name: 'duplicate plan references: both reported, the second rejected',
    args: ['validate', 'fixtures/bad/duplicate-refs.csv', ...MAP],
    exit: 1,
    counts: { read: 4, valid: 3, rejected: 1 },
    stdout: [/duplicate-refs\.csv:28: .*duplicate plan reference 'EHCP-2026-00002': also on line 11/, /duplicate-refs\.csv:11: duplicate_ref/],
  },
  { name: 'Windows-1252 is detected', args: ['validate', 'fixtures/bad/windows-1252.csv', ...MAP], exit: 0, counts: { read: 3, valid: 3, rejected: 0 }, stdout: ['(csv, windows-1252,'] },
  { name: 'UTF-16LE with a BOM is detected', args: ['validate', 'fixtures/bad/utf16le.csv', ...MAP], exit: 0, counts: { read: 3, valid: 3, rejected: 0 }, stdout: ['(csv, utf-16le,'] },
  { name: 'a semicolon delimiter is detected', args: ['validate', 'fixtures/bad/semicolon.csv', ...MAP], exit: 0, counts: { read: 3, valid: 3, rejected: 0 }, stdout: ["delimiter ';'"] },
  {
    // At the value's line, quoting a coded value (not plan text: Section E's outcome is not quoted).
    name: 'wrong types in YAML name the record and the path, at the value\'s line, quoting a coded value',
    args: ['validate', 'fixtures/bad/wrong-types.yaml', '--as-of', '26/11/2026'],
    exit: 1,
    counts: { read: 4, valid: 1, rejected: 3 },
    stdout: [
      "wrong-types.yaml:8: [EHCP-2024-00001] child.ncYear: 'seven' is not a number\n",
      "wrong-types.yaml:98: [EHCP-2026-00002] child.lookedAfter: 'maybe' is not true or false\n",
      'wrong-types.yaml:216: [EHCP-2026-00003] e: expected a list, found text\n',
    ],
  },
  { name: 'a billion-laughs YAML is refused', args: ['validate', 'fixtures/bad/billion-laughs.yaml'], exit: 2, stderr: [/^error: fixtures\/bad\/billion-laughs\.yaml: refused: too many YAML aliases/] },
  { name: 'a binary file is refused', args: ['validate', 'fixtures/bad/binary.csv', ...MAP], exit: 2, stderr: [/^error: fixtures\/bad\/binary\.csv looks like a binary file/] },
  { name: 'a spreadsheet is refused', args: ['validate', 'fixtures/bad/not-csv.xlsx', ...MAP], exit: 2, stderr: [/^error: fixtures\/bad\/not-csv\.xlsx: this is a spreadsheet/] },
  { name: 'a spreadsheet renamed .csv is refused', args: ['validate', '../shared/external/csvlint-fixtures/fixtures/spreadsheet.xls', '--input-format', 'csv', ...MAP], exit: 2, stderr: [/^error: .*spreadsheet\.xls.*(Excel|spreadsheet)/i] },
  { name: 'a missing file', args: ['validate', 'fixtures/nope.csv'], exit: 2, stderr: ['error: fixtures/nope.csv: no such file; check the path'] },
  { name: 'a CSV without a mapping says what to do', args: ['validate', 'fixtures/bad/ragged-row.csv'], exit: 2, stderr: [/no column mapping: give --map FILE.*ehcp-audit init/] },
  { name: 'a bad --as-of is a usage error', args: ['validate', 'fixtures/example-export.csv', '--as-of', '31/02/2026'], exit: 2, stderr: [/--as-of: '31\/02\/2026' is not a real date/] },
  {
    name: 'a year-first --as-of is told how to write it, not sent to a mapping',
    args: ['validate', 'fixtures/example-export.csv', '--as-of', '2026/11/26'],
    exit: 2,
    stderr: ["error: --as-of: '2026/11/26' is year-first, which is read only as yyyy-mm-dd (2026-11-26); write the date as dd/mm/yyyy or yyyy-mm-dd"],
  },
  { name: 'a date serial number as --as-of is not sent to a mapping', args: ['validate', 'fixtures/example-export.csv', '--as-of', '45234'], exit: 2, stderr: ["error: --as-of: '45234' is not a date (it looks like a spreadsheet's date serial number); write the date as dd/mm/yyyy or yyyy-mm-dd"] },
  { name: 'an --as-of with a time of day is refused', args: ['validate', 'fixtures/example-export.csv', '--as-of', '26/11/2026 10:00'], exit: 2, stderr: ["error: --as-of: '26/11/2026 10:00' has a time of day: give the date alone; write the date as dd/mm/yyyy or yyyy-mm-dd"] },
  { name: 'an --as-of with the month by name is read', args: ['validate', 'fixtures/example-export.csv', '--as-of', '26 Nov 2026'], exit: 0 },
  { name: '--max-warnings 0 counts the warnings without listing them', args: ['validate', 'fixtures/bad/future-dates.csv', ...MAP, '--max-warnings', '0'], exit: 0, stdout: ['Warnings: 1 (not listed: --max-warnings 0)'] },
  { name: '--max-warnings must be a whole number', args: ['validate', 'fixtures/bad/future-dates.csv', ...MAP, '--max-warnings=-3'], exit: 2, stderr: ["error: --max-warnings must be a whole number, 0 or more; 0 lists none but counts them (got '-3')"] },
  { name: 'an unknown option is a usage error', args: ['validate', 'fixtures/example-export.csv', '--frobnicate'], exit: 2, stderr: ["unknown option '--frobnicate'"] },
];

// Inputs written for the scenarios below: mappings with a fault, exports in UTF-16 and empty ones.
const tmp = mkdtempSync(join(tmpdir(), 'ehcp-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer): string => {
  const file = join(tmp, name);
  writeFileSync(file, content);
  return file;
};
const exampleMap = readFileSync(fixture('example-export.map.yaml'), 'utf8');
/** The example mapping with a field's line replaced (the line keeps its number: 15 for child.ncYear). */
const mapWith = (name: string, field: string, line: string): string => write(name, exampleMap.replace(new RegExp(`^  ${field.replace('.', '\\.')}: .*$`, 'm'), `  ${line}`));
/** Text as Windows PowerShell 5.1 writes it by default: UTF-16LE after a byte order mark (or big-endian). */
const utf16 = (text: string, le = true, bom = true): Buffer => {
  const b = Buffer.from(text, 'utf16le');
  if (!le) b.swap16();
  return Buffer.concat([bom ? Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), b]);
};
const jsonlText = readFileSync(fixture('example-export.jsonl'), 'utf8');
const yamlText = readFileSync(fixture('example-export.yaml'), 'utf8');
const AS_OF = ['--as-of', '26/11/2026'];
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const written: Scenario[] = [
  ...(
    [
      ['ncyear', 'child.ncYear', 'child.ncYear: { value: "Year 99" }', 26, "child.ncYear: 'Year 99' is not a National Curriculum year (N1, N2, R, 1-14)"],
      ['dob', 'child.dob', 'child.dob: { value: "31/02/2024" }', 23, 'child.dob: the date of birth cannot be read as a date in the format dd/mm/yyyy'],
      ['looked-after', 'child.lookedAfter', 'child.lookedAfter: { value: maybe }', 31, "child.lookedAfter: 'maybe' is not a yes/no value (add it to booleans in the mapping)"],
    ] as const
  ).map(([name, field, line, col, message]): Scenario => {
    const map = mapWith(`${name}.map.yaml`, field, line);
    const lineNo = exampleMap.split('\n').findIndex((l) => l.startsWith(`  ${field}:`)) + 1;
    return {
      name: `a mapping constant its field cannot take is a config error at its place (${line})`,
      args: ['validate', 'fixtures/example-export.csv', '--map', map, ...AS_OF],
      exit: 2,
      stderr: [
        `error: ${map}: invalid mapping: a value (value: or values:) its field cannot take; fix it, or map a column instead`,
        new RegExp(`^\\s+${esc(`${map}:${lineNo}:${col}: ${message}`)}`, 'm'),
      ],
    };
  }),
  {
    name: 'a yes/no word listed as both true and false is a config error at the word',
    args: ['validate', 'fixtures/example-export.csv', '--map', write('both.map.yaml', exampleMap.replace('false: [N, No, False, 0]', 'false: [N, No, False, 0, " y "]')), ...AS_OF],
    exit: 2,
    stderr: [`both.map.yaml:8:28: booleans.false.4: ' y ' is listed as both true and false; keep it in one list`],
  },
  { name: 'UTF-16LE JSON Lines with a BOM (PowerShell 5.1) is read', args: ['validate', write('u16.jsonl', utf16(jsonlText)), ...AS_OF], exit: 0, counts: { read: 70, valid: 70, rejected: 0 } },
  { name: 'UTF-16BE YAML with a BOM is read', args: ['validate', write('u16be.yaml', utf16(yamlText, false)), ...AS_OF], exit: 0, counts: { read: 70, valid: 70, rejected: 0 } },
  {
    name: 'UTF-16LE JSON with a BOM is read',
    args: ['validate', write('u16.json', utf16(`[\r\n${jsonlText.trim().split('\n').join(',\r\n')}\r\n]\r\n`)), ...AS_OF],
    exit: 0,
    counts: { read: 70, valid: 70, rejected: 0 },
  },
  {
    name: 'a fault in a UTF-16 file is named by its line',
    args: ['validate', write('u16-bad.jsonl', utf16(`${jsonlText.split('\n').slice(0, 2).join('\r\n')}\r\n{"ref": broken}\r\n`)), ...AS_OF],
    exit: 1,
    counts: { read: 3, valid: 2, rejected: 1 },
    stdout: ['u16-bad.jsonl:3: not valid JSON'],
  },
  {
    name: 'UTF-16 without a byte order mark is refused, naming the encoding',
    args: ['validate', write('u16-nobom.jsonl', utf16(jsonlText, true, false)), ...AS_OF],
    exit: 2,
    stderr: [/^error: .*u16-nobom\.jsonl: looks like UTF-16LE text without a byte order mark; save it as UTF-8/],
  },
  ...(
    [
      ['empty.json', ''],
      ['blank.json', ' \r\n\t\n'],
      ['empty.jsonl', ''],
      ['blank.jsonl', '\n\n  \n'],
      ['empty.yaml', ''],
      ['comments.yaml', '# no plans this month\n---\n'],
    ] as const
  ).map(([name, text]): Scenario => ({
    name: `an empty export is an input error, as an empty CSV is (${name}: ${JSON.stringify(text)})`,
    args: ['validate', write(name, text), ...AS_OF],
    exit: 2,
    stderr: [new RegExp(`^error: .*${esc(name)} is empty: no plans, nothing but white space( and comments)?; check the export$`)],
  })),
  { name: 'an empty CSV (the same kind of error)', args: ['validate', write('empty.csv', ''), ...MAP], exit: 2, stderr: [/^error: .*empty\.csv is empty: no header row$/] },
  // An explicit empty list is an export of no plans, as a CSV with a header and no rows is.
  { name: 'a JSON [] is read as no plans', args: ['validate', write('none.json', '[]\n'), ...AS_OF], exit: 0, counts: { read: 0, valid: 0, rejected: 0 } },
  { name: 'a YAML [] is read as no plans', args: ['validate', write('none.yaml', '[]\n'), ...AS_OF], exit: 0, counts: { read: 0, valid: 0, rejected: 0 } },
  { name: 'a CSV header with no rows is read as no plans', args: ['validate', write('header.csv', `${readFileSync(fixture('example-export.csv'), 'utf8').split('\n')[0]}\n`), ...MAP], exit: 0, counts: { read: 0, valid: 0, rejected: 0 } },
];

describe('validate', () => {
  for (const s of [...scenarios, ...written]) {
    it(s.name, () => {
      const r = runCli(s.args);
      expect(r.code, r.stderr).toBe(s.exit);
      for (const want of s.stdout ?? []) {
        if (typeof want === 'string') expect(r.stdout).toContain(want);
        else expect(r.stdout).toMatch(want);
      }
      for (const want of s.stderr ?? []) {
        if (typeof want === 'string') expect(r.stderr).toContain(want);
        else expect(r.stderr.trim()).toMatch(want);
      }
      if (s.exit === 2) {
        // A clear one-line error, never a stack trace.
        expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
        expect(r.stdout).toBe('');
      }
      if (s.counts) {
        expect(r.stdout).toContain(`records read: ${s.counts.read}   valid: ${s.counts.valid}   rejected: ${s.counts.rejected}`);
      }
    });
  }

  it('with the report in a file, the summary and where it went are on stderr (it was silent); -q silences them; with the table on stdout, no summary on stderr', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ehcp-validate-')), 'v.json');
    const r = runCli(['validate', 'fixtures/bad/invalid-dates.csv', ...MAP, '-f', `json:${out}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ehcp-audit: 4 records read, 1 valid, 3 rejected, 0 warnings\nehcp-audit: wrote json report to ${out}\n`);
    expect(runCli(['validate', 'fixtures/bad/invalid-dates.csv', ...MAP, '-f', `json:${out}`, '-q']).stderr).toBe('');
    expect(runCli(['validate', 'fixtures/bad/invalid-dates.csv', ...MAP]).stderr).toBe('');
  });

  it('a date of birth is never quoted: not in a rejection (23/13/2019 is the date with day and month swapped), not in a future-date warning', () => {
    const csv = readFileSync(fixture('example-export.csv'), 'utf8').replace('EHCP-2023-00001,C000521,Jack Brown,23/01/2019', 'EHCP-2023-00001,C000521,Jack Brown,23/13/2019');
    expect(csv).toContain('23/13/2019');
    const r = runCli(['validate', write('dob.csv', csv), ...MAP, '--as-of', '01/01/2016']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("dob.csv:2: [EHCP-2023-00001] child.dob (column 4 'DOB'): the date of birth cannot be read as a date in the format dd/mm/yyyy (ISO yyyy-mm-dd is read too)");
    expect(r.stdout).toContain("dob.csv:24:4: future_date: child.dob: the date of birth is after the as-of date");
    expect(r.stdout).not.toContain('23/13/2019');
    // Nor described: 'month 13' or 'day 30 of month 2 in 2019' spell the date out as well as quoting it.
    expect(r.stdout).not.toMatch(/month 13|day \d+ of month/);
    expect(r.stdout).not.toMatch(/child\.dob: \d/);
  });

  it('free text in a yes/no column is not quoted in its reason (it names people and places), and is not told to be added to booleans', () => {
    const csv = readFileSync(fixture('example-export.csv'), 'utf8').replace('EHCP-2023-00001,C000521,Jack Brown,23/01/2019,Year 3,Kellbrook,N,', 'EHCP-2023-00001,C000521,Jack Brown,23/01/2019,Year 3,Kellbrook,"Yes - with foster carers Mr and Mrs Patel, 12 High St, AB1 2CD",');
    expect(csv).toContain('Mr and Mrs Patel');
    const r = runCli(['validate', write('cla.csv', csv), ...MAP, '--as-of', '26/11/2026']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("child.lookedAfter (column 7 'CLA'): a value of 62 characters (not shown: it may name someone) where yes or no is expected: write yes or no in the export, or record the detail elsewhere");
    expect(r.stdout).not.toMatch(/Patel|foster/);
  });

  it('a name in a code or date cell is not quoted, a digit or a date beside it or not; a date attempt is (QA W6)', () => {
    const csv = readFileSync(fixture('example-export.csv'), 'utf8')
      .replace('EHCP-2023-00001,C000521,Jack Brown,23/01/2019,Year 3,', 'EHCP-2023-00001,C000521,Jack Brown,23/01/2019,"Jack Brown, Y3",')
      .replace(',24/03/2023,21/05/2023,27/06/2023,', ',24/03/2023,21/05/2023,sent to Mrs Brown,')
      .replace(',08/10/2017,08/12/2017,06/01/2018,', ',08/10/2017,08/12/2017,1st Feb 24,');
    expect(csv).toContain('Jack Brown, Y3');
    expect(csv).toContain('sent to Mrs Brown');
    expect(csv).toContain('1st Feb 24');
    const r = runCli(['validate', write('names.csv', csv), ...MAP, '--as-of', '26/11/2026']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("names.csv:2: [EHCP-2023-00001] child.ncYear (column 5 'NC Year'): a value of 14 characters (not shown: it may name someone) is not a National Curriculum year (N1, N2, R, 1-14)");
    expect(r.stdout).toContain("dates.finalIssued (column 18 'Final Issued'): a value of 17 characters (not shown: it may name someone) is not a date in the format dd/mm/yyyy");
    expect(r.stdout).toContain("'1st Feb 24' has a 2-digit year: write the year in full (yyyy)");
    expect(r.stdout).not.toMatch(/Mrs Brown|Jack Brown, Y3/);
  });

  it('a mapping whose ref column holds phone numbers, postcodes or email addresses is refused at its ref line, quoting none of them (QA W1)', () => {
    const map = 'mapping: 1\nfields:\n  ref: Caller\n  needs.primary: Need\n  dates.finalIssued: Final Issued\n';
    const small = write('caller.csv', 'Caller,Need,Final Issued\r\n07700 900123,ASD,01/02/2024\r\n07700 900124,SLCN,03/02/2024\r\n');
    write('caller.map.yaml', map);
    const located = /caller\.map\.yaml:3:8: ref: the column 'Caller' holds phone numbers \(2 of the first 2 plans; not shown here\), and the plan reference is printed in every report, --show-text or not: map ref to the column that identifies each plan/;
    for (const args of [['validate', small], ['audit', small, '-q', '-f', 'csv'], ['sample', small, '--seed', '1', '-q'], ['priority', small, '-q']]) {
      const r = runCli([...args, '--as-of', '26/11/2026']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(located);
      expect(r.stdout + r.stderr).not.toContain('900123');
    }
    // A larger export: its first 20 plans decide, before any report, read in one thread or in blocks by workers.
    const rows = Array.from({ length: 300 }, (_, i) => `${i === 5 ? 'P5' : `07700 9${String(i).padStart(5, '0')}`},ASD,01/02/2024`);
    const big = write('callers.csv', `Caller,Need,Final Issued\r\n${rows.join('\r\n')}\r\n`);
    write('callers.map.yaml', map);
    for (const env of [{}, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '512' }] as Record<string, string>[]) {
      const r = runCli(['audit', big, '--as-of', '26/11/2026', '-q', '--jobs', '2', '-f', 'json'], { env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("ref: the column 'Caller' holds phone numbers (19 of the first 20 plans; not shown here)");
    }
    // A mapped JSON Lines export, by its key.
    const jsonl = write('post.jsonl', ['AB1 2CD', 'XY9 8ZZ'].map((p) => JSON.stringify({ Post: p, Need: 'ASD' })).join('\n'));
    write('post.map.yaml', 'mapping: 1\nfields:\n  ref: { column: Post }\n  needs.primary: Need\n');
    const j = runCli(['validate', jsonl, '--map', join(tmp, 'post.map.yaml'), '--as-of', '26/11/2026']);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/post\.map\.yaml:3:18: ref: the column 'Post' holds postcodes \(2 of the first 2 plans; not shown here\)/);
    expect(j.stderr).not.toContain('AB1');
    // References of which a few look like postcodes are references.
    const fine = write('fine.csv', `Ref,Need\r\n${Array.from({ length: 20 }, (_, i) => (i < 3 ? `AB${i} 2CD` : `R${i}`) + ',ASD').join('\r\n')}\r\n`);
    write('fine.map.yaml', 'mapping: 1\nfields:\n  ref: Ref\n  needs.primary: Need\n');
    expect(runCli(['validate', fine, '--as-of', '26/11/2026']).code).toBe(0);
  });

  it('zero-padded case numbers and compact LA codes as plan references are read, not refused as phone numbers or postcodes (regression QA)', () => {
    const lines = readFileSync(fixture('example-export.csv'), 'utf8').split(/\r?\n/);
    for (const [name, ref] of [
      ['padded', (i: number) => `0${123456789 + i}`],
      ['lacode', (i: number) => `EH${100 + i}AB`],
    ] as const) {
      // Only a record's first line starts with its reference (plan text spans lines).
      const rows = lines.map((l, i) => l.replace(/^EHCP-\d{4}-\d{5}(?=,)/, () => ref(i)));
      const file = write(`${name}.csv`, rows.join('\r\n'));
      write(`${name}.map.yaml`, readFileSync(fixture('example-export.map.yaml'), 'utf8'));
      const r = runCli(['validate', file, '--as-of', '26/11/2026']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('records read: 70');
    }
  });

  it("a file named '-' is read as ./- (the tidied path once became '-', standard input)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-dash-'));
    writeFileSync(join(dir, '-'), readFileSync(fixture('example-export.csv')));
    const r = runCli(['validate', './-', '--map', fixture('example-export.map.yaml'), '--as-of', '26/11/2026'], { cwd: dir, input: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\.\/- \(csv/);
    expect(r.stdout).toContain('records read: 70');
  });

  it('JSON output accounts for every record: read = valid + rejected', () => {
    const r = runCli(['validate', 'fixtures/bad/invalid-dates.csv', ...MAP, '-f', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { tool: { name: string }; kind: string; records: { read: number; valid: number; rejected: number }; rejected: { file: string; line: number; reasons: string[] }[] };
    // It says what it is and what wrote it, as every other JSON output does.
    expect(Object.keys(j).slice(0, 3)).toEqual(['schemaVersion', 'tool', 'kind']);
    expect(j.tool.name).toBe('ehcp-audit');
    expect(j.kind).toBe('validate');
    expect(j.records.read).toBe(j.records.valid + j.records.rejected);
    expect(j.rejected.map((x) => x.line)).toEqual([2, 11, 19]);
  });

  it('a multi-document YAML stream: a broken document is one rejected plan; an alias bomb is refused', () => {
    const plan = (ref: string) => `---\nref: ${ref}\nchild:\n  ncYear: 7\n`;
    const broken = '---\nref: P2\nchild: [unclosed\n';
    const r = runCli(['validate', '-', '--input-format', 'yaml'], { input: plan('P1') + broken + plan('P3') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('records read: 3   valid: 2   rejected: 1');
    // At the fault: the end of the document's last line (js-yaml placed it on the next marker's line).
    expect(r.stdout).toContain('<stdin>:7: not valid YAML at column 17: unexpected end of the stream within a flow collection');
    const bomb = readFileSync(join(repoRoot, 'fixtures', 'bad', 'billion-laughs.yaml'), 'utf8');
    const b = runCli(['validate', '-', '--input-format', 'yaml'], { input: `${plan('P1')}---\n${bomb}` });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error: <stdin>:\d+: refused: .*YAML aliases/);
  });

  it('invalid UTF-8 in JSON Lines names the line', () => {
    const good = JSON.stringify({ ref: 'P1' });
    const input = Buffer.concat([Buffer.from(`${good}\n{"ref":"P2","a":{"childViews":"caf`), Buffer.from([0xe9]), Buffer.from('"}}\n')]);
    const r = runCli(['validate', '-', '--input-format', 'jsonl'], { input });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: <stdin>:2: invalid UTF-8 (invalid_encoding); YAML and JSON exports must be UTF-8');
  });

  it('native records: an impossible date is an error, as in a CSV (not just a YYYY-MM-DD shape)', () => {
    const lines = [
      { ref: 'P1', child: { dob: '2019-02-31' } },
      { ref: 'P2', dates: { lastReview: '2025-11-31' } },
      { ref: 'P3', dates: { finalIssued: '2024-02-29' } },
      { ref: 'P4', child: { dob: '5/3/2019' } },
    ].map((x) => JSON.stringify(x));
    const r = runCli(['validate', '-', '--input-format', 'jsonl', '--as-of', '26/11/2026'], { input: `${lines.join('\n')}\n` });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('records read: 4   valid: 1   rejected: 3');
    // A date of birth is neither quoted nor described, as in a CSV's reasons (it was: '2019-02-31', '5/3/2019').
    expect(r.stdout).toContain('<stdin>:1: [P1] child.dob: the date of birth is not a date as YYYY-MM-DD\n');
    expect(r.stdout).toContain("<stdin>:2: [P2] dates.lastReview: '2025-11-31' is not a real date (day 31 of month 11 in 2025)");
    expect(r.stdout).toContain('<stdin>:4: [P4] child.dob: the date of birth is not a date as YYYY-MM-DD');
    expect(r.stdout).not.toMatch(/2019-02-31|5\/3\/2019|month 2 in 2019/);
  });

  it('native records: a reason quotes the coded value it could not read (shortened), never a date of birth or free text', () => {
    const long = `2024-03-05 ${'0'.repeat(100)}`;
    const lines = [
      { ref: 'P1', dates: { request: '05/03/2024', draftIssued: '2024-03-05T10:00:00Z', finalIssued: 45234, lastReview: long } },
      { ref: 'P2', child: { name: 5, ncYear: 15, dob: 45234 }, needs: { primary: 'Autism' }, k: [{ source: 'gp' }] },
      { ref: 'P3', child: { ncYear: 'seven', lookedAfter: 'yes' }, a: { childViews: ['I like Minecraft'] }, e: [{ area: 'x' }] },
    ].map((x) => JSON.stringify(x));
    const r = runCli(['validate', '-', '--input-format', 'jsonl', '--as-of', '26/11/2026'], { input: `${lines.join('\n')}\n` });
    expect(r.code).toBe(1);
    for (const reason of [
      "<stdin>:1: [P1] dates.request: '05/03/2024' is not a date as YYYY-MM-DD",
      "<stdin>:1: [P1] dates.draftIssued: '2024-03-05T10:00:00Z' is not a date as YYYY-MM-DD",
      '<stdin>:1: [P1] dates.finalIssued: 45234 is not a date as YYYY-MM-DD',
      `<stdin>:1: [P1] dates.lastReview: '2024-03-05 ${'0'.repeat(28)}\u2026' (111 characters) is not a date as YYYY-MM-DD`,
      '<stdin>:2: [P2] child.name: expected text, found a number',
      '<stdin>:2: [P2] child.ncYear: 15 is not a National Curriculum year (-2 to 14: -2 is N1, -1 N2, 0 Reception)',
      '<stdin>:2: [P2] child.dob: the date of birth is not a date as YYYY-MM-DD',
      "<stdin>:2: [P2] needs.primary: 'Autism' is not one of SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, OTH, DS",
      "<stdin>:2: [P2] k.0.source: 'gp' is not one of education, educational psychology, health, social care, parent, child, other",
      "<stdin>:3: [P3] child.ncYear: 'seven' is not a number",
      "<stdin>:3: [P3] child.lookedAfter: 'yes' is not true or false",
      '<stdin>:3: [P3] a.childViews: expected text, found a list',
      '<stdin>:3: [P3] e.0.text: missing (expected text)',
    ]) {
      expect(r.stdout).toContain(`${reason}\n`);
    }
    expect(r.stdout).not.toMatch(/Minecraft/);
  });

  it('native YAML: a rejection is at its first fault\'s line, and a reason on another line names its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-native-'));
    // A stream of documents (read by js-yaml, located by the yaml package) and one list of plans.
    const stream = join(dir, 'stream.yaml');
    writeFileSync(stream, '---\nref: P1\nchild:\n  ncYear: seven\n  lookedAfter: maybe\ndates:\n  request: 05/03/2024\n---\n# a comment\nref: P2\ne:\n  - area: x\n');
    const list = join(dir, 'list.yaml');
    writeFileSync(list, '- ref: P1\n  child:\n    ncYear: 3\n- ref: P2\n  child:\n    dob: 2019-02-31\n    ncYear: seven\n');
    const s = runCli(['validate', stream, '--as-of', '26/11/2026']);
    expect(s.stdout).toContain("stream.yaml:4: [P1] child.ncYear: 'seven' is not a number\n");
    expect(s.stdout).toContain("stream.yaml:4: [P1] child.lookedAfter: 'maybe' is not true or false (line 5)\n");
    expect(s.stdout).toContain("stream.yaml:4: [P1] dates.request: '05/03/2024' is not a date as YYYY-MM-DD (line 7)\n");
    expect(s.stdout).toContain('stream.yaml:12: [P2] e.0.text: missing (expected text)\n');
    for (const env of [{}, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '1' }] as Record<string, string>[]) {
      const l = runCli(['validate', list, '--as-of', '26/11/2026'], { env });
      expect(l.stdout).toContain('list.yaml:6: [P2] child.dob: the date of birth is not a date as YYYY-MM-DD\n');
      expect(l.stdout).toContain("list.yaml:6: [P2] child.ncYear: 'seven' is not a number (line 7)\n");
    }
  });

  it('a CSV on stdin without a mapping: give --map (there is no file beside it)', () => {
    const r = runCli(['validate', '-', '--input-format', 'csv', ...AS_OF], { input: readFileSync(fixture('example-export.csv')) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: <stdin>: no column mapping for the CSV on stdin: give --map FILE\n');
  });

  it('UTF-16 on stdin: the format is sniffed after the byte order mark, and the file read', () => {
    for (const [text, format] of [[jsonlText, 'jsonl'], [yamlText, 'yaml']] as const) {
      const r = runCli(['validate', '-', ...AS_OF], { input: utf16(text) });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`<stdin> (${format}, no mapping (native records))`);
      expect(r.stdout).toContain('records read: 70   valid: 70   rejected: 0');
    }
  });

  it('reads stdin with -', () => {
    const csv = 'ref,child.ncYear,a.childViews\nP1,7,I like art\nP2,seven,x\n';
    const r = runCli(['validate', '-', '--input-format', 'csv'], { input: csv });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('records read: 2   valid: 1   rejected: 1');
    expect(r.stdout).toContain("<stdin>:3: [P2] child.ncYear (column 2 'child.ncYear'): 'seven' is not a National Curriculum year");
  });

  it('warns of a plan reference with an invisible or look-alike character, shown escaped; the record is kept', () => {
    const csv = 'ref,child.ncYear\nEHCP-1,7\nEHCP-1\u200b,8\nEHCP\u00a02,8\nEHCP-3,9\n';
    const r = runCli(['validate', '-', '--input-format', 'csv'], { input: csv });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('records read: 4   valid: 4   rejected: 0   warnings: 2');
    expect(r.stdout).toContain("<stdin>:3: invisible_character: plan reference 'EHCP-1\\u200B' holds an invisible or look-alike character (U+200B): it is kept as written, so it is not the same reference as one without it");
    expect(r.stdout).toContain("<stdin>:4: invisible_character: plan reference 'EHCP\u00a02' holds an invisible or look-alike character (U+00A0)");
  });
});

describe('a plan rejected for a key given twice names its reference, unless the reference is the key given twice', () => {
  it('YAML, JSON Lines and mapped YAML, in one thread and in blocks', () => {
    const yaml = write('dup.yaml', '---\nref: "A1"\n---\nref: "A2"\nchild:\n  district: Northmoor\n  district: Kellbrook\n---\nref: "A3"\nref: "A4"\n');
    const jsonl = write('dup.jsonl', '{"ref": "J1"}\n{"ref": "J2", "child": {"district": "A", "district": "B"}}\n{"ref": "J3", "ref": "J4"}\n');
    const mapped = write('dupm.yaml', '---\nPlan Ref: "M1"\nDistrict: A\nDistrict: B\n');
    const map = write('dupm.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  child.district: District\n');
    for (const env of [{}, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '16' }] as Record<string, string>[]) {
      const rejected = (args: string[]) => (JSON.parse(runCli(['audit', ...args, '--as-of', '26/11/2026', '-q', '-f', 'json'], { env }).stdout) as { input: { rejected: { line: number; ref: string | null }[] } }).input.rejected.map((r) => [r.line, r.ref]);
      expect(rejected([yaml])).toEqual([[7, 'A2'], [10, null]]);
      expect(rejected([jsonl])).toEqual([[2, 'J2'], [3, null]]);
      expect(rejected([mapped, '--map', map])).toEqual([[4, 'M1']]);
    }
  });
});

describe('YAML with CR line ends (old Mac OS) reads as with LF: every plan, at the same lines', () => {
  it('a list of plans, and documents with a broken one, CR-only and CR/LF/CRLF mixed, in one thread and in blocks', () => {
    const lf = readFileSync(fixture('example-export.yaml'), 'utf8');
    const docs = `${lf.split(/^(?=- )/m).slice(1, 9).map((item) => `---\n${item.replace(/^- /, '').replace(/^ {2}/gm, '')}`).join('')}---\nref: "X9"\nchild: [unclosed\n`;
    const counts = (text: string, env: Record<string, string> = {}) => {
      const r = runCli(['audit', write(`v${Math.random()}.yaml`, text), '--as-of', '26/11/2026', '-q', '-f', 'json'], { env });
      const j = JSON.parse(r.stdout) as { input: { records: { read: number; rejected: number }; rejected: { line: number }[] }; plans: { ref: string; line: number }[] };
      return { records: j.input.records, rejected: j.input.rejected.map((x) => x.line), plans: j.plans.map((p) => [p.ref, p.line]) };
    };
    let k = 0;
    for (const base of [lf, docs]) {
      const want = counts(base);
      expect(want.records.read).toBeGreaterThan(5);
      for (const text of [base.replace(/\n/g, '\r'), base.replace(/\n/g, () => ['\r', '\n', '\r\n'][k++ % 3]!)]) {
        expect(counts(text)).toEqual(want);
        expect(counts(text, { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '64' })).toEqual(want);
      }
    }
  });
});
