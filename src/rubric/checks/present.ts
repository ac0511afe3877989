/**
 * `present`: a field is filled in. Text must be non-blank (and long enough when min_chars /
 * min_words are given); a list needs min_items non-blank items (default 1); a needs section (B, C,
 * D) needs min_items items, or, with none_counts, an explicit "no needs in this area".
 * min_chars / min_words measure a list's items taken together.
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck, type CompileEnv } from '../types.js';
import { fieldKind, isNeedsSection, isPresent, labelOf, textOf } from '../fields.js';
import { fieldGetter, plural, result } from './util.js';

/** A list item counts when it has some text (a blank outcome or provision line does not). */
function filled(item: unknown): boolean {
  if (typeof item === 'string') return item.trim() !== '';
  if (item !== null && typeof item === 'object' && 'text' in item) return textOf(item).trim() !== '';
  return isPresent(item);
}

/**
 * Words are runs of non-whitespace, as `s.trim().split(/\s+/).length` counts them (0 for blank),
 * without the regex: whitespace is exactly JS's `\s` (and trim's) set of UTF-16 code units.
 * Counting stops at `limit`: a check only needs to know whether a text falls short of its minimum.
 */
function wordCount(s: string, limit = Infinity): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length && words < limit; i++) {
    const c = s.charCodeAt(i);
    const space =
      c <= 32
        ? c === 32 || (c >= 9 && c <= 13)
        : c >= 160 &&
          (c === 160 ||
            c === 0x1680 ||
            (c >= 0x2000 && c <= 0x200a) ||
            c === 0x2028 ||
            c === 0x2029 ||
            c === 0x202f ||
            c === 0x205f ||
            c === 0x3000 ||
            c === 0xfeff);
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

/** The options of `present` checks; built on first use (util/lazy.ts). */
const options = lazy(() =>
  z
    .object({
      field: z.string().min(1),
      min_chars: z.number().int().min(1).optional(),
      min_words: z.number().int().min(1).optional(),
      min_items: z.number().int().min(1).optional(),
      none_counts: z.boolean().optional(),
    })
    .strict(),
);

/**
 * Options that mean nothing for the field are errors: left in, they are silently ignored and the
 * author believes the check asks for more than it does (min_items: 300 on a text).
 */
function refuseIdleOptions(o: { field: string; min_items?: number | undefined; min_chars?: number | undefined; min_words?: number | undefined; none_counts?: boolean | undefined }, env: CompileEnv): void {
  const kind = fieldKind(o.field);
  const is = kind === 'text' ? 'text (use min_words)' : kind === 'value' ? 'a single value, not a text or a list' : kind === 'list' ? 'a list' : 'a needs section';
  if (o.min_items !== undefined && kind !== 'list' && kind !== 'needs section') env.fail(['min_items'], `min_items applies to list fields; ${o.field} is ${is}`);
  if (o.none_counts !== undefined && kind !== 'needs section') env.fail(['none_counts'], `none_counts applies to the needs sections b, c and d (their 'no needs in this area'); ${o.field} is ${is}`);
  for (const key of ['min_chars', 'min_words'] as const) {
    if (o[key] !== undefined && kind === 'value') env.fail([key], `${key} applies to text and lists of text; ${o.field} is ${is}`);
  }
}

export const present = defineCheck({
  type: 'present',
  summary: 'A field is filled in: non-blank text (optionally min_chars / min_words), or a list with at least min_items items.',
  options,
  compile(o, env) {
    const get = fieldGetter(o.field, env, ['field']);
    refuseIdleOptions(o, env);
    const label = labelOf(o.field);
    const minItems = o.min_items ?? 1;
    const noneCounts = o.none_counts ?? false;

    /** Shortfalls of text length: [reason, achieved / required]. */
    const textShortfalls = (text: string): [string, number][] => {
      const out: [string, number][] = [];
      const t = text.trim();
      if (o.min_chars !== undefined && t.length < o.min_chars) {
        out.push([`${label} has ${plural(t.length, 'character')}; at least ${o.min_chars} expected`, t.length / o.min_chars]);
      }
      if (o.min_words !== undefined) {
        const words = wordCount(t, o.min_words);
        if (words < o.min_words) out.push([`${label} has ${plural(words, 'word')}; at least ${o.min_words} expected`, words / o.min_words]);
      }
      return out;
    };
    const measuresText = o.min_chars !== undefined || o.min_words !== undefined;

    const judge = (shortfalls: [string, number][]) =>
      shortfalls.length === 0
        ? result('met', [])
        : result('partly', shortfalls.map((s) => s[0]), undefined, Math.min(...shortfalls.map((s) => s[1])));

    return (rec, ctx) => {
      const v = get(rec, ctx);
      if (Array.isArray(v) || isNeedsSection(v)) {
        const items = (Array.isArray(v) ? v : v.items).filter(filled);
        if (items.length === 0) {
          if (isNeedsSection(v) && v.none) {
            return noneCounts ? result('met', []) : result('not_met', [`${label} has no items ('no needs in this area' does not count here)`]);
          }
          return result('not_met', [`${label} is empty`]);
        }
        const shortfalls: [string, number][] = [];
        if (items.length < minItems) {
          shortfalls.push([`${label} has ${plural(items.length, 'item')}; at least ${minItems} expected`, items.length / minItems]);
        }
        if (measuresText) shortfalls.push(...textShortfalls(items.map(textOf).join(' ')));
        return judge(shortfalls);
      }
      if (!isPresent(v)) return result('not_met', [`${label} is empty`]);
      if (typeof v === 'object') return result('met', []);
      return judge(measuresText ? textShortfalls(textOf(v)) : []);
    };
  },
});
