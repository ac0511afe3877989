/**
 * Small, dependency-free statistics used by the audit: confidence intervals for pass rates and for
 * the change in a pass rate, inter-rater agreement (Cohen, Fleiss, percent agreement), sample sizes,
 * and platform-stable rounding/formatting.
 *
 * Every function is pure and deterministic: no locale formatting, no randomness, and sums that can
 * be done in integers are done in integers before the one final division.
 */

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;

function assertFiniteNonNegative(name: string, x: number): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${name} must be a finite number >= 0 (got ${x})`);
}

function assertPositiveZ(z: number): void {
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`z must be a finite number > 0 (got ${z})`);
}

/**
 * Wilson score interval for a proportion (no continuity correction).
 *
 *   p = k/n,  centre = (p + z²/2n) / (1 + z²/n),
 *   half-width = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n),  interval = centre ± half-width.
 *
 * Source: Wilson EB (1927) JASA 22:209-212; method 3 of Newcombe RG (1998) "Two-sided confidence
 * intervals for the single proportion: comparison of seven methods", Stat Med 17:857-872.
 *
 * Returns null when n = 0 (no information). Throws RangeError unless 0 <= successes <= n.
 * At k = 0 the lower limit is exactly 0 and at k = n the upper limit is exactly 1.
 */
export function wilson(
  successes: number,
  n: number,
  z: number = Z_95,
): { rate: number; low: number; high: number } | null {
  assertFiniteNonNegative('n', n);
  assertFiniteNonNegative('successes', successes);
  assertPositiveZ(z);
  if (successes > n) throw new RangeError(`successes (${successes}) cannot exceed n (${n})`);
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return { rate: p, low, high };
}

/**
 * Confidence interval for the difference of two independent proportions, returned as
 * CURRENT MINUS BASELINE: diff = p2 - p1 where p1 = k1/n1 is the baseline and p2 = k2/n2 the current
 * rate. A positive diff means the current rate is higher.
 *
 * Newcombe's hybrid score interval (method 10 of Newcombe RG (1998) "Interval estimation for the
 * difference between independent proportions: comparison of eleven methods", Stat Med 17:873-890),
 * built from the two Wilson intervals (l1, u1) and (l2, u2):
 *
 *   low  = d - sqrt((p2 - l2)² + (u1 - p1)²)
 *   high = d + sqrt((u2 - p2)² + (p1 - l1)²)        with d = p2 - p1,
 *
 * clamped to [-1, 1]. (Newcombe states it for p1 - p2; this is the same interval with the groups
 * swapped.) Returns null when either n is 0.
 */
export function newcombeDiff(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  z: number = Z_95,
): { diff: number; low: number; high: number } | null {
  const base = wilson(k1, n1, z);
  const curr = wilson(k2, n2, z);
  if (base === null || curr === null) return null;
  const p1 = base.rate;
  const p2 = curr.rate;
  const diff = p2 - p1;
  const low = diff - Math.sqrt((p2 - curr.low) ** 2 + (base.high - p1) ** 2);
  const high = diff + Math.sqrt((curr.high - p2) ** 2 + (p1 - base.low) ** 2);
  return { diff, low: Math.max(-1, low), high: Math.min(1, high) };
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * num / den (den > 0) as the double nearest the exact fraction: reduced by their greatest common
 * divisor, then one division, which is correctly rounded while both fit in 2^53 (any moderation
 * worksheet's counts). A kappa computed as (po - pe) / (1 - pe) from rounded shares is not: an
 * exact 0.5 came out 0.49999999999999994 (below --weak 0.5) and an exact 0.6 0.6000000000000001
 * ("substantial", not "moderate"). Every kappa is judged on this value (QA).
 */
export function exactRatio(num: bigint, den: bigint): number {
  const g = gcd(num, den);
  return g > 1n ? Number(num / g) / Number(den / g) : Number(num) / Number(den);
}

/**
 * Unweighted Cohen's kappa for two raters who each rated the same items (ratingsA[i] and
 * ratingsB[i] are the two ratings of item i; categories are whatever strings appear).
 *
 *   observed po = share of items with ratingsA[i] === ratingsB[i]
 *   expected pe = Σ_c (nA(c)/n)·(nB(c)/n)   (chance agreement from each rater's own marginals)
 *   kappa = (po - pe) / (1 - pe)
 *
 * Source: Cohen J (1960) "A coefficient of agreement for nominal scales", Educ Psychol Meas 20:37-46.
 *
 * Degenerate case: pe = 1 happens only when both raters put every item in the same single category;
 * then po = 1 as well and kappa is 0/0. We return kappa = 1 (perfect agreement) in that case.
 * Returns null when there are no items; throws RangeError when the two lists differ in length.
 */
export function cohenKappa(
  ratingsA: string[],
  ratingsB: string[],
): { kappa: number; observed: number; expected: number; n: number } | null {
  if (ratingsA.length !== ratingsB.length) {
    throw new RangeError(
      `Cohen's kappa needs both raters to rate the same items (got ${ratingsA.length} and ${ratingsB.length} ratings)`,
    );
  }
  const n = ratingsA.length;
  if (n === 0) return null;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const a = ratingsA[i] as string;
    const b = ratingsB[i] as string;
    if (a === b) agree++;
    countA.set(a, (countA.get(a) ?? 0) + 1);
    countB.set(b, (countB.get(b) ?? 0) + 1);
  }
  // Σ nA(c)·nB(c) is an exact integer; divide once.
  let chanceProducts = 0;
  for (const [c, na] of countA) chanceProducts += na * (countB.get(c) ?? 0);
  const observed = agree / n;
  const expected = chanceProducts / (n * n);
  if (chanceProducts === n * n) return { kappa: 1, observed, expected, n };
  // kappa = (agree/n - C/n²) / (1 - C/n²) = (n·agree - C) / (n² - C), in integers.
  const C = BigInt(chanceProducts);
  const N = BigInt(n);
  return { kappa: exactRatio(N * BigInt(agree) - C, N * N - C), observed, expected, n };
}

