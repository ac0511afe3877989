/** Ranking: the order's invariants, the weights file changing it, ties, and the bounded heap. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFactors, priorityScore, type FactorContext } from '../../src/priority/factors.js';
import { comparePriority, runPriority, TopN, type PriorityEntry } from '../../src/priority/rank.js';
import { loadWeights } from '../../src/priority/weights.js';
import { isoFromDayNumber, dayNumber } from '../../src/records/dates.js';
import type { PlanRecord } from '../../src/records/model.js';
import { PlanSource } from '../../src/records/source.js';
import { loadRubric } from '../../src/rubric/load.js';
import type { Scorecard } from '../../src/rubric/score.js';
import { createRng } from '../../src/sample/prng.js';
import { AS_OF, card, ctx, plan } from './helpers.js';

function entry(rec: PlanRecord, sc: Scorecard, c: FactorContext = ctx()): PriorityEntry {
  const factors = evaluateFactors(rec, sc, c);
  return { ref: rec.ref, score: priorityScore(factors), grade: sc.grade, planScore: sc.score, finalIssued: rec.dates.finalIssued ?? null, file: 'x', line: 1, factors };
}

const rankRefs = (entries: PriorityEntry[]) => [...entries].sort(comparePriority).map((e) => e.ref);

describe('priority order', () => {
  it('a looked-after plan graded Inadequate with an overdue review outranks a Good plan with no risk factors', () => {
    const risky = entry(plan({ ref: 'B-risky', child: { lookedAfter: true }, dates: { finalIssued: '2025-06-01' } }), card('Inadequate', ['G-health-provision']));
    const fine = entry(plan({ ref: 'A-fine', dates: { request: '2018-10-01', finalIssued: '2019-01-01', lastReview: '2026-10-01' } }), card('Good'));
    expect(fine.score).toBe(0);
    expect(risky.score).toBeGreaterThan(fine.score);
    expect(rankRefs([fine, risky])).toEqual(['B-risky', 'A-fine']);
  });

  it('changing a weight in a weights file changes the order as documented', () => {
    // P-lac: looked after (5). P-y6: Year 6 transition with the deadline beyond 12 weeks (3) + issued late (1) = 4.
    const lac = plan({ ref: 'P-lac', child: { lookedAfter: true } });
    const y6 = plan({ ref: 'P-y6', child: { ncYear: 6 }, dates: { request: '2025-09-01', finalIssued: '2026-03-01' } });
    const asOf = '2026-10-01'; // 15/02/2027 is 19 weeks away
    const byDefault = [entry(lac, card(), ctx(asOf)), entry(y6, card(), ctx(asOf))];
    expect(byDefault.map((e) => e.score)).toEqual([5, 4]);
    expect(rankRefs(byDefault)).toEqual(['P-lac', 'P-y6']);

    const dir = mkdtempSync(join(tmpdir(), 'ehcp-priority-'));
    const file = join(dir, 'weights.yaml');
    writeFileSync(file, 'factors:\n  looked_after:\n    weight: 3\n');
    const w = loadWeights(file).weights;
    const withFile = [entry(lac, card(), ctx(asOf, w)), entry(y6, card(), ctx(asOf, w))];
    expect(withFile.map((e) => e.score)).toEqual([3, 4]);
    expect(rankRefs(withFile)).toEqual(['P-y6', 'P-lac']);

    // Widening the deadline window lifts the transition instead.
    writeFileSync(file, 'factors:\n  transition: { deadline_within_weeks: 20 }\n');
    const w2 = loadWeights(file).weights;
    expect([entry(lac, card(), ctx(asOf, w2)), entry(y6, card(), ctx(asOf, w2))].map((e) => e.score)).toEqual([5, 6]);
  });

  it('ties: higher score, then the older final plan, then the reference; plans with no issue date last', () => {
    const e = (ref: string, score: number, finalIssued: string | null): PriorityEntry => ({ ref, score, finalIssued, grade: 'Good', planScore: 90, file: 'x', line: 1, factors: [] });
    const list = [e('C', 5, '2020-01-01'), e('B', 5, '2019-01-01'), e('A', 5, '2020-01-01'), e('D', 6, '2024-01-01'), e('E', 5, null), e('0', 5, null), e('F', 4, '2001-01-01')];
    expect(rankRefs(list)).toEqual(['D', 'B', 'A', 'C', '0', 'E', 'F']);
    // The same whatever order the plans arrive in.
    const rng = createRng(7);
    for (let i = 0; i < 20; i++) expect(rankRefs(rng.shuffle([...list]))).toEqual(['D', 'B', 'A', 'C', '0', 'E', 'F']);
    // Code-unit order, not locale order.
    expect(rankRefs([e('b', 1, null), e('B', 1, null), e('a', 1, null)])).toEqual(['B', 'a', 'b']);
  });
});

/** 10,000 generated plans with a spread of factors, scored against synthetic scorecards. */
function generated(n: number): PriorityEntry[] {
  const rng = createRng('priority-heap');
  const grades = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'];
  const c = ctx();
  const out: PriorityEntry[] = [];
  for (let i = 0; i < n; i++) {
    const issued = isoFromDayNumber(dayNumber('2014-01-01') + rng.nextInt(4700));
    const rec = plan({
      ref: `EHCP-${String(rng.nextInt(100000)).padStart(5, '0')}-${i}`,
      child: { ncYear: rng.nextInt(17) - 2, lookedAfter: rng.nextInt(20) === 0, youthCustody: rng.nextInt(200) === 0 },
      dates: { request: isoFromDayNumber(dayNumber(issued) - 60 - rng.nextInt(200)), finalIssued: issued, ...(rng.nextInt(2) ? { lastReview: isoFromDayNumber(dayNumber('2025-06-01') + rng.nextInt(500)) } : {}) },
      ...(rng.nextInt(10) === 0 ? { qa: {} } : {}),
    });
    out.push(entry(rec, card(grades[rng.nextInt(4)], rng.nextInt(3) === 0 ? ['G-health-provision'] : [], rec.ref), c));
  }
  return out;
}

