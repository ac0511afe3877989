/** The progress rule (src/compare/verdict.ts) at its boundaries. */
import { describe, expect, it } from 'vitest';
import { newcombeDiff } from '../../src/audit/stats.js';
import { absPoints, DEFAULT_THRESHOLDS, gainAtLeast, judge, points, reachesTarget } from '../../src/compare/verdict.js';

const T = { target: 0.8, minGain: 10, minN: 10 };

describe('defaults', () => {
  it('are target 0.8, min-gain 10 points, min-n 10', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ target: 0.8, minGain: 10, minN: 10 });
  });
});

describe('the target', () => {
  it('is reached exactly at the target (8 of 10 against 0.8)', () => {
    const v = judge({ met: 8, applicable: 10 }, { met: 8, applicable: 10 }, T);
    expect(v.verdict).toBe('sufficient progress');
    expect(v.basis).toBe('target');
    expect(v.reason).toBe('the current rate of 80% reaches the target of 80%');
  });

  it('is not reached one plan below (79 of 100), even with no fall', () => {
    const v = judge({ met: 79, applicable: 100 }, { met: 79, applicable: 100 }, T);
    expect(v.verdict).toBe('not sufficient progress');
    expect(v.reason).toContain('the rate did not change');
  });

  it('is compared on the counts, not on floating-point products (0.07 x 100 = 7.000000000000001)', () => {
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(reachesTarget({ met: 7, applicable: 100 }, 0.07)).toBe(true);
    expect(reachesTarget({ met: 6, applicable: 100 }, 0.07)).toBe(false);
    expect(reachesTarget({ met: 0, applicable: 0 }, 0.07)).toBe(false);
  });
});

describe('the gain with a Newcombe interval', () => {
  it('a gain of exactly min-gain whose interval excludes zero is sufficient (500/1000 -> 600/1000)', () => {
    const ci = newcombeDiff(500, 1000, 600, 1000)!;
    expect(ci.low).toBeGreaterThan(0);
    const v = judge({ met: 500, applicable: 1000 }, { met: 600, applicable: 1000 }, T);
    expect(v.verdict).toBe('sufficient progress');
    expect(v.basis).toBe('gain');
    expect(v.reason).toMatch(/^the rate rose by 10 points, at least the 10 required, and the interval for the change \(95% CI \+5\.\d to \+14\.\d points\) lies above zero$/);
    expect(v.change).toEqual(ci);
  });

  it('a gain of exactly min-gain whose interval includes zero is not sufficient (5/10 -> 6/10)', () => {
    const ci = newcombeDiff(5, 10, 6, 10)!;
    expect(ci.low).toBeLessThan(0);
    const v = judge({ met: 5, applicable: 10 }, { met: 6, applicable: 10 }, T);
    expect(v.verdict).toBe('not sufficient progress');
    expect(v.reason).toContain('the rise of 10 points is not clear of chance: the interval for the change');
    expect(v.reason).toContain('includes zero');
  });

  it('a gain just under min-gain is not sufficient even when the interval excludes zero (500/1000 -> 599/1000)', () => {
    expect(newcombeDiff(500, 1000, 599, 1000)!.low).toBeGreaterThan(0);
    const v = judge({ met: 500, applicable: 1000 }, { met: 599, applicable: 1000 }, T);
    expect(v.verdict).toBe('not sufficient progress');
    expect(v.reason).toContain('the rise of 9.9 points is less than the 10 required');
  });

  it('is compared on the counts: 5/10 -> 6/10 is exactly 10 points (not 9.999999999999998)', () => {
    expect((6 / 10 - 5 / 10) * 100).toBeLessThan(10);
    expect(gainAtLeast({ met: 5, applicable: 10 }, { met: 6, applicable: 10 }, 10)).toBe(true);
    expect(gainAtLeast({ met: 5, applicable: 10 }, { met: 6, applicable: 10 }, 10.5)).toBe(false);
    // Different denominators: 1/3 -> 13/30 is exactly 10 points.
    expect(gainAtLeast({ met: 1, applicable: 3 }, { met: 13, applicable: 30 }, 10)).toBe(true);
    expect(gainAtLeast({ met: 1, applicable: 3 }, { met: 12, applicable: 30 }, 10)).toBe(false);
  });

  it('a fall is never sufficient, and says so', () => {
    const v = judge({ met: 70, applicable: 100 }, { met: 50, applicable: 100 }, T);
    expect(v.verdict).toBe('not sufficient progress');
    expect(v.reason).toMatch(/the rate fell by 20 points \(95% CI -3\d\.\d to -\d\.\d points\)/);
    expect(v.change!.diff).toBeCloseTo(-0.2, 12);
  });

  it('with min-gain 0 a rise clear of zero is enough', () => {
    const v = judge({ met: 50, applicable: 100 }, { met: 70, applicable: 100 }, { ...T, minGain: 0 });
    expect(v.verdict).toBe('sufficient progress');
  });
});

describe('min-n', () => {
  it('exactly min-n applicable plans on each side is enough to judge', () => {
    expect(judge({ met: 5, applicable: 10 }, { met: 9, applicable: 10 }, T).verdict).toBe('sufficient progress');
  });

  it('one fewer on either side is not enough evidence, even when the current rate reaches the target', () => {
    const cur = judge({ met: 5, applicable: 10 }, { met: 9, applicable: 9 }, T);
    expect(cur.verdict).toBe('not enough evidence');
    expect(cur.reason).toBe('the current audit has only 9 applicable plans (at least 10 plans are needed on each side)');
    const base = judge({ met: 5, applicable: 9 }, { met: 10, applicable: 10 }, T);
    expect(base.verdict).toBe('not enough evidence');
    expect(base.reason).toContain('the baseline has only 9 applicable plans');
    expect(base.change).not.toBeNull();
  });

  it('no applicable plans at all: not enough evidence and no interval', () => {
    const v = judge({ met: 0, applicable: 0 }, { met: 0, applicable: 0 }, T);
    expect(v.verdict).toBe('not enough evidence');
    expect(v.reason).toContain('the baseline has no applicable plans and the current audit has no applicable plans');
    expect(v.change).toBeNull();
  });
});

describe('points', () => {
  it('writes whole points when exact and one decimal otherwise, with a sign', () => {
    expect(points(0.1)).toBe('+10');
    expect(points(-0.125)).toBe('-12.5');
    expect(points(0)).toBe('0');
    expect(points(0.0004)).toBe('0');
    expect(absPoints(-1 / 7)).toBe('14.3');
  });
});
