/**
 * Conditions on record fields, used by `applies_when` and by the `thread` check:
 *   { field: child.ncYear, gte: 9 }
 *   { field: c, present: true }
 *   { field: k[].source, contains: health }
 *   { field: setting.senSetting, in: [NEET, NIEO] }
 *   { field: extra.Interpreter Required, matches: '^y' }
 *   { field: dates.ceased, lte: as_of }        (a date field against the as-of date or a date)
 *   { all: [...] }  { any: [...] }  { not: {...} }
 */
import * as z from 'zod';
import type { PlanRecord } from '../records/model.js';
import { lazy } from '../util/lazy.js';
import { parseDate } from '../records/dates.js';
import { compilePath, isPresent, PLAN_TEXT_FIELDS } from './fields.js';
import { EXTRA_DATE_LIKE, readFieldValue, readItemValue, shapeOf, type FieldShape } from './fieldValues.js';
import type { EvalContext } from './types.js';

const scalar = lazy(() => z.union([z.string(), z.number(), z.boolean()]));

/** The as-of date, as a bound of gte/gt/lte/lt. */
export const AS_OF = 'as_of';

/**
 * A bound of gte/gt/lte/lt: a number, or for a date field `as_of` or a date (dd/mm/yyyy or
 * yyyy-mm-dd), e.g. `{ field: dates.ceased, lte: as_of }`: "the plan has ceased by the as-of date".
 */
const bound = lazy(() =>
  z.union([
    z.number(),
    z.string().superRefine((s, ctx) => {
      if (s === AS_OF) return;
      const d = parseDate(s);
      if (d.ok) return;
      // A date written as one but not a real one (31/02/2025) says so, rather than "expected a date".
      const dateLike = /^\d{1,2}\/\d{1,2}\/\d{2,4}$|^\d{4}-\d{2}-\d{2}$/.test(s.trim());
      ctx.addIssue({ code: 'custom', message: dateLike ? `${d.reason}; write a real date (dd/mm/yyyy) or as_of` : 'expected a number, a date (dd/mm/yyyy) or as_of' });
    }),
  ]),
);

export const fieldCondition = lazy(() =>
  z
    .object({
      field: z.string().min(1),
      present: z.boolean().optional(),
      /** With present: an explicit "no needs in this area" counts as present. */
      none_counts: z.boolean().optional(),
      eq: scalar().optional(),
      ne: scalar().optional(),
      in: z.array(scalar()).optional(),
      gte: bound().optional(),
      gt: bound().optional(),
      lte: bound().optional(),
      lt: bound().optional(),
      contains: scalar().optional(),
      matches: z.string().optional(),
    })
    .strict()
    .refine((c) => ['present', 'eq', 'ne', 'in', 'gte', 'gt', 'lte', 'lt', 'contains', 'matches'].some((k) => k in c), {
      message: 'a field condition needs a test: present, eq, ne, in, gte, gt, lte, lt, contains or matches',
    }),
);

export type FieldCondition = z.output<ReturnType<typeof fieldCondition>>;

export type Condition =
  | FieldCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** The keys that each make a condition of their own kind: a condition has one of them. */
const CONDITION_KINDS = ['all', 'any', 'not', 'field'] as const;

/**
 * Recursive: the z.lazy schema refers to itself through this (memoised) getter. A condition with
 * two kinds' keys (`{ all: [...], any: [...] }`) is refused as such before the union sees it: each
 * alternative would have one unknown key, and the union could only say "Invalid input".
 */
export const condition = lazy(
  (): z.ZodType<Condition> =>
    z.lazy(() =>
      z
        .unknown()
        .superRefine((v, ctx) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
          const kinds = CONDITION_KINDS.filter((k) => Object.hasOwn(v, k));
          if (kinds.length < 2) return;
          const both = `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]!}`;
          ctx.addIssue({
            code: 'custom',
            message: `a condition is one of { all: [...] }, { any: [...] }, { not: ... } or { field: ..., <test> }, but this one has ${both}: put one inside another, e.g. { all: [..., { any: [...] }] }`,
          });
        })
        .pipe(
          z.union([
            z.object({ all: z.array(condition()).min(1) }).strict(),
            z.object({ any: z.array(condition()).min(1) }).strict(),
            z.object({ not: condition() }).strict(),
            fieldCondition(),
          ]),
        ),
    ) as unknown as z.ZodType<Condition>,
);

export type Predicate = (rec: PlanRecord, ctx: EvalContext) => boolean;

const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);

