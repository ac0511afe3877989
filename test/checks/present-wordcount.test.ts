/**
 * `present`'s min_words counts words with a character loop; it must agree with the regex count it
 * replaced, `t.trim() === '' ? 0 : t.trim().split(/\s+/).length`, for every string.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec, plan } from './helpers.js';

const check = compileSpec({ type: 'present', field: 'a.childViews', min_words: 1_000_000 });
const ctx = { asOf: '2026-11-26', asOfDay: 0, dateFormat: 'dd/mm/yyyy' as const };

/** The word count the check reports ("has N words"), or 0 when it says the field is empty. */
function counted(text: string): number {
  const r = check(plan({ a: { childViews: text } }), ctx);
  if (r.rating === 'not_met') return 0;
  const m = /has (\d+) words?;/.exec(r.reasons[0] ?? '');
  if (!m) throw new Error(`unexpected reasons ${JSON.stringify(r.reasons)}`);
  return Number(m[1]);
}

function reference(s: string): number {
  const t = s.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

describe('present: word count = split(/\\s+/)', () => {
  it('every UTF-16 code unit is a separator exactly when \\s matches it', () => {
    const bad: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const text = `a${ch}b${ch}${ch}c`;
      if (counted(text) !== reference(text)) bad.push(c);
    }
    expect(bad).toEqual([]);
  });

  it('random strings over spaces, letters and surrogates (fast-check)', () => {
    const unit = fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', 'a', 'Z', '9', '-', '\ud83d', '\ude00', 'é');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 })), (s) => {
        expect(counted(s)).toBe(reference(s));
      }),
      { numRuns: 20_000 },
    );
  });
});
