/**
 * quickRecord (src/records/quickRecord.ts), the fast path for native records, against the zod
 * schema it stands in for (model.ts): its field tables name the schema's fields in the schema's
 * order; on every fixture and generated record it gives zod's output, byte for byte; and on
 * thousands of mutated records it either leaves the record to zod or gives exactly what zod gives.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRecordSchema } from '../../src/records/model.js';
import { QUICK_FIELDS, quickRecord } from '../../src/records/quickRecord.js';
import { fixture, repoRoot } from '../helpers/cli.js';

interface ZodLike {
  shape?: Record<string, ZodLike>;
  element?: ZodLike;
  _zod: { def: { type: string; innerType?: ZodLike } };
}

/** Through .default() and .optional() to the schema inside. */
function inner(s: ZodLike): ZodLike {
  while (s._zod.def.type === 'default' || s._zod.def.type === 'optional') s = s._zod.def.innerType!;
  return s;
}

const schema = planRecordSchema() as unknown as ZodLike;
const shapeAt = (path: string): string[] => {
  let s = schema;
  for (const part of path.split('.').filter(Boolean)) {
    const array = part.endsWith('[]');
    s = inner(s.shape![array ? part.slice(0, -2) : part]!);
    if (array) s = inner(s.element!);
  }
  return Object.keys(s.shape!);
};

/** zod's output, or undefined when zod refuses the record. */
function zod(v: unknown): unknown {
  const r = planRecordSchema().safeParse(v);
  return r.success ? r.data : undefined;
}

function expectSameAsZod(v: unknown, mustBeQuick: boolean): boolean {
  const quick = quickRecord(v);
  if (quick === undefined) {
    expect(mustBeQuick, 'a valid record left to zod').toBe(false);
    return false;
  }
  const z = zod(v);
  expect(z, 'quickRecord accepted a record zod refuses').toBeDefined();
  expect(quick).toStrictEqual(z);
  expect(JSON.stringify(quick)).toBe(JSON.stringify(z)); // key order too
  return true;
}

const exampleRecords = readFileSync(fixture('example-export.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const generated = execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', '400', '--seed', '11', '--format', 'jsonl', '--out', '-'], { encoding: 'utf8', maxBuffer: 1 << 26 })
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('quickRecord', () => {
  it('names the schema fields in the schema order', () => {
    for (const [path, fields] of Object.entries(QUICK_FIELDS)) expect(fields, path || '(plan)').toEqual(shapeAt(path));
    // The sections the tables share have the same shape in the schema.
    for (const [a, b] of [['b', 'c'], ['b', 'd'], ['f[]', 'g[]'], ['f[]', 'h1[]'], ['f[]', 'h2[]']] as const) expect(shapeAt(b)).toEqual(shapeAt(a));
  });

  it("gives zod's output for every record of the example export and 400 generated ones", () => {
    for (const r of [...exampleRecords, ...generated]) expectSameAsZod(r, true);
  });

  it('gives zod their defaults for the sections a record leaves out', () => {
    expectSameAsZod({ ref: 'X1' }, true);
    expectSameAsZod({ ref: 'X2', needs: { primary: 'ASD' }, b: { none: true }, e: [{ text: 'By July' }], extra: { Caseworker: 'CW1' } }, true);
  });

  it('agrees with zod at the edge of every kind of field', () => {
    const edges: [string, unknown[]][] = [
      ['ref', ['', 'x', 7]],
      ['child.ncYear', [-3, -2, 0, 14, 15, 1.5, -0, '3', Number.NaN, Number.POSITIVE_INFINITY]],
      ['child.dob', ['2024-01-01', '2024-1-01', '2024-01-01\n', ' 2024-01-01', '20240101', '2024-13-45', '2019-02-31', '2024-02-29', '2023-02-29', '2019-00-10', '1899-12-31']],
      ['child.lookedAfter', [true, false, 'true', 1, null]],
      ['needs.primary', ['ASD', 'asd', 'Autism', '']],
      ['needs.other', [[], ['ASD', 'MLD'], ['ASD', 'x'], 'ASD']],
      ['setting.senSetting', ['OLA', 'ola', 'XYZ']],
      ['b.items', [[], ['a'], [1], 'a']],
      ['b.none', [true, 'yes']],
      ['e', [[], [{ text: 'a', area: 'Employment' }], [{ area: 'x' }], [{ text: 'a', extra: 1 }], {}]],
      ['f', [[{ text: 'a', frequency: 'weekly' }], [{ text: 'a', frequency: 2 }]]],
      ['k', [[{ source: 'health', date: '2024-02-02' }], [{ source: 'Health' }], [{ source: 'health', date: '02/02/2024' }]]],
      ['i', ['', 'A school', 3]],
      ['extra', [{}, { Caseworker: 'CW1' }, { a: 1 }, JSON.parse('{"__proto__":"x"}'), JSON.parse('{"constructor":"x"}'), []]],
    ];
    for (const [path, values] of edges) {
      for (const value of values) {
        const r = structuredClone(exampleRecords[0]!) as Record<string, unknown>;
        const parts = path.split('.');
        let at = r;
        for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
        at[parts[parts.length - 1]!] = value;
        // Whatever zod accepts here, the fast path accepts too (but a '__proto__' name in extra).
        const proto = typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__');
        expectSameAsZod(r, zod(r) !== undefined && !proto);
      }
    }
  });

  const VALUES: unknown[] = [
    null, undefined, 0, -3, 15, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', '2024-01-01', '2024-1-1', '01/02/2024', '2025-11-31', true, false,
    [], {}, ['ASD'], ['x'], [{ text: 't' }], [{ text: 1 }], { text: 't' }, 'ASD', 'OLA', 'education', ['education'], [{ source: 'health' }],
    { items: ['a'] }, { none: 'yes' }, JSON.parse('{"__proto__":"x"}'), new Date(0), Object.create(null),
  ];
  const mutation = fc.record({
    base: fc.integer({ min: 0, max: exampleRecords.length - 1 }),
    steps: fc.array(
      fc.record({
        pick: fc.nat(),
        value: fc.constantFrom(...VALUES),
        kind: fc.constantFrom('set', 'delete', 'add'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });

  /** Every (object, key) in a record, nested objects and arrays included. */
  function slots(v: unknown, out: [Record<string, unknown>, string][] = []): [Record<string, unknown>, string][] {
    if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v as Record<string, unknown>, k]);
        slots((v as Record<string, unknown>)[k], out);
      }
    }
    return out;
  }

  it('on mutated records, leaves to zod or gives exactly what zod gives (3,000 cases)', () => {
    let quick = 0;
    let valid = 0;
    fc.assert(
      fc.property(mutation, ({ base, steps }) => {
        const r = structuredClone(exampleRecords[base]!);
        for (const s of steps) {
          const all = slots(r);
          const [obj, key] = all[s.pick % all.length]!;
          if (s.kind === 'delete') delete obj[key];
          else if (s.kind === 'add') obj[`${key}X`] = s.value;
          else obj[key] = s.value;
        }
        if (zod(r) !== undefined) valid++;
        if (expectSameAsZod(r, false)) quick++;
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    // The mutations reach both sides: some stay valid (and take the fast path), most do not.
    expect(quick).toBeGreaterThan(100);
    expect(valid).toBeGreaterThanOrEqual(quick);
  });
});
