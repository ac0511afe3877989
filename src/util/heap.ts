/**
 * A binary heap: the item that comes first by `before` at the root. Used for the top N of a
 * priority list (priority/rank.ts TopN, whose root is the item ranking last among those kept) and
 * for merging sorted runs (priority/spilledSort.ts, whose root is the next item of the list).
 */
export class BinaryHeap<T> {
  private readonly h: T[] = [];

  /** `before(a, b)`: a belongs nearer the root than b. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.h.length;
  }

  /** The root (undefined when empty). */
  peek(): T | undefined {
    return this.h[0];
  }

  /** The items, in heap order (not sorted). */
  items(): readonly T[] {
    return this.h;
  }

  push(item: T): void {
    const h = this.h;
    h.push(item);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  /** Replace the root with `item` (the heap must not be empty). */
  replaceRoot(item: T): void {
    this.h[0] = item;
    this.siftDown();
  }

  /** Remove the root. */
  pop(): T | undefined {
    const h = this.h;
    const root = h[0];
    const last = h.pop();
    if (h.length > 0) {
      h[0] = last!;
      this.siftDown();
    }
    return root;
  }

  private siftDown(): void {
    const h = this.h;
    const n = h.length;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.before(h[l]!, h[m]!)) m = l;
      if (r < n && this.before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
