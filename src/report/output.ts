/**
 * `--format` specs: `name` writes to stdout, `name:path` to a file. Several may be given; at most
 * one may use stdout, which carries only the report (logs and progress go to stderr).
 */
import { closeSync, existsSync, fchmodSync, fchownSync, fstatSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { trackTemporary, untrackTemporary } from '../util/spool.js';
import { InputError, UsageError } from '../util/errors.js';
import { logLine } from '../util/safeText.js';

export interface FormatSpec {
  format: string;
  /** undefined: stdout. */
  path?: string;
}

export function parseFormatSpecs(specs: string[] | undefined, allowed: readonly string[], fallback: string): FormatSpec[] {
  const list = specs && specs.length > 0 ? specs : [fallback];
  const out = list.map((s) => {
    const i = s.indexOf(':');
    // A Windows drive letter after the colon (json:C:\out.json) still splits on the first colon.
    const format = (i < 0 ? s : s.slice(0, i)).trim().toLowerCase();
    const path = i < 0 ? undefined : s.slice(i + 1);
    if (!allowed.includes(format)) throw new UsageError(`unknown format '${format}': use one of ${allowed.join(', ')} (optionally format:path)`);
    if (path !== undefined && path.trim() === '') throw new UsageError(`--format ${s}: the path after ':' is empty`);
    return path === undefined || path === '-' ? { format } : { format, path };
  });
  if (out.filter((o) => o.path === undefined).length > 1) {
    throw new UsageError('only one --format may write to stdout; give the others a path (e.g. -f json:out/report.json)');
  }
  return out;
}

export function writeOutput(spec: FormatSpec, text: string): void {
  if (spec.path === undefined) {
    process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
    return;
  }
  writeChunks(spec, [text]);
}

/**
 * Create the report's folder and any missing above it. Not mkdirSync's `recursive`: in Node 20 it
 * loops for ever where mkdir answers ENOENT under a folder that exists (`-f json:/proc/x/r.json`).
 * `init -o` uses it too, so every file ehcp-audit writes gets its folders the same way.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * A system error writing a report (a full disk, a read-only or special file) as a one-line
 * InputError naming where; EPIPE on stdout (`| head`) is left to main, which exits quietly.
 */
function writeError(spec: FormatSpec, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || (code === 'EPIPE' && spec.path === undefined)) return e;
  const where = spec.path === undefined ? 'standard output' : spec.path;
  const hint = code === 'ENOSPC' ? 'free some space' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'write it somewhere you may write' : 'check the path';
  return new InputError(`cannot write the ${spec.format} report to ${where} (${code}); ${hint}`);
}

/**
 * Where a report to `path` is written first: a hidden file beside it, renamed over it once the
 * report is whole, so a report that fails part-way (a full disk, Ctrl-C) leaves neither a truncated
 * file where a later job would read it (national-scale QA: 52 MB of invalid JSON left at the
 * report's path) nor the previous report destroyed. Not for a path that is something else than a
 * regular file (/dev/null, a FIFO, /dev/stdout, a symbolic link), which is written directly.
 */
function partialPath(path: string): { path: string; old?: OldFile } | undefined {
  let st;
  try {
    // lstat: a symbolic link (latest.json -> 2026-11.json) is written through, not replaced by a file.
    st = lstatSync(path);
  } catch {
    st = undefined;
  }
  if (st !== undefined && !st.isFile()) return undefined;
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  return st === undefined ? { path: partial } : { path: partial, old: { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid } };
}

/** The report a new one replaces: its permissions, owner and group. */
export interface OldFile {
  mode: number;
  uid: number;
  gid: number;
}

/**
 * What the new file written over an `old` report must be given so that no one may read it who could
 * not read the old one: an LA that made last month's --show-text report owner-only (chmod 600), or
 * readable by one group (chgrp adm; chmod 640), must not find this month's readable by everyone, or
 * by the writer's primary group, because a new file was renamed over it. The new file takes the
 * old one's mode, and its owner and group where they can be kept (root may keep both; another user
 * may give a file a group they belong to). Where the group cannot be kept and the mode gives the
 * group other access than everyone else, the group and other bits are cleared, with a warning: the
 * report is then readable by its owner only. (A new owner, the user who wrote the report, gets the
 * owner's bits.) `io` is for tests: changing a file's owner needs privileges.
 */
