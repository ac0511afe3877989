/**
 * The plan references seen so far in an export, each with the line it was first seen on: the
 * duplicate-reference check (records/source.ts) asks it about every record.
 *
 * Kept off the JavaScript heap: the references' UTF-8 bytes end to end in one growing buffer, an
 * open-addressing hash table of indexes into it, and the lines in a typed array. A Map of strings
 * cost about 90 bytes a reference on the heap (the string, its entry, the table), which the
 * garbage collector scans again and again and V8 over-reserves for: at 400,000 plans that was the
 * part of an audit's memory that grew with the export (issue 7). Here a reference costs its own
 * bytes plus about 20.
 */
const encoder = new TextEncoder();
const EMPTY = 0;
const MAX_U32 = 0xffffffff;

/** A typed array of at least `size` entries holding `a`'s; 32-bit until a value needs more. */
function grown(a: Uint32Array | Float64Array, size: number): Uint32Array | Float64Array {
  const b = a instanceof Uint32Array ? new Uint32Array(size) : new Float64Array(size);
  b.set(a);
  return b;
}

export class RefIndex {
  /** The references' bytes: reference i is bytes[starts[i], starts[i + 1]). */
  private bytes = new Uint8Array(1 << 16);
  private starts: Uint32Array | Float64Array = new Uint32Array(1 << 12);
  private lines: Uint32Array | Float64Array = new Uint32Array(1 << 12);
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
    const mask = this.table.length - 1;
    let slot = fnv1a(this.bytes, at, end) & mask;
    for (let s = this.table[slot]!; s !== EMPTY; s = this.table[slot]!) {
      if (this.sameBytes(s - 1, at, end)) return this.lines[s - 1]!;
      slot = (slot + 1) & mask;
    }
    if (this.n + 2 > this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.lines = grown(this.lines, this.lines.length * 2);
    }
    // Lines and offsets past 32 bits (a file of over 4 GB) move the arrays to 64-bit numbers.
    if (line > MAX_U32 && this.lines instanceof Uint32Array) this.lines = Float64Array.from(this.lines);
    if (end > MAX_U32 && this.starts instanceof Uint32Array) this.starts = Float64Array.from(this.starts);
    this.table[slot] = this.n + 1;
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
    // ASCII (nearly every reference) byte by byte: encodeInto needs a view of the buffer made
    // for each call, which cost more than the copy (some 40 ms of a 100,000-plan audit).
    const b = this.bytes;
    for (let k = 0; k < ref.length; k++) {
      const c = ref.charCodeAt(k);
      if (c >= 0x80) return at + encoder.encodeInto(ref, b.subarray(at)).written;
      b[at + k] = c;
    }
    return at + ref.length;
  }

  private sameBytes(i: number, at: number, end: number): boolean {
    const a = this.starts[i]!;
    const len = this.starts[i + 1]! - a;
    if (len !== end - at) return false;
    const b = this.bytes;
    for (let k = 0; k < len; k++) if (b[a + k] !== b[at + k]) return false;
    return true;
  }

  /** Doubles the table; the hashes are worked out again from the bytes (rare: amortised O(1)). */
  private rehash(): void {
    const table = new Uint32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let i = 0; i < this.n; i++) {
      let slot = fnv1a(this.bytes, this.starts[i]!, this.starts[i + 1]!) & mask;
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
