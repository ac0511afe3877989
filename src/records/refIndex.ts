/**
 * The plan references seen so far in an export, each with the line it was first seen on: the
 * duplicate-reference check (records/source.ts) asks it about every record.
 *
 * Kept off the JavaScript heap: the references' UTF-8 bytes end to end in one growing buffer, an
 * open-addressing hash table of indexes into it, and the lines in a typed array. A Map of strings
 * cost about 90 bytes a reference on the heap (the string, its entry, the table), which the
 * garbage collector scans again and again and V8 over-reserves for: at 400,000 plans that was the
 * part of an audit's memory that grew with the export (issue 7). Here a reference costs its own
 * bytes plus about 28.
 */
const encoder = new TextEncoder();
const EMPTY = 0;

export class RefIndex {
  /** The references' bytes: reference i is bytes[starts[i], starts[i + 1]). */
  private bytes = new Uint8Array(1 << 16);
  private starts = new Float64Array(1 << 12);
  private lines = new Float64Array(1 << 12);
  private hashes = new Uint32Array(1 << 12);
  /** Slots: 0 empty, else index + 1. The size is a power of two, at most half full. */
  private table = new Uint32Array(1 << 13);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /**
   * The line `ref` was first seen on, or undefined when it is new; a new reference is added with
   * `line`. One lookup, so the duplicate check costs one hash of the reference.
   */
  firstLineOrAdd(ref: string, line: number): number | undefined {
    const at = this.starts[this.n]!;
    // Encode at the end of the buffer: these bytes become the new entry, or are written over.
    const end = this.encodeAt(ref, at);
    const hash = fnv1a(this.bytes, at, end);
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (let s = this.table[slot]!; s !== EMPTY; s = this.table[slot]!) {
      const i = s - 1;
      if (this.hashes[i] === hash && this.sameBytes(i, at, end)) return this.lines[i]!;
      slot = (slot + 1) & mask;
    }
    if (this.n + 2 > this.starts.length) this.growEntries();
    this.table[slot] = this.n + 1;
    this.hashes[this.n] = hash;
    this.lines[this.n] = line;
    this.n++;
    this.starts[this.n] = end;
    if (this.n * 2 > this.table.length) this.rehash();
    return undefined;
  }

  /** Writes `ref` as UTF-8 at byte `at` (growing the buffer as needed); returns where it ends. */
  private encodeAt(ref: string, at: number): number {
    // At most 3 bytes per UTF-16 unit.
    if (at + ref.length * 3 > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, at + ref.length * 3));
      bigger.set(this.bytes.subarray(0, at));
      this.bytes = bigger;
    }
    return at + encoder.encodeInto(ref, this.bytes.subarray(at)).written;
  }

  private sameBytes(i: number, at: number, end: number): boolean {
    const a = this.starts[i]!;
    const len = this.starts[i + 1]! - a;
    if (len !== end - at) return false;
    const b = this.bytes;
    for (let k = 0; k < len; k++) if (b[a + k] !== b[at + k]) return false;
    return true;
  }

  private growEntries(): void {
    const size = this.starts.length * 2;
    const grow = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, (n) => new Float64Array(n));
    this.lines = grow(this.lines, (n) => new Float64Array(n));
    this.hashes = grow(this.hashes, (n) => new Uint32Array(n));
  }

  private rehash(): void {
    const table = new Uint32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let i = 0; i < this.n; i++) {
      let slot = this.hashes[i]! & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
  }
}

/** FNV-1a over bytes[from, to), 32 bits. */
function fnv1a(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