export function replacementAccess(
  fd: number,
  old: OldFile,
  io: { fstat: (fd: number) => { uid: number; gid: number }; fchown: (fd: number, uid: number, gid: number) => void } = { fstat: fstatSync, fchown: fchownSync },
): { mode: number; groupLost: boolean } {
  const now = io.fstat(fd);
  if (now.uid === old.uid && now.gid === old.gid) return { mode: old.mode, groupLost: false };
  const tries: [number, number][] = [[old.uid, old.gid]];
  if (now.uid !== old.uid && now.gid !== old.gid) tries.push([now.uid, old.gid]);
  let gid = now.gid;
  for (const [u, g] of tries) {
    try {
      io.fchown(fd, u, g);
      gid = g;
      break;
    } catch {
      // EPERM: not root, or not in that group
    }
  }
  const groupMatters = ((old.mode >> 3) & 7) !== (old.mode & 7);
  if (gid === old.gid || !groupMatters) return { mode: old.mode, groupLost: false };
  return { mode: old.mode & ~0o077, groupLost: true };
}

/** Write a report given as chunks (large JSON/CSV reports), without joining it into one string. */
export function writeChunks(spec: FormatSpec, chunks: string | Iterable<string | Uint8Array>): void {
  if (typeof chunks === 'string') {
    writeOutput(spec, chunks);
    return;
  }
  let fd = 1;
  let partial: string | undefined;
  let old: OldFile | undefined;
  try {
    if (spec.path !== undefined) {
      makeFolders(dirname(spec.path));
      const temp = partialPath(spec.path);
      partial = temp?.path;
      if (temp !== undefined) {
        trackTemporary(temp.path);
        try {
          // In place of an existing report: owner-only while written, then that report's access.
          fd = openSync(temp.path, 'wx', temp.old === undefined ? 0o666 : 0o600);
          old = temp.old;
        } catch {
          // No new file can be made there (a folder we may not write in, holding a report file we
          // may; /proc): the report is written in place, as before.
          untrackTemporary(temp.path);
          partial = undefined;
        }
      }
      if (partial === undefined) fd = openSync(spec.path, 'w');
    }
  } catch (e) {
    throw writeError(spec, e);
  }
  try {
    let endsWithNewline = false;
    for (const c of chunks) {
      if (c.length === 0) continue;
      writeAll(spec, fd, c);
      endsWithNewline = typeof c === 'string' ? c.endsWith('\n') : c[c.length - 1] === 10;
    }
    if (spec.path === undefined && !endsWithNewline) writeAll(spec, fd, '\n');
    if (old !== undefined) {
      // Owner and group first: a change of owner may clear set-id bits the mode then sets again.
      const access = replacementAccess(fd, old);
      fchmodSync(fd, access.mode);
      if (access.groupLost) {
        process.stderr.write(
          `${logLine(`warning: ${spec.path!}: the report's group (gid ${old.gid}) could not be kept (you are not in it), so the report is now readable by its owner only; chgrp and chmod it again to share it`)}\n`,
        );
      }
    }
    if (spec.path !== undefined) closeSync(fd);
    fd = -1;
    if (partial !== undefined) {
      try {
        renameSync(partial, spec.path!);
      } catch (e) {
        throw writeError(spec, e);
      }
    }
  } catch (e) {
    // Not whole: the temporary file goes; the report's path keeps what it held before.
    if (fd >= 0 && spec.path !== undefined) closeSync(fd);
    if (partial !== undefined) rmSync(partial, { force: true });
    throw e;
  } finally {
    if (partial !== undefined) untrackTemporary(partial);
  }
}

/**
 * writeSync may write part of a buffer to a pipe; keep going until all of it is out. A failure is
 * the write's (writeError), not the report's: the chunks' own errors pass through writeChunks.
 */
function writeAll(spec: FormatSpec, fd: number, text: string | Uint8Array): void {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw writeError(spec, e);
    }
  }
}
