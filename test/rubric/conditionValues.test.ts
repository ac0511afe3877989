/**
 * A condition's values are read as the field holds them (yes/no, a year, an SEN2 code or name, a
 * date), as --where reads them; a test its field can never pass is refused where it is written,
 * so that a criterion never quietly applies to no plan (rubric/condition.ts conditionProblems).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileWhere } from '../../src/audit/where.js';
import type { PlanRecord } from '../../src/records/model.js';
import { PlanSource } from '../../src/records/source.js';
import { compileCondition, conditionProblems, type Condition, type FieldCondition } from '../../src/rubric/condition.js';
import { loadRubric } from '../../src/rubric/load.js';
import { evalContext } from '../../src/rubric/types.js';
import { ConfigError } from '../../src/util/errors.js';
import { fixture } from '../helpers/cli.js';

const AS_OF = '2026-11-26';
const tmp = mkdtempSync(join(tmpdir(), 'ehcp-conditions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const plans: PlanRecord[] = [];
beforeAll(async () => {
  const source = new PlanSource({ file: fixture('example-export.csv'), asOf: AS_OF });
  for await (const r of source.records()) plans.push(r.record);
  expect(plans).toHaveLength(70);
});

const ctx = () => evalContext(AS_OF);
/** The references of the example export's plans a condition holds for. */
const matching = (c: Condition): string[] => {
  const holds = compileCondition(c);
  return plans.filter((p) => holds(p, ctx())).map((p) => p.ref);
};

describe('condition values are read as the field holds them', () => {
  it('yes/no: yes, Y and true find the same looked-after children; no and false the others', () => {
    const looked = plans.filter((p) => p.child.lookedAfter === true).map((p) => p.ref);
    expect(looked.length).toBeGreaterThan(0);
    for (const v of [true, 'yes', 'Y', 'TRUE', 1]) expect(matching({ field: 'child.lookedAfter', eq: v }), String(v)).toEqual(looked);
    const not = plans.filter((p) => p.child.lookedAfter === false).map((p) => p.ref);
    expect(matching({ field: 'child.lookedAfter', eq: 'no' })).toEqual(not);
    expect(matching({ field: 'child.lookedAfter', in: ['n', false] })).toEqual(not);
  });

  it("a need by its name or its code: 'Autistic spectrum disorder' is ASD, for needs.primary and in needs.other", () => {
    const asd = matching({ field: 'needs.primary', eq: 'ASD' });
    expect(asd.length).toBeGreaterThan(0);
    expect(matching({ field: 'needs.primary', eq: 'Autistic spectrum disorder' })).toEqual(asd);
    expect(matching({ field: 'needs.primary', in: ['autistic spectrum disorder', 'SLCN'] })).toEqual(matching({ field: 'needs.primary', in: ['ASD', 'SLCN'] }));
    const other = matching({ field: 'needs.other', contains: 'SLCN' });
    expect(other.length).toBeGreaterThan(0);
    expect(matching({ field: 'needs.other', contains: 'Speech, language and communication needs' })).toEqual(other);
  });

  it('a year as exports write it: Y7, Year 7 and 7 are one year; a date as a date, however it is written', () => {
    const y7 = matching({ field: 'child.ncYear', eq: 7 });
    expect(y7.length).toBeGreaterThan(0);
    expect(matching({ field: 'child.ncYear', eq: 'Y7' })).toEqual(y7);
    expect(matching({ field: 'child.ncYear', in: ['Year 7'] })).toEqual(y7);
    const issued = plans.find((p) => p.dates.finalIssued)!.dates.finalIssued!;
    const [y, m, d] = issued.split('-');
    const same = matching({ field: 'dates.finalIssued', eq: issued });
    expect(same.length).toBeGreaterThan(0);
    expect(matching({ field: 'dates.finalIssued', eq: `${d}/${m}/${y}` })).toEqual(same);
  });
});

