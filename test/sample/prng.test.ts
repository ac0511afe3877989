import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, deriveRng, fnv1a64, randomSeed, seedMaterial } from '../../src/sample/prng.js';

// ---------------------------------------------------------------------------------------------
// An independent reference implementation in BigInt, written from the published C sources
// (splitmix64.c, xoshiro128starstar.c, FNV-1a 64), used to cross-check the 32-bit code.
// ---------------------------------------------------------------------------------------------
const M64 = (1n << 64n) - 1n;
const M32 = (1n << 32n) - 1n;

function refFnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & M64;
  }
  return h;
}

function refSplitMix64(seed: bigint): () => bigint {
  let x = seed & M64;
  return () => {
    x = (x + 0x9e3779b97f4a7c15n) & M64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    return z ^ (z >> 31n);
  };
}

function refXoshiro128ss(state: [bigint, bigint, bigint, bigint]): () => number {
  const s = state.map((v) => v & M32);
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M32;
  return () => {
    const [s0, s1, s2, s3] = s as [bigint, bigint, bigint, bigint];
    const result = (rotl((s1 * 5n) & M32, 7n) * 9n) & M32;
    const t = (s1 << 9n) & M32;
    let n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    n2 ^= t;
    s[0] = n0;
    s[1] = n1;
    s[2] = n2;
    s[3] = rotl(n3, 11n);
    return Number(result);
  };
}

function refRng(seed: number | string): () => number {
  const material = typeof seed === 'string' ? refFnv1a64(seed) : BigInt(seed);
  const sm = refSplitMix64(material);
  const a = sm();
  const b = sm();
  return refXoshiro128ss([a & M32, a >> 32n, b & M32, b >> 32n]);
}

const take = (next: () => number, n: number): number[] => Array.from({ length: n }, () => next());

// Golden outputs, computed with this module and cross-checked against the reference above.
const GOLDEN_SEED_1 = [
  0x650941ba, 0x54d30301, 0x25d2f321, 0x3fabdca9, 0x2ab8e0a6, 0xf9890067, 0xe12b0ad9, 0xa193d86a,
];
const GOLDEN_SEED_ABC = [
  0x775e5da8, 0x38a3b32b, 0xf037c42f, 0x906f40fc, 0x9aa371cd, 0x2720b49e, 0x42da50ee, 0x85fc9350,
];