/**
 * Fleiss' kappa. counts[i][j] = number of raters who put item i in category j; every item must
 * have the same number of ratings m >= 2 (the raters themselves may differ from item to item).
 *
 *   P_i  = (Σ_j n_ij² - m) / (m(m-1))            agreement among the m(m-1) ordered rater pairs
 *   pBar = mean of P_i over the N items
 *   p_j  = Σ_i n_ij / (N·m),   pe = Σ_j p_j²
 *   kappa = (pBar - pe) / (1 - pe)
 *
 * Source: Fleiss JL (1971) "Measuring nominal scale agreement among many raters", Psychol Bull
 * 76(5):378-382.
 *
 * Degenerate case: pe = 1 only when every rating of every item is the same category, so pBar = 1
 * too; we return kappa = 1 (as for Cohen's kappa). Returns null when there are no items. Throws
 * RangeError for rows of different lengths, negative or non-integer counts, rows with different
 * totals, or fewer than two ratings per item.
 */
export function fleissKappa(counts: number[][]): { kappa: number; pBar: number; pe: number; n: number } | null {
  const N = counts.length;
  if (N === 0) return null;
  const first = counts[0] as number[];
  const k = first.length;
  let m = -1;
  const colTotals = new Array<number>(k).fill(0);
  let sumSquares = 0;
  for (let i = 0; i < N; i++) {
    const row = counts[i] as number[];
    if (row.length !== k) {
      throw new RangeError(`Fleiss' kappa: item ${i} has ${row.length} categories, item 0 has ${k}`);
    }
    let rowTotal = 0;
    for (let j = 0; j < k; j++) {
      const c = row[j] as number;
      if (!Number.isInteger(c) || c < 0) {
        throw new RangeError(`Fleiss' kappa: counts[${i}][${j}] must be a whole number >= 0 (got ${c})`);
      }
      rowTotal += c;
      sumSquares += c * c;
      colTotals[j] = (colTotals[j] as number) + c;
    }
    if (m === -1) m = rowTotal;
    else if (rowTotal !== m) {
      throw new RangeError(
        `Fleiss' kappa needs the same number of ratings for every item: item 0 has ${m}, item ${i} has ${rowTotal}`,
      );
    }
  }
  if (m < 2) throw new RangeError(`Fleiss' kappa needs at least 2 ratings per item (got ${m})`);
  // Integer sums first, one division each.
  const pBar = (sumSquares - N * m) / (N * m * (m - 1));
  let colSquares = 0;
  for (const t of colTotals) colSquares += t * t;
  const pe = colSquares / (N * m * (N * m));
  // pBar = A / (N·m·(m-1)) and pe = C / (N·m)², with A = Σ n_ij² - N·m and C = Σ_j (column total)²:
  // kappa = (A·N·m - C·(m-1)) / ((m-1)·((N·m)² - C)), in integers.
  const Nm = BigInt(N * m);
  const C = BigInt(colSquares);
  if (C === Nm * Nm) return { kappa: 1, pBar, pe, n: N };
  const m1 = BigInt(m - 1);
  return { kappa: exactRatio(BigInt(sumSquares - N * m) * Nm - C * m1, m1 * (Nm * Nm - C)), pBar, pe, n: N };
}