describe('a test the field can never pass is refused', () => {
  const cases: [FieldCondition, string[], RegExp][] = [
    [{ field: 'child.lookedAfter', eq: 'maybe' }, ['eq'], /child\.lookedAfter is yes or no: write true or false/],
    [{ field: 'child.lookedAfter', gte: 1 }, ['gte'], /is yes or no: gte compares numbers and dates; use eq, ne or in/],
    [{ field: 'child.lookedAfter', matches: '^y' }, ['matches'], /is yes or no: use eq; matches tests text/],
    [{ field: 'needs.primary', in: ['ASD', 'ASDD'] }, ['in', '1'], /'ASDD' is not an SEN2 need/],
    [{ field: 'needs.primary', contains: 'ASD' }, ['contains'], /needs\.primary is not a list/],
    [{ field: 'needs.other', eq: 'ASD' }, ['eq'], /needs\.other is a list: test its items with contains/],
    [{ field: 'setting.senSetting', eq: 'Mainstream' }, ['eq'], /'Mainstream' is not an SEN2 setting code/],
    [{ field: 'child.ncYear', eq: 'Year 15' }, ['eq'], /is a National Curriculum year/],
    [{ field: 'child.ncYear', gte: 'as_of' }, ['gte'], /is a National Curriculum year: compare it with a number/],
    [{ field: 'dates.finalIssued', gte: 9 }, ['gte'], /dates\.finalIssued is a date: compare it with a date \(dd\/mm\/yyyy\) or as_of, not a number/],
    [{ field: 'dates.finalIssued', eq: '31/02/2025' }, ['eq'], /dates\.finalIssued is a date: .*not a real date|dates\.finalIssued is a date/],
    [{ field: 'a.childViews', gte: 5 }, ['gte'], /a\.childViews is plan text: gte compares numbers and dates/],
    [{ field: 'b', eq: 'foo' }, ['eq'], /b is a needs section: test it with present \(or b\.none, b\.items\)/],
    [{ field: 'e', contains: 'x' }, ['contains'], /e is a list of items: test it with present, or test a field of its items \(e\.g\. e\[\]\.area\)/],
    [{ field: 'e[].area', eq: 'Independent living' }, ['eq'], /e\[\]\.area is a list: test its items with contains/],
  ];
  it.each(cases)('%j', (c, path, message) => {
    const p = conditionProblems(c);
    expect(p).toHaveLength(1);
    expect(p[0]!.path.map(String)).toEqual(path);
    expect(p[0]!.message).toMatch(message);
  });

  it('what can hold raises nothing: text, an extra column, a list with contains, a section with present', () => {
    const fine: FieldCondition[] = [
      { field: 'child.district', eq: 'Northmoor' },
      { field: 'setting.urn', gte: 100000 },
      { field: 'extra.Interpreter Required', eq: 'Y' },
      { field: 'extra.Review Due', lte: 'as_of' },
      { field: 'e[].area', contains: 'Independent living' },
      { field: 'k[].source', matches: 'health' },
      { field: 'c', present: true, none_counts: true },
      { field: 'c.none', eq: true },
      { field: 'dates.ceased', lte: 'as_of' },
      { field: 'yearGroup', gte: 9, lte: 11 },
      { field: 'phase', in: ['KS4', 'post-16'] },
    ];
    for (const c of fine) expect(conditionProblems(c), JSON.stringify(c)).toEqual([]);
  });

  it('in a rubric, at the value, with file:line:col, for applies_when and for thread links', () => {
    const file = join(tmp, 'never.yaml');
    writeFileSync(
      file,
      [
        'id: never',
        'version: "1"',
        'title: never',
        'grades: { bands: [ { name: Good, min: 50 }, { name: Bad, min: 0 } ] }',
        'criteria:',
        '  - id: cla',
        '    title: cla',
        '    section: process',
        '    source: s',
        '    applies_when: { field: child.lookedAfter, eq: maybe }',
        '    check: { type: present, field: ref }',
        '  - id: thread',
        '    title: thread',
        '    section: E',
        '    source: s',
        '    check: { type: thread, links: [ { label: x, if: { field: needs.primary, eq: Autism spectrum }, then: { field: e, present: true } } ] }',
        '',
      ].join('\n'),
    );
    let problems: string[] = [];
    try {
      loadRubric(file);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems.map((p) => p.split('\n')[0]!);
    }
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^${file}:10:51: child\\.lookedAfter is yes or no`));
    expect(problems[1]).toMatch(new RegExp(`^${file}:16:\\d+: .*'Autism spectrum' is not an SEN2 need`));
  });
});

describe('a date bound that is not a real date', () => {
  it('says so, rather than "expected a date"', () => {
    const file = join(tmp, 'date31.yaml');
    writeFileSync(file, "id: la\nversion: '1'\nextends: default\ncriteria:\n  - { id: x, title: x, section: A, source: s, applies_when: { field: dates.finalIssued, gte: 31/02/2025 }, check: { type: present, field: ref } }\n");
    let first = '';
    try {
      loadRubric(file);
    } catch (e) {
      first = (e as ConfigError).problems[0]!.split('\n')[0]!;
    }
    expect(first).toBe(`${file}:5:94: criteria.0.applies_when.gte: '31/02/2025' is not a real date (day 31 of month 2 in 2025); write a real date (dd/mm/yyyy) or as_of`);
  });
});

describe("an extra.<column> compared with a date is read as a date in the export's format, as --where reads it", () => {
  it('eq, ne and in: 15/03/2026 is the day whether the export writes 03/15/2026 (mm/dd/yyyy) or 2026-03-15', async () => {
    for (const [csv, map] of [
      ['extra-dates.csv', 'extra-dates.map.yaml'],
      ['extra-dates-us.csv', 'extra-dates-us.map.yaml'],
    ] as const) {
      const source = new PlanSource({ file: fixture('mapped', csv), map: fixture('mapped', map), asOf: AS_OF });
      const recs: PlanRecord[] = [];
      for await (const r of source.records()) recs.push(r.record);
      const c = evalContext(AS_OF, source.dateFormat);
      const refs = (cond: Condition) => recs.filter((r) => compileCondition(cond)(r, c)).map((r) => r.ref);
      const day = refs({ field: 'extra.Review Due', eq: '15/03/2026' });
      expect(day, csv).toHaveLength(2);
      expect(refs({ field: 'extra.Review Due', in: ['2026-03-15', '01/01/1999'] }), csv).toEqual(day);
      // ne, as --where's !=: a value that is not a date (31/02/2026, 'next spring') matches neither; a blank one is not that day.
      const where = compileWhere(['extra.Review Due!=15/03/2026'], c)!;
      expect(refs({ field: 'extra.Review Due', ne: '15/03/2026' }), csv).toEqual(recs.filter((r) => where(r)).map((r) => r.ref));
      expect(refs({ field: 'extra.Review Due', ne: '15/03/2026' }).length, csv).toBeLessThan(recs.length - day.length);
    }
  });
});
