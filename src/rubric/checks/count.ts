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
    const what = o.where ? 'matching item' : 'item';
    return (rec, ctx) => {
      const items = itemsOf(get(rec, ctx));
      let n = items.length;
      if (o.where) {
        n = 0;
        for (const item of items) if (keep(item)) n++;
      }
      if (o.min !== undefined && n < o.min) return result('not_met', [`${label} has ${plural(n, what)}${o.where ? ` (of ${items.length})` : ''}; at least ${o.min} expected`]);
      if (o.max !== undefined && n > o.max) return result('not_met', [`${label} has ${plural(n, what)}${o.where ? ` (of ${items.length})` : ''}; at most ${o.max} expected`]);
      return result('met', []);
    };
  },
});
