/**
 * An export that changes while it is read: a nightly copy still being written when the audit
 * starts, a file truncated or replaced under the reader. Read to its end, such a file gives an
 * audit of part of the export (or of two exports), which a CI gate would pass; so the reader
 * notes the file as it opened it and, at its end, refuses one that is not the same any more.
 * Only for regular files: a pipe or a device (`<(...)`, /dev/stdin) has no size to compare.
 */
import type { Stats } from 'node:fs';
import { InputError } from '../util/errors.js';

export interface FileState {
  size: number;
  mtimeMs: number;
}

/**
 * The state to compare against at the end of the read; undefined for a file that is not a regular
 * file, or one that says it is empty (procfs and some FUSE files say 0 bytes and hold more).
 */
export function fileState(st: Pick<Stats, 'isFile' | 'size' | 'mtimeMs'>): FileState | undefined {
  return st.isFile() && st.size > 0 ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
}

/**
 * The InputError for a file read to its end (`bytesRead` bytes) that is not the file it was when
 * it was opened (`before`; `after`: its state now), or undefined.
 */
export function changedWhileRead(file: string, before: FileState | undefined, after: FileState | undefined, bytesRead: number): InputError | undefined {
  if (!before || !after) return undefined;
  const n = (x: number) => x.toLocaleString('en-GB');
  let what: string | undefined;
  if (after.size !== before.size) what = `it was ${n(before.size)} bytes when the read began and is ${n(after.size)} bytes now`;
  else if (bytesRead !== before.size) what = `${n(bytesRead)} of its ${n(before.size)} bytes were read`;
  // The same size but a new modification time: rewritten in place, or only touched; which cannot
  // be told without reading it again, so it is said as it is (GNU tar, likewise, reports a file
  // "changed as we read it" on its time).
  else if (after.mtimeMs !== before.mtimeMs) what = 'its modification time changed during the read: it was written to, or touched';
  return what === undefined ? undefined : new InputError(`${file}: the export changed while it was read (${what}): run again once the file is complete`);
}
