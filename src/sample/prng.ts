/**
 * A small, documented, seeded pseudo-random number generator whose output is bit-identical on
 * every Node version and platform, so the same export + seed + options always gives the same
 * audit sample.
 *
 * Algorithm:
 * - Seed material is a 64-bit value:
 *   - a number seed (a non-negative safe integer, 0 .. 2^53-1) is used as is (high 32 bits =
 *     `floor(seed / 2^32)`, low 32 bits = `seed mod 2^32`);
 *   - a string seed is hashed with 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime
 *     0x100000001b3) over its UTF-8 bytes (as `TextEncoder` produces them; lone surrogates become
 *     U+FFFD). A string is always hashed, even when it looks like a number: `"1"` and `1` are
 *     different seeds.
 * - That value is the state of SplitMix64 (Steele, Lea & Flood 2014, as in Vigna's reference
 *   `splitmix64.c`), computed here in 32-bit halves. Its first two outputs `a`, `b` become the
 *   xoshiro128** state `[lo(a), hi(a), lo(b), hi(b)]` (the all-zero state cannot occur, because
 *   SplitMix64's output function is a bijection and two consecutive inputs differ).
 * - Numbers come from xoshiro128** 1.1 (Blackman & Vigna 2018, reference `xoshiro128starstar.c`):
 *   four uint32 of state, period 2^128 - 1.
 *
 * Only 32-bit operations (`Math.imul`, `>>>`, `^`, `<<`) and exact integer arithmetic below 2^53
 * are used: no floating-point rounding, no BigInt, no platform-dependent `Math` functions.
 */
/** A seeded source of random numbers. Not cryptographically secure. */
export interface Rng {
  /** A uniformly distributed integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniformly distributed number in [0, 1), with 32 bits of resolution (`nextUint32() / 2^32`). */
  nextFloat(): number;
  /**
   * A uniformly distributed integer in [0, boundExclusive), without modulo bias: the threshold
   * (OpenBSD `arc4random_uniform`) method draws `r = nextUint32()` until `r >= 2^32 mod bound`
   * and returns `r mod bound`. `boundExclusive` must be an integer in [1, 2^32].
   */
  nextInt(boundExclusive: number): number;
  /**
   * Shuffles `arr` in place with Fisher-Yates (Durstenfeld): for `i` from `length - 1` down to 1,
   * swap `arr[i]` with `arr[nextInt(i + 1)]`. Returns the same array.
   */
  shuffle<T>(arr: T[]): T[];
}

const TWO_POW_32 = 4294967296;

/** Seeds accepted by {@link createRng}: a non-negative safe integer, or any string. */
export type Seed = number | string;

/** A 64-bit value as two uint32 halves. */
export interface Uint64 {
  hi: number;
  lo: number;
}

/** High 32 bits of the 64-bit product of two uint32 values (16-bit limbs, all exact). */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** (ah:al) * (bh:bl) mod 2^64. */
function mul64(ah: number, al: number, bh: number, bl: number): Uint64 {
  const lo = Math.imul(al, bl) >>> 0;
  const hi = (mulHi32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  return { hi, lo };
}

/**
 * 64-bit FNV-1a of the UTF-8 bytes of `text` (the function used to turn a string seed into seed
 * material). FNV-1a 64 of `""` is 0xcbf29ce484222325, of `"a"` 0xaf63dc4c8601ec8c.
 */
export function fnv1a64(text: string): Uint64 {
  const bytes = new TextEncoder().encode(text);
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of bytes) {
    lo = (lo ^ byte) >>> 0;
    // Multiply by the FNV prime 2^40 + 0x1b3, mod 2^64.
    const p = lo * 0x1b3; // < 2^41: exact
    const newLo = p >>> 0;
    const carry = (p - newLo) / TWO_POW_32; // exact integer < 2^9
    hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    lo = newLo;
  }
  return { hi, lo };
}