describe('reference implementation (sanity of the cross-check itself)', () => {
  it('matches published FNV-1a 64 test vectors', () => {
    expect(refFnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(refFnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(refFnv1a64('foobar')).toBe(0x85944171f73967e8n);
  });

  it('matches the published SplitMix64 outputs for seed 0', () => {
    const sm = refSplitMix64(0n);
    expect([sm(), sm(), sm()]).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
  });

  it('matches the xoshiro128** outputs for state [1, 2, 3, 4]', () => {
    // Hand-checked: rotl(2 * 5, 7) * 9 = 11520; then s1 = 0 gives 0; then rotl(1029 * 5, 7) * 9.
    expect(take(refXoshiro128ss([1n, 2n, 3n, 4n]), 3)).toEqual([11520, 0, 5927040]);
  });
});

describe('createRng', () => {
  it('pins the first outputs for seed 1 and seed "abc"', () => {
    const r1 = createRng(1);
    expect(take(() => r1.nextUint32(), 8)).toEqual(GOLDEN_SEED_1);
    const rAbc = createRng('abc');
    expect(take(() => rAbc.nextUint32(), 8)).toEqual(GOLDEN_SEED_ABC);
    expect(take(refRng(1), 8)).toEqual(GOLDEN_SEED_1);
    expect(take(refRng('abc'), 8)).toEqual(GOLDEN_SEED_ABC);
  });

  it('agrees with the BigInt reference for edge seeds and long runs', () => {
    for (const seed of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, '', 'é', '🦀 seed', '1']) {
      const r = createRng(seed);
      expect(take(() => r.nextUint32(), 1000)).toEqual(take(refRng(seed), 1000));
    }
  });

  it('agrees with the reference for arbitrary seeds (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeNat(), fc.string({ unit: 'binary' })), (seed) => {
        const r = createRng(seed);
        expect(take(() => r.nextUint32(), 16)).toEqual(take(refRng(seed), 16));
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('hashes string seeds with FNV-1a 64 and splits numbers into 32-bit halves', () => {
    for (const s of ['', 'a', 'foobar', 'abc', 'looked after', '\u{1f980}']) {
      const h = fnv1a64(s);
      expect((BigInt(h.hi) << 32n) | BigInt(h.lo)).toBe(refFnv1a64(s));
    }
    expect(seedMaterial(2 ** 53 - 1)).toEqual({ hi: 0x1fffff, lo: 0xffffffff });
    expect(seedMaterial('abc')).toEqual(fnv1a64('abc'));
  });

  it('treats "1" and 1 as different seeds', () => {
    expect(createRng('1').nextUint32()).not.toBe(createRng(1).nextUint32());
  });

  it('rejects invalid number seeds', () => {
    for (const bad of [-1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createRng(bad)).toThrow(RangeError);
    }
  });

  it('nextFloat is in [0, 1) and is nextUint32 / 2^32', () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 1000; i++) {
      const f = a.nextFloat();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      expect(f).toBe(b.nextUint32() / 2 ** 32);
    }
  });

  it('nextInt stays in range and rejects bad bounds', () => {
    const r = createRng(3);
    for (const bound of [1, 2, 3, 7, 10, 1000, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32]) {
      for (let i = 0; i < 200; i++) {
        const v = r.nextInt(bound);
        expect(Number.isInteger(v) && v >= 0 && v < bound).toBe(true);
      }
    }
    expect(r.nextInt(1)).toBe(0);
    for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) expect(() => r.nextInt(bad)).toThrow(RangeError);
  });

  it('nextInt rejects exactly the values below 2^32 mod bound (threshold method)', () => {
    // bound = 2^31 + 1: threshold = (2^32 - bound) mod bound = 2^31 - 1. Replay the raw stream.
    const bound = 2 ** 31 + 1;
    const threshold = 2 ** 31 - 1;
    const raw = createRng(11);
    const r = createRng(11);
    for (let i = 0; i < 200; i++) {
      let x = raw.nextUint32();
      while (x < threshold) x = raw.nextUint32();
      expect(r.nextInt(bound)).toBe(x % bound);
    }
  });

  it('nextInt is uniform (chi-square, deterministic seed)', () => {
    const r = createRng('uniform');
    const bound = 7;
    const n = 70_000;
    const counts = new Array<number>(bound).fill(0);
    for (let i = 0; i < n; i++) counts[r.nextInt(bound)]! += 1;
    const expected = n / bound;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(40); // 6 degrees of freedom: p(chi2 > 40) < 1e-6
  });

  it('shuffle is an in-place Fisher-Yates: a permutation, uniform over 3! orders', () => {
    const r = createRng('shuffle');
    const arr = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const out = r.shuffle(arr);
    expect(out).toBe(arr);
    expect([...out].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(r.shuffle([])).toEqual([]);
    expect(r.shuffle(['x'])).toEqual(['x']);

    const counts = new Map<string, number>();
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      const k = r.shuffle(['a', 'b', 'c']).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const expected = n / 6;
    const chi2 = [...counts.values()].reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(35); // 5 degrees of freedom
  });

  it('the same seed gives the same stream; different seeds different streams', () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const sa = take(() => a.nextUint32(), 50);
    expect(take(() => b.nextUint32(), 50)).toEqual(sa);
    expect(take(() => c.nextUint32(), 50)).not.toEqual(sa);
  });
});

describe('deriveRng', () => {
  it('gives independent, reproducible, label-distinct streams', () => {
    const first = (r: { nextUint32(): number }): number[] => take(() => r.nextUint32(), 4);
    expect(first(deriveRng(1, 'stratum', 'A'))).toEqual(first(deriveRng(1, 'stratum', 'A')));
    expect(first(deriveRng(1, 'stratum', 'A'))).not.toEqual(first(deriveRng(1, 'stratum', 'B')));
    expect(first(deriveRng(1, 'stratum', 'A'))).not.toEqual(first(deriveRng('1', 'stratum', 'A')));
    expect(first(deriveRng(1, 'stratum', 'A'))).not.toEqual(first(createRng(1)));
    expect(() => deriveRng(-1, 'x')).toThrow(RangeError);
  });
});

describe('randomSeed', () => {
  it('returns a 32-bit unsigned integer usable as a seed', () => {
    for (let i = 0; i < 20; i++) {
      const s = randomSeed();
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
      expect(() => createRng(s)).not.toThrow();
    }
  });
});
