import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Z_95,
  cohenKappa,
  exactRatio,
  fleissKappa,
  fleissVaryingFromRatings,
  formatPercent,
  newcombeDiff,
  percentAgreement,
  rateTexts,
  roundTo,
  sampleSizeForMargin,
  wilson,
} from '../src/audit/stats.js';

/** Published figures are given to 4 decimals, so agree to within half a unit in the 4th place. */
const PUBLISHED_TOL = 5e-5;
function expectPublished(actual: number, published: number): void {
  expect(Math.abs(actual - published)).toBeLessThanOrEqual(PUBLISHED_TOL);
}

function repeat(value: string, times: number): string[] {
  return Array.from({ length: times }, () => value);
}

describe('wilson', () => {
  // Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17:857-872, Table I illustrative examples, method 3
  // (Wilson score interval without continuity correction), 95% limits to 4 decimals.
  const published: Array<[number, number, number, number]> = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  it.each(published)('%i/%i matches Newcombe (1998a) Table I: %f to %f', (k, n, low, high) => {
    const ci = wilson(k, n);
    expect(ci).not.toBeNull();
    expect(ci?.rate).toBe(k / n);
    expectPublished(ci?.low ?? Number.NaN, low);
    expectPublished(ci?.high ?? Number.NaN, high);
  });

  it('is null for n = 0 and exact at the edges', () => {
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(0, 20)?.low).toBe(0);
    expect(wilson(20, 20)?.high).toBe(1);
    // Symmetry: k/n and (n-k)/n mirror each other.
    const a = wilson(3, 17);
    const b = wilson(14, 17);
    expect(a?.low).toBeCloseTo(1 - (b?.high ?? 0), 12);
    expect(a?.high).toBeCloseTo(1 - (b?.low ?? 0), 12);
  });

  it('honours z (a wider z gives a wider interval)', () => {
    const ci95 = wilson(30, 60);
    const ci99 = wilson(30, 60, 2.5758293035489004);
    expect((ci99?.high ?? 0) - (ci99?.low ?? 0)).toBeGreaterThan((ci95?.high ?? 0) - (ci95?.low ?? 0));
    expect(Z_95).toBe(1.959963984540054);
  });

  it('rejects impossible counts', () => {
    expect(() => wilson(5, 4)).toThrow(RangeError);
    expect(() => wilson(-1, 4)).toThrow(RangeError);
    expect(() => wilson(1, Number.NaN)).toThrow(RangeError);
  });

  it('always lies within [0, 1] and contains the observed rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.round(f * n);
        const ci = wilson(k, n);
        if (ci === null) return false;
        return ci.low >= 0 && ci.high <= 1 && ci.low <= ci.rate && ci.rate <= ci.high;
      }),
    );
  });
});

describe('newcombeDiff (current minus baseline)', () => {
  // Newcombe RG (1998) "Interval estimation for the difference between independent proportions:
  // comparison of eleven methods", Statistics in Medicine 17:873-890, Table II, method 10 (hybrid
  // score interval from two Wilson intervals), 95% limits for theta = p1 - p2 with his p1 listed
  // first. newcombeDiff returns p2 - p1 with p1 = baseline, so Newcombe's first group is passed as
  // the *current* (second) argument pair and the published limits apply unchanged.
  const published: Array<[string, number, number, number, number, number, number]> = [
    // label, Newcombe's m/n (current), Newcombe's x/y (baseline), low, high
    ['56/70 - 48/80', 56, 70, 48, 80, 0.0524, 0.3339],
    ['9/10 - 3/10', 9, 10, 3, 10, 0.1705, 0.809],
    ['6/7 - 2/7', 6, 7, 2, 7, 0.0582, 0.8062],
    ['5/56 - 0/29', 5, 56, 0, 29, -0.0381, 0.1926],
    ['0/10 - 0/20', 0, 10, 0, 20, -0.1611, 0.2775],
    ['0/10 - 0/10', 0, 10, 0, 10, -0.2775, 0.2775],
    ['10/10 - 0/20', 10, 10, 0, 20, 0.6791, 1.0],
    ['10/10 - 0/10', 10, 10, 0, 10, 0.6075, 1.0],
  ];
  it.each(published)('%s matches Newcombe (1998b) Table II method 10', (_label, kc, nc, kb, nb, low, high) => {
    const r = newcombeDiff(kb, nb, kc, nc);
    expect(r).not.toBeNull();
    expect(r?.diff).toBeCloseTo(kc / nc - kb / nb, 12);
    expectPublished(r?.low ?? Number.NaN, low);
    expectPublished(r?.high ?? Number.NaN, high);
  });

  it('returns current minus baseline: an improvement is positive', () => {
    const r = newcombeDiff(48, 80, 56, 70); // baseline 60%, current 80%
    expect(r?.diff).toBeCloseTo(0.2, 12);
    const reversed = newcombeDiff(56, 70, 48, 80); // baseline 80%, current 60%: a fall
    expect(reversed?.diff).toBeCloseTo(-0.2, 12);
    // Swapping the groups mirrors the interval exactly.
    expect(reversed?.low).toBeCloseTo(-(r?.high ?? 0), 12);
    expect(reversed?.high).toBeCloseTo(-(r?.low ?? 0), 12);
  });

  it('is null when either group is empty', () => {
    expect(newcombeDiff(0, 0, 3, 10)).toBeNull();
    expect(newcombeDiff(3, 10, 0, 0)).toBeNull();
  });

  it('stays within [-1, 1] and contains the observed difference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n1, n2, f1, f2) => {
          const r = newcombeDiff(Math.round(f1 * n1), n1, Math.round(f2 * n2), n2);
          if (r === null) return false;
          return r.low >= -1 && r.high <= 1 && r.low <= r.diff && r.diff <= r.high;
        },
      ),
    );
  });
});

