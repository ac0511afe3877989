/**
 * Proportional allocation of a sample size across strata with the largest-remainder (Hamilton)
 * method.
 */

/**
 * Orders stratum keys by UTF-16 code units (what `<` does on strings). Deliberately not
 * `localeCompare`, whose result depends on the ICU data and locale of the running Node.
 */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface AllocationStratum {
  key: string;
  population: number;
}

function assertCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative integer; got ${String(n)}`);
  }
}

/**
 * Splits `size` across `strata` in proportion to their populations, with the largest-remainder
 * (Hamilton) method, and returns the allocations in the order of `strata`.
 *
 * Each stratum first gets `floor(size * population / total)` (its exact quota, rounded down); the
 * seats left over go one each to the strata with the largest remainders
 * `size * population mod total`, ties broken by key in code-unit order (then by position, for
 * duplicate keys). All arithmetic is exact (BigInt), so no floating-point rounding decides a tie.
 *
 * So every allocation is the floor or the ceiling of its exact quota, the allocations sum to
 * `min(size, total)`, and no stratum gets more than its population. When `size >= total` every
 * stratum gets its whole population.
 */
export function allocateLargestRemainder(size: number, strata: readonly AllocationStratum[]): number[] {
  assertCount('size', size);
  let total = 0;
  for (const s of strata) {
    assertCount(`population of stratum "${s.key}"`, s.population);
    total += s.population;
  }
  if (size >= total) return strata.map((s) => s.population);

  const bigSize = BigInt(size);
  const bigTotal = BigInt(total);
  const result: number[] = [];
  const remainders: { index: number; key: string; remainder: bigint }[] = [];
  let assigned = 0;
  strata.forEach((s, index) => {
    const numerator = bigSize * BigInt(s.population);
    const floor = Number(numerator / bigTotal);
    result.push(floor);
    assigned += floor;
    remainders.push({ index, key: s.key, remainder: numerator % bigTotal });
  });
  remainders.sort(
    (a, b) =>
      (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : 0) ||
      compareKeys(a.key, b.key) ||
      a.index - b.index,
  );
  const leftover = size - assigned; // < number of strata with a non-zero remainder
  for (let i = 0; i < leftover; i++) {
    const r = remainders[i];
    if (r === undefined) break; // cannot happen: leftover < strata.length
    result[r.index] = (result[r.index] ?? 0) + 1;
  }
  return result;
}
