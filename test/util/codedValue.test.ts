/**
 * codedValue (util/strings.ts): a coded field's value in a rejection's reason, printed without
 * --show-text. A code, a word or a value with digits is quoted; words in a row, which may name
 * someone ('Y Mary Evans', 'Home with grandmother Mary Evans'), are described by their length.
 */
import { describe, expect, it } from 'vitest';
import { codedValue } from '../../src/util/strings.js';

describe('codedValue', () => {
  it('quotes codes, words and values with digits', () => {
    for (const v of ['maybe', 'Autism', 'ASDX', 'Year 15', 'Yes (S20)', 'N/A', 'Dyslexia-ish', '31/02/2024']) expect(codedValue(v), v).toBe(`'${v}'`);
  });

  it('describes words in a row by their length, and anything over 40 characters', () => {
    expect(codedValue('Y Mary Evans')).toBe('a value of 12 characters (not shown: it may name someone)');
    expect(codedValue('Nan (Mary)')).toBe('a value of 10 characters (not shown: it may name someone)');
    expect(codedValue('Home with grandmother Mary Evans')).toBe('a value of 32 characters (not shown: it may name someone)');
    expect(codedValue(`1${'x'.repeat(1_000_000)}`)).toBe('a value of 1,000,001 characters (not shown: it may name someone)');
  });
});
