import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { openCsv } from '../src/records/csv/index.js';
import { openBytes } from '../src/records/input.js';
import { compileMapping } from '../src/records/mapping/compile.js';
import {
  describeNotDates,
  guessBooleans,
  guessDateFormat,
  guessSeparator,
  inferMapping,
  normaliseName,
  numberedGroups,
  REF_PLACEHOLDER,
  yamlString,
  type Choice,
  type Inference,
} from '../src/records/mapping/infer.js';
import { readMapping, type LoadedMapping } from '../src/records/mapping/load.js';
import { isPersonalData } from '../src/records/mapping/personalData.js';
import { runCli } from './helpers/cli.js';
import type { FieldPath } from '../src/records/mapping/schema.js';

const tmp = mkdtempSync(join(tmpdir(), 'ehcp-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** Write the inferred text and read it back with the loader validate/audit use. */
function reload(inf: Inference): LoadedMapping {
  const file = join(tmp, `m${n++}.map.yaml`);
  writeFileSync(file, inf.text);
  return readMapping(file);
}

/** The mapping must be valid and name only columns the header has. */
function expectUsable(inf: Inference, header: string[]): LoadedMapping {
  const m = reload(inf);
  const { missing } = compileMapping(m.mapping, header, '2025-07-31');
  expect(missing).toEqual([]);
  return m;
}

function columnOf(inf: Inference, field: FieldPath): string | undefined {
  return inf.fields[field]?.column;
}

function columns(inf: Inference): Record<string, string> {
  return Object.fromEntries(Object.entries(inf.fields).map(([k, v]) => [k, (v as Choice).column]));
}

/** The line of the output that maps `field`. */
function lineOf(inf: Inference, field: string): string {
  const line = inf.text.split('\n').find((l) => l.startsWith(`  ${field}: `));
  if (line === undefined) throw new Error(`no line for ${field} in:\n${inf.text}`);
  return line;
}

// ------------------------------------------------------------------------------------------------

describe('normaliseName', () => {
  it.each([
    ['D.O.B', ['date', 'birth']],
    ['DOB', ['date', 'birth']],
    ['PersonBirthDate', ['person', 'birth', 'date']],
    ['SENtype', ['sen', 'type']],
    ['SENSetting', ['sen', 'setting']],
    ['UPNunknown', ['upn', 'unknown']],
    ['EHCPNumber', ['ehcp', 'number']],
    ['Looked After (Y/N)', ['looked', 'after']],
    ['CLA', ['looked', 'after']],
    ['NC Year', ['national', 'curriculum', 'year']],
    ['Sec B Education Needs', ['section', 'b', 'education', 'need']],
    ['Date of Last AR', ['date', 'last', 'annual', 'review']],
    ['EP Advice Received', ['educational', 'psychology', 'advice', 'received']],
    ["Child's Views", ['child', 'view']],
    ['Children and Young People Views', ['child', 'view']],
    ['Plan No.', ['plan', 'number']],
  ])('%s -> %j', (name, tokens) => {
    expect(normaliseName(name)).toEqual(tokens);
  });
});

describe('numberedGroups', () => {
  it('groups Outcome 1..n into one template, ignoring H1 and SEN2 style names', () => {
    const g = numberedGroups(['Ref', 'Outcome 1', 'Outcome 2', 'Outcome 3', 'Sec H1 Social Care', 'SEN2 Setting', 'Provision_1', 'Provision_2', 'Outcome 5']);
    expect(g).toEqual([
      { template: 'Outcome {n}', base: 'Outcome', cols: [1, 2, 3] },
      { template: 'Provision_{n}', base: 'Provision', cols: [6, 7] },
    ]);
  });

  it('needs at least 1 and 2', () => {
    expect(numberedGroups(['Outcome 2', 'Outcome 3'])).toEqual([]);
    expect(numberedGroups(['Outcome 1'])).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------

const fixtureMap = parseYaml(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'example-export.map.yaml'), 'utf8')) as {
  fields: Record<string, string | { column: string }>;
  k: { source: string; date: string }[];
};
const expectedFields = Object.fromEntries(Object.entries(fixtureMap.fields).map(([k, v]) => [k, typeof v === 'string' ? v : v.column]));
const expectedAdvice = fixtureMap.k.map((a) => ({ source: a.source, column: a.date }));

async function exampleHeader(): Promise<{ header: string[]; rows: string[][] }> {
  const csv = join(import.meta.dirname, '..', 'fixtures', 'example-export.csv');
  if (existsSync(csv)) {
    const table = await openCsv(openBytes(csv), { file: csv });
    const rows: string[][] = [];
    for await (const r of table.rows) {
      rows.push(r.fields);
      if (rows.length >= 200) break;
    }
    return { header: table.header, rows };
  }
  // The fixture export is not there yet: its header is the mapped columns plus two unmapped ones.
  return { header: [...Object.values(expectedFields), ...expectedAdvice.map((a) => a.column), 'Interpreter Required', 'Caseworker'], rows: [] };
}

describe('inferMapping: the example export', () => {
  it('matches every field of the hand-written mapping to the same column', async () => {
    const { header, rows } = await exampleHeader();
    const inf = inferMapping(header, rows, { file: 'example-export.csv' });
    expect(columns(inf)).toEqual(expectedFields);
    expect(inf.k.map((a) => ({ source: a.source, column: a.column }))).toEqual(expectedAdvice);
    expect(inf.k.every((a) => a.as === 'date')).toBe(true);
    expect(inf.unmatchedFields).toEqual([]);
    expect(inf.unusedColumns).toEqual(expect.arrayContaining(['Interpreter Required', 'Caseworker']));
    for (const ch of Object.values(inf.fields)) expect(ch.score).toBeGreaterThanOrEqual(0.8);
    expectUsable(inf, header);
  });

  it.runIf(existsSync(join(import.meta.dirname, '..', 'fixtures', 'example-export.csv')))('reads the fixture rows exactly as the hand-written mapping does', async () => {
    const { header, rows } = await exampleHeader();
    const inf = inferMapping(header, rows, { file: 'example-export.csv' });
    const ours = compileMapping(expectUsable(inf, header).mapping, header, '2025-07-31').mapper;
    const theirs = compileMapping(readMapping(join(import.meta.dirname, '..', 'fixtures', 'example-export.map.yaml')).mapping, header, '2025-07-31').mapper;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(ours(r)).toEqual(theirs(r));
  });

  it('lists unused columns as comments and writes no date of its own', async () => {
    const { header, rows } = await exampleHeader();
    const inf = inferMapping(header, rows, { file: 'example-export.csv' });
    expect(inf.text).toContain('#   - "Interpreter Required" (kept as extra.Interpreter Required; map it if a rubric needs it)');
    expect(inf.text).toContain('# Review every line marked unsure, then run: ehcp-audit validate example-export.csv --map example-export.map.yaml');
    expect(inf.text.split('\n')[0]).toMatch(/^# Column mapping for example-export\.csv, generated by ehcp-audit init/);
    expect(inf.text.split('\n').filter((l) => l.startsWith('#')).join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}/);
    expect(inferMapping(header, rows, { file: 'example-export.csv' }).text).toBe(inf.text);
  });
});

describe('inferMapping: SEN2 person-level names', () => {
  const header = ['UPN', 'PersonBirthDate', 'ReceivedDate', 'StartDate', 'LastReview', 'SENtype', 'SENSetting', 'URN', 'CeaseDate', 'Sex', 'UPNunknown', 'SENtypeRank', 'RequestOutcomeDate', 'CeaseReason'];
  const rows = [
    ['A123456789012', '2012-05-17', '2021-01-04', '2021-04-30', '2024-04-11', 'ASD', '', '100000', '', 'F', '', '1', '2021-02-01', ''],
    ['B123456789012', '2015-11-02', '2022-09-19', '2023-01-20', '2024-12-03', 'SEMH', 'EHE', '', '2025-03-31', 'M', '', '1', '2022-10-10', 'Moved'],
  ];

  it('maps the SEN2 fields, UPN to ref with an unsure comment, and ISO dates', () => {
    const inf = inferMapping(header, rows, { file: 'sen2.csv' });
    expect(columns(inf)).toEqual({
      ref: 'UPN',
      'child.dob': 'PersonBirthDate',
      'needs.primary': 'SENtype',
      'setting.senSetting': 'SENSetting',
      'setting.urn': 'URN',
      'dates.request': 'ReceivedDate',
      'dates.finalIssued': 'StartDate',
      'dates.lastReview': 'LastReview',
      'dates.ceased': 'CeaseDate',
    });
    expect(inf.fields.ref?.unsure).toBe(true);
    expect(lineOf(inf, 'ref')).toMatch(/^ {2}ref: UPN {2}# unsure \(\d+%\): check this column$/);
    expect(inf.text).toMatch(/# no plan reference column: UPN .*sensitive/);
    expect(inf.dates).toBe('yyyy-mm-dd');
    expect(inf.text).toContain('\ndates: yyyy-mm-dd\n');
    expect(inf.unusedColumns).toEqual(['UPNunknown', 'SENtypeRank', 'RequestOutcomeDate', 'CeaseReason']);
    expect(inf.personalColumns).toContain('Sex');
    const m = expectUsable(inf, header);
    const { mapper } = compileMapping(m.mapping, header, '2025-07-31');
    for (const r of rows) expect(mapper(r).problems).toEqual([]);
  });
});

describe('inferMapping: an LA export worded differently', () => {
  const header = [
    'EHCP Number', 'Child Name', 'D.O.B', 'Year Group', 'Looked After (Y/N)', 'Primary Need', 'School', 'Date Request Received',
    'Date Plan Finalised', 'Date of Last AR', 'Next Review Due', 'Outcome 1', 'Outcome 2', 'Outcome 3', 'Provision',
    'EP Advice Received', 'Health Advice Date', 'Social Worker', 'Caseworker Name', 'Interpreter Required',
  ];

  it('matches the columns exactly', () => {
    const inf = inferMapping(header, [], { file: 'la.csv' });
    expect(columns(inf)).toEqual({
      ref: 'EHCP Number',
      'child.name': 'Child Name',
      'child.dob': 'D.O.B',
      'child.ncYear': 'Year Group',
      'child.lookedAfter': 'Looked After (Y/N)',
      'needs.primary': 'Primary Need',
      'setting.name': 'School',
      'dates.request': 'Date Request Received',
      'dates.finalIssued': 'Date Plan Finalised',
      'dates.lastReview': 'Date of Last AR',
      e: 'Outcome {n}',
      f: 'Provision',
    });
    expect(inf.fields.e?.numbered).toBe(true);
    expect(lineOf(inf, 'e')).toBe("  e: { columns: 'Outcome {n}' }");
    expect(inf.k.map((a) => [a.source, a.as, a.column])).toEqual([
      ['educational psychology', 'present', 'EP Advice Received'],
      ['health', 'date', 'Health Advice Date'],
    ]);
    expect(inf.text).toContain('  - { source: educational psychology, present: EP Advice Received }');
    // "Next Review Due" is not the last review; a social worker is not social care advice.
    expect(inf.unusedColumns).toEqual(['Next Review Due', 'Social Worker', 'Caseworker Name', 'Interpreter Required']);
    expect(inf.text).toMatch(/# Fields not matched: child\.id, .* \(map them by hand if the export has them\)/s);
    expect(inf.summary).toEqual({ matched: 14, unsure: 0, unmatched: 4 });
    expectUsable(inf, header);
  });

  it('lists personal data columns no field holds under ignore:, so they are never read', () => {
    const header = ['Plan Ref', 'Child Name', 'Parent/Carer Name', 'Home Address', 'Post Code', 'Parent Email', 'Mobile No', 'UPN', 'UPNunknown', 'NHS Number', 'Ethnicity', 'Caseworker Name', 'Social Worker', 'Interpreter Required', 'Sex'];
    const inf = inferMapping(header, [], { file: 'x.csv' });
    expect(columnOf(inf, 'child.name')).toBe('Child Name');
    expect(columnOf(inf, 'child.id')).toBe('UPN'); // a field (shown only with --show-text), so not ignored
    // Sex as ethnicity: with --show-text a rubric or --where may still use it, once out of ignore: (QA D6).
    expect(inf.personalColumns).toEqual(['Parent/Carer Name', 'Home Address', 'Post Code', 'Parent Email', 'Mobile No', 'NHS Number', 'Ethnicity', 'Sex']);
    // Staff, a yes/no flag about the UPN, and what LAs break audits down by are kept as extra.<column>.
    expect(inf.unusedColumns).toEqual(['UPNunknown', 'Caseworker Name', 'Social Worker', 'Interpreter Required']);
    expect(inf.summary.unmatched).toBe(12);
    const m = expectUsable(inf, header);
    expect(m.mapping.ignore).toEqual(inf.personalColumns);
    const { mapper } = compileMapping(m.mapping, header, '2026-11-26');
    const { record } = mapper(header.map((h, i) => (i === 0 ? 'P1' : `${h} value`)));
    expect(Object.keys(record.extra)).toEqual(['UPNunknown', 'Caseworker Name', 'Social Worker', 'Interpreter Required']);
  });

  it('lists special category and other sensitive columns under ignore:, but not the plan\'s health sections (QA D6)', () => {
    const sensitive = ['Medical Conditions', 'Diagnosis', 'Medication', 'Allergies', 'Disability', 'Gender', 'Immigration Status', 'Child Protection', 'Safeguarding', 'Free Text', 'Addr 1', 'House No'];
    const header = ['Plan Ref', 'Primary Need', 'Sec C Health Needs', 'Sec G Health Provision', ...sensitive];
    const inf = inferMapping(header, [], { file: 'x.csv' });
    expect(columnOf(inf, 'needs.primary')).toBe('Primary Need');
    expect(columnOf(inf, 'c')).toBe('Sec C Health Needs');
    expect(columnOf(inf, 'g')).toBe('Sec G Health Provision');
    expect(inf.personalColumns).toEqual(sensitive);
    expect(inf.unusedColumns).toEqual([]);
    expect(expectUsable(inf, header).mapping.ignore).toEqual(sensitive);
  });

  it('isPersonalData: a family member\'s views or advice is plan content, not contact data', () => {
    for (const c of ['Parent Views', "Parents' Views and Wishes", 'Parent Advice Date', 'Carer contribution', 'Setting Name', 'Named School', 'Parental Preference']) expect(isPersonalData(c), c).toBe(false);
    for (const c of ['Forename', 'Surname', 'Legal Surname', 'Telephone', 'E-mail', 'Next of Kin', 'ULN', 'Religion', 'Address Line 1']) expect(isPersonalData(c), c).toBe(true);
  });

  it('writes middling matches with an unsure comment and leaves weak ones out', () => {
    const inf = inferMapping(['Plan Ref', 'Start Date', 'Reason', 'Notes'], [], { file: 'x.csv' });
    expect(columnOf(inf, 'dates.finalIssued')).toBe('Start Date');
    expect(lineOf(inf, 'dates.finalIssued')).toMatch(/ {2}# unsure \(75%\): check this column$/);
    // Notes are free text about the child and family: listed under ignore:, never read.
    expect(inf.unusedColumns).toEqual(['Reason']);
    expect(inf.personalColumns).toEqual(['Notes']);
  });

  it('guesses a reference column when none is recognised, so the mapping stays valid', () => {
    // The first column whose sample values are all filled and all different.
    const header2 = ['Colour', 'Identifier X', 'Notes'];
    const inf = inferMapping(header2, [['red', 'P1', ''], ['red', 'P2', '']], { file: 'x.csv' });
    expect(columnOf(inf, 'ref')).toBe('Identifier X');
    expect(inf.fields.ref?.unsure).toBe(true);
    expect(lineOf(inf, 'ref')).toContain('# unsure (0%)');
    expectUsable(inf, header2);
  });

  it("never guesses a forename, surname or postcode split into short columns as the reference; they go under ignore:", () => {
    // QA: 'First' was guessed as ref, so every report row began with the child's forename.
    const header2 = ['First', 'Last', 'Zip', 'Primary Need', 'Date Final Plan Issued'];
    const inf = inferMapping(header2, [['Jack', 'Brown', 'AB1', 'ASD', '01/02/2024'], ['Amy', 'Smith', 'AB2', 'SEMH', '03/04/2024']], { file: 'x.csv' });
    expect(columnOf(inf, 'ref')).toBe(REF_PLACEHOLDER);
    expect((parseYaml(inf.text) as { ignore: string[] }).ignore).toEqual(['First', 'Last', 'Zip']);
  });
});

// ------------------------------------------------------------------------------------------------

describe('date formats', () => {
  it('guessDateFormat decides from the values', () => {
    expect(guessDateFormat(['2024-03-05', '2023-12-31', '']).format).toBe('yyyy-mm-dd');
    expect(guessDateFormat(['05/03/2024', '25/03/2024']).evidence).toBe('day-first');
    expect(guessDateFormat(['05/03/2024', '25/03/2024']).format).toBe('dd/mm/yyyy');
    expect(guessDateFormat(['05/03/2024', '03/25/2024'])).toMatchObject({ evidence: 'month-first', format: 'mm/dd/yyyy', example: '03/25/2024' });
    expect(guessDateFormat(['05/03/2024', '01/02/2023'])).toMatchObject({ evidence: 'ambiguous' });
    expect(guessDateFormat(['05/03/2024', '01/02/2023']).format).toBeUndefined();
    expect(guessDateFormat(['25/03/2024', '03/25/2024']).evidence).toBe('conflict');
    expect(guessDateFormat(['', ' ']).evidence).toBe('none');
    expect(guessDateFormat(['13/01/2024 00:00:00']).format).toBe('dd/mm/yyyy');
    expect(guessDateFormat(['TBC', '25/03/2024']).notDates).toEqual(['TBC']);
    expect(guessDateFormat(['2024/03/05']).format).toBe('yyyy/mm/dd');
    // Spreadsheet date serial numbers: only in a column of nothing else.
    expect(guessDateFormat(['45234', '44927.5', '', '2024-01-10'])).toMatchObject({ evidence: 'serial', format: 'excel-serial', example: '45234' });
    expect(guessDateFormat(['45234', '25/03/2024'])).toMatchObject({ evidence: 'day-first', notDates: ['45234'] });
    expect(guessDateFormat(['123456']).notDates).toEqual(['123456']);
  });

  it('a column of date serial numbers is read as excel-serial, said in a comment', () => {
    const hdr = ['Plan Ref', 'DOB', 'Request Date', 'Final Issued'];
    const inf = inferMapping(hdr, [['P1', '25/12/2012', '45000', '45139'], ['P2', '01/02/2015', '45234.25', '']], { file: 'x.csv' });
    // Two date columns of serial numbers against one day-first: the file default is the majority's.
    expect(inf.dates).toBe('excel-serial');
    expect(inf.fields['dates.request']).toMatchObject({ unsure: false });
    expect(inf.text).toContain("  # date serial numbers ('45000' is 15/03/2023): the column was a number in the spreadsheet, so it is read as excel-serial");
    expect(lineOf(inf, 'dates.request')).toBe('  dates.request: Request Date');
    expect(lineOf(inf, 'child.dob')).toBe('  child.dob: { column: DOB, format: dd/mm/yyyy }');
    const m = expectUsable(inf, hdr);
    const { record, problems } = compileMapping(m.mapping, hdr, '2026-11-26').mapper(['P1', '25/12/2012', '45000', '45139']);
    expect(problems).toEqual([]);
    expect(record.dates).toMatchObject({ request: '2023-03-15', finalIssued: '2023-08-01' });
    expect(record.child.dob).toBe('2012-12-25');
  });

  const header = ['Plan Ref', 'DOB', 'Request Date', 'Final Issued', 'Last Annual Review', 'Ceased Date'];

  it('day-first columns set the file default; a month-first column gets its own format and a comment', () => {
    const rows = [
      ['P1', '25/12/2012', '14/01/2021', '02/03/2021', '11/04/2024', ''],
      ['P2', '01/02/2015', '03/05/2022', '28/09/2022', '12/25/2024', ''],
    ];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(inf.dates).toBe('dd/mm/yyyy');
    expect(inf.fields['dates.lastReview']?.format).toBe('mm/dd/yyyy');
    expect(lineOf(inf, 'dates.lastReview')).toBe('  dates.lastReview: { column: Last Annual Review, format: mm/dd/yyyy }');
    expect(inf.text).toContain("# month-first dates: '12/25/2024' has a second part above 12, so this column is read as mm/dd/yyyy");
    // Request Date: 14/01 decides day-first; Final Issued: 28/09 decides too.
    expect(inf.fields['dates.request']?.format).toBeUndefined();
    expect(inf.fields['dates.finalIssued']?.format).toBeUndefined();
    const m = expectUsable(inf, header);
    const { mapper } = compileMapping(m.mapping, header, '2025-07-31');
    expect(mapper(rows[1]!).record.dates.lastReview).toBe('2024-12-25');
    expect(mapper(rows[0]!).problems).toEqual([]);
  });

  it('undecided columns keep dd/mm/yyyy with an unsure comment', () => {
    const rows = [['P1', '05/03/2012', '01/02/2021', '', '', '']];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(inf.dates).toBe('dd/mm/yyyy');
    expect(inf.fields['child.dob']?.unsure).toBe(true);
    const lines = inf.text.split('\n');
    const at = lines.indexOf('  child.dob: DOB');
    expect(lines[at - 1]).toBe('  # unsure: no value here decides day-first or month-first; dd/mm/yyyy assumed');
    expect(inf.summary.unsure).toBe(2);
  });

  it('a line break or control character in a column name or sample value stays inside its comment', () => {
    const hdr = [...header, 'Case\nworker', 'Primary Need'];
    // A value init quotes (a code-like one: words in a row are not quoted at all).
    const inf = inferMapping(hdr, [['P1', '25/03/2012', '', '', '', '', 'CW1', 'see\n7\u0001']], { file: 'x.csv' });
    expect(() => parseYaml(inf.text)).not.toThrow();
    expect(inf.text).toContain('see\\x0a7\\x01');
    expect(inf.text).toContain('(kept as extra.Case\\x0aworker;');
  });

  it('numbered outcome columns tagged "[Area] ..." get the area pattern, as a single outcomes column does', () => {
    const hdr = ['Plan Ref', 'Outcome 1', 'Outcome 2', 'Outcome 3'];
    const rows = [
      ['P1', '[Communication and interaction] By July 2026 Sam will use 50 words', '[Independent living] By 2027 Sam will make a snack', ''],
      ['P2', '[Employment] By June 2027 Ava will complete a work placement', '', ''],
    ];
    const inf = inferMapping(hdr, rows, { file: 'x.csv' });
    expect(inf.fields.e).toMatchObject({ column: 'Outcome {n}', numbered: true });
    expect(inf.fields.e?.pattern).toMatch(/\(\?<area>/);
    expect(inf.fields.e?.split).toBeUndefined();
    const mapping = reload(inf);
    const { mapper } = compileMapping(mapping.mapping, hdr, '2026-11-26');
    expect(mapper(rows[0]!).record.e).toEqual([
      { text: 'By July 2026 Sam will use 50 words', area: 'Communication and interaction' },
      { text: 'By 2027 Sam will make a snack', area: 'Independent living' },
    ]);
  });

  it('no date in any sampled column: the assumed format is marked unsure', () => {
    const rows = [['P1', '', '', '', '', ''], ['P2', '', '', '', '', '']];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(inf.dates).toBe('dd/mm/yyyy');
    expect(inf.fields['child.dob']?.unsure).toBe(true);
    const lines = inf.text.split('\n');
    expect(lines[lines.indexOf('  child.dob: DOB') - 1]).toBe('  # unsure: no dates in the sample rows, nor in any other date column; dd/mm/yyyy assumed');
    // One column decides: the blank ones follow it without doubt.
    const some = inferMapping(header, [['P1', '25/03/2012', '', '', '', '']], { file: 'x.csv' });
    expect(some.fields['dates.request']?.unsure).toBeFalsy();
  });

  it('US dates with a 12-hour time (1/23/2019 12:00:00 AM) are read as mm/dd/yyyy, as the reader reads them', () => {
    const rows = [['P1', '1/23/2012 12:00:00 AM', '4/7/2023 12:00:00 AM', '', '', ''], ['P2', '12/30/2013 12:00:00 AM', '', '', '', '']];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(inf.dates).toBe('mm/dd/yyyy');
    expect(inf.fields['child.dob']).toBeDefined();
    expect(inf.fields['dates.request']).toBeDefined();
    expect(guessDateFormat(['1/23/2019 12:00 foo']).notDates).toEqual(['1/23/2019 12:00 foo']);
  });

  it('ISO everywhere sets dates: yyyy-mm-dd; one day-first column then gets format: dd/mm/yyyy', () => {
    const rows = [
      ['P1', '2012-05-17', '2021-01-04', '2021-04-30', '2024-04-11', '31/03/2025'],
      ['P2', '2015-11-02', '2022-09-19', '2023-01-20', '2024-12-03', ''],
    ];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(inf.dates).toBe('yyyy-mm-dd');
    expect(inf.fields['child.dob']?.format).toBeUndefined();
    expect(lineOf(inf, 'dates.ceased')).toBe('  dates.ceased: { column: Ceased Date, format: dd/mm/yyyy }');
    const m = expectUsable(inf, header);
    expect(compileMapping(m.mapping, header, '2025-07-31').mapper(rows[0]!).problems).toEqual([]);
  });

  it('a date column its name makes clear is mapped, as unsure, when few sampled values are dates (d/m/yy, "Not known"): it was left out', () => {
    const hdr = ['Plan Ref', 'Request Date', 'Final Issued', 'NC Year', 'Ceased Date'];
    const rows = [
      ['P1', '3/4/23', '20/7/23', 'Year 3', ''],
      ['P2', '14/2/24', '30/6/24', 'Year 7', ''],
      ['P3', 'Not known', '1/9/24', 'Year 9', ''],
    ];
    const inf = inferMapping(hdr, rows, { file: 'x.csv' });
    expect(inf.fields['dates.request']).toMatchObject({ column: 'Request Date', unsure: true });
    expect(inf.fields['dates.finalIssued']).toMatchObject({ column: 'Final Issued', unsure: true });
    const lines = inf.text.split('\n');
    const above = (line: string) => lines[lines.indexOf(line) - 1];
    expect(above('  dates.request: Request Date  # unsure (55%): check this column')).toBe(
      "  # 3 of 3 sampled values are not a date (2 with a 2-digit year, e.g. '3/4/23'; 1 other text, e.g. 'Not known'): records with such values are rejected, each at its line",
    );
    // The other date columns hold values, though none is a date: not "no dates in any other date column".
    expect(above('  dates.ceased: Ceased Date')).toBe('  # unsure: no dates in the sample rows, and none of the values in the other date columns reads as a date; dd/mm/yyyy assumed');
    // Such records are rejected at their line with the date reader's reason, not read with no dates.
    const m = expectUsable(inf, hdr);
    const { problems } = compileMapping(m.mapping, hdr, '2026-11-26').mapper(rows[0]!);
    expect(problems.map((x) => x.message)).toEqual(["dates.request: '3/4/23' has a 2-digit year: write the year in full (yyyy)", "dates.finalIssued: '20/7/23' has a 2-digit year: write the year in full (yyyy)"]);
    // Mostly "Not known": the same.
    const nk = inferMapping(['Plan Ref', 'Request Date', 'Final Issued'], [['P1', 'Not known', '20/07/2023'], ['P2', 'Not known', '30/06/2024'], ['P3', '14/02/2024', '01/09/2024']], { file: 'x.csv' });
    expect(nk.fields['dates.request']).toMatchObject({ column: 'Request Date', unsure: true });
    // A name that is no clear date field's is still left out when its values are not dates.
    expect(inferMapping(['Plan Ref', 'Request'], [['P1', 'Not known'], ['P2', 'Yes']], { file: 'x.csv' }).fields['dates.request']).toBeUndefined();
  });

  it("a personal column's values (a date of birth) are never quoted in the comments", () => {
    const hdr = ['Plan Ref', 'Date of Birth', 'Request Date'];
    const rows = [
      ['P1', '01/23/2019', '03/04/2023'],
      ['P2', 'Unknown', '03/25/2023'],
      ['P3', '7/8/15', '04/05/2023'],
    ];
    const inf = inferMapping(hdr, rows, { file: 'x.csv' });
    const comments = inf.text.split('\n').filter((l) => l.trimStart().startsWith('#'));
    for (const v of ['01/23/2019', 'Unknown', '7/8/15']) expect(comments.filter((l) => l.includes(v)), v).toEqual([]);
    const lines = inf.text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  child.dob: '));
    expect(lines.slice(at - 2, at)).toEqual([
      '  # month-first dates: a value has a second part above 12, so this column is read as mm/dd/yyyy',
      '  # 2 of 3 sampled values are not a date (1 with a 2-digit year; 1 other text): records with such values are rejected, each at its line',
    ]);
    // Another date column's example is quoted as before.
    expect(inf.text).toContain("# month-first dates: '03/25/2023' has a second part above 12");
    const serial = inferMapping(['Plan Ref', 'DOB'], [['P1', '45000'], ['P2', '45139']], { file: 'x.csv' });
    expect(serial.text).toContain('  # date serial numbers: the column was a number in the spreadsheet, so it is read as excel-serial');
    expect(serial.text).not.toContain('45000');
  });

  it('free text in a code or date column is never quoted in the comments, names in it or not; codes and date attempts are (QA W2)', () => {
    const hdr = ['Plan Ref', 'Primary Need', 'SEN2 Setting', 'Final Issued', 'Request Date'];
    const data = [
      ['P1', 'Autism - mum Sarah Brown says', 'OLA', '01/02/2024', '3/4/23'],
      ['P2', 'ASDX', 'Jack Brown at home', '13/02/2024', '2/4/23 Jack Brown'],
      ['P3', 'ASD', 'OLA', 'sent to Mrs Brown', '14/02/2024'],
      ['P4', 'SLCN', 'EHE', 'pending', '15/02/2024'],
    ];
    const inf = inferMapping(hdr, data, { file: 'x.csv' });
    const comments = inf.text.split('\n').filter((l) => l.trimStart().startsWith('#'));
    expect(comments.filter((l) => /Brown|Sarah|pending/.test(l))).toEqual([]);
    expect(comments).toContain(`  # unsure: 2 sample values are not an SEN2 code ('ASDX'; 1 other not quoted: text that may name someone): add values: { "their word": CODE }`);
    expect(comments).toContain(`  # unsure: 1 sample value is not an SEN2 code (1 not quoted: text that may name someone): add values: { "their word": CODE }`);
    expect(comments).toContain('  # 2 of 4 sampled values are not a date (2 other text, not quoted: it may name someone): records with such values are rejected, each at its line');
    // A date attempt is quoted (the first that is one), as validate's reason quotes it.
    expect(comments).toContain("  # 2 of 4 sampled values are not a date (2 with a 2-digit year, e.g. '3/4/23'): records with such values are rejected, each at its line");
    expect(describeNotDates(['2/4/23 Jack Brown', '3/4/23'], true)).toBe("2 with a 2-digit year, e.g. '3/4/23'");
    expect(describeNotDates(['2/4/23 Jack Brown'], true)).toBe('1 with a 2-digit year, not quoted: it may name someone');
    expect(describeNotDates(['Not known', 'sent to Mrs Brown'], true)).toBe("2 other text, e.g. 'Not known'");
  });

  it('advice date columns get the same treatment', () => {
    const h = ['Plan Ref', 'DOB', 'EP Advice Date'];
    const inf = inferMapping(h, [['P1', '25/12/2012', '2024-03-01']], { file: 'x.csv' });
    expect(inf.text).toContain('  - { source: educational psychology, date: EP Advice Date, format: yyyy-mm-dd }');
    expectUsable(inf, h);
  });
});

describe('list separators', () => {
  it('guessSeparator: newline, then ;, then |', () => {
    expect(guessSeparator(['a\nb', 'c; d'])).toBe('newline');
    expect(guessSeparator(['a; b', 'c | d'])).toBe(';');
    expect(guessSeparator(['a | b', 'c'])).toBe('|');
    expect(guessSeparator(['a, b', 'c'])).toBe('newline');
    expect(guessSeparator(['ASD, SLCN', 'MLD'], 'needs.other')).toBe(',');
    expect(guessSeparator(['', ''])).toBe('newline');
  });

  it('writes split only where a column differs from newline', () => {
    const header = ['Plan Ref', 'Secondary Needs', 'Sec F Provision', 'Sec E Outcomes'];
    const rows = [
      ['P1', 'SLCN;MLD', 'Speech therapy | Small group work', '[Employment] By July 2027, Sam will...\n[Health] By 2026, ...'],
      ['P2', 'SEMH', 'Mentor', '[Community] By 2026, ...'],
    ];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(lineOf(inf, 'needs.other')).toBe('  needs.other: { column: Secondary Needs, split: ";" }');
    expect(lineOf(inf, 'f')).toBe('  f: { column: Sec F Provision, split: "|" }');
    expect(inf.fields.e?.split).toBeUndefined();
    expect(inf.fields.e?.pattern).toBe(String.raw`^\[(?<area>[^\]]+)\]\s*(?<text>.+)$`);
    const m = expectUsable(inf, header);
    const rec = compileMapping(m.mapping, header, '2025-07-31').mapper(rows[0]!).record;
    expect(rec.needs.other).toEqual(['SLCN', 'MLD']);
    expect(rec.f.map((p) => p.text)).toEqual(['Speech therapy', 'Small group work']);
    expect(rec.e[0]).toEqual({ text: 'By July 2027, Sam will...', area: 'Employment' });
  });
});

describe('yes/no words', () => {
  it('guessBooleans sorts words by negation and the field name', () => {
    expect(guessBooleans(['Y', 'Looked after', 'Not looked after', 'N', 'Unknown', ''], ['looked', 'after'])).toEqual({
      true: ['Looked after'],
      false: ['Not looked after'],
      undecided: ['Unknown'],
      unread: 0,
    });
    expect(guessBooleans(['Yes', 'no', 'TRUE', '0'])).toEqual({ true: [], false: [], undecided: [], unread: 0 });
    // Not a no: left for the LA to decide, not read as "not looked after".
    expect(guessBooleans(['Not known', 'N/A', 'Not recorded', 'Not applicable', 'No'], ['looked', 'after'])).toEqual({
      true: [],
      false: [],
      undecided: ['Not known', 'N/A', 'Not recorded', 'Not applicable'],
      unread: 0,
    });
  });

  it('guessBooleans sorts only a few yes/no words: free text, names and numbers are counted, never sorted nor kept', () => {
    const own = ['looked', 'after', 'child', 'status'];
    const g = guessBooleans(
      [
        'Yes - with foster carers Mr and Mrs Patel, 12 High St, AB1 2CD',
        'Previously looked after (SGO to grandmother Mary Evans)',
        'Yes Mary',
        'Mary Evans',
        'S20',
        'Yes 2024',
        'CLA',
        'Previously looked after',
        'Formerly CLA',
        'No longer looked after',
        '\u2713',
      ],
      own,
    );
    // S20 alone is a legal status, not a name: undecided, and quoted in the mapping's comment.
    expect(g).toEqual({ true: ['CLA', '\u2713'], false: ['No longer looked after'], undecided: ['S20', 'Previously looked after', 'Formerly CLA'], unread: 5 });
  });

  it('guessBooleans reads a yes word or the field name followed by a legal status as yes (Section 20 and s31 children are looked after)', () => {
    const g = guessBooleans(['Yes (S20)', 'Looked after (S31)', 'Yes - Section 20', 'LAC - S20', 'Looked After by another LA', 'Yes - with Nan, Mary Evans'], ['looked', 'after']);
    expect(g).toEqual({ true: ['Yes (S20)', 'Looked after (S31)', 'Yes - Section 20', 'LAC - S20', 'Looked After by another LA'], false: [], undecided: [], unread: 1 });
  });

  it('init leaves free text in a yes/no column out of booleans:, marks the column unsure and quotes none of it', () => {
    const header = ['Plan Ref', 'CLA'];
    const rows = [
      ['P1', 'Yes - with foster carers Mr and Mrs Patel, 12 High St, AB1 2CD'],
      ['P2', 'Previously looked after (SGO to grandmother Mary Evans)'],
      ['P3', 'N'],
      ['P4', 'Y'],
    ];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(columnOf(inf, 'child.lookedAfter')).toBe('CLA');
    expect(inf.booleans).toEqual({ true: ['y', 'yes', 'true', '1'], false: ['n', 'no', 'false', '0'] });
    expect(inf.fields['child.lookedAfter']?.unsure).toBe(true);
    expect(inf.summary.unsure).toBe(1);
    expect(inf.text).toContain('  # unsure: 2 sampled values were not recognised as yes/no (text, names or numbers; not quoted here): validate rejects each record holding one, at its line\n  child.lookedAfter: CLA\n');
    expect(inf.text).not.toMatch(/Patel|Mary|foster|Previously/);
    // The values are rejected, not read as yes.
    const m = expectUsable(inf, header);
    const { mapper } = compileMapping(m.mapping, header, '2025-07-31');
    for (const row of rows.slice(0, 2)) {
      const out = mapper(row);
      expect(out.record.child.lookedAfter).toBeUndefined();
      expect(out.problems.map((p) => [p.field, p.fatal])).toEqual([['child.lookedAfter', true]]);
    }
  });

  it('adds new words to booleans and comments on the ones it cannot place', () => {
    const header = ['Plan Ref', 'CLA Status', 'EHE', 'EP Advice', 'Youth Custody'];
    const rows = [
      ['P1', 'Looked after', 'Y', 'Received', 'Unknown'],
      ['P2', 'Not looked after', 'N', 'Not received', 'N'],
      ['P3', 'Not looked after', 'Yes', '', 'No'],
    ];
    const inf = inferMapping(header, rows, { file: 'x.csv' });
    expect(columnOf(inf, 'child.lookedAfter')).toBe('CLA Status');
    expect(inf.booleans).toEqual({
      true: ['y', 'yes', 'true', '1', 'Looked after', 'Received'],
      false: ['n', 'no', 'false', '0', 'Not looked after', 'Not received'],
    });
    expect(inf.text).toContain("  true: [y, yes, 'true', '1', Looked after, Received]");
    expect(inf.undecidedBooleans).toEqual(['Unknown']);
    expect(inf.fields['child.youthCustody']?.unsure).toBe(true);
    expect(inf.text).toContain('# unsure: yes/no values not sorted: "Unknown"; add each to true or false');
    const m = expectUsable(inf, header);
    const { mapper } = compileMapping(m.mapping, header, '2025-07-31');
    expect(mapper(rows[0]!).record.child.lookedAfter).toBe(true);
    expect(mapper(rows[1]!).record.child.lookedAfter).toBe(false);
    expect(mapper(rows[1]!).record.k).toEqual([]);
    expect(mapper(rows[0]!).record.k).toEqual([{ source: 'educational psychology' }]);
  });
});

describe('yamlString', () => {
  it.each(['Plan Ref', 'Outcome {n}', '1', 'True', 'no', 'a: b', 'x #y', "Child's Views", 'Looked After (Y/N)', ' lead', '-dash', 'Col, 2', 'tab\there', 'back\\slash', "##vso[task.setvariable variable=x]it's", '##[error]x'])(
    '%j reads back as itself',
    (s) => {
      expect(parseYaml(`v: ${yamlString(s)}`)).toEqual({ v: s });
      expect(parseYaml(`v: { c: ${yamlString(s)} }`)).toEqual({ v: { c: s } });
      // No CI runner reads a command in the mapping when a CI job prints it (init -o -).
      expect(yamlString(s)).not.toMatch(/##\w*\[/);
    },
  );

  it('the comments quoting column names hold no CI command either', () => {
    const inf = inferMapping(['Plan Ref', '##vso[task.setvariable variable=x]y', '::error::boom'], [], { file: 'x.csv' });
    expect(inf.text).not.toMatch(/##\w*\[|^\s*::/m);
    expect(inf.text).toContain('##vso\\x5btask.setvariable');
  });
});

describe('shipped mapping: sen2', () => {
  it('passes readMapping and names SEN2 columns', () => {
    const m = readMapping('sen2');
    expect(m.mapping.dates).toBe('yyyy-mm-dd');
    expect(m.mapping.fields.ref).toBe('UPN');
    const header = ['UPN', 'PersonBirthDate', 'ReceivedDate', 'StartDate', 'LastReview', 'SENtype', 'SENSetting', 'URN', 'CeaseDate'];
    const { missing, mapper } = compileMapping(m.mapping, header, '2025-07-31');
    expect(missing).toEqual([]);
    const rec = mapper(['A123', '2012-05-17', '2021-01-04', '2021-04-30', '2024-04-11', 'ASD', '', '100000', '']).record;
    expect(rec.dates).toEqual({ request: '2021-01-04', finalIssued: '2021-04-30', lastReview: '2024-04-11' });
    expect(rec.needs.primary).toBe('ASD');
  });

  it('agrees with what init infers from the same names', () => {
    const header = ['UPN', 'PersonBirthDate', 'ReceivedDate', 'StartDate', 'LastReview', 'SENtype', 'SENSetting', 'URN', 'CeaseDate'];
    const inf = inferMapping(header, [], { file: 'sen2.csv' });
    expect(columns(inf)).toEqual(readMapping('sen2').mapping.fields);
  });
});

// ------------------------------------------------------------------------------------------------

describe('ehcp-audit init (command)', () => {
  const csv = join(tmp, 'plans.csv');
  writeFileSync(csv, 'EHCP Number,D.O.B,Date Plan Finalised,Outcome 1,Outcome 2,Interpreter Required\nP1,25/12/2012,01/02/2024,a,b,Y\nP2,01/02/2013,14/03/2024,c,,N\n');

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const { main } = await import('../src/main.js');
    let out = '';
    let err = '';
    const o = process.stdout.write.bind(process.stdout);
    const e = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    try {
      const code = await main(['node', 'ehcp-audit', ...args]);
      return { code, out, err };
    } finally {
      process.stdout.write = o;
      process.stderr.write = e;
    }
  }

  it('writes EXPORT.map.yaml beside the export, then refuses to overwrite it without --force', async () => {
    const first = await run('init', csv);
    expect(first.code).toBe(0);
    const out = join(tmp, 'plans.map.yaml');
    expect(readMapping(out).mapping.fields.ref).toBe('EHCP Number');
    expect(first.err).toContain(`wrote ${out}`);
    expect(first.err).toMatch(/^init: 4 columns matched, 0 unsure, 1 unmatched; wrote /);
    const again = await run('init', csv);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists; use --force/);
    expect((await run('init', csv, '--force')).code).toBe(0);
  });

  it('-o - writes the mapping to stdout', async () => {
    const r = await run('init', csv, '-o', '-', '--rows', '1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ref: EHCP Number');
    expect(r.out).toContain('1 sampled row.');
  });

  it('-o into a folder that does not exist creates it, as every report output does', async () => {
    const out = join(tmp, 'new', 'folder', 'plans.map.yaml');
    const r = await run('init', csv, '-o', out);
    expect(r.code, r.err).toBe(0);
    expect(readMapping(out).mapping.fields.ref).toBe('EHCP Number');
  });
});

describe('inferMapping: no plan reference column', () => {
  it('guesses a unique, filled column that is not personal data', () => {
    const inf = inferMapping(['Contact Phone Number', 'Primary Need', 'Code'], [['07700900123', 'ASD', 'X1'], ['07700900456', 'MLD', 'X2']], { file: 'a.csv' });
    expect(columnOf(inf, 'ref')).toBe('Code');
    expect(inf.personalColumns).toEqual(['Contact Phone Number']);
  });

  it('never guesses a name, a date of birth or a contact detail: the mapping names a placeholder the export lacks', () => {
    const header = ['Surname', 'Forename', 'Telephone', 'Date of Birth', 'Primary Need', 'Final Plan Date'];
    const rows = [['Smith', 'Alice', '07700900123', '01/02/2015', 'ASD', '03/04/2024'], ['Jones', 'Bob', '07700900456', '13/02/2015', 'SEMH', '03/05/2024']];
    const inf = inferMapping(header, rows, { file: 'pd.csv' });
    expect(columnOf(inf, 'ref')).toBe(REF_PLACEHOLDER);
    expect(lineOf(inf, 'ref')).toContain('unsure');
    expect(inf.text).toContain('# no plan reference column recognised, nor one that could be');
    // A valid mapping file, which validate and audit refuse at that line until a column is written in.
    expect(() => reload(inf)).toThrow(/invalid mapping/);
    const file = join(tmp, `m${n - 1}.map.yaml`);
    const line = inf.text.split('\n').findIndex((l) => l.startsWith('  ref: ')) + 1;
    try {
      readMapping(file);
    } catch (e) {
      expect((e as { problems: string[] }).problems[0]).toContain(`${file}:${line}:8: ref: '${REF_PLACEHOLDER}' is the placeholder init writes when no column can be the plan reference: write the name of the column (or key) that identifies each plan here`);
    }
    expect(readMapping(file, { placeholder: true }).mapping.fields.ref).toBe(REF_PLACEHOLDER);
    for (const [h, v] of [['Child Name', 'Alice'], ['Mobile', '07700900123'], ['Email', 'a@b.uk'], ['DOB', '01/02/2015'], ['Post code', 'AB1 2CD']]) {
      expect(columnOf(inferMapping([h!, 'Primary Need'], [[v!, 'ASD'], [`${v}2`, 'MLD']], { file: 'b.csv' }), 'ref'), h).toBe(REF_PLACEHOLDER);
    }
  });
});

describe('inferMapping: looked after under the names LAs use (QA W3)', () => {
  it("'Child in Care', 'Children in Care', 'CiC', 'CIC Status' and the CLA/LAC names are child.lookedAfter; a team or officer for them is not", () => {
    for (const h of ['Child in Care', 'Children in Care', 'CiC', 'CIC', 'CIC Status', 'Looked After Child', 'CLA', 'LAC', 'LAC Status', 'Looked After']) {
      const inf = inferMapping(['Plan Ref', h, 'Primary Need'], [['P1', 'Y', 'ASD'], ['P2', 'N', 'MLD']], { file: 'x.csv' });
      expect(columnOf(inf, 'child.lookedAfter'), h).toBe(h);
      expect(inf.fields['child.lookedAfter']!.unsure, h).toBe(false);
    }
    for (const h of ['Children in Care Team', 'Child in Care Reviewing Officer', 'CLA Team', 'Care Leaver']) {
      expect(inferMapping(['Plan Ref', h, 'Primary Need'], [['P1', 'North', 'ASD'], ['P2', 'South', 'MLD']], { file: 'x.csv' }).fields['child.lookedAfter'], h).toBeUndefined();
    }
  });
});

describe('inferMapping: no reference guessed from contact details by their values (QA W1)', () => {
  it("'Contact Number' is personal data, neither the reference nor kept as extra", () => {
    const inf = inferMapping(['Contact Number', 'Need', 'Final Issued'], [['07700 900123', 'ASD', '01/02/2024'], ['07700 900124', 'SLCN', '03/02/2024']], { file: 'noref3.csv' });
    expect(columnOf(inf, 'ref')).toBe(REF_PLACEHOLDER);
    expect(inf.personalColumns).toEqual(['Contact Number']);
    const withRef = inferMapping(['Plan Ref', 'Contact Number', 'Telephone'], [['P1', '07700 900123', '01632 960123'], ['P2', '07700 900124', '01632 960124']], { file: 'ref.csv' });
    expect(withRef.personalColumns).toEqual(['Contact Number', 'Telephone']);
  });

  it('a column of phone numbers, postcodes or email addresses under another name is not guessed, and its values are not quoted', () => {
    const header = ['Learner', 'Post', 'Year Group', 'Caller', 'Mail', 'Need'];
    const rows = [
      ['A', 'AB1 2CD', '3', '07700 900123', 'a@example.org', 'ASD'],
      ['B', 'XY9 8ZZ', '4', '07700 900124', 'b@example.org', 'SLCN'],
    ];
    const inf = inferMapping(header, rows, { file: 'post.csv' });
    expect(columnOf(inf, 'ref')).toBe(REF_PLACEHOLDER);
    // Nor kept as extra.<column>: their values say they are contact details.
    expect(inf.personalColumns).toEqual(['Learner', 'Post', 'Caller', 'Mail']);
    for (const v of ['AB1', '07700', 'example.org']) expect(inf.text).not.toContain(v);
    // One contact detail among the values is enough for a guess to pass the column over.
    const mixed = inferMapping(['Code', 'Need'], [['X1', 'ASD'], ['AB1 2CD', 'MLD'], ['X3', 'SLCN']], { file: 'm.csv' });
    expect(columnOf(mixed, 'ref')).toBe(REF_PLACEHOLDER);
  });

  it('nor a column named as the reference whose values are phone numbers: the mapping says why, without them', () => {
    const inf = inferMapping(['Case Ref', 'Need', 'Code'], [['07700 900123', 'ASD', 'X1'], ['07700 900124', 'MLD', 'X2']], { file: 'c.csv' });
    expect(columnOf(inf, 'ref')).toBe('Code');
    expect(inf.text).toContain("# the column 'Case Ref' looked like the plan reference by its name, but its values look like a phone number, which every report would print as the reference");
    expect(inf.text).not.toContain('07700');
  });
});

describe('inferMapping: a column named like the reference whose values repeat', () => {
  it('is not the reference (a plan reference is unique), and the mapping says why', () => {
    const header = ['time_period', 'la_name', 'total_ehc_plans', 'outcome_amend'];
    const rows = [['202425', 'Northmoor', '120', '10'], ['202425', 'Fenwold', '120', '12'], ['202425', 'Kellbrook', '95', '3']];
    const inf = inferMapping(header, rows, { file: 'stats.csv' });
    expect(columnOf(inf, 'ref')).not.toBe('total_ehc_plans');
    expect(inf.text).toContain("# the column 'total_ehc_plans' looked like the plan reference by its name, but its values repeat (2 different in 3 sampled rows)");
  });

  it('nor is one named as personal data (readMapping refuses such a ref): it goes under ignore:, and the mapping says why', () => {
    const header = ['EHCP Comments', 'Primary Need', 'Code'];
    const inf = inferMapping(header, [['ok', 'ASD', 'X1'], ['late', 'MLD', 'X2']], { file: 'c.csv' });
    expect(columnOf(inf, 'ref')).toBe('Code');
    expect(inf.personalColumns).toEqual(['EHCP Comments']);
    expect(inf.text).toContain("# the column 'EHCP Comments' looked like the plan reference by its name, but its name says it holds personal data, which every report would print as the reference");
    expectUsable(inf, header);
  });
});

describe('init on a file that is not an export of plans', () => {
  it('says so on stderr, and the mapping it writes cannot be used until the reference is written in', () => {
    const file = join(tmp, 'stats.csv');
    writeFileSync(file, 'time_period,la_name,total_ehc_plans\n202425,Northmoor,120\n202425,Fenwold,120\n');
    const out = join(tmp, 'stats.map.yaml');
    const r = runCli(['init', file, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`no column was recognised with confidence: is ${file} an export of EHC plans, one row per plan? (a table of statistics, say, is not)\n`);
    // The placeholder written for the reference is not counted as a column matched.
    expect(r.stderr).toMatch(/^init: 1 column matched, 1 unsure, 2 unmatched; /);
    expect(runCli(['validate', file, '--map', out]).code).toBe(2);
  });

  it('a JSON or YAML export: validate and audit refuse the placeholder at its line, as for a CSV (they rejected every record, and audit exited 0)', () => {
    for (const [name, text] of [
      ['p.json', '[{"Need":"ASD","Issued":"01/02/2024"},{"Need":"ASD","Issued":"01/02/2024"}]\n'],
      ['p.yaml', '- Need: ASD\n  Issued: 01/02/2024\n- Need: ASD\n  Issued: 01/02/2024\n'],
      ['p.csv', 'Need,Issued\nASD,01/02/2024\nASD,01/02/2024\n'],
    ] as const) {
      const file = join(tmp, name);
      writeFileSync(file, text);
      const out = join(tmp, `${name}.map.yaml`);
      const init = runCli(['init', file, '-o', out]);
      expect(init.code, init.stderr).toBe(0);
      const line = readFileSync(out, 'utf8').split('\n').findIndex((l) => l.startsWith('  ref: ')) + 1;
      for (const command of ['validate', 'audit']) {
        const r = runCli([command, file, '--map', out, '--as-of', '26/11/2026']);
        expect(r.code, `${command} ${name}`).toBe(2);
        expect(r.stderr).toContain(`error: ${out}: invalid mapping\n  ${out}:${line}:8: ref: '${REF_PLACEHOLDER}' is the placeholder init writes`);
      }
    }
  });
});
