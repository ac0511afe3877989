/**
 * The phrase-list matcher: "any hit?" uses the phrases as one prefix tree (patterns.ts); it must
 * answer exactly as the plain alternation of the same phrases does, on the shipped lexicons and on
 * generated phrase lists and texts.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileMatcher, entryRegexError, expand, nestedQuantifier, phraseSource, regexError, phraseTreeSource, type PatternEntry } from '../../src/rubric/patterns.js';

const plainRegex = (phrases: readonly string[]) => new RegExp(phrases.map((p) => `(?:${phraseSource(p)})`).join('|'), 'i');
const treeRegex = (phrases: readonly string[]) => new RegExp(phraseTreeSource(phrases), 'i');

describe('phrase prefix tree', () => {
  it('factors shared prefixes and keeps word boundaries', () => {
    expect(phraseTreeSource(['as required', 'as needed', 'e.g.', 'etc'])).toBe(
      '\\bas\\s+(?:required\\b|needed\\b)|\\be(?:\\.g\\.|tc\\b)',
    );
    // A phrase that is a prefix of another: both ends kept.
    expect(phraseTreeSource(['regular', 'regularly'])).toBe('\\bregular(?:ly\\b|\\b)');
    // ASCII case folds (the `i` flag equates it); white space runs are one \s+.
    expect(phraseTreeSource(['TBC', 'tbc', 'key   adult'])).toBe('\\btbc\\b|\\bkey\\s+adult\\b');
  });

  it('answers as the plain alternation on every text field of the example export, for each shipped lexicon', () => {
    const rubric = parse(readFileSync('rubrics/default.yaml', 'utf8')) as { lexicons: Record<string, PatternEntry[]> };
    const texts = readFileSync('fixtures/example-export.csv', 'utf8').split(/[\n,]/);
    let lists = 0;
    for (const [name, entries] of Object.entries(rubric.lexicons)) {
      const phrases = entries.filter((e): e is string => typeof e === 'string');
      if (phrases.length === 0) continue;
      lists++;
      const plain = plainRegex(phrases);
      const tree = treeRegex(phrases);
      for (const t of texts) expect(tree.test(t), `${name}: ${t}`).toBe(plain.test(t));
    }
    expect(lists).toBeGreaterThanOrEqual(4);
  });

  it('answers as the plain alternation on generated phrases and texts', () => {
    // Small alphabets so that phrases share prefixes and texts contain them.
    const word = fc.stringMatching(/^[aAbB.é]{1,4}$/);
    const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
    const text = fc.stringMatching(/^[aAbB.é \n-]{0,30}$/);
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 8 }), fc.array(text, { maxLength: 10 }), (phrases, ts) => {
        const plain = plainRegex(phrases);
        const tree = treeRegex(phrases);
        for (const t of ts) expect(tree.test(t)).toBe(plain.test(t));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves the reported phrase to the listed order', () => {
    const m = compileMatcher(['support', 'support worker', { re: '\\bTA\\b', label: 'teaching assistant' }]);
    expect(m.test('a Support Worker and a TA')).toBe(true);
    expect(m.hits('a Support Worker and a TA').map((h) => [h.phrase, h.found])).toEqual([
      ['support', 'Support'],
      ['teaching assistant', 'TA'],
    ]);
    expect(m.test('supporting')).toBe(false);
    expect(compileMatcher(['  ']).test('anything')).toBe(true);
  });
});

describe('"any hit?" asked part by part (a list that usually hits)', () => {
  it('answers as the one alternation, in either mode and as the order of parts changes, for every shipped lexicon', () => {
    const rubric = parse(readFileSync('rubrics/default.yaml', 'utf8')) as { lexicons: Record<string, PatternEntry[]> };
    const texts = readFileSync('fixtures/example-export.csv', 'utf8').split(/[\n,]/);
    for (const [name, listed] of Object.entries(rubric.lexicons)) {
      const entries = expand(listed, rubric.lexicons);
      const union = new RegExp(entries.map((e) => `(?:${typeof e === 'string' ? phraseSource(e) : e.re})`).join('|'), 'i');
      // Runs of hitting texts switch a matcher to asking part by part, runs of misses switch it
      // back; each text is asked of a fresh matcher and of one that has seen everything before.
      const seasoned = compileMatcher(entries);
      const hitting = texts.filter((t) => union.test(t));
      const order = [...hitting, ...texts, ...hitting.reverse(), ...texts.reverse()];
      for (const t of order) {
        expect(seasoned.test(t), `${name}: ${t}`).toBe(union.test(t));
        expect(compileMatcher(entries).test(t), `${name}: ${t}`).toBe(union.test(t));
      }
    }
  });

  it('answers as the one alternation on generated lists of phrases and expressions', () => {
    const word = fc.stringMatching(/^[aAbB.é]{1,4}$/);
    const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
    const entry: fc.Arbitrary<PatternEntry> = fc.oneof(phrase, fc.constantFrom({ re: 'a+b' }, { re: '\\bB\\b' }, { re: 'é{2}' }, { re: '^a' }));
    const text = fc.stringMatching(/^[aAbB.é \n-]{0,30}$/);
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.array(text, { maxLength: 40 }), (entries, ts) => {
        const union = new RegExp(entries.map((e) => `(?:${typeof e === 'string' ? phraseSource(e) : e.re})`).join('|'), 'i');
        const m = compileMatcher(entries);
        for (const t of ts) expect(m.test(t)).toBe(union.test(t));
      }),
      { numRuns: 500 },
    );
  });
});

describe('entryRegexError: numbered back-references in a list entry', () => {
  it('refuses \\1 outside a character class (entries are combined, so group numbers shift); a named reference is fine', () => {
    expect(entryRegexError('\\b(\\w+) \\1\\b')).toMatch(/^a numbered back-reference \(\\1\) would refer to another group once the list's entries are combined: name the group and refer to it by name/);
    expect(entryRegexError('(?<w>\\w+) \\k<w>')).toBeUndefined();
    expect(entryRegexError('\\\\1')).toBeUndefined(); // an escaped backslash, then the digit 1
    // A regex used alone (a condition's matches:) may use one.
    expect(regexError('(a)\\1')).toBeUndefined();
  });

  it('shows why: after an entry with a group of its own, \\1 refers to that group, and any two words are "doubled"', () => {
    const doubled = { re: '\\b(\\w+) \\1\\b' };
    expect(new RegExp(doubled.re, 'i').test('the cat')).toBe(false);
    expect(compileMatcher([{ re: '(x)y' }, doubled]).test('the cat')).toBe(true);
  });
});

describe('nestedQuantifier', () => {
  it('finds a repeated group holding an unbounded repeat', () => {
    expect(nestedQuantifier(String.raw`(\w+\s?)+X$`)).toBe(String.raw`(\w+\s?)+`);
    expect(nestedQuantifier('(a+)+')).toBe('(a+)+');
    expect(nestedQuantifier('x(?:a*b)*y')).toBe('(?:a*b)*');
    expect(nestedQuantifier('((ab)+c){2,}')).toBe('((ab)+c){2,}');
  });

  it('leaves bounded repeats, escaped brackets and character classes alone', () => {
    for (const re of ['(a+){2}', '(?:[a-z-]+\\s+){0,2}?', '(?:any |an )*', '\\(a+\\)+', '[(a+)]+', '(a|b)+', 'a+b*', String.raw`\p{L}+`]) expect(nestedQuantifier(re), re).toBeUndefined();
  });
});
