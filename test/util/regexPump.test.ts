/**
 * pumpTexts (util/regexPump.ts): the probe texts made from an expression, which repeat what one of
 * its repeated groups matches and then stop short of a match.
 */
import { describe, expect, it } from 'vitest';
import { pumpTexts } from '../../src/util/regexPump.js';

const texts = (re: string) => pumpTexts(re, 'i').map((t) => t.text);

describe('pumpTexts', () => {
  it('reaches the repeated group and repeats what it matches, then ends with nothing, ! or NUL', () => {
    expect(texts('(?:qz|q[z])+!x')).toEqual(['qz'.repeat(28), `${'qz'.repeat(28)}!`, `${'qz'.repeat(28)}\u0000`]);
    // What comes before the group is matched first; anchors, lookarounds and \b match nothing.
    expect(texts(String.raw`^\bfoo(?=o)(\w+\s?)+$`)[0]).toBe(`foo${'a '.repeat(28)}`);
    // A class gives a member it takes, a property escape too.
    expect(texts('[^a-z]+x')[0]).toBe('7'.repeat(28));
    expect(pumpTexts(String.raw`\p{Lu}+x`, 'u')[0]!.text).toBe('A'.repeat(28));
  });

  it('pumps each unbounded repeat, nested ones too, and none that is bounded', () => {
    const nested = texts(String.raw`(a+)+b`);
    expect(nested).toContain(`${'a'.repeat(28)}!`);
    expect(texts('a{2,5}b?c')).toEqual([]);
    expect(texts('as required')).toEqual([]);
  });

  it('gives nothing rather than fail on what it cannot read', () => {
    for (const re of ['(', '[', '\\', 'a{', '(?<n>x)\\k<n>+', '\\1+']) expect(() => pumpTexts(re, 'i'), re).not.toThrow();
  });
});