describe('bounded heap', () => {
  const all = generated(10_000);
  const fullSort = [...all].sort(comparePriority);

  it('top 5 of 10,000 holds at most 5 at any time and returns the same list as a full sort', () => {
    const top = new TopN<PriorityEntry>(5, comparePriority);
    let most = 0;
    for (const e of all) {
      top.offer(e);
      most = Math.max(most, top.size);
    }
    expect(most).toBe(5);
    expect(top.size).toBe(5);
    expect(top.offered).toBe(10_000);
    expect(top.sorted()).toEqual(fullSort.slice(0, 5));
  });

  it('any N, in any arrival order, equals the full sort (ties included)', () => {
    const rng = createRng(11);
    for (const n of [1, 2, 3, 20, 137, 9_999, 10_000, 12_000]) {
      const top = new TopN<PriorityEntry>(n, comparePriority);
      for (const e of rng.shuffle([...all])) top.offer(e);
      expect(top.sorted().map((e) => e.ref), `N=${n}`).toEqual(fullSort.slice(0, n).map((e) => e.ref));
    }
    expect(new Set(all.map((e) => e.score)).size).toBeGreaterThan(5);
  });

  it('limit 0 keeps every plan', () => {
    const top = new TopN<number>(0, (a, b) => b - a);
    for (let i = 0; i < 100; i++) top.offer(i);
    expect(top.sorted()).toHaveLength(100);
    expect(top.sorted()[0]).toBe(99);
    expect(() => new TopN<number>(-1, (a, b) => a - b)).toThrow(RangeError);
  });
});

describe('runPriority over a file', () => {
  it('streams 10,000 records: top 5 is the head of the full list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-priority-'));
    const file = join(dir, 'plans.jsonl');
    const rng = createRng('priority-file');
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const issued = isoFromDayNumber(dayNumber('2015-01-01') + rng.nextInt(4000));
      lines.push(
        JSON.stringify({
          ref: `P${String(i).padStart(5, '0')}`,
          child: { ncYear: rng.nextInt(17) - 2, lookedAfter: rng.nextInt(15) === 0 },
          dates: { request: isoFromDayNumber(dayNumber(issued) - 100 - rng.nextInt(100)), finalIssued: issued, ...(i % 500 === 0 ? { ceased: '2026-01-01' } : {}) },
        }),
      );
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const rubric = loadRubric('default');
    const run = (top: number, where: string[] = []) =>
      runPriority({ source: new PlanSource({ file, asOf: AS_OF, map: null }), rubric, asOf: AS_OF, weights: loadWeights(undefined).weights, weightsFile: null, where, top, showText: false });
    const five = await run(5);
    const all = await run(0);
    expect(five.rows).toHaveLength(5);
    expect(five.considered).toBe(9_980);
    expect(five.input.records).toMatchObject({ read: 10_000, scored: 9_980, ceased: 20, rejected: 0 });
    expect(all.rows).toHaveLength(9_980);
    expect(five.rows).toEqual(all.rows.slice(0, 5));
    expect(all.rows.map((r) => r.rank)).toEqual(all.rows.map((_, i) => i + 1));
    for (let i = 1; i < all.rows.length; i++) expect(comparePriority(all.rows[i - 1]!, all.rows[i]!)).toBeLessThan(0);
    const lac = await run(0, ['child.lookedAfter=true']);
    expect(lac.rows.every((r) => r.reasons.includes('looked after'))).toBe(true);
    expect(lac.input.records.filteredOut + lac.input.records.scored + lac.input.records.ceased).toBe(10_000);
  }, 120_000);
});
