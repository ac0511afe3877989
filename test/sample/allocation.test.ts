import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateLargestRemainder, compareKeys } from '../../src/sample/allocation.js';

const strata = (...pops: number[]): { key: string; population: number }[] =>
  pops.map((population, i) => ({ key: String.fromCharCode(65 + i), population }));
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('allocateLargestRemainder', () => {
  it('allocates exactly proportional sizes when quotas are whole', () => {
    expect(allocateLargestRemainder(10, strata(50, 30, 20))).toEqual([5, 3, 2]);
  });

  it('gives leftover seats to the largest remainders', () => {
    // quotas 20 x (41, 33, 26)/100 = 8.2, 6.6, 5.2 -> floors 8, 6, 5; one seat left -> B.
    expect(allocateLargestRemainder(20, strata(41, 33, 26))).toEqual([8, 7, 5]);
  });

  it('breaks ties in remainder by key (code-unit order), whatever the input order', () => {
    // 1 seat, three equal strata: the smallest key wins.
    expect(
      allocateLargestRemainder(1, [
        { key: 'b', population: 1 },
        { key: 'a', population: 1 },
        { key: 'c', population: 1 },
      ]),
    ).toEqual([0, 1, 0]);
    // Code units, not locale: 'Z' (0x5a) sorts before 'a' (0x61).
    expect(
      allocateLargestRemainder(1, [
        { key: 'a', population: 1 },
        { key: 'Z', population: 1 },
      ]),
    ).toEqual([0, 1]);
    expect(compareKeys('Z', 'a')).toBeLessThan(0);
    expect(compareKeys('a', 'a')).toBe(0);
  });

  it('takes everything when size >= total; nothing for size 0; empty input', () => {
    expect(allocateLargestRemainder(100, strata(3, 0, 4))).toEqual([3, 0, 4]);
    expect(allocateLargestRemainder(7, strata(3, 0, 4))).toEqual([3, 0, 4]);
    expect(allocateLargestRemainder(0, strata(3, 4))).toEqual([0, 0]);
    expect(allocateLargestRemainder(5, [])).toEqual([]);
    expect(allocateLargestRemainder(0, [])).toEqual([]);
  });

  it('a single stratum gets min(size, population)', () => {
    expect(allocateLargestRemainder(20, strata(41))).toEqual([20]);
    expect(allocateLargestRemainder(20, strata(5))).toEqual([5]);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => allocateLargestRemainder(-1, strata(3))).toThrow(RangeError);
    expect(() => allocateLargestRemainder(1.5, strata(3))).toThrow(RangeError);
    expect(() => allocateLargestRemainder(1, strata(-3))).toThrow(RangeError);
  });

  it('property: each allocation is floor or ceil of its quota, within population, summing to min(size, total)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 100_000 }), { minLength: 0, maxLength: 40 }),
        fc.nat({ max: 5_000 }),
        (pops, size) => {
          const input = strata(...pops);
          const alloc = allocateLargestRemainder(size, input);
          const total = sum(pops);
          expect(alloc).toHaveLength(pops.length);
          expect(sum(alloc)).toBe(Math.min(size, total));
          pops.forEach((p, i) => {
            const a = alloc[i]!;
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThanOrEqual(p);
            if (size < total) {
              // Exact: floor(size * p / total) <= a <= ceil(size * p / total).
              const num = BigInt(size) * BigInt(p);
              const floor = Number(num / BigInt(total));
              const ceil = num % BigInt(total) === 0n ? floor : floor + 1;
              expect(a === floor || a === ceil).toBe(true);
            } else {
              expect(a).toBe(p);
            }
          });
        },
      ),
      { numRuns: 500, seed: 20240601 },
    );
  });

  it('property: permuting the strata permutes the allocation (ties by key, not position)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ key: fc.string({ maxLength: 4 }), population: fc.nat({ max: 50 }) }), {
          selector: (s) => s.key,
          maxLength: 12,
        }),
        fc.nat({ max: 60 }),
        (input, size) => {
          const alloc = allocateLargestRemainder(size, input);
          const reversed = allocateLargestRemainder(size, [...input].reverse());
          expect([...reversed].reverse()).toEqual(alloc);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
