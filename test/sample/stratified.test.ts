import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StratifiedSampler, type SampleCandidate, type SampleResult } from '../../src/sample/stratified.js';

interface Plan {
  id: number;
}

const NEEDS = ['ASD', 'SEMH', 'SLCN', 'MLD'];
const PHASES = ['EY', 'KS1', 'KS2', 'KS3', 'KS4', 'Post-16'];

/** A deterministic synthetic population (no randomness: ids decide stratum and groups). */
function population(n: number): SampleCandidate<Plan>[] {
  return Array.from({ length: n }, (_, id) => {
    const need = NEEDS[(id * 7) % NEEDS.length]!;
    const phase = PHASES[(id * 13 + (id >> 3)) % PHASES.length]!;
    const groups: string[] = [];
    if (id % 97 === 5) groups.push('looked after');
    if (id % 11 === 0) groups.push('EAL');
    if (id % 300 === 123) groups.push('EHE');
    return { item: { id }, stratum: `${need} / ${phase}`, groups };
  });
}

function run<T>(
  candidates: SampleCandidate<T>[],
  size: number,
  seed: number | string,
  includeGroups: string[] = [],
): SampleResult<T> {
  const s = new StratifiedSampler<T>({ size, seed, includeGroups });
  for (const c of candidates) s.offer(c);
  return s.finish();
}

const ids = (r: SampleResult<Plan>): number[] => r.picks.map((p) => p.item.id);

