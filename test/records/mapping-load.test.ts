/**
 * readMapping (src/records/mapping/load.ts) refuses what the mapper could only get wrong on every
 * record, with the mapping's file:line:col: a constant (`value:`) its field cannot take (it was
 * converted and dropped, leaving the field unset), and a yes/no word listed as both true and false
 * (true won).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileMapping } from '../../src/records/mapping/compile.js';
import { readMapping } from '../../src/records/mapping/load.js';
import { mappingSchema } from '../../src/records/mapping/schema.js';
import { ConfigError } from '../../src/util/errors.js';
import { fixture } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-mapping-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const example = readFileSync(fixture('example-export.map.yaml'), 'utf8');

/** The example mapping with one field's line replaced; returns the file and that line's number. */
function withField(name: string, field: string, line: string): { file: string; lineNo: number } {
  const lines = example.split('\n');
  const k = lines.findIndex((l) => l.startsWith(`  ${field}:`));
  expect(k, field).toBeGreaterThanOrEqual(0);
  lines[k] = `  ${line}`;
  const file = join(dir, `${name}.map.yaml`);
  writeFileSync(file, lines.join('\n'));
  return { file, lineNo: k + 1 };
}

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('no error');
}

describe('readMapping: constants (value:)', () => {
  const bad: [string, string, string, RegExp][] = [
    ['nc-year', 'child.ncYear', 'child.ncYear: { value: "Year 99" }', /child\.ncYear: 'Year 99' is not a National Curriculum year/],
    ['dob', 'child.dob', 'child.dob: { value: "31/02/2024" }', /child\.dob: the date of birth cannot be read as a date in the format dd\/mm\/yyyy/],
    ['looked-after', 'child.lookedAfter', 'child.lookedAfter: { value: maybe }', /child\.lookedAfter: 'maybe' is not a yes\/no value/],
    ['primary-need', 'needs.primary', 'needs.primary: { value: Dyslexia-ish }', /needs\.primary: 'Dyslexia-ish' is not an SEN2 SENtype code/],
    ['sen-setting', 'setting.senSetting', 'setting.senSetting: { value: School }', /setting\.senSetting: 'SCHOOL' is not an SEN2 SENSetting code/],
  ];
  for (const [name, field, line, message] of bad) {
    it(`refuses ${line} at the value's line and column, with the converter's message`, () => {
      const { file, lineNo } = withField(name, field, line);
      const e = configError(() => readMapping(file));
      expect(e.message).toBe(`${file}: invalid mapping: a value (value: or values:) its field cannot take; fix it, or map a column instead`);
      expect(e.problems).toHaveLength(1);
      const col = line.indexOf('value: ') + 'value: '.length + 3; // after the two-space indent, 1-based
      expect(e.problems[0]).toMatch(new RegExp(`^${file.replace(/[.\\]/g, '\\$&')}:${lineNo}:${col}: `));
      expect(e.problems[0]).toMatch(message);
    });
  }

  it('lists every bad constant at once', () => {
    const file = join(dir, 'two.map.yaml');
    writeFileSync(file, 'fields:\n  ref: Plan Ref\n  child.ncYear: { value: Year 99 }\n  child.lookedAfter: { value: maybe }\n');
    const e = configError(() => readMapping(file));
    expect(e.message).toMatch(/invalid mapping: 2 values \(value: or values:\) their fields cannot take/);
    expect(e.problems.map((p) => p.split('\n')[0]!.slice(file.length))).toEqual([
      ":3:26: child.ncYear: 'Year 99' is not a National Curriculum year (N1, N2, R, 1-14)",
      ":4:31: child.lookedAfter: 'maybe' is not a yes/no value (add it to booleans in the mapping)",
    ]);
  });

  it('refuses a values: translation to a value its field cannot take, at that entry (every record holding it was rejected instead)', () => {
    const file = join(dir, 'values.map.yaml');
    writeFileSync(file, 'fields:\n  ref: Plan Ref\n  needs.primary: { column: Primary Need, values: { Autism: SPEECH, Dyslexia: SPLD } }\n  child.ncYear: { column: NC, values: { Reception: R, Nursery: Year 99 } }\n  child.lookedAfter: { column: CLA, values: { Yes: y, Maybe: perhaps, Unknown: "" } }\n');
    const e = configError(() => readMapping(file));
    expect(e.message).toBe(`${file}: invalid mapping: 3 values (value: or values:) their fields cannot take; fix it, or map a column instead`);
    expect(e.problems.map((p) => p.split('\n')[0]!.slice(file.length))).toEqual([
      ":3:60: values: 'Autism' becomes 'SPEECH': needs.primary: 'SPEECH' is not an SEN2 SENtype code",
      ":4:64: values: 'Nursery' becomes 'Year 99': child.ncYear: 'Year 99' is not a National Curriculum year (N1, N2, R, 1-14)",
      ":5:62: values: 'Maybe' becomes 'perhaps': child.lookedAfter: 'perhaps' is not a yes/no value (add it to booleans in the mapping)",
    ]);
  });

  it("a field written as an object gets that object's own problem, not the union's 'Invalid input'", () => {
    const file = join(dir, 'format.map.yaml');
    writeFileSync(file, 'fields:\n  ref: Plan Ref\n  child.dob: { column: DOB, format: yyyy/dd/mm }\n');
    const e = configError(() => readMapping(file));
    expect(e.problems.map((p) => p.split('\n')[0]!.slice(file.length))).toEqual([
      ':3:37: fields.child.dob.format: must be one of "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd", "dd-mm-yyyy", "dd.mm.yyyy", "yyyy/mm/dd", "excel-serial"',
    ]);
  });

  it('refuses a pattern: whose named groups the field does not fill, or on a field without item parts', () => {
    const cases: [string, string][] = [
      [`e: { column: Out, pattern: '^\\[(?<Area>[^\\]]+)\\]\\s*(?<text>.+)$' }`, 'pattern: has (?<Area>...), which e does not fill (names are case-sensitive); name its groups from (?<text>...), (?<area>...), (?<target>...)'],
      [`f: { column: Prov, pattern: '(?<=every )(?<freq>\\w+)' }`, 'pattern: has (?<freq>...), which f does not fill (names are case-sensitive); name its groups from (?<text>...), (?<frequency>...), (?<duration>...), (?<deliverer>...), (?<need>...)'],
      [`g: { column: Prov, pattern: '(?<=a)x' }`, 'pattern: has no named group; name its groups from (?<text>...), (?<frequency>...), (?<duration>...), (?<deliverer>...), (?<need>...)'],
      [`a.childViews: { column: Views, pattern: '(?<text>.*)' }`, 'pattern: a.childViews has no item parts to fill; a pattern applies to e, f, g, h1, h2'],
    ];
    for (const [line, message] of cases) {
      const file = join(dir, 'pattern.map.yaml');
      writeFileSync(file, `fields:\n  ref: Plan Ref\n  ${line}\n`);
      const e = configError(() => readMapping(file));
      expect(e.problems.map((p) => p.split('\n')[0]!.slice(file.length).replace(/^:\d+:\d+: /, ''))).toEqual([message]);
    }
    // The shipped example's pattern, and lookbehinds beside named groups, are fine.
    const ok = join(dir, 'pattern-ok.map.yaml');
    writeFileSync(ok, `fields:\n  ref: Plan Ref\n  f: { column: Prov, pattern: '(?<text>.+?)(?:,\\s*(?<=, )(?<frequency>weekly))?$' }\n`);
    expect(readMapping(ok).mapping.fields.f).toMatchObject({ column: 'Prov' });
  });

  it('takes good constants, and sets them on every record', () => {
    const file = join(dir, 'good.map.yaml');
    writeFileSync(
      file,
      [
        'booleans: { true: [Y], false: [N] }',
        'fields:',
        '  ref: Plan Ref',
        '  child.ncYear: { value: Year 7 }',
        '  child.dob: { value: 05/03/2015 }',
        '  child.lookedAfter: { value: true }', // a YAML boolean, though booleans lists only Y and N
        '  child.youthCustody: { value: N }',
        '  needs.primary: { value: Autism, values: { autism: ASD } }',
        '  setting.type: { value: Mainstream }',
        '  setting.urn: { value: 100234 }',
        '',
      ].join('\n'),
    );
    const m = readMapping(file);
    const { mapper } = compileMapping(m.mapping, ['Plan Ref'], '2026-11-26');
    const { record, problems } = mapper(['P1']);
    expect(problems).toEqual([]);
    expect(record.child).toEqual({ ncYear: 7, dob: '2015-03-05', lookedAfter: true, youthCustody: false });
    expect(record.needs.primary).toBe('ASD');
    expect(record.setting).toEqual({ type: 'Mainstream', urn: '100234' });
  });

  it('compileMapping refuses a bad constant in a mapping built in code (no field silently unset)', () => {
    const mapping = mappingSchema().parse({ fields: { ref: 'Ref', 'child.ncYear': { value: 'Year 99' } } });
    expect(() => compileMapping(mapping, ['Ref'], '2026-11-26')).toThrow(/fields\.child\.ncYear\.value: child\.ncYear: 'Year 99' is not a National Curriculum year/);
  });
});

