/**
 * SpilledSort (priority --top 0 past LIST_HELD plans): the merged runs give exactly the order of an
 * in-memory sort, items come back as JSON round trips of themselves, and the spool holds whatever
 * the items hold (long text, non-ASCII, items longer than the read buffer).
 */
import { describe, expect, it } from 'vitest';
import { SpilledSort } from '../../src/priority/spilledSort.js';
import { comparePriority, type PriorityEntry } from '../../src/priority/rank.js';
import { createRng } from '../../src/sample/prng.js';

function entries(n: number, seed: number): PriorityEntry[] {
  const g = createRng(seed);
  const rng = () => g.nextFloat();
  const out: PriorityEntry[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor(rng() * 28);
    out.push({
      ref: `EHC-${String(Math.floor(rng() * 1e6)).padStart(6, '0')}-${i}`,
      ...(i % 7 === 0 ? { name: `Zoë Ø'Brien “${i}” 🙂` } : {}),
      score: Math.floor(rng() * 12) + (rng() < 0.3 ? 0.5 : 0),
      grade: ['Good', 'Inadequate', 'Requires improvement'][i % 3]!,
      planScore: i % 11 === 0 ? null : Math.round(rng() * 1000) / 10,
      finalIssued: i % 5 === 0 ? null : `2024-0${1 + (i % 9)}-${String(day).padStart(2, '0')}`,
      file: 'export.csv',
      line: i + 2,
      factors: i % 4 === 0 ? [] : [{ id: 'looked_after', points: 5, reason: 'looked after\n(line "two")' }],
    });
  }
  return out;
}

const sortedRefs = (xs: PriorityEntry[]) => [...xs].sort(comparePriority);

describe('SpilledSort', () => {
  it.each([
    [0, 5],
    [1, 5],
    [5, 5],
    [6, 5],
    [1000, 7],
    [1000, 1],
    [2500, 100],
  ])('%i items in runs of %i: the order and the items of an in-memory sort', (n, run) => {
    const items = entries(n, n + run);
    const s = new SpilledSort(comparePriority, run);
    for (const e of items) s.offer(e);
    expect(s.offered).toBe(n);
    expect(s.spilled).toBe(n >= run);
    const want = sortedRefs(items);
    expect([...s.sorted()]).toEqual(want);
    // Read again (a second output format): the same.
    expect([...s.sorted()]).toEqual(want);
    s.close();
  });

  it('an item longer than the read buffer (64 KiB) comes back whole', () => {
    const items = entries(50, 3);
    items[17]!.factors = [{ id: 'looked_after', points: 5, reason: 'x'.repeat(200_000) }];
    items[30]!.name = 'é'.repeat(70_000);
    const s = new SpilledSort(comparePriority, 4);
    for (const e of items) s.offer(e);
    expect([...s.sorted()]).toEqual(sortedRefs(items));
    s.close();
  });

  it('stopping part way through and starting again gives the whole list', () => {
    const items = entries(300, 9);
    const s = new SpilledSort(comparePriority, 32);
    for (const e of items) s.offer(e);
    const first = [];
    for (const e of s.sorted()) {
      first.push(e);
      if (first.length === 10) break;
    }
    expect(first).toEqual(sortedRefs(items).slice(0, 10));
    expect([...s.sorted()]).toHaveLength(300);
    s.close();
  });
});
