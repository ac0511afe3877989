/**
 * Phrase lists used by text checks. An entry is
 *   - a plain phrase, matched case-insensitively on word boundaries ("as required", "TBC");
 *   - `{ re: '...' }`, a regular expression (case-insensitive);
 *   - `'@name'`, every entry of the rubric's lexicon `name` (e.g. '@vague_provision').
 * A list compiles to one alternation, so each text is scanned once however long the list.
 */
import * as z from 'zod';
import { lazy } from '../util/lazy.js';
import { escapeRegExp } from '../util/strings.js';

export const patternEntry = lazy(() => z.union([z.string().min(1), z.object({ re: z.string().min(1), label: z.string().optional() }).strict()]));
export const patternList = lazy(() => z.array(patternEntry()).min(1));
export type PatternEntry = z.output<ReturnType<typeof patternEntry>>;

export interface Hit {
  /** The lexicon phrase or regex label that matched (rubric text, never plan text). */
  phrase: string;
  /** The text that matched (plan text: shown only with --show-text). */
  found: string;
  index: number;
}

export interface Matcher {
  /** All non-overlapping hits in `text` (a shared empty list when there are none). */
  hits(text: string): readonly Hit[];
  test(text: string): boolean;
  readonly size: number;
}

const NO_HITS: readonly Hit[] = Object.freeze([]);


/** One phrase as a regex source: case by the `i` flag, any run of white space, word boundaries at word ends. */
export function phraseSource(p: string): string {
  const body = escapeRegExp(p.trim()).replace(/\s+/g, '\\s+');
  const pre = /^\w/.test(p.trim()) ? '\\b' : '';
  const post = /\w$/.test(p.trim()) ? '\\b' : '';
  return `${pre}${body}${post}`;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** A phrase ends here; `wordEnd`: its last character is a word character (so `\b` follows). */
  end: boolean;
  wordEnd: boolean;
}

/** ASCII letters fold to lower case (exactly what the `i` flag equates); any other character is kept. */
function foldAscii(ch: string): string {
  return ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
}

/**
 * The plain phrases as one prefix tree: `\bas\s+(?:required\b|needed\b|...)` rather than one
 * alternative per phrase. It matches at exactly the positions where some phrase matches (a union of
 * the same languages, factored), and irregexp rejects a position on its first character instead of
 * trying every phrase there: about twice as fast on the 33-entry vague-provision list. Used only to
 * answer "any hit?"; `hits` keeps the listed alternation, so which phrase is reported is unchanged.
 */
export function phraseTreeSource(phrases: readonly string[]): string {
  const root: TrieNode = { next: new Map(), end: false, wordEnd: false };
  for (const p of phrases) {
    let node = root;
    for (const ch of p.trim().replace(/\s+/g, ' ')) {
      const key = foldAscii(ch);
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: new Map(), end: false, wordEnd: false }));
      node = child;
    }
    node.end = true;
    node.wordEnd ||= /\w$/.test(p.trim());
  }
  const unit = (ch: string) => (ch === ' ' ? '\\s+' : escapeRegExp(ch));
  const emit = (node: TrieNode): string => {
    const alts = [...node.next].map(([ch, child]) => unit(ch) + emit(child));
    // A phrase ending here: `\b` after a word character (phraseSource's rule), nothing otherwise.
    if (node.end) alts.push(node.wordEnd ? '\\b' : '');
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  // Phrases that start with a word character start at a word boundary.
  return [...root.next].map(([ch, child]) => `${/\w/.test(ch) ? '\\b' : ''}${unit(ch)}${emit(child)}`).join('|');
}

/** An entry as reports name it: the phrase, or a regular expression's label (else the expression). */
export function entryLabel(e: PatternEntry): string {
  return typeof e === 'string' ? e.trim() : (e.label ?? e.re);
}

