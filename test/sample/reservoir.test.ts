import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/sample/prng.js';
import { Reservoir } from '../../src/sample/reservoir.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('Reservoir (Algorithm R)', () => {
  it('keeps everything while under capacity, in input order', () => {
    const r = new Reservoir<number>(5, createRng(1));
    for (const i of range(3)) r.offer(i);
    expect(r.items()).toEqual([0, 1, 2]);
    expect(r.seen).toBe(3);
    expect(r.size).toBe(3);
  });

  it('holds exactly capacity distinct items from the input once full', () => {
    const r = new Reservoir<number>(4, createRng(2));
    for (const i of range(1000)) r.offer(i);
    const items = r.items();
    expect(items).toHaveLength(4);
    expect(new Set(items).size).toBe(4);
    for (const x of items) expect(x >= 0 && x < 1000).toBe(true);
    expect(r.seen).toBe(1000);
  });

  it('items() returns a copy', () => {
    const r = new Reservoir<number>(2, createRng(3));
    r.offer(1);
    r.items().push(99);
    expect(r.items()).toEqual([1]);
  });

  it('capacity 0 holds nothing and draws no random numbers', () => {
    const rng = createRng(4);
    const r = new Reservoir<number>(0, rng);
    for (const i of range(10)) r.offer(i);
    expect(r.items()).toEqual([]);
    expect(r.seen).toBe(10);
    expect(rng.nextUint32()).toBe(createRng(4).nextUint32());
  });

  it('rejects a bad capacity', () => {
    expect(() => new Reservoir(-1, createRng(1))).toThrow(RangeError);
    expect(() => new Reservoir(1.5, createRng(1))).toThrow(RangeError);
  });

  it('is reproducible for a seed', () => {
    const run = (seed: number): number[] => {
      const r = new Reservoir<number>(3, createRng(seed));
      for (const i of range(500)) r.offer(i);
      return r.items();
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('is uniform: 20,000 trials of 2 of 10 (items and pairs, chi-square)', () => {
    const rng = createRng('reservoir-uniformity');
    const trials = 20_000;
    const itemCounts = new Array<number>(10).fill(0);
    const pairCounts = new Map<string, number>();
    for (let t = 0; t < trials; t++) {
      const r = new Reservoir<number>(2, rng);
      for (const i of range(10)) r.offer(i);
      const [a, b] = r.items().sort((x, y) => x - y) as [number, number];
      itemCounts[a]! += 1;
      itemCounts[b]! += 1;
      pairCounts.set(`${a}-${b}`, (pairCounts.get(`${a}-${b}`) ?? 0) + 1);
    }
    // Each item: expected 20,000 x 2/10 = 4,000. 9 d.f.: p(chi2 > 45) ~ 1e-6. (The 10 counts sum
    // to a constant, so the statistic is only approximately chi-square; the bound is generous.)
    const eItem = (trials * 2) / 10;
    const chiItems = itemCounts.reduce((acc, c) => acc + (c - eItem) ** 2 / eItem, 0);
    expect(chiItems).toBeLessThan(45);
    // Each of the 45 pairs: expected 20,000 / 45. 44 d.f.: p(chi2 > 100) < 1e-6.
    expect(pairCounts.size).toBe(45);
    const ePair = trials / 45;
    const chiPairs = [...pairCounts.values()].reduce((acc, c) => acc + (c - ePair) ** 2 / ePair, 0);
    expect(chiPairs).toBeLessThan(100);
  });
});
