/**
 * rubric/fields.ts compilePath: the getter of a field path, for each shape of path. `list[].key`
 * has a getter of its own (the common case in rubrics: e[].area); it must give what the general
 * walk gives, which `list[].key[]` and three-part paths still take.
 */
import { describe, expect, it } from 'vitest';
import { emptyRecord, type PlanRecord } from '../../src/records/model.js';
import { compilePath } from '../../src/rubric/fields.js';
import { evalContext } from '../../src/rubric/types.js';

const ctx = evalContext('2026-11-26');
const get = (path: string, rec: PlanRecord): unknown => compilePath(path)(rec, ctx);

/** A record with `e` set to anything (the getters must cope with exports that break the model). */
function withE(e: unknown): PlanRecord {
  return { ...emptyRecord('EHCP-1'), e } as unknown as PlanRecord;
}

describe('compilePath', () => {
  it('list[].key: each item\'s value in order; items without it, and items that are not objects, are left out', () => {
    const rec = withE([
      { text: 'read a book', area: 'cognition' },
      { text: 'no area' },
      { text: 'x', area: 'employment' },
      null,
      'a string item',
      { text: 'y', area: 'cognition' },
    ]);
    expect(get('e[].area', rec)).toEqual(['cognition', 'employment', 'cognition']);
    expect(get('e[].text', rec)).toEqual(['read a book', 'no area', 'x', 'y']);
  });

  it('list[].key keeps a null value and a list value as one value each (only key[] flattens)', () => {
    const rec = withE([{ area: null }, { area: ['a', 'b'] }, { area: 'c' }]);
    expect(get('e[].area', rec)).toEqual([null, ['a', 'b'], 'c']);
    expect(get('e[].area[]', rec)).toEqual([null, 'a', 'b', 'c']);
  });

  it('list[].key on a list that is empty, missing or not a list: an empty list', () => {
    expect(get('e[].area', withE([]))).toEqual([]);
    expect(get('e[].area', withE(undefined))).toEqual([]);
    expect(get('e[].area', withE('not a list'))).toEqual([]);
    expect(get('e[].area', withE({ area: 'an object, not a list' }))).toEqual([]);
  });

  it('list[].key gives a new list each call (a caller may keep or change it)', () => {
    const rec = withE([{ area: 'cognition' }]);
    const g = compilePath('e[].area');
    const first = g(rec, ctx) as unknown[];
    first.push('changed');
    expect(g(rec, ctx)).toEqual(['cognition']);
  });

  it('the other shapes: one key, two keys, a list, extra columns', () => {
    const rec = { ...emptyRecord('EHCP-2'), needs: { primary: 'ASD', other: [] }, f: [{ text: 'weekly' }] } as unknown as PlanRecord;
    rec.extra = { Interpreter: 'yes' };
    expect(get('ref', rec)).toBe('EHCP-2');
    expect(get('needs.primary', rec)).toBe('ASD');
    expect(get('needs.secondary', rec)).toBeUndefined();
    expect(get('f', rec)).toEqual([{ text: 'weekly' }]);
    expect(get('f[].text', rec)).toEqual(['weekly']);
    expect(get('extra.Interpreter', rec)).toBe('yes');
  });
});
