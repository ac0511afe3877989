/**
 * `existence`: phrases that must NOT appear (vague wording, placeholders) in the listed fields.
 * Each distinct phrase found in an item is one reason: "'as required' in Section F item 2".
 * With partial, credit is the share of items (over all the fields) without a hit.
 * Empty fields are met: nothing vague was written. Pair with a `present` check to catch emptiness.
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck } from '../types.js';
import { itemsOf, textOf } from '../fields.js';
import { patternList } from '../patterns.js';
import { compilePatterns, fieldGetter, itemLabel, MAX_ITEM_REASONS, moreReasons, quote, result } from './util.js';

/** The options of `existence` checks; built on first use (util/lazy.ts). */
const options = lazy(() =>
  z
    .object({
      fields: z.array(z.string().min(1)).min(1),
      match: patternList(),
      partial: z.boolean().default(false),
    })
    .strict(),
);

export const existence = defineCheck({
  type: 'existence',
  summary: 'None of the phrases in match appear in the fields (partial: credit for the share of clean items).',
  options,
  compile(o, env) {
    const getters = o.fields.map((f, i) => ({ field: f, get: fieldGetter(f, env, ['fields', i]) }));
    const matcher = compilePatterns(o.match, env, ['match']);
    return (rec, ctx) => {
      const reasons: string[] = [];
      const textReasons: string[] = [];
      let total = 0;
      let dirty = 0;
      let more = 0;
      for (const { field, get } of getters) {
        const v = get(rec, ctx);
        // Runs on every item of every plan: nothing is allocated for an item without a hit.
        const items = itemsOf(v);
        for (let i = 0; i < items.length; i++) {
          total++;
          const text = textOf(items[i]);
          const hits = matcher.hits(text);
          if (hits.length === 0) continue;
          dirty++;
          const where = itemLabel(field, v, i);
          for (const p of new Set(hits.map((h) => h.phrase))) {
            if (reasons.length === MAX_ITEM_REASONS) {
              more++;
              continue;
            }
            reasons.push(`'${p}' in ${where}`);
            textReasons.push(`'${p}' in ${where}: ${quote(text)}`);
          }
        }
      }
      if (more > 0) {
        reasons.push(moreReasons(more));
        textReasons.push(moreReasons(more));
      }
      if (dirty === 0) return result('met', []);
      if (!o.partial) return result('not_met', reasons, textReasons);
      const credit = (total - dirty) / total;
      return credit === 0 ? result('not_met', reasons, textReasons) : result('partly', reasons, textReasons, credit);
    };
  },
});