export function compileCondition(c: Condition): Predicate {
  if ('all' in c) {
    const ps = c.all.map(compileCondition);
    return (r, ctx) => ps.every((p) => p(r, ctx));
  }
  if ('any' in c) {
    const ps = c.any.map(compileCondition);
    return (r, ctx) => ps.some((p) => p(r, ctx));
  }
  if ('not' in c) {
    const p = compileCondition(c.not);
    return (r, ctx) => !p(r, ctx);
  }
  const get = compilePath(c.field);
  const shape = shapeOf(c.field);
  // Values as the record holds them (yes: true, Y7: 7, Autistic spectrum disorder: ASD, a date as
  // ISO); conditionProblems has refused any that cannot be read.
  const value = (v: string | number | boolean) => norm(readValue(c.field, shape, v));
  const tests: ((v: unknown, ctx: EvalContext) => boolean)[] = [];
  /**
   * Whether a record's value is `want`. An `extra.<column>` value written as a date
   * (`eq: 15/03/2026`) is a day: the column's text is read as a date in the export's format, as
   * --where reads it, so 2026-03-15 and 15/03/2026 in the export are both that day. Undefined: the
   * value is not a date, so neither eq nor ne holds (as --where's = and !=); a blank one is "not
   * recorded", which only ne holds.
   */
  const equals = (want: string | number | boolean): ((v: unknown, ctx: EvalContext) => boolean | undefined) => {
    const day = typeof want === 'string' && c.field.startsWith('extra.') && EXTRA_DATE_LIKE.test(want.trim()) ? parseDate(want) : undefined;
    if (day?.ok) {
      return (v, ctx) => {
        if (typeof v !== 'string' || v.trim() === '') return false;
        const d = parseDate(v, ctx.dateFormat);
        return d.ok ? d.iso === day.iso : undefined;
      };
    }
    const w = value(want);
    return (v) => norm(v) === w;
  };
  if (c.present !== undefined) tests.push((v) => isPresent(v, c.none_counts ?? false) === c.present);
  if (c.eq !== undefined) {
    const same = equals(c.eq);
    tests.push((v, ctx) => same(v, ctx) === true);
  }
  if (c.ne !== undefined) {
    const same = equals(c.ne);
    tests.push((v, ctx) => same(v, ctx) === false);
  }
  if (c.in !== undefined) {
    const any = c.in.map(equals);
    tests.push((v, ctx) => any.some((same) => same(v, ctx) === true));
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
  const order = (b: number | string, holds: (sign: number) => boolean) => {
    if (typeof b === 'number') tests.push((v) => holds(num(v) - b));
    else tests.push(dateOrder(b, holds));
  };
  if (c.gte !== undefined) order(c.gte, (d) => d >= 0);
  if (c.gt !== undefined) order(c.gt, (d) => d > 0);
  if (c.lte !== undefined) order(c.lte, (d) => d <= 0);
  if (c.lt !== undefined) order(c.lt, (d) => d < 0);
  if (c.contains !== undefined) {
    const r = readItemValue(c.field, shape, c.contains);
    const want = norm(r.ok ? r.value : c.contains);
    tests.push((v) => Array.isArray(v) && v.some((x) => norm(x) === want));
  }
  if (c.matches !== undefined) {
    const re = new RegExp(c.matches, 'iu');
    tests.push((v) => (Array.isArray(v) ? v.some((x) => typeof x === 'string' && re.test(x)) : typeof v === 'string' && re.test(v)));
  }
  return (r, ctx) => {
    const v = get(r, ctx);
    return tests.every((t) => t(v, ctx));
  };
}

/** A value read for the field, or as written where it cannot be (conditionProblems reports those). */
function readValue(field: string, shape: FieldShape, v: string | number | boolean): string | number | boolean {
  const r = readFieldValue(field, shape, v);
  return r.ok ? r.value : v;
}

/**
 * A date field against a date bound: the record's dates are ISO, and an `extra.<column>` date is
 * read in the export's date format. A value that is not a date (or none) fails the test, as a
 * non-number does against a number.
 */
function dateOrder(bound: string, holds: (sign: number) => boolean): (v: unknown, ctx: EvalContext) => boolean {
  const fixed = dateBoundIso(bound);
  return (v, ctx) => {
    if (typeof v !== 'string' || v.trim() === '') return false;
    const d = parseDate(v, ctx.dateFormat);
    if (!d.ok) return false;
    const b = fixed ?? ctx.asOf;
    return holds(d.iso < b ? -1 : d.iso > b ? 1 : 0);
  };
}

/** Every field condition inside a condition (its field path, its regex and itself), for validation. */
export function walkCondition(
  c: Condition,
  visit: (field: string | undefined, regex: string | undefined, path: (string | number)[], leaf: FieldCondition) => void,
  path: (string | number)[] = [],
): void {
  if ('all' in c) c.all.forEach((x, i) => walkCondition(x, visit, [...path, 'all', i]));
  else if ('any' in c) c.any.forEach((x, i) => walkCondition(x, visit, [...path, 'any', i]));
  else if ('not' in c) walkCondition(c.not, visit, [...path, 'not']);
  else visit(c.field, c.matches, path, c);
}

/**
 * What a field condition asks that its field can never give, each with where it is written (keys
 * below the condition): a yes/no field against anything but yes or no, a need that is no SEN2
 * need, a list compared with eq (use contains), text compared as a number, a section tested other
 * than with `present`. Each would be false for every plan, so the criterion would quietly never
 * apply; `--where` refuses the same (audit/where.ts). For a field path checkPath accepts.
 */
export function conditionProblems(c: FieldCondition): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const f = c.field;
  const shape = shapeOf(f);
  const kind = shape.kind;
  const list = kind === 'codes' || kind === 'values';
  const whole = kind === 'section' || kind === 'items';
  const wholeHint = kind === 'section' ? `${f} is a needs section: test it with present (or ${f}.none, ${f}.items)` : `${f} is a list of items: test it with present, or test a field of its items (e.g. ${f}[].${f === 'e' ? 'area' : f === 'k' ? 'source' : 'deliverer'})`;
  const valueTests = (['eq', 'ne'] as const).filter((k) => c[k] !== undefined);
  for (const k of valueTests) {
    if (whole) out.push({ path: [k], message: wholeHint });
    else if (list) out.push({ path: [k], message: `${f} is a list: test its items with contains (or matches)` });
    else {
      const r = readFieldValue(f, shape, c[k]!);
      if (!r.ok) out.push({ path: [k], message: r.problem });
    }
  }
  if (c.in !== undefined) {
    if (whole) out.push({ path: ['in'], message: wholeHint });
    else if (list) out.push({ path: ['in'], message: `${f} is a list: test its items with contains (or matches)` });
    else
      c.in.forEach((v, i) => {
        const r = readFieldValue(f, shape, v);
        if (!r.ok) out.push({ path: ['in', i], message: r.problem });
      });
  }
  for (const k of ['gte', 'gt', 'lte', 'lt'] as const) {
    const b = c[k];
    if (b === undefined) continue;
    const isDate = typeof b === 'string';
    if (whole) out.push({ path: [k], message: wholeHint });
    else if (kind === 'yesno' || kind === 'code' || kind === 'codes' || kind === 'values') {
      out.push({ path: [k], message: `${f} ${kind === 'yesno' ? 'is yes or no' : kind === 'values' ? 'is a list' : 'is a code'}: ${k} compares numbers and dates; ${kind === 'values' || kind === 'codes' ? 'use contains or matches' : 'use eq, ne or in'}` });
    } else if (PLAN_TEXT_FIELDS.includes(f)) out.push({ path: [k], message: `${f} is plan text: ${k} compares numbers and dates; use present or matches` });
    else if (kind === 'date' && !isDate) out.push({ path: [k], message: `${f} is a date: compare it with a date (dd/mm/yyyy) or as_of, not a number` });
    else if (kind === 'year' && isDate) out.push({ path: [k], message: `${f} is a National Curriculum year: compare it with a number (N1 and N2 are -2 and -1, R is 0)` });
  }
  if (c.contains !== undefined) {
    if (whole) out.push({ path: ['contains'], message: wholeHint });
    else if (!list) out.push({ path: ['contains'], message: `${f} is not a list: contains tests a list's items; use eq, in or matches` });
    else {
      const r = readItemValue(f, shape, c.contains);
      if (!r.ok) out.push({ path: ['contains'], message: r.problem });
    }
  }
  if (c.matches !== undefined && (whole || kind === 'yesno' || kind === 'year')) {
    out.push({ path: ['matches'], message: whole ? wholeHint : `${f} is ${kind === 'yesno' ? 'yes or no: use eq' : 'a year: use eq, in, gte or lte'}; matches tests text` });
  }
  return out;
}

/** A date bound as ISO, or undefined for `as_of` (the schema has checked that it is one or the other). */
export function dateBoundIso(bound: string): string | undefined {
  if (bound === AS_OF) return undefined;
  const d = parseDate(bound);
  if (!d.ok) throw new Error(`not a date bound: ${bound}`);
  return d.iso;
}