describe('cohenKappa', () => {
  // Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by readers A and B;
  // 20 yes/yes, 5 A-yes/B-no, 10 A-no/B-yes, 15 no/no -> po = 0.7, pe = 0.5, kappa = 0.4.
  it('reproduces the Wikipedia worked example (kappa = 0.4)', () => {
    const a = [...repeat('yes', 25), ...repeat('no', 25)];
    const b = [...repeat('yes', 20), ...repeat('no', 5), ...repeat('yes', 10), ...repeat('no', 15)];
    const r = cohenKappa(a, b);
    expect(r).toEqual({ kappa: expect.closeTo(0.4, 12) as number, observed: 0.7, expected: 0.5, n: 50 });
  });

  it('is symmetric in the two raters and 1 for identical ratings', () => {
    const a = ['x', 'y', 'z', 'x', 'y', 'x'];
    const b = ['x', 'y', 'x', 'x', 'z', 'y'];
    expect(cohenKappa(a, b)?.kappa).toBeCloseTo(cohenKappa(b, a)?.kappa ?? Number.NaN, 14);
    expect(cohenKappa(a, a)?.kappa).toBe(1);
  });

  it('returns kappa 1 in the degenerate all-one-category case (expected = 1)', () => {
    const r = cohenKappa(repeat('met', 8), repeat('met', 8));
    expect(r).toEqual({ kappa: 1, observed: 1, expected: 1, n: 8 });
  });

  it('can be negative (systematic disagreement)', () => {
    expect(cohenKappa(['a', 'b', 'a', 'b'], ['b', 'a', 'b', 'a'])?.kappa).toBe(-1);
  });

  it('is null with no items and rejects lists of different lengths', () => {
    expect(cohenKappa([], [])).toBeNull();
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow(RangeError);
  });
});

describe('fleissKappa', () => {
  // Fleiss JL (1971) "Measuring nominal scale agreement among many raters", Psychological Bulletin
  // 76(5):378-382; worked example as given on Wikipedia, "Fleiss' kappa": 10 subjects, 14 raters,
  // 5 categories -> P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210 (all to 3 decimals).
  const wikipedia = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('reproduces the Wikipedia / Fleiss worked example (kappa = 0.210)', () => {
    const r = fleissKappa(wikipedia);
    expect(r?.n).toBe(10);
    expect(roundTo(r?.pBar ?? Number.NaN, 3)).toBe(0.378);
    expect(roundTo(r?.pe ?? Number.NaN, 3)).toBe(0.213);
    expect(roundTo(r?.kappa ?? Number.NaN, 3)).toBe(0.21);
  });

  it('gives 1 for perfect agreement, including the all-one-category degenerate case', () => {
    expect(fleissKappa([[3, 0], [0, 3], [3, 0]])?.kappa).toBe(1);
    expect(fleissKappa([[4], [4]])).toEqual({ kappa: 1, pBar: 1, pe: 1, n: 2 });
  });

  it('with two raters on two categories matches Scott\'s pi', () => {
    // Two raters, items: (a,a), (a,b), (b,b), (b,b). po = 3/4; pooled p_a = 3/8, p_b = 5/8.
    const pe = (3 / 8) ** 2 + (5 / 8) ** 2;
    const r = fleissVaryingFromRatings([
      ['a', 'a'],
      ['a', 'b'],
      ['b', 'b'],
      ['b', 'b'],
    ]);
    expect(r?.kappa).toBeCloseTo((0.75 - pe) / (1 - pe), 12);
  });

  it('is null with no items', () => {
    expect(fleissKappa([])).toBeNull();
    expect(fleissVaryingFromRatings([])).toBeNull();
  });

  it('rejects unequal raters per item and other malformed input', () => {
    expect(() => fleissKappa([[1, 2], [2, 2]])).toThrow(/same number of ratings/);
    expect(() => fleissKappa([[1, 2], [3]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, -1, 2]])).toThrow(RangeError);
    expect(() => fleissKappa([[1, 0], [0, 1]])).toThrow(/at least 2/);
  });
});

