/**
 * Record boundaries in the bytes of a JSON Lines or multi-document YAML export, so that a large
 * export can be cut into blocks of whole records and read in parallel (audit/parallel/). Same
 * interface as the CSV RowBoundaryScanner: scan a buffer that starts at a record boundary, cut
 * where it says, and know how many lines the block holds (the line the next block starts on).
 * Lines are counted as utf8Lines counts them: one per LF.
 */

import { bytesView } from '../../util/bytes.js';

const LF = 10;

export interface BlockCutter {
  /** The offset of the last boundary in `buf` past its start, or -1 when there is none yet. */
  scan(buf: Uint8Array): number;
  /** Lines in the bytes before the offset `scan` returned. */
  readonly linesToEnd: number;
  /** The caller dropped the bytes before that offset. */
  cut(offset: number): void;
}

function countLF(bytes: Uint8Array, end: number): number {
  const buf = bytesView(bytes);
  let n = 0;
  for (let i = buf.indexOf(LF); i !== -1 && i < end; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/** JSON Lines: every line is a record (JSON text never holds a raw line break). */
export class JsonLinesCutter implements BlockCutter {
  linesToEnd = 0;
  /** Bytes already searched (a long line is searched once, not again on every read). */
  private from = 0;
  private lastCut = -1;

  scan(buf: Uint8Array): number {
    const i = bytesView(buf.subarray(this.from)).lastIndexOf(LF);
    if (i >= 0) {
      this.lastCut = this.from + i + 1;
      this.linesToEnd = countLF(buf, this.lastCut);
    }
    this.from = buf.length;
    return this.lastCut;
  }

  cut(offset: number): void {
    this.from = Math.max(0, this.from - offset);
    this.lastCut = -1;
    this.linesToEnd = 0;
  }
}

const MARKER = [0x2d, 0x2d, 0x2d]; // ---

/**
 * Multi-document YAML: a block ends just before a `---` document marker at the start of a line
 * (followed by a space, a tab or the line's end), where loaders/structured.ts readYaml starts a
 * new document whatever came before, so a block reads alike on its own. The search goes forward
 * from where the last one stopped, so a long stretch without a marker (a single-document list)
 * is searched once, not again on every read.
 */
export class YamlDocumentCutter implements BlockCutter {
  linesToEnd = 0;
  /** Where the next search starts (the LF before a possible marker). */
  private from = 0;
  private lastCut = -1;

  scan(bytes: Uint8Array): number {
    const buf = bytesView(bytes);
    const n = buf.length;
    let i = buf.indexOf(LF, this.from);
    for (; i !== -1; i = buf.indexOf(LF, i + 1)) {
      const at = i + 1;
      if (at + 3 >= n) break; // what follows the marker is not read yet: look again next time
      if (buf[at] !== MARKER[0] || buf[at + 1] !== MARKER[1] || buf[at + 2] !== MARKER[2]) continue;
      const next = buf[at + 3];
      if (next === 0x20 || next === 0x09 || next === LF || next === 0x0d) this.lastCut = at;
    }
    this.from = i === -1 ? Math.max(0, n - 1) : i;
    if (this.lastCut > 0) this.linesToEnd = countLF(buf, this.lastCut);
    return this.lastCut > 0 ? this.lastCut : -1;
  }

  cut(offset: number): void {
    this.from = Math.max(0, this.from - offset);
    this.lastCut = -1;
    this.linesToEnd = 0;
  }
}