/**
 * Fleiss' kappa generalised to items rated by different numbers of raters (each item at least two):
 * items[i] holds the ratings item i received. With m_i ratings on item i, n_ik of them category k,
 *
 *   P_i  = Σ_k n_ik(n_ik - 1) / (m_i(m_i - 1))    agreement among item i's ordered rater pairs
 *   pBar = mean of P_i over the N items
 *   π_k  = mean over the items of n_ik / m_i,   pe = Σ_k π_k²
 *   kappa = (pBar - pe) / (1 - pe)
 *
 * Source: Gwet KL (2014) Handbook of Inter-Rater Reliability, 4th ed. (Fleiss' generalized kappa
 * with missing ratings), as in his R package irrCAC (fleiss.kappa.raw). With the same m on every
 * item, π_k = Σ_i n_ik / (N·m) and this is Fleiss' kappa (fleissKappa) exactly. Gwet also lets
 * items rated only once inform π_k; here every item needs two ratings or more (RangeError
 * otherwise), so that every figure describes the same items: the caller leaves such items out,
 * and says so.
 *
 * Degenerate case as for fleissKappa: pe = 1 only when every rating is the same category; kappa 1.
 * Returns null when there are no items.
 */
export function fleissVaryingFromRatings(
  items: string[][],
): { kappa: number; pBar: number; pe: number; n: number; minRatings: number; maxRatings: number } | null {
  const N = items.length;
  if (N === 0) return null;
  let agreement = 0;
  const share = new Map<string, number>();
  let minRatings = Number.POSITIVE_INFINITY;
  let maxRatings = 0;
  // The exact kappa, in integers over L, a common multiple of every item's m(m-1) (and so of its
  // m): pBar = P / (N·L), π_k = Π_k / (N·L), pe = Q / (N·L)² with Q = Σ Π_k².
  const sizes = new Set<number>();
  items.forEach((ratings, i) => {
    if (ratings.length < 2) throw new RangeError(`Fleiss' kappa needs at least 2 ratings per item: item ${i} has ${ratings.length}`);
    sizes.add(ratings.length);
  });
  let L = 1n;
  for (const m of sizes) {
    const pairsOf = BigInt(m * (m - 1));
    L = (L / gcd(L, pairsOf)) * pairsOf;
  }
  let P = 0n;
  const exactShare = new Map<string, bigint>();
  for (const ratings of items) {
    const m = ratings.length;
    minRatings = Math.min(minRatings, m);
    maxRatings = Math.max(maxRatings, m);
    const counts = new Map<string, number>();
    for (const r of ratings) counts.set(r, (counts.get(r) ?? 0) + 1);
    // Integer pair count first, one division per item.
    let pairs = 0;
    const perRating = L / BigInt(m);
    for (const [c, n] of counts) {
      pairs += n * (n - 1);
      share.set(c, (share.get(c) ?? 0) + n / m);
      exactShare.set(c, (exactShare.get(c) ?? 0n) + BigInt(n) * perRating);
    }
    agreement += pairs / (m * (m - 1));
    P += (BigInt(pairs) * L) / BigInt(m * (m - 1));
  }
  const pBar = agreement / N;
  let pe = 0;
  for (const s of share.values()) pe += (s / N) ** 2;
  let Q = 0n;
  for (const s of exactShare.values()) Q += s * s;
  const NL = BigInt(N) * L;
  if (Q === NL * NL) return { kappa: 1, pBar, pe, n: N, minRatings, maxRatings };
  // kappa = (P/(NL) - Q/(NL)²) / (1 - Q/(NL)²) = (P·NL - Q) / ((NL)² - Q).
  return { kappa: exactRatio(P * NL - Q, NL * NL - Q), pBar, pe, n: N, minRatings, maxRatings };
}

/**
 * Percent agreement: the share (0..1) of items on which every rater gave the same rating.
 * items[i] holds the ratings item i received; the number of raters may vary between items.
 * Items with fewer than two ratings are skipped (agreement is undefined for them); if no item has
 * two or more ratings the result is NaN. Not chance-corrected: see cohenKappa / fleissKappa.
 */
export function percentAgreement(items: string[][]): number {
  let eligible = 0;
  let agreeing = 0;
  for (const ratings of items) {
    if (ratings.length < 2) continue;
    eligible++;
    const first = ratings[0];
    if (ratings.every((r) => r === first)) agreeing++;
  }
  return eligible === 0 ? Number.NaN : agreeing / eligible;
}