/** Expand `@lexicon` references; throws Error with a plain message for an unknown lexicon. */
export function expand(entries: readonly PatternEntry[], lexicons: Record<string, readonly PatternEntry[]>, seen: string[] = []): PatternEntry[] {
  const out: PatternEntry[] = [];
  for (const e of entries) {
    if (typeof e === 'string' && e.startsWith('@')) {
      const name = e.slice(1);
      const lex = lexicons[name];
      if (!lex) throw new Error(`unknown lexicon '${name}' (defined: ${Object.keys(lexicons).join(', ') || 'none'})`);
      if (seen.includes(name)) throw new Error(`lexicon '${name}' refers to itself`);
      out.push(...expand(lex, lexicons, [...seen, name]));
    } else out.push(e);
  }
  return out;
}

/** Validate a regex source (with the flags a condition's `matches` uses); returns an error message or undefined. */
export function regexError(src: string, flags = 'iu'): string | undefined {
  try {
    new RegExp(src, flags);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Validate a phrase list's regex entry: regexError, and no numbered back-reference. */
export function entryRegexError(src: string): string | undefined {
  const err = regexError(src);
  if (err) return err;
  const ref = numberedBackreference(src);
  // A list compiles to one alternation with a named group per entry (compileMatcher), so group
  // numbers shift: \1 would refer to another entry's group and match the wrong text, silently.
  if (ref) return `a numbered back-reference (${ref}) would refer to another group once the list's entries are combined: name the group and refer to it by name, (?<w>...)\\k<w>`;
  return undefined;
}

/** The first numbered back-reference (\1 to \9...) outside a character class, or undefined. */
function numberedBackreference(src: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (!inClass && n !== undefined && n >= '1' && n <= '9') return `\\${/^\d+/.exec(src.slice(i + 1))![0]}`;
      i++;
    } else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
  }
  return undefined;
}

/**
 * "Any hit?" for a list that usually hits (every Section F line names a frequency, a duration and a
 * deliverer): one regex per part, the part that hits most often tried first, stops at the first
 * hit, where the one alternation reads the text up to its first hit of any part, trying every
 * part at every position. For a list that seldom hits, each part would read the whole text, so the
 * one alternation is used. Either way the answer is the same (a text matches an alternation iff it
 * matches one of its parts); only the time differs: measured on the default rubric's Section F
 * lists, the per-part order halves the time of the three `require` groups.
 */
function adaptiveTest(single: RegExp, parts: RegExp[]): (text: string) => boolean {
  const order = parts.map((re) => ({ re, hits: 0 }));
  let calls = 0;
  let hits = 0;
  return (text) => {
    calls++;
    // The parts in turn while most texts hit (every call counts, so a list's mode follows its data).
    if (hits * 2 < calls) {
      const hit = single.test(text);
      if (hit) hits++;
      return hit;
    }
    for (let j = 0; j < order.length; j++) {
      const part = order[j]!;
      if (!part.re.test(text)) continue;
      hits++;
      part.hits++;
      if (j > 0 && part.hits > order[j - 1]!.hits) {
        order[j] = order[j - 1]!;
        order[j - 1] = part;
      }
      return true;
    }
    return false;
  };
}

/** The most capture groups V8 allows in one regular expression (its kMaxCaptures, 2^15 - 1). */
export const MAX_GROUPS = 32_767;

/**
 * A list's one alternation. Every entry compiles alone (regexError, when the rubric loads), but
 * together they can still fail: two entries naming a group alike, or one naming a group p<n>, or
 * more groups than one expression holds (each entry has its own, p<n>: a lexicon of 33,000 plain
 * phrases, QA). The engine's message quotes the whole alternation (every phrase of the list); this
 * one does not. `entries`: the list's length, lexicons expanded.
 */
function combined(source: string, flags: string, entries: number): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    if (/Too many captures/.test((e as Error).message)) {
      throw new Error(
        `the list has ${entries.toLocaleString('en-GB')} entries (its lexicons expanded), more than one check can take: a list is one regular expression, which holds at most ${MAX_GROUPS.toLocaleString('en-GB')} groups, one for each entry and one for each group in its regular expressions; split the list over two checks, each with part of it (two lexicons; e.g. in { type: all, partial: false, checks: [...] })`,
      );
    }
    const why = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    const names = [...source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]);
    const twice = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))].map((n) => `'${n}'`);
    throw new Error(`the list's regular expressions cannot be used together: ${why}${twice.length ? ` ${twice.join(', ')}` : ''} (named groups need different names, none of them p and a number)`);
  }
}