describe('readMapping: booleans', () => {
  it('refuses a word listed as both true and false, at the word in false', () => {
    const file = join(dir, 'both.map.yaml');
    writeFileSync(file, example.replace('false: [N, No, False, 0]', 'false: [N, No, False, 0, Y]'));
    const lineNo = example.split('\n').findIndex((l) => l.includes('false: [N, No, False, 0]')) + 1;
    const e = configError(() => readMapping(file));
    expect(e.message).toBe(`${file}: invalid mapping (1 problem)`);
    expect(e.problems[0]!.split('\n')[0]).toBe(`${file}:${lineNo}:28: booleans.false.4: 'Y' is listed as both true and false; keep it in one list`);
  });

  it('compares words as the mapper does: trimmed, ignoring case', () => {
    const file = join(dir, 'case.map.yaml');
    writeFileSync(file, 'booleans:\n  true: [Y, " Ticked "]\n  false: [n, TICKED, y]\nfields:\n  ref: Plan Ref\n');
    const e = configError(() => readMapping(file));
    expect(e.problems.map((p) => p.split('\n')[0]!.slice(file.length))).toEqual([
      ":3:14: booleans.false.1: 'TICKED' is listed as both true and false; keep it in one list",
      ":3:22: booleans.false.2: 'y' is listed as both true and false; keep it in one list",
    ]);
  });

  it('still takes lists that do not overlap, and the shipped mappings', () => {
    expect(readMapping(fixture('example-export.map.yaml')).mapping.booleans.false).toEqual(['N', 'No', 'false', '0']);
    expect(readMapping('sen2').mapping.fields.ref).toBeDefined();
  });
});

