/**
 * Helpers shared by the check types: compile-time validation of field paths and phrase lists, the
 * `where` item filter, item labels for reasons, and small wording helpers.
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import type { CompileEnv, CheckResult } from '../types.js';
import { checkPath, compilePath, itemKeysOf, labelOf, type Getter } from '../fields.js';
import { compileMatcher, entryRegexError, patternList, type Matcher, type PatternEntry } from '../patterns.js';

export type OptionPath = (string | number)[];

/** Validate a field path at `at` and compile it. */
export function fieldGetter(path: string, env: CompileEnv, at: OptionPath): Getter {
  const err = checkPath(path);
  if (err) env.fail(at, err);
  return compilePath(path);
}

/**
 * Compile a phrase list: regex entries are checked one by one (so the error names the entry), then
 * lexicon references are expanded; an unknown lexicon or a bad regex inside a lexicon fails at `at`.
 */
export function compilePatterns(list: readonly PatternEntry[], env: CompileEnv, at: OptionPath): Matcher {
  list.forEach((e, i) => {
    if (typeof e !== 'string') {
      const err = entryRegexError(e.re);
      if (err) env.fail([...at, i, 're'], `bad regular expression: ${err}`);
    }
  });
  try {
    return compileMatcher(list, env.lexicons);
  } catch (e) {
    return env.fail(at, (e as Error).message);
  }
}

/** Keys of outcome, provision and advice items that a `where.in` may name. */
export const ITEM_KEYS = ['text', 'area', 'target', 'frequency', 'duration', 'deliverer', 'need', 'source', 'author', 'date'] as const;

/** `where: { match, in }`: only items whose `in` keys (default text and area) match are counted or judged. */
export const whereOption = lazy(() =>
  z
    .object({
      match: patternList(),
      in: z.array(z.string().min(1)).min(1).optional(),
    })
    .strict(),
);
export type WhereOption = z.output<ReturnType<typeof whereOption>>;

export type ItemFilter = (item: unknown) => boolean;

/** Compile a `where` filter. A string item is searched as a whole; an object item by its `in` keys. */
export function compileWhere(where: WhereOption | undefined, field: string, env: CompileEnv, at: OptionPath): ItemFilter {
  if (!where) return () => true;
  const keys = where.in ?? ['text', 'area'];
  // `in` names keys of the field's own items: another list's key (`frequency` for outcomes), or
  // any key for items that are plain text, would be silently nothing.
  const own = itemKeysOf(field);
  where.in?.forEach((k, i) => {
    if (!(ITEM_KEYS as readonly string[]).includes(k)) env.fail([...at, 'in', i], `unknown item key '${k}': use ${ITEM_KEYS.join(', ')}`);
    if (!own) env.fail([...at, 'in'], `where.in picks keys of outcome, provision and advice items; the items of ${field} are text, matched whole: take 'in' out`);
    if (!own.includes(k)) env.fail([...at, 'in', i], `the items of ${field} have no '${k}': they have ${own.join(', ')}`);
  });
  const m = compilePatterns(where.match, env, [...at, 'match']);
  // Called for every item of every plan: the keys' texts are joined without intermediate arrays.
  return (item) => {
    if (typeof item === 'string') return m.test(item);
    if (item === null || typeof item !== 'object') return false;
    const o = item as Record<string, unknown>;
    let text: string | undefined;
    for (const k of keys) {
      const v = o[k];
      if (typeof v === 'string') text = text === undefined ? v : `${text} \n ${v}`;
    }
    return m.test(text ?? '');
  };
}

/** Label of one item of a field for reasons: "Section F item 2"; a plain text field is its own label. */
export function itemLabel(field: string, value: unknown, index: number): string {
  return typeof value === 'string' ? labelOf(field) : `${labelOf(field)} item ${index + 1}`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * The most reasons a check lists for one plan's items: a real plan's longest list is far shorter,
 * and a cell of a million characters split into 500,000 items made a 32 MB plan in the report
 * (and 560 MB of memory). Past it, one reason counts the rest (`moreReasons`).
 */
export const MAX_ITEM_REASONS = 1000;

/** The reason standing for those past MAX_ITEM_REASONS. */
export function moreReasons(n: number): string {
  return `and ${n.toLocaleString('en-GB')} more (only the first ${MAX_ITEM_REASONS.toLocaleString('en-GB')} are listed)`;
}

/** Plan text for textReasons: whitespace collapsed, at most 200 characters. */
export function quote(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return `"${s.length > 200 ? `${s.slice(0, 199)}…` : s}"`;
}

/** Met with nothing to say: the commonest result of every check, shared (and frozen) rather than made anew. */
const MET: CheckResult = Object.freeze({ rating: 'met', reasons: Object.freeze([]) as unknown as string[] });

/** A result; textReasons only when they differ from the reasons. */
export function result(rating: CheckResult['rating'], reasons: string[], textReasons?: string[], credit?: number): CheckResult {
  if (rating === 'met' && reasons.length === 0 && credit === undefined && (textReasons === undefined || textReasons.length === 0)) return MET;
  const r: CheckResult = { rating, reasons };
  if (credit !== undefined) r.credit = credit;
  if (textReasons && textReasons.some((t, i) => t !== reasons[i])) r.textReasons = textReasons;
  return r;
}