export function compileMatcher(entries: readonly PatternEntry[], lexicons: Record<string, readonly PatternEntry[]> = {}): Matcher {
  const list = expand(entries, lexicons);
  const labels: string[] = [];
  const sources = list.map((e, i) => {
    labels[i] = entryLabel(e);
    return `(?<p${i}>${typeof e === 'string' ? phraseSource(e) : e.re})`;
  });
  // Named groups tell which entry matched; user regexes must not use their own names p<n>.
  // Without the `u` flag when the patterns allow it: V8's case-insensitive Unicode matching is
  // several times slower, and these lists run over every item of every plan.
  const flags = (f: string) => {
    try {
      new RegExp(sources.join('|'), f);
      return f;
    } catch {
      return `${f}u`;
    }
  };
  const re = combined(sources.join('|'), flags('gi'), list.length);
  // "Any hit?" needs no named groups, and the plain phrases go in as one prefix tree: most texts
  // have no hit, so this is what most calls cost. (An empty phrase, which matches anywhere, stays
  // a plain alternative.)
  const phrases = list.filter((e): e is string => typeof e === 'string' && e.trim() !== '');
  const others = list.filter((e) => typeof e !== 'string' || e.trim() === '');
  const parts = [...(phrases.length > 0 ? [phraseTreeSource(phrases)] : []), ...others.map((e) => (typeof e === 'string' ? phraseSource(e) : e.re))];
  const anyFlags = flags('i');
  const single = combined(parts.map((p) => `(?:${p})`).join('|'), anyFlags, list.length);
  const test = parts.length > 1 ? adaptiveTest(single, parts.map((p) => new RegExp(p, anyFlags))) : (text: string) => single.test(text);
  return {
    size: list.length,
    test,
    hits(text) {
      // Most texts have no hit: nothing is allocated for them.
      if (!single.test(text)) return NO_HITS;
      const out: Hit[] = [];
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        const groups = m.groups ?? {};
        let label = m[0];
        for (let i = 0; i < list.length; i++) {
          if (groups[`p${i}`] !== undefined) {
            label = labels[i]!;
            break;
          }
        }
        out.push({ phrase: label, found: m[0], index: m.index });
      }
      return out;
    },
  };
}

/** The length of an unbounded quantifier (`*`, `+`, `{n,}`) at `i` of `re`, or 0. A bounded one (`?`, `{2}`, `{0,2}`) is not. */
function unboundedQuantifierAt(re: string, i: number): number {
  const c = re[i];
  if (c === '*' || c === '+') return 1;
  const m = c === '{' ? /^\{\d+,\}/.exec(re.slice(i)) : null;
  return m ? m[0].length : 0;
}

/**
 * A repeated group that itself holds an unbounded repeat (`(a+)+`, `(\w+\s?)*`), the commonest
 * shape of a regular expression that takes exponential time on a long text it almost matches
 * (catastrophic backtracking): the group's text, or undefined. A conservative scan, not a proof:
 * it may flag a harmless one and misses other shapes (`(a|a)*`); a warning, never an error.
 */
export function nestedQuantifier(re: string): string | undefined {
  const open: { start: number; unbounded: boolean }[] = [{ start: 0, unbounded: false }];
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < re.length && re[i] !== ']'; i++) if (re[i] === '\\') i++;
    } else if (c === '(') open.push({ start: i, unbounded: false });
    else if (c === ')' && open.length > 1) {
      const group = open.pop()!;
      const q = unboundedQuantifierAt(re, i + 1);
      if (q > 0 && group.unbounded) return re.slice(group.start, i + 1 + q);
      if (q > 0 || group.unbounded) open[open.length - 1]!.unbounded = true;
      i += q;
    } else if (unboundedQuantifierAt(re, i) > 0) open[open.length - 1]!.unbounded = true;
  }
  return undefined;
}
