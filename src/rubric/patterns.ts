/**
 * Phrase lists used by text checks. An entry is
 *   - a plain phrase, matched case-insensitively on word boundaries ("as required", "TBC");
 *   - `{ re: '...' }`, a regular expression (case-insensitive);
 *   - `'@name'`, every entry of the rubric's lexicon `name` (e.g. '@vague_provision').
 * A list compiles to one alternation, so each text is scanned once however long the list.
 */
import * as z from 'zod';
import { lazy } from '../util/lazy.js';

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
  /** All non-overlapping hits in `text`. */
  hits(text: string): Hit[];
  test(text: string): boolean;
  readonly size: number;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function phraseSource(p: string): string {
  const body = escape(p.trim()).replace(/\s+/g, '\\s+');
  const pre = /^\w/.test(p.trim()) ? '\\b' : '';
  const post = /\w$/.test(p.trim()) ? '\\b' : '';
  return `${pre}${body}${post}`;
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

/** Validate a regex source; returns an error message or undefined. */
export function regexError(src: string): string | undefined {
  try {
    new RegExp(src, 'iu');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export function compileMatcher(entries: readonly PatternEntry[], lexicons: Record<string, readonly PatternEntry[]> = {}): Matcher {
  const list = expand(entries, lexicons);
  const labels: string[] = [];
  const sources = list.map((e, i) => {
    labels[i] = typeof e === 'string' ? e.trim() : e.label ?? e.re;
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
  const re = new RegExp(sources.join('|'), flags('gi'));
  // A plain alternation (no named groups) answers "any hit?" quickly: most texts have none.
  const plain = list.map((e) => `(?:${typeof e === 'string' ? phraseSource(e) : e.re})`).join('|');
  const single = new RegExp(plain, flags('i'));
  return {
    size: list.length,
    test: (text) => single.test(text),
    hits(text) {
      const out: Hit[] = [];
      if (!single.test(text)) return out;
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
