/**
 * The progress rule of `ehcp-audit compare`, in one place so that it can be read, tested and
 * configured (docs/compare.md):
 *
 *   1. "not enough evidence"      when either report has fewer than minN plans the criterion
 *                                 applies to;
 *   2. "sufficient progress"      when the current rate (met / applicable) reaches the target,
 *                                 unless the rate fell and the 95% interval for the change
 *                                 (Newcombe's hybrid score interval) lies wholly below zero;
 *                                 or when the rate rose by at least minGain percentage points AND
 *                                 the interval for the change lies wholly above zero;
 *   3. "not sufficient progress"  otherwise (a clear fall included, even at the target).
 *
 * Comparisons at the thresholds are exact: the target and the gain are compared in integer
 * arithmetic on the counts (met·n against target·n), with a 1e-9 tolerance only for the decimal
 * thresholds themselves, so 8 of 10 reaches a target of 0.8 and 6/10 against 5/10 is a gain of
 * exactly 10 points, never 9.999999999999998.
 *
 * Figures are printed in whole percents and to a tenth of a point, with more decimals only where
 * rounding would put a figure level with (or on the wrong side of) what it was judged against:
 * 199 of 250 is "79.6%", not "80%", below a target of 80% (precisionFor).
 */
import { fewestDigits, formatPercent, MAX_SHOWN_DIGITS as MAX_DIGITS, newcombeDiff, roundTo, shownPercent } from '../audit/stats.js';

export interface VerdictThresholds {
  /** The rate (0..1) that counts as good enough on its own. */
  target: number;
  /** The rise, in percentage points, that counts as progress when the interval excludes zero. */
  minGain: number;
  /** Fewest applicable plans on each side for a judgement. */
  minN: number;
}

export { DEFAULT_THRESHOLDS } from './defaults.js';

export type Verdict = 'sufficient progress' | 'not sufficient progress' | 'not enough evidence' | 'only in baseline' | 'only in current';

export const VERDICTS: readonly Verdict[] = ['sufficient progress', 'not sufficient progress', 'not enough evidence', 'only in baseline', 'only in current'];

export interface Counts {
  met: number;
  applicable: number;
}

export interface VerdictResult {
  verdict: Extract<Verdict, 'sufficient progress' | 'not sufficient progress' | 'not enough evidence'>;
  /**
   * Which part of the rule decided: the target, the gain, a clear fall that the target does not
   * excuse, neither (not sufficient) or too few plans.
   */
  basis: 'target' | 'gain' | 'fall' | 'neither' | 'too few plans';
  /** Why, in one clause (no leading capital, no full stop). */
  reason: string;
  /** Current minus baseline (proportions) with its Newcombe 95% interval; null when a side has no applicable plan. */
  change: { diff: number; low: number; high: number } | null;
}

const EPS = 1e-9;

/**
 * Percentage points from a proportion: whole points when exact, else up to `digits` decimals
 * ("12", "12.5"; "9.96" with 2).
 */
export function absPoints(diff: number, digits = 1): string {
  // roundTo gives the shortest decimal, so String() drops trailing zeros.
  return String(roundTo(Math.abs(diff) * 100, digits));
}

/** Signed percentage points from a proportion difference: "+12", "-3.5", "0". */
export function points(diff: number, digits = 1): string {
  const s = absPoints(diff, digits);
  if (Number(s) === 0) return '0';
  return diff > 0 ? `+${s}` : `-${s}`;
}

/**
 * The unit after a printed number of points: "1 point" ("+1 point", "-1 point") for a bare 1,
 * "points" for anything else ("0 points", "1.5 points", "+10 points").
 */
export function pointsUnit(shown: string | number): 'point' | 'points' {
  return /^[+-]?1$/.test(String(shown)) ? 'point' : 'points';
}

/** A number of points with its unit: "+1 point", "-3.5 points". */
export function pointsText(shown: string | number): string {
  return `${shown} ${pointsUnit(shown)}`;
}

/** The target as a percentage with the decimals it has: "80%", "80.5%". */
export function targetText(target: number): string {
  const exact = shownPercent(target, MAX_DIGITS);
  return formatPercent(target, fewestDigits(0, (d) => shownPercent(target, d) === exact));
}

/** Decimals to print a criterion's figures with: rates (formatPercent), the change and its interval (points). */
export interface Precision {
  rate: number;
  change: number;
  ci: number;
}

/** Whole percents, and points to a tenth. */
export const PLAIN_PRECISION: Readonly<Precision> = { rate: 0, change: 1, ci: 1 };

/**
 * The fewest decimals at which no printed figure contradicts the rule: whole percents and a tenth
 * of a point unless rounding would show
 * - the current rate level with (or across) the target it is judged against ("80% is below the
 *   target of 80%" for 199 of 250);
 * - the two rates level (or the wrong way round) when they differ, or the change as 0;
 * - the rise level with (or across) the minimum gain ("a rise of 10 points is less than the 10
 *   required" for 9.96);
 * - either end of the change's interval as 0, or on the other side of zero, when it is not 0: a
 *   lower end of -0.02 points is not "0 to +61.1" (which reads as an interval clear of zero), nor
 *   an upper end of -0.02 "-12.5 to 0" when the rule found the fall clear of zero.
 * The baseline's and the current rate share one number of decimals, so that they read alike. The
 * target and the gain are tested only when progress is judged (both sides have minN plans).
 */