describe('readMapping: the plan reference (ref)', () => {
  // The reference is printed in every report and CI annotation, --show-text or not: it once read
  // the child's name when a mapping said so, in silence, under a header saying names were hidden.
  const refused: [string, string, string][] = [
    ['ref-name', 'ref: Child Name', "ref: 'Child Name' is the column child.name reads"],
    ['ref-dob', 'ref: { column: dob }', "ref: 'dob' is the column child.dob reads"],
    ['ref-id', 'ref: child id', "ref: 'child id' is the column child.id reads"],
    ['ref-pupil-name', 'ref: Pupil Name', "ref: 'Pupil Name' is named as holding a name"],
    ['ref-birth', 'ref: Birth Date', "ref: 'Birth Date' is named as holding a date of birth"],
    ['ref-nhs', 'ref: NHS Number', "ref: 'NHS Number' is named as holding personal data"],
    ['ref-email', 'ref: Parent Email', "ref: 'Parent Email' is named as holding personal data"],
    // Plan text: mapped so, every report printed Section A as each plan's reference.
    ['ref-views', 'ref: Child Views', "ref: 'Child Views' is the column a.childViews reads"],
    ['ref-provision', 'ref: { column: sec f provision }', "ref: 'sec f provision' is the column f reads"],
    ['ref-placement', 'ref: Sec I Placement', "ref: 'Sec I Placement' is the column i reads"],
  ];
  for (const [name, line, message] of refused) {
    it(`refuses ${line} at its line and column`, () => {
      const { file, lineNo } = withField(name, 'ref', line);
      const e = configError(() => readMapping(file));
      expect(e.message).toBe(`${file}: invalid mapping`);
      expect(e.problems).toHaveLength(1);
      const col = line.includes('{') ? line.indexOf('column: ') + 'column: '.length + 3 : 'ref: '.length + 3;
      expect(e.problems[0]!.split('\n')[0]).toBe(
        `${file}:${lineNo}:${col}: ${message}; the plan reference is printed in every report, --show-text or not: map ref to the column that identifies each plan (its plan or case reference)`,
      );
    });
  }

  it('takes a plan or case reference, and the UPN, which the shipped sen2 mapping uses (SEN2 has no plan reference)', () => {
    for (const line of ['ref: Plan Ref', 'ref: { column: Case Number }', 'ref: EHCP ID']) expect(readMapping(withField('ref-ok', 'ref', line).file).mapping.fields.ref).toBeDefined();
    expect(readMapping(withField('ref-upn', 'ref', 'ref: UPN').file).mapping.fields.ref).toBe('UPN');
    expect(readMapping('sen2').mapping.fields.ref).toBe('UPN');
  });
});

