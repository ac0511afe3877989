/**
 * Every plan ranked (`priority --top 0`) in memory that does not grow with the export: items are
 * sorted in runs of `runSize`, each full run is written to a spool (util/spool.ts) as JSON lines,
 * and the list is read back as a merge of the runs (a heap of one head per run). A national export
 * (640,000 plans, about 1 KB an entry) held whole took about 700 MB; this holds one run and a
 * 64 KiB buffer per spilled run. A list that fits in one run never touches the disk.
 *
 * Items must survive JSON: plain objects of strings, finite numbers, booleans, null and arrays
 * (a PriorityEntry). Read back, an item is JSON.parse of JSON.stringify of it: the same keys in
 * the same order, so a report written from it is the same byte for byte.
 */
import { BinaryHeap } from '../util/heap.js';
import { Spool } from '../util/spool.js';

const LF = 10;
const READ_BUFFER = 1 << 16;

interface Run {
  start: number;
  end: number;
}

/** The items of one spilled run, in order, read a buffer at a time. */
function* readRun<T>(spool: Spool, run: Run): Generator<T> {
  let buf = Buffer.allocUnsafe(READ_BUFFER);
  let fill = 0;
  let pos = run.start;
  for (;;) {
    const n = pos < run.end ? spool.read(buf.subarray(fill, fill + Math.min(buf.length - fill, run.end - pos)), pos) : 0;
    pos += n;
    fill += n;
    // Only the bytes read: what lies past them is left over from earlier reads.
    const filled = buf.subarray(0, fill);
    let from = 0;
    for (let lf = filled.indexOf(LF); lf >= 0; lf = filled.indexOf(LF, from)) {
      yield JSON.parse(buf.toString('utf8', from, lf)) as T;
      from = lf + 1;
    }
    if (n === 0) {
      if (from < fill) throw new Error('SpilledSort: a spilled run ends inside an item');
      return;
    }
    // The start of an item not read whole yet moves to the front; an item longer than the buffer grows it.
    buf.copy(buf, 0, from, fill);
    fill -= from;
    if (fill === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, fill);
      buf = bigger;
    }
  }
}

export class SpilledSort<T> {
  private held: T[] = [];
  private readonly runs: Run[] = [];
  private spool: Spool | undefined;
  /** Items offered so far. */
  offered = 0;

  constructor(
    private readonly cmp: (a: T, b: T) => number,
    readonly runSize = 20_000,
  ) {
    if (!Number.isInteger(runSize) || runSize < 1) throw new RangeError(`SpilledSort runSize must be a whole number >= 1 (got ${runSize})`);
  }

  /** Whether some items went to disk (the list is then read back from it). */
  get spilled(): boolean {
    return this.runs.length > 0;
  }

  offer(item: T): void {
    this.offered++;
    this.held.push(item);
    if (this.held.length >= this.runSize) this.spill();
  }

  /** Every item offered, best first; may be called more than once (each call reads the runs afresh). */
  *sorted(): Generator<T> {
    const tail = [...this.held].sort(this.cmp);
    if (this.spool === undefined) {
      yield* tail;
      return;
    }
    const spool = this.spool;
    const sources: Iterator<T>[] = [...this.runs.map((r) => readRun<T>(spool, r)), tail[Symbol.iterator]()];
    // The head of each run, the next of the list at the root; ties (none, for unique references) go to the earlier run.
    const heads = new BinaryHeap<[T, number]>((a, b) => {
      const c = this.cmp(a[0], b[0]);
      return c < 0 || (c === 0 && a[1] < b[1]);
    });
    sources.forEach((s, i) => {
      const first = s.next();
      if (!first.done) heads.push([first.value, i]);
    });
    for (let head = heads.peek(); head !== undefined; head = heads.peek()) {
      yield head[0];
      const next = sources[head[1]]!.next();
      if (next.done) heads.pop();
      else heads.replaceRoot([next.value, head[1]]);
    }
  }

  /** Delete the spilled runs (also done when the process exits). */
  close(): void {
    this.spool?.close();
  }

  private spill(): void {
    this.held.sort(this.cmp);
    this.spool ??= new Spool('priority');
    const start = this.spool.length;
    for (const item of this.held) this.spool.text(`${JSON.stringify(item)}\n`);
    this.runs.push({ start, end: this.spool.length });
    this.held = [];
  }
}