export function precisionFor(base: Counts | null, curr: Counts | null, t: VerdictThresholds): Precision {
  if (!base || !curr || base.applicable === 0 || curr.applicable === 0) return { ...PLAIN_PRECISION };
  const judged = base.applicable >= t.minN && curr.applicable >= t.minN;
  const p1 = base.met / base.applicable;
  const p2 = curr.met / curr.applicable;
  // The direction of the change, exactly, on the counts.
  const direction = Math.sign(curr.met * base.applicable - base.met * curr.applicable);
  const target = shownPercent(t.target, MAX_DIGITS);
  const reached = reachesTarget(curr, t.target);
  const rate = fewestDigits(0, (d) => {
    const shown = shownPercent(p2, d);
    if (Math.sign(shown - shownPercent(p1, d)) !== direction) return false;
    return !judged || (reached ? shown >= target : shown < target);
  });
  const c = newcombeDiff(base.met, base.applicable, curr.met, curr.applicable)!;
  const gained = gainAtLeast(base, curr, t.minGain);
  const change = fewestDigits(1, (d) => {
    const shown = Number(points(c.diff, d));
    if (Math.sign(shown) !== direction) return false;
    return !judged || direction <= 0 || (gained ? shown >= t.minGain : shown < t.minGain);
  });
  const ci = fewestDigits(1, (d) => Math.sign(Number(points(c.low, d))) === Math.sign(c.low) && Math.sign(Number(points(c.high, d))) === Math.sign(c.high));
  return { rate, change, ci };
}

/** True when met / n reaches the target (exactly at the target counts). */
export function reachesTarget(c: Counts, target: number): boolean {
  return c.applicable > 0 && c.met - target * c.applicable >= -EPS * c.applicable;
}

/** True when the rise from base to curr is at least minGain points, compared on the counts. */
export function gainAtLeast(base: Counts, curr: Counts, minGain: number): boolean {
  const n1 = base.applicable;
  const n2 = curr.applicable;
  if (n1 === 0 || n2 === 0) return false;
  // 100·(k2/n2 − k1/n1) ≥ g  ⇔  100·(k2·n1 − k1·n2) ≥ g·n1·n2 (exact in integers for whole-number g).
  return 100 * (curr.met * n1 - base.met * n2) - minGain * n1 * n2 >= -EPS * n1 * n2;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function judge(base: Counts, curr: Counts, t: VerdictThresholds): VerdictResult {
  const change = newcombeDiff(base.met, base.applicable, curr.met, curr.applicable);
  const short: string[] = [];
  if (base.applicable < t.minN) short.push(`the baseline has ${base.applicable === 0 ? 'no' : `only ${base.applicable}`} applicable ${base.applicable === 1 ? 'plan' : 'plans'}`);
  if (curr.applicable < t.minN) short.push(`the current audit has ${curr.applicable === 0 ? 'no' : `only ${curr.applicable}`} applicable ${curr.applicable === 1 ? 'plan' : 'plans'}`);
  if (short.length > 0) {
    return { verdict: 'not enough evidence', basis: 'too few plans', reason: `${short.join(' and ')} (at least ${plural(t.minN, 'plan')} are needed on each side)`, change };
  }
  // Both sides have at least minN >= 1 applicable plans, so the interval exists.
  const c = change!;
  const p = precisionFor(base, curr, t);
  const rate = formatPercent(curr.met / curr.applicable, p.rate);
  const target = targetText(t.target);
  const ci = `95% CI ${points(c.low, p.ci)} to ${points(c.high, p.ci)} points`;
  const rise = pointsText(absPoints(c.diff, p.change));
  // The direction of the change, exactly, on the counts: k2/n2 < k1/n1  <=>  k2·n1 < k1·n2.
  const direction = Math.sign(curr.met * base.applicable - base.met * curr.applicable);
  const fell = direction < 0;
  if (reachesTarget(curr, t.target)) {
    // Reaching the target does not excuse a fall that is clear of chance.
    if (fell && c.high < 0) {
      const was = formatPercent(base.met / base.applicable, p.rate);
      return { verdict: 'not sufficient progress', basis: 'fall', reason: `the rate fell from ${was} to ${rate} (${ci}), though it still reaches the target of ${target}`, change };
    }
    return { verdict: 'sufficient progress', basis: 'target', reason: `the current rate of ${rate} reaches the target of ${target}`, change };
  }
  const gained = gainAtLeast(base, curr, t.minGain);
  const clear = c.low > 0;
  if (gained && clear) {
    return {
      verdict: 'sufficient progress',
      basis: 'gain',
      reason: `the rate rose by ${rise}, at least the ${t.minGain} required, and the interval for the change (${ci}) lies above zero`,
      change,
    };
  }
  let why: string;
  if (fell) why = `the rate fell by ${rise} (${ci})`;
  else if (direction === 0) why = `the rate did not change (${ci})`;
  else if (!gained) why = `the rise of ${rise} is less than the ${t.minGain} required (${ci})`;
  else why = `the rise of ${rise} is not clear of chance: the interval for the change (${ci}) includes zero`;
  return { verdict: 'not sufficient progress', basis: 'neither', reason: `the current rate of ${rate} is below the target of ${target} and ${why}`, change };
}