describe('a column both mapped and ignored', () => {
  it('is an error at the ignore entry, naming where it is mapped (fields:, k:, a columns: template; case and spacing aside)', () => {
    const file = join(dir, 'ignored.map.yaml');
    writeFileSync(file, `${example.trimEnd()}\nignore:\n  - Caseworker\n  - cla\n  - health_advice date\n  - Provision 3\n`);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix)) + 1;
    const withColumns = file.replace('ignored', 'ignored-columns');
    writeFileSync(withColumns, readFileSync(file, 'utf8').replace(/^ {2}f: .*$/m, "  f: { columns: 'Provision {n}' }"));
    const e = configError(() => readMapping(withColumns));
    expect(e.message).toBe(`${withColumns}: invalid mapping (3 problems)`);
    const cla = at('  - cla');
    expect(e.problems.map((p) => p.split('\n')[0])).toEqual([
      `${withColumns}:${cla}:5: 'cla' is both mapped (fields.child.lookedAfter, line ${at('  child.lookedAfter:')}) and ignored: remove it from one (an ignored column is never read)`,
      `${withColumns}:${cla + 1}:5: 'health_advice date' is both mapped (k.2.date, line ${at('  - { source: health,')}) and ignored: remove it from one (an ignored column is never read)`,
      `${withColumns}:${cla + 2}:5: 'Provision 3' is both mapped (fields.f, line ${at('  f:')}) and ignored: remove it from one (an ignored column is never read)`,
    ]);
    // Ignoring a column nothing reads is what ignore is for.
    const ok = join(dir, 'ignored-ok.map.yaml');
    writeFileSync(ok, `${example.trimEnd()}\nignore: [Caseworker, Provision 3]\n`);
    expect(readMapping(ok).mapping.ignore).toEqual(['Caseworker', 'Provision 3']);
  });

  it('an empty mapping file says so', () => {
    const file = join(dir, 'empty.map.yaml');
    writeFileSync(file, '# to do\n');
    expect(configError(() => readMapping(file)).message).toBe(`${file}: the mapping is empty: run 'ehcp-audit init' on the export to write one (docs/mapping.md)`);
  });
});