describe('StratifiedSampler', () => {
  const pop = population(1000);

  it('same seed -> same result (deep equal)', () => {
    const a = run(pop, 20, 42, ['looked after', 'EHE']);
    const b = run(pop, 20, 42, ['looked after', 'EHE']);
    expect(b).toEqual(a);
    expect(run(pop, 20, 'seed-x')).toEqual(run(pop, 20, 'seed-x'));
  });

  it('different seeds -> (almost always) different samples', () => {
    const samples = new Set<string>();
    for (let seed = 0; seed < 20; seed++) samples.add(ids(run(pop, 20, seed)).join(','));
    expect(samples.size).toBe(20);
    expect(ids(run(pop, 20, 'a'))).not.toEqual(ids(run(pop, 20, 'b')));
  });

  it('pins a small sample so that a change of algorithm is caught', () => {
    const r = run(population(200), 6, 'golden', ['looked after']);
    expect(r.picks.map((p) => [p.item.id, p.reason])).toEqual([
      [192, 'stratum ASD / EY (proportional: 1 of 13)'],
      [100, 'stratum ASD / KS4 (proportional: 1 of 13)'],
      [17, 'stratum MLD / KS1 (proportional: 1 of 13)'],
      [5, 'guaranteed group: looked after (stratum MLD / Post-16)'],
      [7, 'stratum SEMH / KS1 (proportional: 1 of 13)'],
      [19, 'stratum SEMH / KS3 (proportional: 1 of 13)'],
    ]);
  });

  it('picks are sorted by stratum key (code units) then input order, with reasons', () => {
    const r = run(pop, 30, 7);
    expect(r.picks).toHaveLength(30);
    for (let i = 1; i < r.picks.length; i++) {
      const a = r.picks[i - 1]!;
      const b = r.picks[i]!;
      expect(a.stratum < b.stratum || (a.stratum === b.stratum && a.item.id < b.item.id)).toBe(true);
    }
    const first = r.picks[0]!;
    const st = r.strata.find((s) => s.key === first.stratum)!;
    expect(first.reason).toBe(`stratum ${st.key} (proportional: ${st.allocated} of ${st.population})`);
    // every pick really belongs to the stratum it claims
    for (const p of r.picks) expect(pop[p.item.id]!.stratum).toBe(p.stratum);
  });

  it('reports strata in key order with populations, and a proportional allocation within rounding', () => {
    const r = run(pop, 20, 1);
    expect(r.population).toBe(1000);
    expect(r.size).toBe(20);
    expect(r.seed).toBe(1);
    const keys = r.strata.map((s) => s.key);
    expect(keys).toEqual([...keys].sort());
    expect(r.strata.reduce((a, s) => a + s.population, 0)).toBe(1000);
    expect(r.strata.reduce((a, s) => a + s.allocated, 0)).toBe(20);
    for (const s of r.strata) {
      const quota = (20 * s.population) / 1000;
      expect(s.allocated === Math.floor(quota) || s.allocated === Math.ceil(quota)).toBe(true);
      expect(s.allocated).toBe(s.proportional); // no include-groups, so no swaps
      expect(r.picks.filter((p) => p.stratum === s.key)).toHaveLength(s.allocated);
    }
  });

  it('honours include-groups whenever the group exists, keeping the total size', () => {
    for (let seed = 0; seed < 50; seed++) {
      const r = run(pop, 10, seed, ['EHE', 'looked after', 'absent group']);
      expect(r.picks).toHaveLength(10);
      expect(new Set(ids(r)).size).toBe(10);
      for (const g of ['EHE', 'looked after']) {
        expect(r.picks.some((p) => pop[p.item.id]!.groups.includes(g))).toBe(true);
      }
      const ehe = r.groups.find((g) => g.name === 'EHE')!;
      expect(ehe).toMatchObject({ guaranteed: true, population: 3 });
      expect(ehe.picked).toBeGreaterThanOrEqual(1);
      expect(r.groups.find((g) => g.name === 'absent group')).toEqual({
        name: 'absent group',
        population: 0,
        guaranteed: true,
        picked: 0,
      });
      expect(r.notes).toContain('Guaranteed group "absent group": no item in the population belongs to it.');
    }
  });

  it('records a swap with its reason and note', () => {
    let swaps = 0;
    for (let seed = 0; seed < 30; seed++) {
      const r = run(pop, 10, seed, ['EHE']);
      const swapped = r.picks.filter((p) => p.reason.startsWith('guaranteed group: EHE'));
      if (swapped.length > 0) {
        swaps++;
        expect(swapped).toHaveLength(1);
        expect(swapped[0]!.reason).toBe(`guaranteed group: EHE (stratum ${swapped[0]!.stratum})`);
        expect(r.notes.some((n) => n.startsWith('Guaranteed group "EHE": no proportional pick belonged to it'))).toBe(
          true,
        );
      }
    }
    expect(swaps).toBeGreaterThan(20); // 3 of 1000 plans: usually not picked proportionally
  });

  it('lists non-requested groups after the requested ones, in key order', () => {
    const r = run(pop, 10, 3, ['looked after']);
    expect(r.groups.map((g) => [g.name, g.guaranteed])).toEqual([
      ['looked after', true],
      ['EAL', false],
      ['EHE', false],
    ]);
    expect(r.groups[1]!.population).toBe(pop.filter((c) => c.groups.includes('EAL')).length);
  });

  it('swaps within the candidate own stratum when it can, so stratum counts do not change', () => {
    // A and B, 50 each, size 4 -> 2 + 2; the only "looked after" plan is in A.
    const cands: SampleCandidate<Plan>[] = Array.from({ length: 100 }, (_, id) => ({
      item: { id },
      stratum: id % 2 === 0 ? 'A' : 'B',
      groups: id === 38 ? ['looked after'] : [],
    }));
    for (let seed = 0; seed < 40; seed++) {
      const r = run(cands, 4, seed, ['looked after']);
      expect(ids(r)).toContain(38);
      expect(r.strata.map((s) => [s.key, s.allocated, s.proportional])).toEqual([
        ['A', 2, 2],
        ['B', 2, 2],
      ]);
    }
  });

  it('otherwise replaces a pick from the stratum most over its exact quota', () => {
    // A 50, B 30, C 1 (the only "looked after"); size 5 -> quotas 3.09, 1.85, 0.06 -> 3, 2, 0.
    // C has no pick to replace; B exceeds its quota most (2 - 1.85), so B gives one up.
    const cands: SampleCandidate<Plan>[] = [];
    for (let i = 0; i < 50; i++) cands.push({ item: { id: cands.length }, stratum: 'A', groups: [] });
    for (let i = 0; i < 30; i++) cands.push({ item: { id: cands.length }, stratum: 'B', groups: [] });
    cands.push({ item: { id: cands.length }, stratum: 'C', groups: ['looked after'] });
    for (let seed = 0; seed < 20; seed++) {
      const r = run(cands, 5, seed, ['looked after']);
      expect(r.strata.map((s) => [s.key, s.proportional, s.allocated])).toEqual([
        ['A', 3, 3],
        ['B', 2, 1],
        ['C', 0, 1],
      ]);
      expect(r.picks.at(-1)).toEqual({ item: { id: 80 }, stratum: 'C', reason: 'guaranteed group: looked after (stratum C)' });
      expect(r.notes).toContain(
        'Guaranteed group "looked after": no proportional pick belonged to it, so a random member (stratum C) replaced a pick from stratum B.',
      );
    }
  });

  it('never replaces the only pick representing another guaranteed group', () => {
    // One stratum of 12; only plan 3 is in g1 and only plan 9 in g2; size 2 -> exactly {3, 9}.
    const cands: SampleCandidate<Plan>[] = Array.from({ length: 12 }, (_, id) => ({
      item: { id },
      stratum: 'S',
      groups: id === 3 ? ['g1'] : id === 9 ? ['g2'] : [],
    }));
    for (let seed = 0; seed < 50; seed++) {
      expect(ids(run(cands, 2, seed, ['g1', 'g2']))).toEqual([3, 9]);
    }
    // With room for one only, the first-listed group wins and the other is noted.
    let priorityNotes = 0;
    for (let seed = 0; seed < 20; seed++) {
      const r = run(cands, 1, seed, ['g2', 'g1']);
      if (r.notes.includes('Guaranteed group "g2" took priority over "g1": the sample is too small for every group.')) {
        priorityNotes++;
      }
      expect(ids(r)).toEqual([9]);
      expect(r.notes).toContain(
        'Guaranteed group "g1": could not be represented without dropping the only pick of a group listed before it.',
      );
      expect(r.groups.map((g) => [g.name, g.picked])).toEqual([
        ['g2', 1],
        ['g1', 0],
      ]);
    }
    expect(priorityNotes).toBeGreaterThan(0); // seeds whose proportional pick was plan 3
  });

  it('property: include-groups are represented when size >= number of present groups; size is kept', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            stratum: fc.constantFrom('A', 'B', 'C', 'D'),
            groups: fc.subarray(['g1', 'g2', 'g3']),
          }),
          { maxLength: 80 },
        ),
        fc.nat({ max: 30 }),
        fc.nat(),
        (rows, size, seed) => {
          const cands = rows.map((r, id) => ({ item: { id }, stratum: r.stratum, groups: r.groups }));
          const r = run(cands, size, seed, ['g1', 'g2', 'g3']);
          expect(r.picks).toHaveLength(Math.min(size, cands.length));
          expect(new Set(ids(r)).size).toBe(r.picks.length);
          expect(r.strata.reduce((a, s) => a + s.allocated, 0)).toBe(r.picks.length);
          const present = ['g1', 'g2', 'g3'].filter((g) => rows.some((row) => row.groups.includes(g)));
          if (size >= present.length) {
            for (const g of present) expect(r.picks.some((p) => cands[p.item.id]!.groups.includes(g))).toBe(true);
          }
          // Deterministic for the same input.
          expect(run(cands, size, seed, ['g1', 'g2', 'g3'])).toEqual(r);
        },
      ),
      { numRuns: 300, seed: 99 },
    );
  });

  it('size >= population takes everyone', () => {
    const small = population(15);
    const r = run(small, 20, 5, ['looked after']);
    expect(ids(r).sort((a, b) => a - b)).toEqual(small.map((c) => c.item.id));
    expect(r.population).toBe(15);
    expect(r.strata.every((s) => s.allocated === s.population)).toBe(true);
    expect(r.notes).toContain('The sample size (20) is at least the population (15): every item is included.');
    expect(ids(run(small, 15, 5))).toHaveLength(15);
  });

  it('size 0 picks nothing and says so', () => {
    const r = run(pop, 0, 5, ['EHE']);
    expect(r.picks).toEqual([]);
    expect(r.strata.every((s) => s.allocated === 0)).toBe(true);
    expect(r.population).toBe(1000);
    expect(r.notes).toContain('The sample size is 0: nothing is picked.');
    expect(r.notes).toContain('Guaranteed group "EHE": cannot be represented in a sample of size 0.');
  });

  it('empty input gives an empty result', () => {
    const r = run<Plan>([], 20, 5, ['looked after']);
    expect(r).toEqual({
      seed: 5,
      size: 20,
      population: 0,
      strata: [],
      picks: [],
      groups: [{ name: 'looked after', population: 0, guaranteed: true, picked: 0 }],
      forced: [],
      notes: [
        'The population is empty: nothing to sample.',
        'Guaranteed group "looked after": no item in the population belongs to it.',
      ],
    });
  });

  it('a single stratum: a uniform random subset (chi-square over seeds)', () => {
    const cands = Array.from({ length: 12 }, (_, id) => ({ item: { id }, stratum: 'only', groups: [] }));
    const counts = new Array<number>(12).fill(0);
    const trials = 6000;
    for (let seed = 0; seed < trials; seed++) {
      const r = run(cands, 3, seed);
      expect(r.picks).toHaveLength(3);
      expect(r.picks[0]!.reason).toBe('stratum only (proportional: 3 of 12)');
      for (const id of ids(r)) counts[id]! += 1;
    }
    const e = (trials * 3) / 12;
    const chi2 = counts.reduce((a, c) => a + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(50); // 11 d.f.: p(chi2 > 50) < 1e-6
  });

  it('a stratum sample does not depend on how other strata interleave with it', () => {
    const grouped = [...pop].sort((a, b) => (a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : 0));
    const a = run(pop, 40, 'x');
    const b = run(grouped, 40, 'x');
    const set = (r: SampleResult<Plan>): number[] => ids(r).sort((p, q) => p - q);
    expect(set(b)).toEqual(set(a));
  });

  it('counts a group listed twice on one candidate once; de-duplicates include-groups', () => {
    const r = run([{ item: { id: 0 }, stratum: 'S', groups: ['g', 'g'] }], 1, 1, ['g', 'g']);
    expect(r.groups).toEqual([{ name: 'g', population: 1, guaranteed: true, picked: 1 }]);
  });

  it('finish() is idempotent and offer() after it is refused', () => {
    const s = new StratifiedSampler<Plan>({ size: 3, seed: 1, includeGroups: [] });
    for (const c of pop.slice(0, 50)) s.offer(c);
    const r = s.finish();
    expect(s.finish()).toBe(r);
    expect(() => s.offer(pop[0]!)).toThrow(/after finish/);
  });

  it('rejects bad options', () => {
    expect(() => new StratifiedSampler({ size: -1, seed: 1, includeGroups: [] })).toThrow(RangeError);
    expect(() => new StratifiedSampler({ size: 2.5, seed: 1, includeGroups: [] })).toThrow(RangeError);
    expect(() => new StratifiedSampler({ size: 2, seed: -3, includeGroups: [] })).toThrow(RangeError);
  });

  it('memory: 1,000,000 candidates over 12 strata retain at most size x strata + groups', () => {
    const size = 20;
    const includeGroups = ['looked after', 'EHE'];
    const s = new StratifiedSampler<number>({ size, seed: 2024, includeGroups });
    const bound = size * 12 + includeGroups.length;
    const g1 = ['looked after'];
    const g2 = ['EHE'];
    const none: string[] = [];
    const strata = Array.from({ length: 12 }, (_, i) => `stratum ${i}`);
    let maxRetained = 0;
    for (let i = 0; i < 1_000_000; i++) {
      s.offer({ item: i, stratum: strata[i % 12]!, groups: i % 1000 === 7 ? g1 : i % 5003 === 1 ? g2 : none });
      if ((i & 0xffff) === 0) maxRetained = Math.max(maxRetained, s.retained);
    }
    maxRetained = Math.max(maxRetained, s.retained);
    expect(maxRetained).toBeLessThanOrEqual(bound);
    expect(s.retained).toBe(bound);
    expect(s.population).toBe(1_000_000);
    const r = s.finish();
    expect(r.picks).toHaveLength(size);
    expect(r.groups.filter((g) => g.guaranteed).every((g) => g.picked >= 1)).toBe(true);
  });
});
