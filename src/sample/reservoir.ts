/**
 * Reservoir sampling, Algorithm R (Vitter 1985, "Random sampling with a reservoir").
 */
import type { Rng } from './prng.js';

/**
 * Keeps a uniformly random subset of at most `capacity` of the items offered to it, in one pass
 * and O(capacity) memory.
 *
 * The first `capacity` items fill the reservoir; the n-th item after that (n counted from 1 over
 * everything offered) draws `j = rng.nextInt(n)` and replaces slot `j` when `j < capacity`. So
 * after `seen` offers, every `capacity`-subset of them is equally likely to be held. Exactly one
 * `nextInt` is drawn per offer once the reservoir is full (none before, none when capacity is 0).
 *
 * The slot order of `items()` is not a random order (the first items sit in input order until
 * replaced): shuffle before taking a prefix.
 */
export class Reservoir<T> {
  private readonly slots: T[] = [];
  private count = 0;

  constructor(
    readonly capacity: number,
    private readonly rng: Rng,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      throw new RangeError(`reservoir capacity must be a non-negative integer; got ${String(capacity)}`);
    }
  }

  /** Offer one item; returns whether the reservoir kept it (for now). */
  offer(item: T): boolean {
    this.count++;
    if (this.slots.length < this.capacity) {
      this.slots.push(item);
      return true;
    }
    if (this.capacity === 0) return false;
    const j = this.rng.nextInt(this.count);
    if (j < this.capacity) {
      this.slots[j] = item;
      return true;
    }
    return false;
  }

  /** How many items have been offered. */
  get seen(): number {
    return this.count;
  }

  /** How many items are held now: `min(seen, capacity)`. */
  get size(): number {
    return this.slots.length;
  }

  /** A copy of the items held, in slot order. */
  items(): T[] {
    return this.slots.slice();
  }
}