/**
 * Sample size to estimate a proportion within ±margin, with the finite population correction:
 *
 *   n0 = z²·p(1-p) / margin²,   n = n0 / (1 + (n0 - 1)/N),   rounded up, never more than N.
 *
 * Source: Cochran WG (1977) Sampling Techniques, 3rd ed., eqs. 4.2 and 4.3 (algebraically the same
 * formula as Krejcie RV & Morgan DW (1970) Educ Psychol Meas 30:607-610, whose published table
 * rounds to the nearest whole number instead of up, so it can be one lower than this function).
 * p = 0.5 is the conservative (largest) choice. Pass population = Infinity for no correction.
 * A tolerance of 1e-9 is subtracted before rounding up so that floating-point noise on an exact
 * whole number does not add a spurious extra case.
 */
export function sampleSizeForMargin(population: number, margin: number, z: number = Z_95, p = 0.5): number {
  if (Number.isNaN(population) || population < 0) {
    throw new RangeError(`population must be >= 0 (got ${population})`);
  }
  if (!Number.isFinite(margin) || margin <= 0 || margin >= 1) {
    throw new RangeError(`margin must be between 0 and 1, exclusive (got ${margin})`);
  }
  assertPositiveZ(z);
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`p must be between 0 and 1 (got ${p})`);
  if (population === 0) return 0;
  const n0 = (z * z * p * (1 - p)) / (margin * margin);
  const n = population === Infinity ? n0 : n0 / (1 + (n0 - 1) / population);
  const rounded = Math.max(0, Math.ceil(n - 1e-9));
  return Math.min(rounded, population === Infinity ? rounded : Math.floor(population));
}

/** Multiply x by 10^k exactly in decimal terms (via the shortest round-trip string), e.g. 1.005 -> 100.5. */
function shiftDecimal(x: number, k: number): number {
  const [mantissa, exponent] = String(x).split('e');
  return Number(`${mantissa}e${Number(exponent ?? 0) + k}`);
}

function assertDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`digits must be a whole number from 0 to 20 (got ${digits})`);
  }
}

/**
 * Round x to `digits` decimal places, half away from zero, on the number's shortest decimal
 * representation (so roundTo(1.005, 2) = 1.01 and roundTo(-2.5, 0) = -3, on every platform).
 * Returns 0 rather than -0 so JSON output is stable; non-finite inputs are returned unchanged.
 */
export function roundTo(x: number, digits: number): number {
  assertDigits(digits);
  if (!Number.isFinite(x)) return x;
  const shifted = shiftDecimal(Math.abs(x), digits);
  const r = Math.sign(x) * shiftDecimal(Math.round(shifted), -digits);
  return r === 0 ? 0 : r;
}

/**
 * Format a rate (0..1) as a percentage string with `digits` decimals, e.g. 0.85 -> "85%",
 * 0.125 with 1 digit -> "12.5%". Rounds half away from zero on the decimal value (0.285 -> "29%",
 * 0.005 -> "1%"). No locale formatting and no thousands separators; "-0%" is never produced.
 * Non-finite rates give "n/a".
 */
export function formatPercent(rate: number, digits = 0): string {
  assertDigits(digits);
  if (!Number.isFinite(rate)) return 'n/a';
  return `${roundTo(shiftDecimal(rate, 2), digits).toFixed(digits)}%`;
}

/** The most decimals a figure is printed with, however close it is to what it is judged against. */
export const MAX_SHOWN_DIGITS = 6;

/**
 * The fewest decimals, from `from` up, at which `holds` (a printed figure reads on the side of its
 * threshold it was judged on); `max` (MAX_SHOWN_DIGITS) when none does.
 */
export function fewestDigits(from: number, holds: (digits: number) => boolean, max = MAX_SHOWN_DIGITS): number {
  for (let d = from; d < max; d++) if (holds(d)) return d;
  return max;
}

/** A rate as the percentage formatPercent prints with `digits` decimals, as a number. */
export const shownPercent = (rate: number, digits: number): number => Number(formatPercent(rate, digits).slice(0, -1));

/**
 * "60%" and "39% to 78%": met / applicable and its Wilson 95% interval as text, worked from the
 * counts. A report's rate and ci95 are rounded to 4 places for the JSON, and formatting those again
 * would round twice: a lower bound of 95.499% (220 of 224), stored as 0.955, showed as 96%.
 * `digits`: decimals for the rate (the interval stays in whole percents). Undefined when nothing
 * applies.
 */
export function rateTexts(met: number, applicable: number, digits = 0): { rate: string; ci: string } | undefined {
  const w = wilson(met, applicable);
  return w ? { rate: formatPercent(w.rate, digits), ci: `${formatPercent(w.low)} to ${formatPercent(w.high)}` } : undefined;
}
