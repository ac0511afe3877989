/**
 * Conditions on record fields, used by `applies_when` and by the `thread` check:
 *   { field: child.ncYear, gte: 9 }
 *   { field: c, present: true }
 *   { field: k[].source, contains: health }
 *   { field: setting.senSetting, in: [NEET, NIEO] }
 *   { field: extra.Interpreter Required, matches: '^y' }
 *   { all: [...] }  { any: [...] }  { not: {...} }
 */
import * as z from 'zod';
import type { PlanRecord } from '../records/model.js';
import { lazy } from '../util/lazy.js';
import { compilePath, isPresent } from './fields.js';

const scalar = lazy(() => z.union([z.string(), z.number(), z.boolean()]));

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
      gte: z.number().optional(),
      gt: z.number().optional(),
      lte: z.number().optional(),
      lt: z.number().optional(),
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

export type Predicate = (rec: PlanRecord) => boolean;

const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);

export function compileCondition(c: Condition): Predicate {
  if ('all' in c) {
    const ps = c.all.map(compileCondition);
    return (r) => ps.every((p) => p(r));
  }
  if ('any' in c) {
    const ps = c.any.map(compileCondition);
    return (r) => ps.some((p) => p(r));
  }
  if ('not' in c) {
    const p = compileCondition(c.not);
    return (r) => !p(r);
  }
  const get = compilePath(c.field);
  const tests: ((v: unknown) => boolean)[] = [];
  if (c.present !== undefined) tests.push((v) => isPresent(v, c.none_counts ?? false) === c.present);
  if (c.eq !== undefined) tests.push((v) => norm(v) === norm(c.eq));
  if (c.ne !== undefined) tests.push((v) => norm(v) !== norm(c.ne));
  if (c.in !== undefined) {
    const set = new Set(c.in.map(norm));
    tests.push((v) => set.has(norm(v)));
  }
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
  if (c.gte !== undefined) tests.push((v) => num(v) >= c.gte!);
  if (c.gt !== undefined) tests.push((v) => num(v) > c.gt!);
  if (c.lte !== undefined) tests.push((v) => num(v) <= c.lte!);
  if (c.lt !== undefined) tests.push((v) => num(v) < c.lt!);
  if (c.contains !== undefined) {
    const want = norm(c.contains);
    tests.push((v) => Array.isArray(v) && v.some((x) => norm(x) === want));
  }
  if (c.matches !== undefined) {
    const re = new RegExp(c.matches, 'iu');
    tests.push((v) => (Array.isArray(v) ? v.some((x) => typeof x === 'string' && re.test(x)) : typeof v === 'string' && re.test(v)));
  }
  return (r) => {
    const v = get(r);
    return tests.every((t) => t(v));
  };
}

/** Every field path and regex inside a condition, for validation. */
export function walkCondition(c: Condition, visit: (field: string | undefined, regex: string | undefined, path: (string | number)[]) => void, path: (string | number)[] = []): void {
  if ('all' in c) c.all.forEach((x, i) => walkCondition(x, visit, [...path, 'all', i]));
  else if ('any' in c) c.any.forEach((x, i) => walkCondition(x, visit, [...path, 'any', i]));
  else if ('not' in c) walkCondition(c.not, visit, [...path, 'not']);
  else visit(c.field, c.matches, path);
}