describe('fleissVaryingFromRatings (Fleiss\' kappa for a varying number of ratings per item)', () => {
  // Gwet KL (2014) Handbook of Inter-Rater Reliability, 4th ed.: five observers score 15 units on
  // 0-3, each unit by 3 to 5 of them. irrCAC's fleiss.kappa.raw on this data set (cac.raw5obser;
  // the Python port's test_fleiss_kappa_raw5observers) gives pa 0.616, pe 0.291, kappa 0.458.
  const o = [
    [1, 1, 2, null, 0, 0, 1, 1, 2, 2, null, 0, 1, 3, 1],
    [1, 1, 3, 0, 0, 0, 0, null, 2, 1, 1, 0, 2, 3, 1],
    [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1],
    [null, 1, 3, null, null, null, null, 0, null, 1, 0, 0, 2, 2, null],
    [2, null, null, 0, 0, 0, 1, null, 2, null, null, null, null, 3, 1],
  ];
  const units = o[0]!.map((_, i) => o.map((obs) => obs[i]).filter((x) => x !== null).map(String));

  it("reproduces Gwet's five-observer example (kappa 0.458), with 3 to 5 ratings per unit", () => {
    const r = fleissVaryingFromRatings(units)!;
    expect(r).toMatchObject({ n: 15, minRatings: 3, maxRatings: 5 });
    expect(roundTo(r.pBar, 3)).toBe(0.616);
    expect(roundTo(r.pe, 3)).toBe(0.291);
    expect(roundTo(r.kappa, 3)).toBe(0.458);
  });

  it("is Fleiss' kappa when every item has the same number of ratings", () => {
    const names = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const wikipedia = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    const items = wikipedia.map((row) => row.flatMap((count, j) => repeat(names[j] as string, count)));
    const r = fleissVaryingFromRatings(items)!;
    const f = fleissKappa(wikipedia)!;
    expect(r.kappa).toBeCloseTo(f.kappa, 12);
    expect(r.pBar).toBeCloseTo(f.pBar, 12);
    expect(r.pe).toBeCloseTo(f.pe, 12);
    expect(r).toMatchObject({ minRatings: 14, maxRatings: 14 });
  });

  it('weighs each item equally: two-rating and three-rating items together', () => {
    // (a,a), (a,b), (a,a,b): P = 1, 0, 1/3 -> pBar 4/9; π_a = (1 + 1/2 + 2/3)/3 = 13/18, π_b = 5/18.
    const r = fleissVaryingFromRatings([['a', 'a'], ['a', 'b'], ['a', 'a', 'b']])!;
    const pe = (13 / 18) ** 2 + (5 / 18) ** 2;
    expect(r.pBar).toBeCloseTo(4 / 9, 12);
    expect(r.pe).toBeCloseTo(pe, 12);
    expect(r.kappa).toBeCloseTo((4 / 9 - pe) / (1 - pe), 12);
  });

  it('gives 1 when every rating is the same; null with no items; refuses an item rated once', () => {
    expect(fleissVaryingFromRatings([['a', 'a'], ['a', 'a', 'a']])).toMatchObject({ kappa: 1, pBar: 1, pe: 1 });
    expect(fleissVaryingFromRatings([])).toBeNull();
    expect(() => fleissVaryingFromRatings([['a', 'b'], ['a']])).toThrow(/at least 2 ratings per item: item 1 has 1/);
  });
});

