/**
 * unionDetail (src/util/yamlConfig.ts): a zod union's "Invalid input" in terms of the alternative
 * the value tried to be, on the real schemas whose unions authors meet: rubric conditions (four
 * object shapes), thread links, phrase lists and mapping field sources.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldSource } from '../../src/records/mapping/schema.js';
import { condition } from '../../src/rubric/condition.js';
import { patternEntry } from '../../src/rubric/patterns.js';
import { describeZodIssue, unionDetail } from '../../src/util/yamlConfig.js';

/** What validateYaml and the rubric loader say about `value`: each issue, in detail, in words. */
function said(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected the value to be refused');
  return r.error.issues.flatMap((i) => unionDetail(i, value)).map((i) => describeZodIssue(i, value));
}

describe('unionDetail', () => {
  it('a field condition with a bad test gets its own problem, though the value is an object as all, any and not are', () => {
    expect(said(condition(), { field: 'c', present: 'yes' })).toEqual(["present: expected boolean ('yes' is text here: write true or false)"]);
    expect(said(condition(), { field: 'c', present: 'true' })).toEqual(["present: expected boolean ('true' is text here: write true or false, without quotes)"]);
    expect(said(condition(), { field: 'c' })).toEqual(['(top level): a field condition needs a test: present, eq, ne, in, gte, gt, lte, lt, contains or matches']);
    // An unknown key beside the bad test: still the field condition (it has the key field).
    expect(said(condition(), { field: 'c', present: 'yes', colour: 'red' })).toEqual([
      "present: expected boolean ('yes' is text here: write true or false)",
      "unknown key 'colour' in (top level)",
    ]);
    // A misspelt field: every shape lacks a key, and the field condition is the one that knows present.
    expect(said(condition(), { feild: 'c', present: true })).toEqual(['field: missing (expected string)', "unknown key 'feild' in (top level)"]);
  });

  it('follows all, any and not down to the condition at fault', () => {
    expect(said(condition(), { not: { field: 'g', eq: [1] } })).toEqual(['not.eq: expected string, number or boolean']);
    expect(said(condition(), { all: [{ field: 'c', present: true }, { any: [{ field: 'd', gte: 'soon' }] }] })).toEqual([
      'all.1.any.0.gte: expected a number, a date (dd/mm/yyyy) or as_of',
    ]);
  });

  it('a value of none of the alternatives\' types names the types', () => {
    expect(said(condition(), 'yes')).toEqual(['(top level): expected object']);
    expect(said(patternEntry(), 3)).toEqual(['(top level): expected string or object']);
    expect(said(fieldSource(), { column: 'C', value: [1] })).toEqual(['value: expected string, number or boolean']);
  });

  it('a value of no shape is left as the union\'s own "Invalid input"', () => {
    expect(said(condition(), { colour: 'red' })).toEqual(['(top level): Invalid input']);
  });

  it('a condition with the keys of two kinds says so, not "Invalid input"', () => {
    const message = (both: string) =>
      `(top level): a condition is one of { all: [...] }, { any: [...] }, { not: ... } or { field: ..., <test> }, but this one has ${both}: put one inside another, e.g. { all: [..., { any: [...] }] }`;
    expect(said(condition(), { all: [], field: 'c' })).toEqual([message('all and field')]);
    expect(said(condition(), { all: [{ field: 'c', present: true }], any: [] })).toEqual([message('all and any')]);
    expect(said(condition(), { not: { field: 'c', present: true }, any: [], field: 'c' })).toEqual([message('any, not and field')]);
  });

  it('a union of a text and an object: the object, as before', () => {
    expect(said(fieldSource(), { colum: 'C' })).toEqual(["unknown key 'colum' in (top level)", '(top level): give exactly one of column, columns or value']);
    expect(said(patternEntry(), { re: 'x', lable: 'y' })).toEqual(["unknown key 'lable' in (top level)"]);
  });
});
