/**
 * The duplicate-reference index (src/records/refIndex.ts) must answer exactly as a Map of the
 * references would, for any references (any Unicode, empty, long) and through every growth of
 * its buffers and table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RefIndex } from '../../src/records/refIndex.js';

/** The answers of a Map, the reference model. */
function modelAnswers(refs: string[]): (number | undefined)[] {
  const seen = new Map<string, number>();
  return refs.map((ref, i) => {
    const first = seen.get(ref);
    if (first === undefined) seen.set(ref, i + 2);
    return first;
  });
}

describe('RefIndex', () => {
  it('answers as a Map does, for any references', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('A', 'a', 'É', 'E\u0301', '', 'EHCP-1', 'EHCP-10')), { maxLength: 300 }), (refs) => {
        const index = new RefIndex();
        expect(refs.map((ref, i) => index.firstLineOrAdd(ref, i + 2))).toEqual(modelAnswers(refs));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every reference through many growths (200,000 references, then each again)', () => {
    const index = new RefIndex();
    const n = 200_000;
    for (let i = 0; i < n; i++) expect(index.firstLineOrAdd(`EHCP-2026-${String(i).padStart(6, '0')}`, i + 2)).toBeUndefined();
    expect(index.size).toBe(n);
    let wrong = 0;
    for (let i = 0; i < n; i++) if (index.firstLineOrAdd(`EHCP-2026-${String(i).padStart(6, '0')}`, 0) !== i + 2) wrong++;
    expect(wrong).toBe(0);
    expect(index.size).toBe(n);
  });

  it('keeps line numbers past 32 bits (the lines move to 64-bit numbers)', () => {
    const index = new RefIndex();
    expect(index.firstLineOrAdd('A', 7)).toBeUndefined();
    expect(index.firstLineOrAdd('B', 2 ** 33 + 1)).toBeUndefined();
    expect(index.firstLineOrAdd('C', 9)).toBeUndefined();
    expect([index.firstLineOrAdd('A', 0), index.firstLineOrAdd('B', 0), index.firstLineOrAdd('C', 0)]).toEqual([7, 2 ** 33 + 1, 9]);
  });

  it('tells apart references that differ only in case, accents, spaces or length', () => {
    const index = new RefIndex();
    const refs = ['ref', 'REF', 'réf', 're\u0301f', ' ref', 'ref ', 'refs', 're', '😀', '😀😀', 'x'.repeat(100_000)];
    refs.forEach((r, i) => expect(index.firstLineOrAdd(r, i + 1), r).toBeUndefined());
    refs.forEach((r, i) => expect(index.firstLineOrAdd(r, 0), r).toBe(i + 1));
  });
});
