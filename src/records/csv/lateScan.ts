/**
 * The rest of a regular file after its sniffed head, scanned for its first non-ASCII byte
 * (decode.ts, `--encoding auto`): a Windows-1252 export whose first £ or é comes after the head
 * would otherwise be read as UTF-8 and refused at that byte. Only run when the head is all ASCII,
 * so that a file with UTF-8 text early on is never scanned. Cost: isAscii (simdutf) over 1 MiB
 * reads, about 60 ms for an all-ASCII 275 MB export; the scan stops at the first non-ASCII byte.
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { countBreaksBytes } from './decode.js';

const SCAN_CHUNK = 1 << 20;

export interface LateByte {
  /** Physical line (1-based) of the first non-ASCII byte. */
  line: number;
  /** Up to 4 bytes from it: enough to tell whether it starts a valid UTF-8 character. */
  bytes: Uint8Array;
}

/**
 * The first byte of `path` at or after `from` that is not ASCII, with its line counted from
 * `line` (the line at `from`; `prevCR`: the byte before `from` was CR), or undefined when there
 * is none or `path` is not a regular file (a FIFO cannot be read twice). Errors reading the file
 * are left to the reader proper: undefined.
 */
export function firstNonAsciiAfter(path: string, from: number, line: number, prevCR: boolean): LateByte | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.allocUnsafeSlow(SCAN_CHUNK);
    for (let pos = from; ; ) {
      const n = readSync(fd, buf, 0, SCAN_CHUNK, pos);
      if (n === 0) return undefined;
      const chunk = buf.subarray(0, n);
      if (!isAscii(chunk)) {
        let i = 0;
        while (chunk[i]! < 0x80) i++;
        const bytes = Buffer.alloc(4);
        const got = readSync(fd, bytes, 0, 4, pos + i);
        return { line: line + breaksBefore(fd, from, pos + i, prevCR), bytes: bytes.subarray(0, got) };
      }
      pos += n;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Physical line breaks (CR, LF, CRLF each once) in the file's bytes [from, to), a chunk at a time. */
function breaksBefore(fd: number, from: number, to: number, prevCR: boolean): number {
  const buf = Buffer.allocUnsafeSlow(SCAN_CHUNK);
  let count = 0;
  let cr = prevCR;
  for (let pos = from; pos < to; ) {
    const n = readSync(fd, buf, 0, Math.min(SCAN_CHUNK, to - pos), pos);
    if (n === 0) break;
    count += countBreaksBytes(buf, n, cr);
    cr = buf[n - 1] === 0x0d;
    pos += n;
  }
  return count;
}
