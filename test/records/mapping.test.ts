import { describe, expect, it } from 'vitest';
import { compileMapping, numberedColumns } from '../../src/records/mapping/compile.js';
import { mappingSchema } from '../../src/records/mapping/schema.js';

const header = ['Ref', 'DOB', 'Year', 'LAC', 'Need', 'Other needs', 'Health', 'Outcomes', 'Outcome 1', 'Outcome 2', 'Outcome 3', 'EP date', 'Health advice', 'Notes'];
const mapping = mappingSchema().parse({
  fields: {
    ref: 'Ref',
    'child.dob': 'DOB',
    'child.ncYear': 'Year',
    'child.lookedAfter': 'LAC',
    'needs.primary': { column: 'Need', values: { 'Autism (ASC)': 'ASD' } },
    'needs.other': { column: 'Other needs', split: ';' },
    c: 'Health',
    e: { columns: 'Outcome {n}', pattern: '^\\[(?<area>[^\\]]+)\\]\\s*(?<text>.+)$' },
    f: 'Outcomes',
  },
  k: [
    { source: 'educational psychology', date: 'EP date' },
    { source: 'health', present: 'Health advice' },
  ],
});
const { mapper, missing } = compileMapping(mapping, header, '2026-11-26');
const row = (over: Partial<Record<string, string>>) => header.map((h) => over[h] ?? '');

describe('compileMapping', () => {
  it('finds every mapped column', () => {
    expect(missing).toEqual([]);
  });
  it('maps a well-formed row, keeping unmapped columns in extra', () => {
    const { record, problems } = mapper(
      row({
        Ref: 'P1',
        DOB: '05/03/2015',
        Year: 'Year 6',
        LAC: 'Yes',
        Need: 'Autism (ASC)',
        'Other needs': 'SLCN; semh ; SLCN',
        Health: 'No health needs identified.',
        'Outcome 1': '[Communication] By July 2027, P will ask for help',
        'Outcome 3': 'By the end of Year 6, P will read 50 words',
        'EP date': '01/02/2024',
        'Health advice': 'Y',
        Notes: 'Interpreter',
      }),
    );
    expect(problems).toEqual([]);
    expect(record.ref).toBe('P1');
    expect(record.child).toEqual({ dob: '2015-03-05', ncYear: 6, lookedAfter: true });
    expect(record.needs).toEqual({ primary: 'ASD', other: ['SLCN', 'SEMH'] });
    expect(record.c).toEqual({ items: [], none: true });
    expect(record.e).toEqual([
      { text: 'By July 2027, P will ask for help', area: 'Communication' },
      { text: 'By the end of Year 6, P will read 50 words' },
    ]);
    expect(record.k).toEqual([{ source: 'educational psychology', date: '2024-02-01' }, { source: 'health' }]);
    expect(record.extra).toEqual({ Notes: 'Interpreter' });
  });
  it('splits list cells on newlines and strips bullets', () => {
    const { record } = mapper(row({ Ref: 'P2', Outcomes: '- SaLT 30 minutes weekly\r\n• OT 1 hour termly\n\n3) TA daily' }));
    expect(record.f.map((x) => x.text)).toEqual(['SaLT 30 minutes weekly', 'OT 1 hour termly', 'TA daily']);
  });
  it('reports bad values as fatal problems naming the field and column', () => {
    const { problems } = mapper(row({ Ref: 'P3', DOB: '31/02/2015', Year: 'Year 19', LAC: 'maybe', Need: 'Dyslexia-ish' }));
    expect(problems.map((p) => [p.field, p.column, p.code, p.fatal])).toEqual([
      ['child.dob', 2, 'invalid_date', true],
      ['child.ncYear', 3, 'invalid_value', true],
      ['child.lookedAfter', 4, 'invalid_value', true],
      ['needs.primary', 5, 'invalid_value', true],
    ]);
  });
  it('flags dates after the as-of date without rejecting the record', () => {
    const { problems } = mapper(row({ Ref: 'P4', 'EP date': '01/01/2030' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'future_date', fatal: false });
  });
  it('rejects a blank plan reference', () => {
    const { problems } = mapper(row({}));
    expect(problems.some((p) => p.code === 'missing_value' && p.fatal)).toBe(true);
  });
  it('lists mapped columns missing from the header with their place in the mapping', () => {
    const r = compileMapping(mapping, ['Ref', 'DOB'], '2026-11-26');
    expect(r.missing.map((m) => m.column)).toContain('Year');
    expect(r.missing.find((m) => m.column === 'Year')?.path).toEqual(['fields', 'child.ncYear']);
    expect(r.missing.find((m) => m.column === 'Need')?.path).toEqual(['fields', 'needs.primary', 'column']);
  });
});

describe('numbered columns (columns: Outcome {n})', () => {
  it('reads every numbered column the header has, in number order, across gaps and however spaced', () => {
    expect(numberedColumns(['Ref', 'Outcome 1', 'Outcome 3', 'Prov 1'], 'Outcome {n}')).toEqual([1, 2]);
    expect(numberedColumns(['Outcome 10', 'Outcome 2', 'outcome_1', 'Outcome 1 notes', 'Outcomes 4'], 'Outcome {n}')).toEqual([2, 1, 0]);
    // The exact name wins over a look-alike of the same number.
    expect(numberedColumns(['outcome 1', 'Outcome 1'], 'Outcome {n}')).toEqual([1]);
    expect(numberedColumns(['Ref'], 'Outcome {n}')).toEqual([]);
  });

  it('an outcome in a column after a gap is read, not kept as an extra', () => {
    const h = ['Ref', 'Outcome 1', 'Outcome 3'];
    const m = mappingSchema().parse({ fields: { ref: 'Ref', e: { columns: 'Outcome {n}' } } });
    const { mapper: map, missing: none } = compileMapping(m, h, '2026-11-26');
    expect(none).toEqual([]);
    const { record } = map(['R1', 'first', 'third']);
    expect(record.e.map((o) => o.text)).toEqual(['first', 'third']);
    expect(record.extra).toEqual({});
  });
});