describe('kappa at a threshold: the exact value, not its floating-point noise (regression QA)', () => {
  // Kappa is a ratio of integers; each function divides once, so an exact 0.5 is 0.5 and an exact
  // 0.6 is 0.6 (as the literal), and --weak and the Landis and Koch bands judge it exactly.
  it("Cohen's kappa: exactly 0.5 and 0.6 (computed 0.49999999999999994 and 0.6000000000000001 before)", () => {
    const half = cohenKappa(['met', 'met', 'partly', 'partly', 'not met', 'not met'], ['met', 'partly', 'partly', 'met', 'not met', 'not met'])!;
    expect(half.kappa).toBe(0.5);
    const sixTenths = cohenKappa(['partly', 'not met', 'not met', 'not met', 'met', 'not met'], ['not met', 'not met', 'not met', 'not met', 'met', 'not met'])!;
    expect(sixTenths.kappa).toBe(0.6);
    expect(sixTenths.kappa <= 0.6).toBe(true);
  });

  it("Fleiss' kappa, and its generalisation, equal or varying ratings per item: exactly 0.2 (0.20000000000000007 before)", () => {
    // Four items, three raters each: kappa 1/5 exactly (by hand with fractions).
    const items = [['b', 'b', 'a'], ['c', 'c', 'c'], ['a', 'b', 'b'], ['c', 'c', 'b']];
    expect(fleissVaryingFromRatings(items)!.kappa).toBe(0.2);
    expect(fleissKappa([[1, 2, 0], [0, 0, 3], [1, 2, 0], [0, 1, 2]])!.kappa).toBe(0.2);
    // Seven items rated twice and one three times: 1/5 exactly (0.2000000000000001 before).
    const varying = [['c', 'c'], ['b', 'b'], ['a', 'c'], ['b', 'c', 'a'], ['b', 'b'], ['c', 'c'], ['c', 'b'], ['b', 'a']];
    expect(fleissVaryingFromRatings(varying)!.kappa).toBe(0.2);
  });

  it('exactRatio reduces and divides once', () => {
    expect(exactRatio(3n, 6n)).toBe(0.5);
    expect(exactRatio(-6n, 10n)).toBe(-0.6);
    // Beyond 2^53 the reduced fraction still gives the exact value.
    expect(exactRatio(3n * 10n ** 20n, 5n * 10n ** 20n)).toBe(0.6);
  });
});

describe('percentAgreement', () => {
  it('is the share of items on which every rater agrees', () => {
    expect(
      percentAgreement([
        ['met', 'met', 'met'],
        ['met', 'not met', 'met'],
        ['partly', 'partly'],
        ['not met', 'not met', 'not met', 'not met'],
      ]),
    ).toBe(0.75);
  });

  it('skips items with fewer than two ratings; NaN when nothing is comparable', () => {
    expect(percentAgreement([['met'], ['met', 'not met'], []])).toBe(0);
    expect(percentAgreement([['met'], []])).toBeNaN();
    expect(percentAgreement([])).toBeNaN();
  });
});

