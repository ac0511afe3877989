/**
 * Record boundaries in the bytes of a JSON Lines or multi-document YAML export, so that a large
 * export can be cut into blocks of whole records and read in parallel (audit/parallel/). Same
 * interface as the CSV RowBoundaryScanner: scan a buffer that starts at a record boundary, cut
 * where it says, and know how many lines the block holds (the line the next block starts on).
 * Lines are counted as the readers count them: one per LF, and one per lone CR.
 */

import { bytesView } from '../../util/bytes.js';

const LF = 10;
const CR = 13;

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

/**
 * Line breaks before `end` as utf8LineBatches counts them: LFs, and CRs not followed by an LF.
 * Every CR before `end` has its next byte in `bytes` (JsonLinesCutter never cuts between a CR and
 * what follows it).
 */
function countLineBreaks(bytes: Uint8Array, end: number): number {
  const buf = bytesView(bytes);
  let n = countLF(buf, end);
  for (let i = buf.indexOf(CR); i !== -1 && i < end; i = buf.indexOf(CR, i + 1)) if (buf[i + 1] !== LF) n++;
  return n;
}

/**
 * JSON Lines: every line is a record (JSON text never holds a raw line break). A line ends at an
 * LF or at a lone CR (a file with CR line endings has no LF at all).
 */
export class JsonLinesCutter implements BlockCutter {
  linesToEnd = 0;
  /** Bytes already searched (a long line is searched once, not again on every read). */
  private from = 0;
  private lastCut = -1;

  scan(bytes: Uint8Array): number {
    const buf = bytesView(bytes);
    const region = buf.subarray(this.from);
    const lf = region.lastIndexOf(LF);
    // A CR in the last byte may be the first half of a CRLF: it is looked at again with the next read.
    const cr = region.length > 1 ? region.subarray(0, region.length - 1).lastIndexOf(CR) : -1;
    // A CR after the last LF is followed by something else: a lone CR, a line break.
    const i = Math.max(lf, cr);
    if (i >= 0) {
      this.lastCut = this.from + i + 1;
      this.linesToEnd = countLineBreaks(buf, this.lastCut);
    }
    this.from = Math.max(this.from, buf.length - 1);
    return this.lastCut;
  }

  cut(offset: number): void {
    this.from = Math.max(0, this.from - offset);
    this.lastCut = -1;
    this.linesToEnd = 0;
  }
}

/**
 * Is there a `---` document marker at `at` (the start of a line): followed by a space, a tab, the
 * line's end or the end of `buf`? (YamlDocumentCutter waits for the byte after it to be read.)
 */
function markerAt(buf: Uint8Array, at: number): boolean {
  if (buf[at] !== 0x2d || buf[at + 1] !== 0x2d || buf[at + 2] !== 0x2d) return false;
  const next = buf[at + 3];
  return next === undefined || next === 0x20 || next === 0x09 || next === LF || next === CR;
}

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
      if (markerAt(buf, at)) this.lastCut = at;
    }
    this.from = i === -1 ? Math.max(0, n - 1) : i;
    // Lines as readYaml counts them: a lone CR ends one too (the cut is after an LF, so no CR before it lacks its next byte).
    if (this.lastCut > 0) this.linesToEnd = countLineBreaks(buf, this.lastCut);
    return this.lastCut > 0 ? this.lastCut : -1;
  }

  cut(offset: number): void {
    this.from = Math.max(0, this.from - offset);
    this.lastCut = -1;
    this.linesToEnd = 0;
  }
}

/**
 * Does YAML text hold a `---` document marker at the start of a line (followed by a space, a tab or
 * the line's end)? A file with none in its first MiB is one document, a list of plans most likely,
 * which YamlDocumentCutter would leave as one block: the whole file held at once by one worker,
 * where the one-thread reader reads a list an item at a time (audit/parallel/pool.ts).
 */
export function hasDocumentMarker(bytes: Uint8Array): boolean {
  const buf = bytesView(bytes);
  for (let at = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0; at !== -1 && at < buf.length; ) {
    if (markerAt(buf, at)) return true;
    const nl = buf.indexOf(LF, at);
    at = nl === -1 ? -1 : nl + 1;
  }
  return false;
}
