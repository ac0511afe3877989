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
import { compilePath, isPresent } from './fields.js';
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
    z.string().refine((s) => s === AS_OF || parseDate(s).ok, { message: 'expected a number, a date (dd/mm/yyyy) or as_of' }),
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

export type Condition =
  | z.output<ReturnType<typeof fieldCondition>>
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** Recursive: the z.lazy schema refers to itself through this (memoised) getter. */
export const condition = lazy(
  (): z.ZodType<Condition> =>
    z.lazy(() =>
      z.union([
        z.object({ all: z.array(condition()).min(1) }).strict(),
        z.object({ any: z.array(condition()).min(1) }).strict(),
        z.object({ not: condition() }).strict(),
        fieldCondition(),
      ]),
    ) as z.ZodType<Condition>,
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
  const tests: ((v: unknown, ctx: EvalContext) => boolean)[] = [];
  if (c.present !== undefined) tests.push((v) => isPresent(v, c.none_counts ?? false) === c.present);
  if (c.eq !== undefined) tests.push((v) => norm(v) === norm(c.eq));
  if (c.ne !== undefined) tests.push((v) => norm(v) !== norm(c.ne));
  if (c.in !== undefined) {
    const set = new Set(c.in.map(norm));
    tests.push((v) => set.has(norm(v)));
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
    const want = norm(c.contains);
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

/** Every field path and regex inside a condition, for validation. */
export function walkCondition(c: Condition, visit: (field: string | undefined, regex: string | undefined, path: (string | number)[]) => void, path: (string | number)[] = []): void {
  if ('all' in c) c.all.forEach((x, i) => walkCondition(x, visit, [...path, 'all', i]));
  else if ('any' in c) c.any.forEach((x, i) => walkCondition(x, visit, [...path, 'any', i]));
  else if ('not' in c) walkCondition(c.not, visit, [...path, 'not']);
  else visit(c.field, c.matches, path);
}

/** A date bound as ISO, or undefined for `as_of` (the schema has checked that it is one or the other). */
export function dateBoundIso(bound: string): string | undefined {
  if (bound === AS_OF) return undefined;
  const d = parseDate(bound);
  if (!d.ok) throw new Error(`not a date bound: ${bound}`);
  return d.iso;
}
