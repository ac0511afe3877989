/**
 * One-pass stratified sampling with proportional (largest-remainder) allocation and guaranteed
 * groups, the way inspectors draw an audit sample: e.g. 20 plans stratified by primary need x
 * phase, making sure that looked-after children (etc.) appear.
 *
 * Memory is O(size x strata + include-groups), independent of the population: each stratum keeps a
 * reservoir of capacity `size` (no stratum can be allocated more than the whole sample), and each
 * include-group a reservoir of capacity 1. (Group *counts* are also kept, one number per distinct
 * group name, so group names should be a small set of labels, as stratum keys should be.)
 *
 * Randomness: every stratum and every include-group has its own stream,
 * `deriveRng(seed, 'stratum', key)` / `deriveRng(seed, 'group', name)`, so a stratum's sample
 * depends only on the seed and the sequence of that stratum's candidates, not on how strata
 * interleave in the input or which groups are requested.
 */
import { allocateLargestRemainder, compareKeys } from './allocation.js';
import { deriveRng, seedMaterial, type Rng, type Seed } from './prng.js';
import { Reservoir } from './reservoir.js';

export interface SampleCandidate<T> {
  item: T;
  /** The stratum key, e.g. `"ASD / KS2"`. */
  stratum: string;
  /** Groups the item belongs to, e.g. `['looked after']`. */
  groups: string[];
}

export interface StratifiedOptions<T = unknown> {
  /** How many items to pick. */
  size: number;
  /** A non-negative integer up to 2^53-1, or a string (see `createRng`). */
  seed: Seed;
  /** Groups that must be represented whenever they exist in the population, in priority order. */
  includeGroups: string[];
  /**
   * Called once for an item when a reservoir first keeps it, to make the copy that is held (e.g. one
   * that no longer shares memory with the input's read buffers). Most offered items are never kept.
   */
  retain?: (item: T) => T;
}

export interface SamplePick<T> {
  item: T;
  stratum: string;
  /** Why it was picked, e.g. `stratum ASD / KS2 (proportional: 3 of 41)`. */
  reason: string;
}

export interface SampleStratum {
  key: string;
  population: number;
  /** Picks actually taken from this stratum (after any swaps for guaranteed groups). */
  allocated: number;
  /** The largest-remainder allocation, before swaps. */
  proportional: number;
}

export interface SampleGroup {
  name: string;
  /** Items in the population that belong to the group. */
  population: number;
  /** Whether the group was requested in `includeGroups`. */
  guaranteed: boolean;
  /** Picks that belong to the group. */
  picked: number;
}

export interface SampleResult<T> {
  seed: Seed;
  /** The requested sample size (`picks.length` is `min(size, population)`). */
  size: number;
  population: number;
  /** Every stratum seen, in key order (code units). */
  strata: SampleStratum[];
  /** Sorted by stratum key, then by position in the input. */
  picks: SamplePick<T>[];
  /** The include-groups in the order given, then every other group seen, in key order. */
  groups: SampleGroup[];
  /** The include-groups a member was put in for, replacing a proportional pick, in the order done. */
  forced: string[];
  notes: string[];
}

interface Entry<T> {
  item: T;
  stratum: string;
  groups: readonly string[];
  /** Position in the input (0-based). */
  index: number;
}

interface StratumState<T> {
  key: string;
  population: number;
  rng: Rng;
  reservoir: Reservoir<Entry<T>>;
}

interface GroupState<T> {
  name: string;
  reservoir: Reservoir<Entry<T>>;
}

interface WorkingPick<T> {
  entry: Entry<T>;
  reason: string;
}

/**
 * Offer every candidate once with {@link offer}, then call {@link finish}.
 *
 * At `finish()`:
 * 1. `size` is allocated across strata in proportion to their populations (largest remainder,
 *    ties by stratum key in code-unit order; see `allocateLargestRemainder`). If
 *    `size >= population`, everything is taken.
 * 2. Each stratum's reservoir (a uniform random subset of the stratum) is shuffled with the
 *    stratum's stream and its first `allocated` items are picked: a uniform random subset.
 * 3. For each include-group, in the order given, that exists in the population but has no pick,
 *    the group's reserved candidate (a uniform random member of the group) replaces a pick:
 *    preferably one from the candidate's own stratum (so no stratum's count changes), otherwise
 *    one from the stratum whose current count most exceeds its exact quota
 *    `size x population / total` (ties by key). A pick that is the only one representing another
 *    include-group is not replaced, unless the sample is too small for every group: then only
 *    the groups listed earlier are protected (the order given is the priority). Within a stratum,
 *    the last-taken replaceable pick goes (random, since the stratum was shuffled). Each swap is
 *    recorded in `notes`. When `size` is at least the number of include-groups present, every
 *    one of them is represented.
 * 4. Picks are sorted by stratum key, then by input position.
 *
 * The same candidates offered in the same order with the same options give the same result.
 */
