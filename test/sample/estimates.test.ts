/** Whether a sample's rates estimate the population's (src/sample/estimates.ts), on real draws. */
import { describe, expect, it } from 'vitest';
import { notEstimatesBecause, sampleEstimates } from '../../src/sample/estimates.js';
import { StratifiedSampler } from '../../src/sample/stratified.js';

interface Plan {
  id: number;
}

/** 3,000 plans over 6 strata of very different sizes, 15 of them in a small group. */
function draw(size: number, include: string[], seed = 1) {
  const s = new StratifiedSampler<Plan>({ size, seed, includeGroups: include });
  const sizes = [1500, 900, 450, 120, 25, 5];
  let id = 0;
  sizes.forEach((n, k) => {
    for (let i = 0; i < n; i++, id++) s.offer({ item: { id }, stratum: `S${k}`, groups: id % 200 === 7 ? ['custody'] : [] });
  });
  const r = s.finish();
  return sampleEstimates({ size, population: r.population, strata: r.strata, groups: r.groups, forced: new Set(r.forced) });
}

describe('sampleEstimates', () => {
  it('a sample whose every stratum has a pick and no group was forced estimates the population', () => {
    // 100 of 3,000: the 5-plan stratum's quota is 0.17, so it has no pick; at 600 every stratum has one.
    expect(draw(600, []).population).toBe(true);
    expect(draw(600, []).unsampled).toEqual({ strata: 0, plans: 0 });
  });

  it('strata with no pick: their plans had no chance, so the rates are the sample\'s', () => {
    const e = draw(100, []);
    expect(e.population).toBe(false);
    expect(e.unsampled).toEqual({ strata: 1, plans: 5 });
    expect(e.forcedGroups).toEqual([]);
    expect(notEstimatesBecause(e, 100, 3000)).toBe("1 stratum holding 5 plans was too small for a pick at this size and got none: those plans could be picked only as a guaranteed group's member");
  });

  it('a guaranteed group picked on purpose over-represents it', () => {
    // 15 custody plans of 3,000: a 20-plan sample's quota for them is 0.1, so one is usually forced in.
    const forcedSeeds = [1, 2, 3, 4, 5, 6].map((seed) => draw(20, ['custody'], seed)).filter((e) => e.forcedGroups.length > 0);
    expect(forcedSeeds.length).toBeGreaterThan(0);
    for (const e of forcedSeeds) {
      expect(e.population).toBe(false);
      expect(e.forcedGroups).toEqual([{ name: 'custody', picked: 1, population: 15 }]);
      expect(notEstimatesBecause(e, 20, 3000)).toMatch(/^guaranteed groups were picked on purpose \(custody: 1 of 20 picks, 15 of 3000 plans\); \d strata holding \d+ plans were too small/);
    }
  });

  it('a stratum a guaranteed member was picked from is not counted as one with no pick (the strata table shows its pick)', () => {
    // Custody plans are ids 7, 207, ...: the 5-plan stratum S5 (ids 2995-2999) holds none, so make
    // a group of its plans only, and guarantee it: its member replaces a pick of another stratum.
    const s = new StratifiedSampler<Plan>({ size: 100, seed: 3, includeGroups: ['tiny'] });
    const sizes = [1500, 900, 450, 120, 25, 5];
    let id = 0;
    sizes.forEach((n, k) => {
      for (let i = 0; i < n; i++, id++) s.offer({ item: { id }, stratum: `S${k}`, groups: k === 5 ? ['tiny'] : [] });
    });
    const r = s.finish();
    const tiny = r.strata.find((x) => x.key === 'S5')!;
    expect(tiny).toMatchObject({ proportional: 0, allocated: 1 });
    const e = sampleEstimates({ size: 100, population: r.population, strata: r.strata, groups: r.groups, forced: new Set(r.forced) });
    expect(e.unsampled).toEqual({ strata: 0, plans: 0 });
    expect(e.forcedGroups).toEqual([{ name: 'tiny', picked: 1, population: 5 }]);
  });

  it('a census is the population itself', () => {
    const e = draw(5000, ['custody']);
    expect(e).toEqual({ population: true, forcedGroups: [], unsampled: { strata: 0, plans: 0 } });
    expect(notEstimatesBecause(e, 5000, 3000)).toBe('');
  });
});
