/**
 * `each`: every item of a list must match each `require` group and no `forbid` group, e.g. every
 * Section F line names a frequency, a duration and a deliverer. The share of items that pass is the
 * credit: met at min_share or above, partly above partly_from, else not met. With `part_credit`, an
 * item that meets some of the require groups (and no forbid group) counts for the share it meets,
 * so the check is not met only when no item meets any. Group names are the
 * words in the reasons: "Section F item 2: no frequency, 'as required' (vague)".
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck } from '../types.js';
import { itemsOf, labelOf, textOf } from '../fields.js';
import { patternList, type Matcher } from '../patterns.js';
import { compilePatterns, compileWhere, fieldGetter, itemLabel, MAX_ITEM_REASONS, moreReasons, quote, result, whereOption, type OptionPath } from './util.js';

const groups = lazy(() => z.record(z.string().min(1), patternList()));

/** The options of `each` checks; built on first use (util/lazy.ts). */
const options = lazy(() =>
  z
    .object({
      field: z.string().min(1),
      require: groups().optional(),
      forbid: groups().optional(),
      min_share: z.number().gt(0).max(1).default(1),
      partly_from: z.number().min(0).lt(1).default(0),
      empty: z.enum(['na', 'not_met']).default('not_met'),
      /** An item that fails some require groups (and no forbid group) earns the share it meets. */
      part_credit: z.boolean().default(false),
      where: whereOption().optional(),
    })
    .strict(),
);

export const each = defineCheck({
  type: 'each',
  summary: 'Every item matches each require group and no forbid group (credit = share of items that pass).',
  options,
  compile(o, env) {
    const get = fieldGetter(o.field, env, ['field']);
    const req = Object.entries(o.require ?? {});
    const forb = Object.entries(o.forbid ?? {});
    if (req.length + forb.length === 0) env.fail([], 'each needs at least one group under require or forbid');
    if (o.partly_from >= o.min_share) env.fail(['partly_from'], `partly_from (${o.partly_from}) must be below min_share (${o.min_share})`);
    const compileGroups = (list: [string, z.output<ReturnType<typeof patternList>>][], at: OptionPath): [string, Matcher][] =>
      list.map(([name, pats]) => [name, compilePatterns(pats, env, [...at, name])]);
    const required = compileGroups(req, ['require']);
    const forbidden = compileGroups(forb, ['forbid']);
    const keep = compileWhere(o.where, o.field, env, ['where']);
    const label = labelOf(o.field);

    return (rec, ctx) => {
      const v = get(rec, ctx);
      const all = itemsOf(v);
      // The indexes of the items judged: all of them without `where` (no list needed then).
      let judged: number[] | undefined;
      if (o.where) {
        judged = [];
        for (let i = 0; i < all.length; i++) if (keep(all[i])) judged.push(i);
      }
      const count = judged ? judged.length : all.length;
      if (count === 0) {
        const why = all.length === 0 ? `${label} is empty` : `${label} has no items matching where (of ${all.length})`;
        return result(o.empty, [why]);
      }
      const reasons: string[] = [];
      const textReasons: string[] = [];
      let pass = 0;
      let credit = 0;
      let more = 0;
      // Runs on every item of every plan: an item that passes allocates nothing.
      for (let k = 0; k < count; k++) {
        const i = judged ? judged[k]! : k;
        const text = textOf(all[i]);
        let problems: string[] | undefined;
        let missing = 0;
        for (const [name, m] of required) {
          if (m.test(text)) continue;
          (problems ??= []).push(`no ${name}`);
          missing++;
        }
        let forbiddenHit = false;
        for (const [name, m] of forbidden) {
          const hits = m.hits(text);
          if (hits.length === 0) continue;
          forbiddenHit = true;
          for (const p of new Set(hits.map((h) => h.phrase))) (problems ??= []).push(`'${p}' (${name})`);
        }
        if (problems === undefined) {
          pass++;
          credit++;
          continue;
        }
        if (o.part_credit && !forbiddenHit) credit += (required.length - missing) / required.length;
        if (reasons.length === MAX_ITEM_REASONS) {
          more++;
          continue;
        }
        const where = itemLabel(o.field, v, i);
        reasons.push(`${where}: ${problems.join(', ')}`);
        textReasons.push(`${where} ${quote(text)}: ${problems.join(', ')}`);
      }
      if (more > 0) {
        reasons.push(moreReasons(more));
        textReasons.push(moreReasons(more));
      }
      // Met by the items that pass in full; with part_credit, the credit also counts the parts.
      const share = (o.part_credit ? credit : pass) / count;
      if (pass / count >= o.min_share) return result('met', reasons, textReasons);
      if (share > o.partly_from) return result('partly', reasons, textReasons, share);
      return result('not_met', reasons, textReasons);
    };
  },
});
