/**
 * `count`: the number of items in a list (optionally only those matching `where`) lies within
 * [min, max]. Met or not met, never partly. A needs section counts its items; a text field counts
 * as one item when it is not blank.
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck } from '../types.js';
import { itemsOf, labelOf } from '../fields.js';
import { compileWhere, fieldGetter, plural, result, whereOption } from './util.js';
import type { PatternEntry } from '../patterns.js';

/** The options of `count` checks; built on first use (util/lazy.ts). */
const options = lazy(() =>
  z
    .object({
      field: z.string().min(1),
      min: z.number().int().min(0).optional(),
      max: z.number().int().min(0).optional(),
      where: whereOption().optional(),
    })
    .strict(),
);

export const count = defineCheck({
  type: 'count',
  summary: 'The number of items in a list (optionally only those matching where.match) is within [min, max].',
  options,
  compile(o, env) {
    const get = fieldGetter(o.field, env, ['field']);
    if (o.min === undefined && o.max === undefined) env.fail([], 'count needs min or max');
    if (o.min !== undefined && o.max !== undefined && o.min > o.max) env.fail(['max'], `max (${o.max}) is below min (${o.min})`);
    const keep = compileWhere(o.where, o.field, env, ['where']);
    const label = labelOf(o.field);
    const matching = o.where ? matchingWhat(o.where.match) : '';
    return (rec, ctx) => {
      const items = itemsOf(get(rec, ctx));
      let n = items.length;
      if (o.where) {
        n = 0;
        for (const item of items) if (keep(item)) n++;
      }
      if (o.min !== undefined && n < o.min) return result('not_met', [`${label} has ${plural(n, 'item')}${matching}${o.where ? ` (of ${items.length})` : ''}; at least ${o.min} expected`]);
      if (o.max !== undefined && n > o.max) return result('not_met', [`${label} has ${plural(n, 'item')}${matching}${o.where ? ` (of ${items.length})` : ''}; at most ${o.max} expected`]);
      return result('met', []);
    };
  },
});

/**
 * What `where.match` looks for, in the reason (QA: "Section K has 0 matching items" did not say
 * which advice was missing): " matching 'educational psychology'", " matching the pfa list", or,
 * for a long list, " matching any of 12 phrases". Rubric words, never plan text.
 */
function matchingWhat(match: readonly PatternEntry[]): string {
  const named = match.map((e) => (typeof e !== 'string' ? (e.label ?? 'a pattern') : e.startsWith('@') ? `the ${e.slice(1)} list` : `'${e}'`));
  return named.length <= 3 ? ` matching ${named.join(' or ')}` : ` matching any of ${match.length} phrases`;
}