describe('sampleSizeForMargin', () => {
  it('gives the values in the brief', () => {
    expect(sampleSizeForMargin(1000, 0.05)).toBe(278); // n0 = 384.15; 277.73 rounded up
    expect(sampleSizeForMargin(1e9, 0.1)).toBe(97); // n0 = 96.04 rounded up
    expect(sampleSizeForMargin(60, 0.1)).toBe(38); // 96.04 / (1 + 95.04/60) = 37.17 rounded up
    expect(sampleSizeForMargin(Infinity, 0.05)).toBe(385); // 384.15 rounded up
  });

  // Krejcie RV & Morgan DW (1970) "Determining sample size for research activities", Educational and
  // Psychological Measurement 30:607-610, Table 1 (95% confidence, margin 0.05, P = 0.5). Their
  // formula s = X²NP(1-P) / (d²(N-1) + X²P(1-P)) is the same as n0/(1 + (n0-1)/N), but the table
  // rounds to the nearest whole number where this function rounds up, so it may be one higher.
  const krejcieMorgan: Array<[number, number]> = [
    [10, 10], [15, 14], [20, 19], [25, 24], [30, 28], [35, 32], [40, 36], [45, 40], [50, 44],
    [55, 48], [60, 52], [65, 56], [70, 59], [75, 63], [80, 66], [85, 70], [90, 73], [95, 76],
    [100, 80], [110, 86], [220, 140], [230, 144], [240, 148], [250, 152], [500, 217], [1000, 278],
    [1200, 291], [1300, 297], [1400, 302], [1500, 306], [2800, 338], [9000, 368], [10000, 370],
    [1000000, 384],
  ];
  it.each(krejcieMorgan)('N = %i: Krejcie & Morgan (1970) give %i; rounding up gives that or one more', (N, s) => {
    const n = sampleSizeForMargin(N, 0.05);
    expect([s, s + 1]).toContain(n);
  });

  it('matches Krejcie & Morgan exactly where their rounding and ceiling coincide', () => {
    const exact: Array<[number, number]> = [
      [10, 10], [25, 24], [30, 28], [65, 56], [75, 63], [85, 70], [100, 80], [110, 86],
      [240, 148], [250, 152], [1000, 278], [1300, 297], [1400, 302], [1500, 306], [2800, 338],
      [10000, 370], [1000000, 384],
    ];
    for (const [N, s] of exact) expect(sampleSizeForMargin(N, 0.05)).toBe(s);
  });

  it('never exceeds the population and grows with it', () => {
    expect(sampleSizeForMargin(5, 0.1)).toBe(5);
    expect(sampleSizeForMargin(1, 0.1)).toBe(1);
    expect(sampleSizeForMargin(0, 0.1)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.double({ min: 0.01, max: 0.5, noNaN: true }), (N, m) => {
        const n = sampleSizeForMargin(N, m);
        return n >= 1 && n <= N && sampleSizeForMargin(N + 1, m) >= n;
      }),
    );
  });

  it('uses p: a less even split needs fewer cases', () => {
    expect(sampleSizeForMargin(Infinity, 0.05, Z_95, 0.2)).toBe(246); // 1.96² · 0.16 / 0.0025 = 245.85
    expect(sampleSizeForMargin(Infinity, 0.05, Z_95, 0)).toBe(0);
  });

  it('rejects bad arguments', () => {
    expect(() => sampleSizeForMargin(100, 0)).toThrow(RangeError);
    expect(() => sampleSizeForMargin(100, 1)).toThrow(RangeError);
    expect(() => sampleSizeForMargin(-1, 0.1)).toThrow(RangeError);
    expect(() => sampleSizeForMargin(100, 0.1, Z_95, 1.5)).toThrow(RangeError);
  });
});

describe('roundTo and formatPercent', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(0.125, 2)).toBe(0.13);
    expect(roundTo(1.23456789, 4)).toBe(1.2346);
    expect(roundTo(1e-7, 8)).toBe(1e-7);
    expect(roundTo(123456.5, 0)).toBe(123457);
  });

  it('never returns -0 and passes non-finite values through', () => {
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
    expect(roundTo(Number.NaN, 2)).toBeNaN();
    expect(roundTo(Infinity, 2)).toBe(Infinity);
    expect(() => roundTo(1, -1)).toThrow(RangeError);
    expect(() => roundTo(1, 1.5)).toThrow(RangeError);
  });

  it('formats rates as percentages without locale formatting', () => {
    expect(formatPercent(0.85)).toBe('85%');
    expect(formatPercent(0.285)).toBe('29%'); // 0.285 * 100 is 28.499999999999996 in binary
    expect(formatPercent(0.005)).toBe('1%');
    expect(formatPercent(0.125, 1)).toBe('12.5%');
    expect(formatPercent(0.1, 2)).toBe('10.00%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(-0.004)).toBe('0%');
    expect(formatPercent(-0.155)).toBe('-16%');
    expect(formatPercent(12.345, 1)).toBe('1234.5%');
    expect(formatPercent(Number.NaN)).toBe('n/a');
  });
});

describe('rateTexts: a rate and its 95% CI as text, from the counts', () => {
  it('rounds once: 220 of 224 has a lower bound of 95.499%, which the report stores as 0.955', () => {
    const w = wilson(220, 224)!;
    expect(roundTo(w.low, 4)).toBe(0.955); // what the JSON holds; formatted again it would say 96%
    expect(rateTexts(220, 224)).toEqual({ rate: '98%', ci: '95% to 99%' });
    // 165 of 186: an upper bound of 92.496%, stored as 0.925 (93% if formatted again).
    expect(rateTexts(165, 186)!.ci).toMatch(/ to 92%$/);
    // 51 of 101 is 50.495%: 50%, as compare says (the stored 0.505 would have said 51%).
    expect(rateTexts(51, 101)!.rate).toBe('50%');
  });
  it('nothing applies: no figures', () => {
    expect(rateTexts(0, 0)).toBeUndefined();
  });
});