/** SplitMix64 in 32-bit halves: a mutable 64-bit counter and the standard output mix. */
class SplitMix64 {
  constructor(
    private hi: number,
    private lo: number,
  ) {}

  next(): Uint64 {
    // state += 0x9e3779b97f4a7c15
    const lo = this.lo + 0x7f4a7c15;
    this.lo = lo >>> 0;
    this.hi = (this.hi + 0x9e3779b9 + (lo >= TWO_POW_32 ? 1 : 0)) >>> 0;
    let zh = this.hi;
    let zl = this.lo;
    // z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9
    zl = (zl ^ ((zl >>> 30) | (zh << 2))) >>> 0;
    zh = (zh ^ (zh >>> 30)) >>> 0;
    ({ hi: zh, lo: zl } = mul64(zh, zl, 0xbf58476d, 0x1ce4e5b9));
    // z = (z ^ (z >>> 27)) * 0x94d049bb133111eb
    zl = (zl ^ ((zl >>> 27) | (zh << 5))) >>> 0;
    zh = (zh ^ (zh >>> 27)) >>> 0;
    ({ hi: zh, lo: zl } = mul64(zh, zl, 0x94d049bb, 0x133111eb));
    // z ^ (z >>> 31)
    zl = (zl ^ ((zl >>> 31) | (zh << 1))) >>> 0;
    zh = (zh ^ (zh >>> 31)) >>> 0;
    return { hi: zh, lo: zl };
  }
}

/** The 64-bit seed material for `seed` (see the module comment). Throws RangeError if invalid. */
export function seedMaterial(seed: Seed): Uint64 {
  if (typeof seed === 'string') return fnv1a64(seed);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      `seed must be a non-negative integer no larger than ${Number.MAX_SAFE_INTEGER}, or a string; got ${String(seed)}`,
    );
  }
  const lo = seed >>> 0;
  return { hi: (seed - lo) / TWO_POW_32, lo };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

class Xoshiro128StarStar implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed) {
    const { hi, lo } = seedMaterial(seed);
    const sm = new SplitMix64(hi, lo);
    const a = sm.next();
    const b = sm.next();
    this.s0 = a.lo;
    this.s1 = a.hi;
    this.s2 = b.lo;
    this.s3 = b.hi;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  nextInt(boundExclusive: number): number {
    if (!Number.isInteger(boundExclusive) || boundExclusive < 1 || boundExclusive > TWO_POW_32) {
      throw new RangeError(`nextInt bound must be an integer in [1, 2^32]; got ${String(boundExclusive)}`);
    }
    // Values below `threshold` (= 2^32 mod bound) would make some results one more likely.
    const threshold = (TWO_POW_32 - boundExclusive) % boundExclusive;
    for (;;) {
      const r = this.nextUint32();
      if (r >= threshold) return r % boundExclusive;
    }
  }

  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = arr[i] as T;
      arr[i] = arr[j] as T;
      arr[j] = tmp;
    }
    return arr;
  }
}

/**
 * A xoshiro128** generator seeded from `seed` (a non-negative integer up to 2^53-1, or a string
 * hashed with 64-bit FNV-1a) through SplitMix64. Throws RangeError for any other number.
 */
export function createRng(seed: Seed): Rng {
  return new Xoshiro128StarStar(seed);
}

/**
 * A generator for an independent, named stream under `seed`: `createRng` of the string
 * `JSON.stringify([typeof seed, seed, ...labels])`. Used so that, e.g., each stratum has its own
 * stream and its sample does not depend on how other strata interleave with it in the input.
 */
export function deriveRng(seed: Seed, ...labels: string[]): Rng {
  seedMaterial(seed); // validate
  return createRng(JSON.stringify([typeof seed, seed, ...labels]));
}

/** A fresh 32-bit seed from the operating system's CSPRNG, for when the user gives none. */
export function randomSeed(): number {
  // Web Crypto (a global): the crypto module is loaded only when a run needs a fresh seed.
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}