export class StratifiedSampler<T> {
  private readonly size: number;
  private readonly seed: Seed;
  private readonly retain: ((item: T) => T) | undefined;
  private readonly includeGroups: string[];
  private readonly strata = new Map<string, StratumState<T>>();
  private readonly includeStates = new Map<string, GroupState<T>>();
  private readonly groupCounts = new Map<string, number>();
  private count = 0;
  private result: SampleResult<T> | undefined;

  constructor(opts: StratifiedOptions<T>) {
    if (!Number.isSafeInteger(opts.size) || opts.size < 0) {
      throw new RangeError(`sample size must be a non-negative integer; got ${String(opts.size)}`);
    }
    seedMaterial(opts.seed); // throws RangeError for an invalid seed
    this.size = opts.size;
    this.seed = opts.seed;
    this.retain = opts.retain;
    this.includeGroups = [];
    for (const name of opts.includeGroups) {
      if (typeof name !== 'string') throw new TypeError('include-group names must be strings');
      if (this.includeStates.has(name)) continue;
      this.includeGroups.push(name);
      this.includeStates.set(name, {
        name,
        reservoir: new Reservoir<Entry<T>>(1, deriveRng(opts.seed, 'group', name)),
      });
    }
  }

  offer(c: SampleCandidate<T>): void {
    if (this.result !== undefined) throw new Error('StratifiedSampler: offer() after finish()');
    if (typeof c.stratum !== 'string') throw new TypeError('candidate stratum must be a string');
    const entry: Entry<T> = { item: c.item, stratum: c.stratum, groups: c.groups.slice(), index: this.count++ };

    let st = this.strata.get(c.stratum);
    if (st === undefined) {
      const rng = deriveRng(this.seed, 'stratum', c.stratum);
      st = { key: c.stratum, population: 0, rng, reservoir: new Reservoir<Entry<T>>(this.size, rng) };
      this.strata.set(c.stratum, st);
    }
    st.population++;
    let kept = st.reservoir.offer(entry);

    const groups = entry.groups;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (groups.indexOf(g) < i) continue; // listed twice: count once
      this.groupCounts.set(g, (this.groupCounts.get(g) ?? 0) + 1);
      kept = (this.includeStates.get(g)?.reservoir.offer(entry) ?? false) || kept;
    }
    // The entry object is shared by every reservoir that holds it, so one copy serves them all.
    if (kept && this.retain) entry.item = this.retain(entry.item);
  }

  /** Candidates offered so far. */
  get population(): number {
    return this.count;
  }

  /** Candidates held in memory now (all reservoirs): at most `size x strata + include-groups`. */
  get retained(): number {
    let n = 0;
    for (const st of this.strata.values()) n += st.reservoir.size;
    for (const g of this.includeStates.values()) n += g.reservoir.size;
    return n;
  }

  /**
   * Draws the sample. Calling it again returns the same result; `offer()` is then refused.
   * @param sizeOverride a final size no larger than the constructor's (e.g. a size worked out from
   * the population once the pass is over); the reservoirs, sized for the larger bound, stay uniform.
   */
  finish(sizeOverride?: number): SampleResult<T> {
    if (this.result === undefined) this.result = this.draw(sizeOverride);
    return this.result;
  }

  private draw(sizeOverride: number | undefined): SampleResult<T> {
    if (sizeOverride !== undefined && (!Number.isSafeInteger(sizeOverride) || sizeOverride < 0 || sizeOverride > this.size)) {
      throw new RangeError(`finish(size): size must be an integer from 0 to ${this.size}; got ${String(sizeOverride)}`);
    }
    const size = sizeOverride ?? this.size;
    const population = this.count;
    const notes: string[] = [];
    const strata = [...this.strata.values()].sort((a, b) => compareKeys(a.key, b.key));
    const proportional = allocateLargestRemainder(
      size,
      strata.map((s) => ({ key: s.key, population: s.population })),
    );

    if (population === 0) {
      notes.push('The population is empty: nothing to sample.');
    } else if (size >= population) {
      notes.push(`The sample size (${size}) is at least the population (${population}): every item is included.`);
    } else if (size === 0) {
      notes.push('The sample size is 0: nothing is picked.');
    }

    // Proportional picks: a uniform random subset of each stratum.
    const picks: WorkingPick<T>[] = [];
    strata.forEach((st, i) => {
      const k = proportional[i] ?? 0;
      const held = st.rng.shuffle(st.reservoir.items());
      const reason = `stratum ${st.key} (proportional: ${k} of ${st.population})`;
      for (const entry of held.slice(0, k)) picks.push({ entry, reason });
    });

    // Guaranteed groups.
    const forced: string[] = [];
    const quotaNumerator = new Map(strata.map((s) => [s.key, BigInt(size) * BigInt(s.population)]));
    const bigPopulation = BigInt(population);
    for (const name of this.includeGroups) {
      const groupPopulation = this.groupCounts.get(name) ?? 0;
      if (groupPopulation === 0) {
        notes.push(`Guaranteed group "${name}": no item in the population belongs to it.`);
        continue;
      }
      if (picks.some((p) => p.entry.groups.includes(name))) continue;
      const candidate = this.includeStates.get(name)?.reservoir.items()[0];
      if (candidate === undefined) continue; // cannot happen: the group has members
      if (picks.length === 0) {
        notes.push(`Guaranteed group "${name}": cannot be represented in a sample of size 0.`);
        continue;
      }

      // Picks that may go: not the only one representing another include-group. If every pick
      // is such a sole representative (a sample smaller than the number of groups), fall back to
      // protecting only the groups listed before this one: earlier groups have priority.
      const represented = new Map<string, number>();
      for (const p of picks) {
        for (const g of this.includeGroups) {
          if (p.entry.groups.includes(g)) represented.set(g, (represented.get(g) ?? 0) + 1);
        }
      }
      const earlier = this.includeGroups.slice(0, this.includeGroups.indexOf(name));
      const chooseVictim = (protectedGroups: readonly string[]): number => {
        const replaceable = (p: WorkingPick<T>): boolean =>
          protectedGroups.every((g) => g === name || !p.entry.groups.includes(g) || (represented.get(g) ?? 0) > 1);
        const lastReplaceableIn = (key: string): number => {
          for (let i = picks.length - 1; i >= 0; i--) {
            const p = picks[i] as WorkingPick<T>;
            if (p.entry.stratum === key && replaceable(p)) return i;
          }
          return -1;
        };
        const own = lastReplaceableIn(candidate.stratum);
        if (own >= 0) return own;
        // The stratum whose count most exceeds its exact quota: max(count x N - size x pop).
        const counts = new Map<string, number>();
        for (const p of picks) counts.set(p.entry.stratum, (counts.get(p.entry.stratum) ?? 0) + 1);
        let best: { excess: bigint; at: number } | undefined;
        for (const st of strata) {
          const at = lastReplaceableIn(st.key);
          if (at < 0) continue;
          const excess = BigInt(counts.get(st.key) ?? 0) * bigPopulation - (quotaNumerator.get(st.key) ?? 0n);
          if (best === undefined || excess > best.excess) best = { excess, at };
        }
        return best?.at ?? -1;
      };

      let victim = chooseVictim(this.includeGroups);
      if (victim < 0) victim = chooseVictim(earlier);
      if (victim < 0) {
        notes.push(
          `Guaranteed group "${name}": could not be represented without dropping the only pick of a group listed before it.`,
        );
        continue;
      }
      const replaced = picks[victim] as WorkingPick<T>;
      const dropped = this.includeGroups.filter(
        (g) => g !== name && replaced.entry.groups.includes(g) && represented.get(g) === 1,
      );
      picks[victim] = { entry: candidate, reason: `guaranteed group: ${name} (stratum ${candidate.stratum})` };
      forced.push(name);
      notes.push(
        replaced.entry.stratum === candidate.stratum
          ? `Guaranteed group "${name}": no proportional pick belonged to it, so a random member replaced a pick in the same stratum (${candidate.stratum}).`
          : `Guaranteed group "${name}": no proportional pick belonged to it, so a random member (stratum ${candidate.stratum}) replaced a pick from stratum ${replaced.entry.stratum}.`,
      );
      if (dropped.length > 0) {
        notes.push(
          `Guaranteed group "${name}" took priority over ${dropped.map((g) => `"${g}"`).join(', ')}: the sample is too small for every group.`,
        );
      }
    }

    picks.sort((a, b) => compareKeys(a.entry.stratum, b.entry.stratum) || a.entry.index - b.entry.index);

    const finalCounts = new Map<string, number>();
    for (const p of picks) finalCounts.set(p.entry.stratum, (finalCounts.get(p.entry.stratum) ?? 0) + 1);
    const pickedIn = (name: string): number => picks.filter((p) => p.entry.groups.includes(name)).length;
    const otherGroups = [...this.groupCounts.keys()]
      .filter((g) => !this.includeStates.has(g))
      .sort(compareKeys);

    return {
      seed: this.seed,
      size,
      population,
      strata: strata.map((st, i) => ({
        key: st.key,
        population: st.population,
        allocated: finalCounts.get(st.key) ?? 0,
        proportional: proportional[i] ?? 0,
      })),
      picks: picks.map((p) => ({ item: p.entry.item, stratum: p.entry.stratum, reason: p.reason })),
      groups: [
        ...this.includeGroups.map((name) => ({
          name,
          population: this.groupCounts.get(name) ?? 0,
          guaranteed: true,
          picked: pickedIn(name),
        })),
        ...otherGroups.map((name) => ({
          name,
          population: this.groupCounts.get(name) ?? 0,
          guaranteed: false,
          picked: pickedIn(name),
        })),
      ],
      forced,
      notes,
    };
  }
}
