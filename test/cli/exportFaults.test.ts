/**
 * Faults in how an export is laid out or encoded that were read wrongly, or told with the
 * children's data in the message (QA findings): a Windows-1252 export whose first non-ASCII byte
 * comes late, a header row swallowed by an unclosed quote, totals rows, title lines, ragged rows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'ehcp-export-faults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer): string => {
  const file = join(tmp, name);
  writeFileSync(file, content);
  return file;
};
const AS_OF = ['--as-of', '26/11/2026'];
const THREADED = { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '4096' };

describe('a Windows-1252 export whose first non-ASCII byte comes after the sniffed head (64 KiB)', () => {
  // 1,000 rows of ASCII (some 88 KB), then a row with a pound sign in Windows-1252 (0xA3).
  const rows = ['Plan Ref,Primary Need,Notes', ...Array.from({ length: 1000 }, (_, i) => `P${i},ASD,${'x'.repeat(80)}`)];
  const late = Buffer.concat([Buffer.from(`${rows.join('\r\n')}\r\nP1000,ASD,cost `), Buffer.from([0xa3]), Buffer.from('5\r\n')]);
  const map = 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n';

  it('is read as windows-1252 by validate and audit, in one thread and in blocks, warned of at the byte', () => {
    const file = write('late.csv', late);
    write('late.map.yaml', map);
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('(csv, windows-1252,');
    expect(v.stdout).toContain('records read: 1001   valid: 1001   rejected: 0   warnings: 1');
    expect(v.stdout).toContain('late.csv:1002: invalid_encoding: the file is not valid UTF-8, so it was read as windows-1252');
    for (const env of [{}, THREADED]) {
      const a = runCli(['audit', file, ...AS_OF, '--show-text', '-q', '-f', 'json'], { env });
      const j = JSON.parse(a.stdout) as { input: { files: { encoding: string }[]; records: { read: number; rejected: number } } };
      expect(j.input.files[0]!.encoding).toBe('windows-1252');
      expect(j.input.records).toMatchObject({ read: 1001, rejected: 0 });
    }
  });

  it('init reads it the same way (it wrote a mapping for a file validate then refused)', () => {
    const file = write('late-init.csv', late);
    const r = runCli(['init', file, '-o', '-', '--rows', '2000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ref: Plan Ref');
  });

  it('a file with UTF-8 before the bad byte, or read from stdin, is still refused at the bad byte', () => {
    const mixed = Buffer.concat([Buffer.from(`${rows.join('\r\n')}\r\nP1000,ASD,caf\u00e9\r\nP1001,ASD,cost `), Buffer.from([0xa3]), Buffer.from('5\r\n')]);
    const file = write('mixed.csv', mixed);
    write('mixed.map.yaml', map);
    const m = runCli(['validate', file, ...AS_OF]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('mixed.csv: invalid UTF-8 at line 1003 (invalid_encoding); re-run with --encoding windows-1252');
    const s = runCli(['validate', '-', '--input-format', 'csv', '--map', join(tmp, 'late.map.yaml'), ...AS_OF], { input: late });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('<stdin>: invalid UTF-8 at line 1002');
  });
});

describe('a header row that cannot be column names is refused without quoting it (the rows it swallowed are children\'s data)', () => {
  const map = 'mapping: 1\nfields:\n  ref: Plan Ref\n  child.name: Child Name\n  needs.primary: Primary Need\n';
  const children = /Jack|Brown|Amy|Smith/;
  const refused = (args: string[], message: string) => {
    const r = runCli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${message}\n`);
    expect(r.stderr).not.toMatch(children);
  };

  it('a quote opened at the header\'s start and closed rows later: validate, audit and init', () => {
    const file = write('hq.csv', '"Plan Ref,Child Name,Primary Need\nP1,Jack Brown,ASD\nP2,"Amy Smith",SEMH\n');
    write('hq.map.yaml', map);
    const message = `${file}:1: the header's quote opened on line 1 in column 1 closes 2 lines later (line 3), so the rows between were read as one column name: fix the header (close the quote on line 1, or write a quote inside a column name as "")`;
    refused(['validate', file, ...AS_OF], message);
    refused(['audit', file, ...AS_OF, '-q'], message);
    refused(['init', file, '-o', '-'], message);
  });

  it('a quote in the header never closed', () => {
    const file = write('hq2.csv', 'Plan Ref,"Child Name,Primary Need\nP1,Jack Brown,ASD\nP2,Amy Smith,SEMH\n');
    refused(['init', file, '-o', '-'], `${file}:1: the header's quote opened on line 1 in column 2 is never closed, so the rest of the file was read as one column name: fix the header (close the quote, or write a quote inside a column name as "")`);
  });

  it('a column name wrapped onto two lines (Alt+Enter in Excel) is still a column name', () => {
    const file = write('wrap.csv', 'Plan Ref,"Date Final\r\nPlan Issued",Primary Need\r\nP1,01/02/2024,ASD\r\n');
    write('wrap.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  dates.finalIssued: Date Final Plan Issued\n');
    const r = runCli(['validate', file, ...AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('records read: 1   valid: 1   rejected: 0');
    // A wrapped name may hold the delimiter: its lines are not rows (once refused as if they were).
    const comma = write('wrap-comma.csv', 'Plan Ref,"Final Issued\n(dd/mm/yyyy, UK)",NC Year\nP1,01/02/2024,Year 3\n');
    expect(runCli(['init', comma, '-o', '-']).code).toBe(0);
  });

  it('a header cell longer than any column name (the wrong --delimiter), and a UTF-8 file read as UTF-16', () => {
    const names = Array.from({ length: 30 }, (_, i) => `Column Number ${i}`);
    const file = write('wide.csv', `${names.join(',')}\nJack Brown,${'x,'.repeat(29)}\n`);
    refused(['init', file, '--delimiter', ';', '-o', '-'], `${file}:1: column 1 of the header row is 499 characters long, too long for a column name: is the header the first row, and the file's encoding (--encoding) and delimiter (--delimiter) right?`);
    const small = write('u8.csv', 'Plan Ref,Child Name\nP1,Jack Brown\n');
    write('u8.map.yaml', map);
    for (const enc of ['utf-16le', 'utf-16be']) {
      refused(['validate', small, '--encoding', enc, ...AS_OF], `${small}: --encoding ${enc} does not fit: the file has none of the NUL bytes UTF-16 text has; leave --encoding out to have it detected, or give the right one`);
    }
  });

  it('the columns a "mapped columns are missing" error lists are shortened and escaped', () => {
    const long = `Plan\tReference as recorded ${'y'.repeat(120)}`;
    const file = write('cols.csv', `"${long}",Primary Need\nP1,ASD\n`);
    write('cols.map.yaml', map);
    const r = runCli(['validate', file, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`(its columns: 'Plan\\x09Reference as recorded ${'y'.repeat(32)}\u2026', 'Primary Need')`);
  });
});

describe('an export saved without its header row: its first record is refused as a header, never printed', () => {
  // The example export's first plans without the header line, as QA made it (tail -n +2).
  const lines = readFileSync('fixtures/example-export.csv', 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerless = lines.slice(1, 120).join('\n');
  const child = /Jack|Brown|Minecraft|Biscuit|23\/01\/2019|C000521|EHCP-2023-00001/;

  it('one date column is enough: a headerless export whose only date is the date of birth is refused, the name not listed (it was at two)', () => {
    const file = write('onedate.csv', 'EHCP-1,Amy Smith,01/02/2015,Y,ASD\nEHCP-2,Bob Jones,03/04/2014,N,SLCN\n');
    for (const args of [['init', file, '-o', '-'], ['validate', file, '--map', 'fixtures/example-export.map.yaml', ...AS_OF]]) {
      const r = runCli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(`error: ${file}:1: line 1 looks like a row of data, not a header (1 of its cells is a date): the export needs a header row naming its columns; export it again with headers\n`);
    }
  });

  it('check, audit, validate and init refuse it at line 1 with counts only; init writes no mapping', () => {
    const dir = mkdtempSync(join(tmp, 'noheader-'));
    const file = join(dir, 'plans.csv');
    writeFileSync(file, headerless);
    const message = `error: ${file}:1: line 1 looks like a row of data, not a header (12 of its cells are dates and 4 read as sentences of text): the export needs a header row naming its columns; export it again with headers\n`;
    // With no mapping beside it, init would have written the record into one.
    const init = runCli(['init', file]);
    expect(init.code).toBe(2);
    expect(init.stderr).toBe(message);
    expect(existsSync(join(dir, 'plans.map.yaml'))).toBe(false);
    expect(runCli(['init', file, '-o', '-']).stdout).toBe('');
    copyFileSync('fixtures/example-export.map.yaml', join(dir, 'plans.map.yaml'));
    for (const args of [['check', file, ...AS_OF, '--no-critical', '-f', 'github'], ['audit', file, ...AS_OF, '-q'], ['validate', file, ...AS_OF]]) {
      const r = runCli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(message);
      expect(r.stdout).not.toMatch(child);
    }
  });

  it('a row with no date is refused for a cell of more than 40 words; a header naming a column by its question is read', () => {
    // 42 short words under 200 characters (a longer cell is refused as too long for a column name).
    const views = 'I am ten and I like it at my school a lot. I go to the park with my dad and my dog. I am good at art and I do not like it when it is too loud in the hall at lunch.';
    expect(views.split(' ').length).toBeGreaterThan(40);
    const file = write('prose.csv', `P1,Jack Brown,"${views}",ASD\nP2,Amy Smith,I like drawing.,SEMH\n`);
    const r = runCli(['init', file, '-o', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${file}:1: line 1 looks like a row of data, not a header (1 of its cells reads as sentences of text): the export needs a header row naming its columns; export it again with headers\n`);
    const question = write('question.csv', 'Plan Ref,Has the child or young person been consulted about the plan and its outcomes?,Final Issued\nP1,Yes,01/02/2024\n');
    write('question.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  dates.finalIssued: Final Issued\n');
    expect(runCli(['validate', question, ...AS_OF]).code).toBe(0);
  });

  it('a "mapped columns are missing" error counts header cells that look like data (more than 8 words) and does not list them', () => {
    // (A header cell that is a date refuses the whole row now: one wordy cell is what is left to count.)
    const file = write('datacells.csv', 'Plan Ref,The date on which the plan was last looked at by the panel,Primary Need\nP1,y,ASD\n');
    write('datacells.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Reference\n');
    const r = runCli(['validate', file, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`(its columns: 'Plan Ref', 'Primary Need', and 1 cell that looks like data);`);
    expect(r.stderr).not.toContain('panel');
  });
});

describe('rows that are not plans: a totals row under them, two title lines above the header', () => {
  const map = 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  dates.finalIssued: Final Issued\n';

  it('a totals row (a totals word in the reference column, the other cells blank or numbers) is rejected, not scored', () => {
    const file = write('tot.csv', 'Plan Ref,Primary Need,Final Issued,Cost\r\nP1,ASD,01/02/2024,100\r\nP2,SEMH,03/04/2024,200\r\nTotal,,,300\r\n Grand total: ,,,"1,300.50"\r\nCount,2,,\r\nTotal,ASD,,\r\n');
    write('tot.map.yaml', map);
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('records read: 6   valid: 3   rejected: 3');
    expect(v.stdout).toContain(`tot.csv:4: this row looks like a totals row, not a plan ('Total' in the plan reference column 'Plan Ref', every other cell blank or a number): it was not scored; take it out of the export`);
    expect(v.stdout).toContain(`tot.csv:5: this row looks like a totals row, not a plan ('Grand total:'`);
    expect(v.stdout).toContain(`tot.csv:6: this row looks like a totals row, not a plan ('Count'`);
    for (const env of [{}, THREADED]) {
      const a = runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env });
      const j = JSON.parse(a.stdout) as { plans: { ref: string }[]; input: { rejected: { line: number; ref: string | null }[] } };
      // A row with text beside the word is a plan (whatever its reference): only the text decides.
      expect(j.plans.map((p) => p.ref)).toEqual(['P1', 'P2', 'Total']);
      expect(j.input.rejected.map((r) => [r.line, r.ref])).toEqual([[4, null], [5, null], [6, null]]);
    }
  });

  it('a totals word in the first column where the reference column is not first; an export of no plans with a totals row is still a pass (exit 0)', () => {
    const first = write('tot-first.csv', 'Child Name,Plan Ref,Final Issued\nAnn,P1,01/02/2024\nTotal,2,\n');
    write('tot-first.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  child.name: Child Name\n  dates.finalIssued: Final Issued\n');
    for (const env of [{}, THREADED]) {
      const j = JSON.parse(runCli(['audit', first, ...AS_OF, '-q', '-f', 'json'], { env }).stdout) as { plans: { ref: string }[]; input: { rejected: { reasons: string[] }[] } };
      expect(j.plans.map((p) => p.ref)).toEqual(['P1']);
      expect(j.input.rejected[0]!.reasons[0]).toMatch(/^this row looks like a totals row, not a plan \('Total' in the first column 'Child Name'/);
    }
    const none = write('tot-none.csv', 'Plan Ref,Primary Need,Final Issued,Cost\nTotal,,,0\n');
    write('tot-none.map.yaml', map);
    for (const command of ['audit', 'sample', 'priority']) expect(runCli([command, none, ...AS_OF, '-q', '-f', 'json']).code, command).toBe(0);
  });

  it('a title and a run date above the header are both skipped', () => {
    const file = write('title2.csv', 'EHCP Plans Report\r\nRun date: 26/11/2026\r\n\r\nPlan Ref,Primary Need,Final Issued\r\nP1,ASD,01/02/2024\r\nP2,SEMH,03/04/2024\r\n');
    write('title2.map.yaml', map);
    for (const env of [{}, THREADED]) {
      const v = runCli(['validate', file, ...AS_OF], { env });
      expect(v.code, v.stderr).toBe(0);
      expect(v.stdout).toContain('records read: 2   valid: 2   rejected: 0   warnings: 3');
      expect(v.stdout).toContain('title2.csv:1: title_row: line 1 looks like a title ("EHCP Plans Report") rather than column names; it was skipped and line 4 used as the header');
      expect(v.stdout).toContain('title2.csv:2: title_row: line 2 looks like a title ("Run date: 26/11/2026")');
      expect(v.stdout).toContain('title2.csv:3: blank_row');
    }
    // Three are not: the first row is then the header, as before (its data rows are not taken for titles).
    const three = write('title3.csv', 'Report\r\nRun date: 26/11/2026\r\nBy: someone\r\nPlan Ref,Primary Need,Final Issued\r\nP1,ASD,01/02/2024\r\n');
    const r = runCli(['init', three, '-o', '-']);
    expect(r.stdout).not.toContain('ref: Plan Ref');
  });
});

describe('a rejection reason quotes a cell shortened, with its length', () => {
  it('a date cell of 1 and 999,999 x: 40 characters of it, in validate\'s output and the JSON report; a date of birth is not quoted at all', () => {
    // As long as a cell may be (MAX_TEXT_CHARS): a longer one is refused for its length alone.
    const cell = `1${'x'.repeat(999_999)}`;
    const file = write('long.csv', `Plan Ref,Primary Need,Final Issued,NC Year,DOB\nP1,ASD,${cell},7,\nP2,ASD,01/01/2015,${cell},\nP3,ASD,01/01/2015,7,${cell}\n`);
    write('long.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  dates.finalIssued: Final Issued\n  child.ncYear: NC Year\n  child.dob: DOB\n');
    const shown = `'1${'x'.repeat(38)}\u2026' (1,000,000 characters)`;
    const reasons = [
      `dates.finalIssued (column 3 'Final Issued'): ${shown} is not a date in the format dd/mm/yyyy`,
      // Not a date: a coded value that does not look like a code is described, not quoted (it may name someone).
      "child.ncYear (column 4 'NC Year'): a value of 1,000,000 characters (not shown: it may name someone) is not a National Curriculum year (N1, N2, R, 1-14)",
      "child.dob (column 5 'DOB'): the date of birth cannot be read as a date in the format dd/mm/yyyy (ISO yyyy-mm-dd is read too)",
    ];
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code).toBe(1);
    reasons.forEach((reason, i) => expect(v.stdout).toContain(`long.csv:${i + 2}: [P${i + 1}] ${reason}\n`));
    expect(v.stdout.length).toBeLessThan(2000);
    const a = runCli(['audit', file, ...AS_OF, '-q', '-f', 'json']);
    const j = JSON.parse(a.stdout) as { input: { rejected: { reasons: string[] }[] } };
    expect(j.input.rejected.map((r) => r.reasons)).toEqual(reasons.map((r) => [r]));
    // A value of 40 characters or fewer is quoted whole, as before.
    const short = write('short.csv', 'Plan Ref,Primary Need,Final Issued,NC Year\nP1,ASD,31/02/2024,7\n');
    write('short.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  dates.finalIssued: Final Issued\n');
    expect(runCli(['validate', short, ...AS_OF]).stdout).toContain("'31/02/2024' is not a real date (day 31 of month 2 in 2024)");
  });
});

describe('a ragged row says what may have caused it and what to do', () => {
  it('the same reasons in one thread and in blocks, naming the export\'s delimiter', () => {
    const file = write('ragged.csv', 'Plan Ref;Primary Need;Final Issued\nP1;ASD;01/02/2024;\nP2;ASD;01/02/2024;x\nP3;ASD\nP4;ASD;01/02/2024\n');
    write('ragged.map.yaml', 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  dates.finalIssued: Final Issued\n');
    const want = [
      [2, ['row has 4 fields, header has 3: the extra field is empty (a semicolon at the end of the row?), but it may be a semicolon in a field that is not quoted, so the row cannot be read for certain; in the export, end each row at its last field and quote any field that holds a semicolon']],
      [3, ['row has 4 fields, header has 3: a semicolon in a field that is not quoted moves the cells after it, so they cannot be matched to columns for certain; in the export, quote any field that holds a semicolon']],
      [4, ['row has 2 fields, header has 3: the row ends early (a line break in a field that is not quoted splits a row in two), so its cells cannot be matched to columns for certain; in the export, quote any field that holds a line break, and write every column of a row, empty or not']],
    ];
    for (const env of [{}, { ...THREADED, EHCP_AUDIT_BLOCK_BYTES: '1' }]) {
      const a = runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env });
      const j = JSON.parse(a.stdout) as { input: { rejected: { line: number; ref: string | null; reasons: string[] }[] } };
      // No reference is named: a cell moved by an unquoted delimiter could be the child's name.
      expect(j.input.rejected.map((r) => [r.line, r.reasons, r.ref])).toEqual(want.map((w) => [...w, null]));
    }
  });
});

describe('a Ctrl-Z (0x1A) on the last line is an end-of-file mark, not a record', () => {
  // Windows `copy a.csv+b.csv all.csv` ends the file with one; it was rejected as a row of 1 field.
  const map = 'mapping: 1\nfields:\n  ref: Plan Ref\n  needs.primary: Primary Need\n  dates.finalIssued: Final Issued\n';
  const rows = 'Plan Ref,Primary Need,Final Issued\r\nP1,ASD,01/02/2024\r\nP2,SEMH,03/04/2024\r\n';
  const blocks = [{}, { ...THREADED, EHCP_AUDIT_BLOCK_BYTES: '1' }, THREADED];

  it('is skipped with a warning, with or without a line break after it, in one thread and in blocks', () => {
    for (const [name, tail] of [['eof1.csv', '\x1a'], ['eof2.csv', '\x1a\r\n'], ['eof3.csv', '\x1a\n']] as const) {
      const file = write(name, rows + tail);
      write(name.replace('.csv', '.map.yaml'), map);
      const v = runCli(['validate', file, ...AS_OF]);
      expect(v.code, v.stderr).toBe(0);
      expect(v.stdout).toContain('records read: 2   valid: 2   rejected: 0   warnings: 1');
      expect(v.stdout).toContain(`${name}:4: eof_mark: line 4 holds only an end-of-file mark (Ctrl-Z, byte 0x1A, as Windows 'copy a.csv+b.csv' adds); it was skipped`);
      for (const env of blocks) {
        const a = runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env });
        const j = JSON.parse(a.stdout) as { input: { records: { read: number; rejected: number; warnings: number } } };
        expect(j.input.records, JSON.stringify(env)).toMatchObject({ read: 2, rejected: 0, warnings: 1 });
      }
    }
  });

  it('followed by blank lines, or ending the last row (no line break before it), it is an end-of-file mark too (regression QA)', () => {
    // Blank rows as exports write them: empty, delimiters only, quoted empty cells (regression QA: tiny blocks cut between them).
    const many = `Plan Ref,Primary Need,Final Issued\r\n${Array.from({ length: 300 }, (_, i) => `P${i + 1},ASD,01/02/2024\r\n`).join('')}`;
    const blankAfter = write('eofblank.csv', `${many}\x1a\r\n"","",""\r\n\r\n,,\r\n`);
    write('eofblank.map.yaml', map);
    const v = runCli(['validate', blankAfter, ...AS_OF]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('eofblank.csv:302: eof_mark: line 302 holds only an end-of-file mark');
    expect(v.stdout).toContain('eofblank.csv:303: blank_row');
    const joined = write('eofjoined.csv', `${rows.slice(0, -2)}\x1a`);
    write('eofjoined.map.yaml', map);
    const w = runCli(['validate', joined, ...AS_OF]);
    expect(w.code, w.stdout).toBe(0);
    expect(w.stdout).toContain("eofjoined.csv:3: eof_mark: line 3 ends with an end-of-file mark (Ctrl-Z, byte 0x1A, as Windows 'copy a.csv+b.csv' adds); it was removed from the row's last cell");
    for (const [file, records] of [[blankAfter, { read: 300, rejected: 0, warnings: 4, blankRows: 3 }], [joined, { read: 2, rejected: 0, warnings: 1 }]] as const) {
      const outs = blocks.map((env) => runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env }).stdout);
      expect((JSON.parse(outs[0]!) as { input: { records: object } }).input.records).toMatchObject(records);
      for (const o of outs) expect(o).toBe(outs[0]);
    }
    // The mark is gone from the cell: P2's date reads as a date.
    const plans = (JSON.parse(runCli(['audit', joined, ...AS_OF, '-q', '-f', 'json']).stdout) as { plans: { ref: string }[] }).plans;
    expect(plans.map((p) => p.ref)).toEqual(['P1', 'P2']);
  });

  it('ending a quoted last cell (no line break before it), it is removed and reported at the line it is on', () => {
    // It was read as text after the closing quote, and the row rejected for a stray quote.
    const quoted = `${rows}P3,"ASD","05/06/2024"\x1a`;
    // A last cell over two lines: the mark is on the row's second line.
    const multi = `${rows.replace('Final Issued', 'Final Issued,Views').replace(/2024\r\n/g, '2024,\r\n')}P3,ASD,05/06/2024,"Likes art\r\nand music"\x1a`;
    const views = `${map}  a.childViews: Views\n`;
    for (const [name, text, line, m] of [['eofq.csv', quoted, 4, map], ['eofqm.csv', multi, 5, views]] as const) {
      const file = write(name, text);
      write(name.replace('.csv', '.map.yaml'), m);
      const v = runCli(['validate', file, ...AS_OF]);
      expect(v.code, v.stdout).toBe(0);
      expect(v.stdout).toContain(`${name}:${line}: eof_mark: line ${line} ends with an end-of-file mark`);
      const outs = blocks.map((env) => runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env }).stdout);
      const j = JSON.parse(outs[0]!) as { input: { records: object }; plans: { ref: string }[] };
      expect(j.input.records).toMatchObject({ read: 3, rejected: 0, warnings: 1 });
      expect(j.plans.map((p) => p.ref)).toEqual(['P1', 'P2', 'P3']);
      for (const o of outs) expect(o).toBe(outs[0]);
    }
    // Other text after the closing quote, then the mark, is still a stray quote.
    const file = write('eofqx.csv', `${rows}P3,"ASD","05/06/2024"x\x1a`);
    write('eofqx.map.yaml', map);
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('eofqx.csv:4: [P3] stray quote in column 3: text after the closing quote');
  });

  it('a Ctrl-Z on a line that is not the last is left as it is: a row of 1 field, rejected', () => {
    const file = write('eofmid.csv', `${rows}\x1a\r\nP3,ASD,05/06/2024\r\n`);
    write('eofmid.map.yaml', map);
    const v = runCli(['validate', file, ...AS_OF]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('eofmid.csv:4: row has 1 field, header has 3');
    expect(v.stdout).not.toContain('eof_mark');
    for (const env of blocks) {
      const j = JSON.parse(runCli(['audit', file, ...AS_OF, '-q', '-f', 'json'], { env }).stdout) as { input: { records: object; rejected: { line: number }[] } };
      expect(j.input.records, JSON.stringify(env)).toMatchObject({ read: 4, rejected: 1, warnings: 0 });
      expect(j.input.rejected.map((r) => r.line)).toEqual([4]);
    }
  });
});
