/** The progress rule (src/compare/verdict.ts) at its boundaries. */
import { describe, expect, it } from 'vitest';
import { newcombeDiff } from '../../src/audit/stats.js';
import { absPoints, DEFAULT_THRESHOLDS, gainAtLeast, judge, points, pointsText, precisionFor, reachesTarget, targetText } from '../../src/compare/verdict.js';

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

describe('a clear fall at the target', () => {
  it('is not sufficient progress though the current rate reaches the target (450/500 -> 420/500)', () => {
    const v = judge({ met: 450, applicable: 500 }, { met: 420, applicable: 500 }, T);
    expect(v.change!.high).toBeLessThan(0);
    expect(v.verdict).toBe('not sufficient progress');
    expect(v.basis).toBe('fall');
    expect(v.reason).toBe('the rate fell from 90% to 84% (95% CI -10.2 to -1.8 points), though it still reaches the target of 80%');
  });

  it('a fall whose interval includes zero is still excused by the target (9/10 -> 8/10)', () => {
    expect(newcombeDiff(9, 10, 8, 10)!.high).toBeGreaterThan(0);
    const v = judge({ met: 9, applicable: 10 }, { met: 8, applicable: 10 }, T);
    expect(v.verdict).toBe('sufficient progress');
    expect(v.basis).toBe('target');
  });

  it('prints the upper end of the interval below zero, with the digits it takes (16/16 -> 160/200)', () => {
    // Newcombe's upper end is -0.015 points: "0" to a tenth, which would read as touching zero.
    const c = newcombeDiff(16, 16, 160, 200)!;
    expect(c.high).toBeLessThan(0);
    expect(c.high).toBeGreaterThan(-0.0005);
    const v = judge({ met: 16, applicable: 16 }, { met: 160, applicable: 200 }, T);
    expect(v.verdict).toBe('not sufficient progress');
    expect(v.reason).toBe('the rate fell from 100% to 80% (95% CI -26.09 to -0.02 points), though it still reaches the target of 80%');
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

  it('takes more decimals when asked, still without trailing zeros', () => {
    expect(points(0.0996, 2)).toBe('+9.96');
    expect(points(0.099, 2)).toBe('+9.9');
    expect(points(0.0004, 2)).toBe('+0.04');
    expect(absPoints(-1 / 7, 3)).toBe('14.286');
  });
});

describe('the unit', () => {
  it('is "point" for a printed 1 and "points" otherwise', () => {
    expect(pointsText('+1')).toBe('+1 point');
    expect(pointsText('-1')).toBe('-1 point');
    expect(pointsText(1)).toBe('1 point');
    expect(pointsText('0')).toBe('0 points');
    expect(pointsText('+1.5')).toBe('+1.5 points');
    expect(pointsText('+11')).toBe('+11 points');
    expect(pointsText('0.1')).toBe('0.1 points');
  });

  it('reads "a rise of 1 point" and "fell by 1 point" in the reasons', () => {
    expect(judge({ met: 50, applicable: 100 }, { met: 51, applicable: 100 }, T).reason).toMatch(/the rise of 1 point is less than the 10 required/);
    expect(judge({ met: 51, applicable: 100 }, { met: 50, applicable: 100 }, T).reason).toMatch(/the rate fell by 1 point \(/);
  });
});

describe('printed figures never contradict the verdict', () => {
  it('the current rate: 199 of 250 is 79.6% below a target of 80%, not "80% is below the target of 80%"', () => {
    const v = judge({ met: 195, applicable: 250 }, { met: 199, applicable: 250 }, T);
    expect(v.verdict).toBe('not sufficient progress');
    expect(v.reason).toBe('the current rate of 79.6% is below the target of 80% and the rise of 1.6 points is less than the 10 required (95% CI -5.6 to +8.8 points)');
    expect(precisionFor({ met: 195, applicable: 250 }, { met: 199, applicable: 250 }, T)).toEqual({ rate: 1, change: 1, ci: 1 });
  });

  it('keeps whole percents where rounding cannot mislead: at the target, above it, or clearly below', () => {
    for (const met of [200, 201, 150]) expect(precisionFor({ met: 150, applicable: 250 }, { met, applicable: 250 }, T).rate).toBe(0);
    expect(judge({ met: 190, applicable: 250 }, { met: 201, applicable: 250 }, T).reason).toBe('the current rate of 80% reaches the target of 80%');
  });

  it('writes a target with the decimals it has, and the rate with as many as it takes to show the side it is on', () => {
    expect(targetText(0.8)).toBe('80%');
    expect(targetText(0.805)).toBe('80.5%');
    expect(targetText(0.8045)).toBe('80.45%');
    // 80.4% against 80.5% was "80% is below the target of 81%"; 80.5% reaches 80.45% (whole: "80%").
    expect(judge({ met: 190, applicable: 250 }, { met: 201, applicable: 250 }, { ...T, target: 0.805 }).reason).toMatch(/^the current rate of 80% is below the target of 80\.5% /);
    expect(judge({ met: 100, applicable: 200 }, { met: 161, applicable: 200 }, { ...T, target: 0.8045 }).reason).toBe('the current rate of 81% reaches the target of 80.45%');
    // 1609 of 2000 is 80.45%, at the target: "80%" would look below it.
    expect(judge({ met: 100, applicable: 200 }, { met: 1609, applicable: 2000 }, { ...T, target: 0.8045 }).reason).toBe('the current rate of 80.5% reaches the target of 80.45%');
  });

  it('the rise against the minimum gain: 9.96 points is not "10 points, less than the 10 required"', () => {
    const v = judge({ met: 1000, applicable: 2500 }, { met: 1249, applicable: 2500 }, T);
    expect(v.reason).toContain('the rise of 9.96 points is less than the 10 required');
  });

  it('the two rates and the change, when they differ by less than the usual rounding', () => {
    const v = judge({ met: 500, applicable: 1000 }, { met: 5001, applicable: 10000 }, { ...T, target: 0.9 });
    expect(precisionFor({ met: 500, applicable: 1000 }, { met: 5001, applicable: 10000 }, T)).toMatchObject({ rate: 2, change: 2 });
    expect(v.reason).toMatch(/^the current rate of 50\.01% is below the target of 90% and the rise of 0\.01 points is less than the 10 required/);
  });

  it("the interval's lower end, when the rule found it above zero", () => {
    // Newcombe's interval for 4/10 -> 18/24 starts at +0.049 points: "0" to a tenth, as if it included zero.
    const c = newcombeDiff(4, 10, 18, 24)!;
    expect(c.low).toBeGreaterThan(0);
    expect(c.low).toBeLessThan(0.0005);
    const v = judge({ met: 4, applicable: 10 }, { met: 18, applicable: 24 }, T);
    expect(v.basis).toBe('gain');
    expect(v.reason).toMatch(/^the rate rose by 35 points, at least the 10 required, and the interval for the change \(95% CI \+0\.05 to \+61\.58 points\) lies above zero$/);
  });

  it("the interval's lower end below zero is never printed as 0 (7/12 -> 12/13: -0.02, not '0 to +61.1')", () => {
    const c = newcombeDiff(7, 12, 12, 13)!;
    expect(c.low).toBeLessThan(0);
    expect(c.low).toBeGreaterThan(-0.0005);
    expect(precisionFor({ met: 7, applicable: 12 }, { met: 12, applicable: 13 }, T).ci).toBe(2);
    // Not judged (min-n 20): the interval is still printed on the right side of zero.
    expect(precisionFor({ met: 7, applicable: 12 }, { met: 12, applicable: 13 }, { ...T, minN: 20 }).ci).toBe(2);
  });

  it('does not weigh the target or the gain when there is not enough evidence', () => {
    expect(precisionFor({ met: 7, applicable: 9 }, { met: 8, applicable: 9 }, T)).toEqual({ rate: 0, change: 1, ci: 1 });
    expect(precisionFor(null, { met: 199, applicable: 250 }, T)).toEqual({ rate: 0, change: 1, ci: 1 });
  });
});
