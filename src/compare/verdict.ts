/**
 * The progress rule of `ehcp-audit compare`, in one place so that it can be read, tested and
 * configured (docs/compare.md):
 *
 *   1. "not enough evidence"      when either report has fewer than minN plans the criterion
 *                                 applies to;
 *   2. "sufficient progress"      when the current rate (met / applicable) reaches the target,
 *                                 or when the rate rose by at least minGain percentage points AND
 *                                 the 95% interval for the change (Newcombe's hybrid score
 *                                 interval) lies wholly above zero;
 *   3. "not sufficient progress"  otherwise.
 *
 * Comparisons at the thresholds are exact: the target and the gain are compared in integer
 * arithmetic on the counts (met·n against target·n), with a 1e-9 tolerance only for the decimal
 * thresholds themselves, so 8 of 10 reaches a target of 0.8 and 6/10 against 5/10 is a gain of
 * exactly 10 points, never 9.999999999999998.
 */
import { formatPercent, newcombeDiff, roundTo } from '../audit/stats.js';

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
  /** Which part of the rule decided: the target, the gain, neither (not sufficient) or too few plans. */
  basis: 'target' | 'gain' | 'neither' | 'too few plans';
  /** Why, in one clause (no leading capital, no full stop). */
  reason: string;
  /** Current minus baseline (proportions) with its Newcombe 95% interval; null when a side has no applicable plan. */
  change: { diff: number; low: number; high: number } | null;
}

const EPS = 1e-9;

/** Percentage points from a proportion: whole points when exact, else one decimal ("12", "12.5"). */
export function absPoints(diff: number): string {
  const r = roundTo(Math.abs(diff) * 100, 1);
  return Number.isInteger(r) ? r.toFixed(0) : r.toFixed(1);
}

/** Signed percentage points from a proportion difference: "+12", "-3.5", "0". */
export function points(diff: number): string {
  const s = absPoints(diff);
  if (Number(s) === 0) return '0';
  return diff > 0 ? `+${s}` : `-${s}`;
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
  const rate = formatPercent(curr.met / curr.applicable);
  const target = formatPercent(t.target);
  const ci = `95% CI ${points(c.low)} to ${points(c.high)} points`;
  if (reachesTarget(curr, t.target)) {
    return { verdict: 'sufficient progress', basis: 'target', reason: `the current rate of ${rate} reaches the target of ${target}`, change };
  }
  const gained = gainAtLeast(base, curr, t.minGain);
  const clear = c.low > 0;
  if (gained && clear) {
    return {
      verdict: 'sufficient progress',
      basis: 'gain',
      reason: `the rate rose by ${absPoints(c.diff)} points, at least the ${t.minGain} required, and the interval for the change (${ci}) lies above zero`,
      change,
    };
  }
  let why: string;
  if (c.diff < 0) why = `the rate fell by ${absPoints(c.diff)} points (${ci})`;
  else if (c.diff === 0) why = `the rate did not change (${ci})`;
  else if (!gained) why = `the rise of ${absPoints(c.diff)} points is less than the ${t.minGain} required (${ci})`;
  else why = `the rise of ${absPoints(c.diff)} points is not clear of chance: the interval for the change (${ci}) includes zero`;
  return { verdict: 'not sufficient progress', basis: 'neither', reason: `the current rate of ${rate} is below the target of ${target} and ${why}`, change };
}
