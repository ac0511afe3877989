/**
 * Nothing lost, ever: before a command does any work, refuse (usage error, exit 2) an output path
 * that is one of the files the command reads (the export, its mapping, the rubric, a config, a
 * baseline...) or another output of the same run. "The same file" is decided by the file system,
 * not the spelling: device and inode when the output exists (symlinks and hard links included),
 * else the real path of its folder plus its name. Standard input ('-') is its file when one is
 * redirected in, and standard output ('-' or no path) the file it is redirected to, which clashes
 * with an input or a path output only when some output writes to stdout. Files that are not regular files never
 * clash (/dev/null may take several reports).
 */
import { fstatSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { mappingPathFor } from '../records/source.js';
import { resolveMappingPath } from '../records/mapping/load.js';
import { resolveRubricPath } from '../rubric/load.js';
import { UsageError } from '../util/errors.js';
import type { FormatSpec } from './output.js';

/** An output other than a --format spec: `flag` as the user gave it (`-o`, `--worksheet`), or none for a default path. */
export interface NamedOutput {
  flag?: string;
  path: string | undefined;
  /** What it holds: 'mapping', 'baseline', 'worksheet'. */
  what: string;
}

/** The files a run reads, by what they are ('export', 'mapping', 'weights file'); a missing one (undefined, null, false, '-') is skipped. */
export type RunInputs = Record<string, string | readonly string[] | null | undefined | false>;

interface Where {
  key: string;
  /** Exists and is not a regular file (a device, a pipe): writing to it loses nothing. */
  special: boolean;
}

/** Throws a UsageError naming the first clash: an output that is an input, or two outputs that are one file. */
export function refuseOverwrite(outputs: readonly (FormatSpec | NamedOutput)[], inputs: RunInputs): void {
  const ins: { label: string; path: string; key: string }[] = [];
  for (const [what, v] of Object.entries(inputs)) {
    for (const path of typeof v === 'string' ? [v] : Array.isArray(v) ? (v as readonly string[]) : []) {
      // '-': standard input, which may be a file redirected in (`< plans.csv`).
      const at = path === '-' ? openFile(0) : existing(path);
      if (at && !at.special) ins.push({ label: path === '-' ? `the ${what} (standard input)` : `the ${what} ${path}`, path, key: at.key });
    }
  }
  // Standard output redirected to a file (`> out.txt`) is that file: another output there would
  // write over what goes to stdout, or under it.
  const toStdout = outputs.find((o) => o.path === '-' || ('format' in o && o.path === undefined));
  const stdout = toStdout ? openFile(1) : undefined;
  // Standard output opened on an input (`>> plans.csv`, `1<> plans.csv`) would put the report in
  // it. With `>` the shell has emptied the file before the run starts: too late, but said.
  const overStdout = stdout && ins.find((i) => i.key === stdout.key);
  if (toStdout && stdout && overStdout) {
    const lost = stdout.empty ? ` (it is empty now: '>' empties its file before the run starts)` : '';
    throw new UsageError(`${stdoutClash(toStdout)} would overwrite ${overStdout.label}${lost}; redirect standard output to another file${stdoutInstead(toStdout)}`);
  }
  const outs: { shown: string; what: string; key: string }[] = [];
  for (const o of outputs) {
    if (o.path === undefined || o.path === '-') continue;
    const at = existing(o.path) ?? { key: `path:${wouldBe(o.path)}`, special: false };
    if (at.special) continue;
    const shown = 'format' in o ? `-f ${o.format}:${o.path}` : o.flag !== undefined ? `${o.flag} ${o.path}` : o.path;
    const what = 'format' in o ? 'report' : o.what;
    const input = ins.find((i) => i.key === at.key);
    if (input) throw new UsageError(`${shown} would overwrite ${input.label}; write the ${what} somewhere else`);
    const earlier = outs.find((e) => e.key === at.key);
    if (earlier) throw new UsageError(`${shown} and ${earlier.shown} are the same file, so one would overwrite the other; give each its own path`);
    if (stdout && toStdout && stdout.key === at.key) {
      const other = 'format' in toStdout ? `-f ${toStdout.format}` : (toStdout.flag ?? 'the output');
      throw new UsageError(`${shown} is the file standard output goes to, where ${other} writes too, so one would overwrite the other; give it another path`);
    }
    outs.push({ shown, what, key: at.key });
  }
}

/** The output writing to standard output, as the user gave it. */
function stdoutClash(o: FormatSpec | NamedOutput): string {
  if ('format' in o) return `-f ${o.format} (standard output)`;
  return o.flag !== undefined ? `${o.flag} - (standard output)` : 'standard output';
}

/** How to give that output a file of its own instead, where it has a flag for it. */
function stdoutInstead(o: FormatSpec | NamedOutput): string {
  if ('format' in o) return `, or give the report a path (-f ${o.format}:FILE)`;
  return o.flag !== undefined ? `, or give the ${o.what} a path (${o.flag} FILE)` : '';
}

/** What an open descriptor (0 stdin, 1 stdout) is, when it is a regular file; undefined for a terminal or a pipe. */
function openFile(fd: number): (Where & { empty: boolean }) | undefined {
  try {
    const s = fstatSync(fd, { bigint: true });
    return s.isFile() ? { key: `inode:${s.dev}:${s.ino}`, special: false, empty: s.size === 0n } : undefined;
  } catch {
    return undefined;
  }
}

/** The mapping a run on `file` would read with these flags (as PlanSource finds it), if any. */
export function mappingOf(file: string, flags: { map?: string | false; inputFormat?: string }): string | undefined {
  const p = mappingPathFor(file, flags.inputFormat, flags.map === false ? null : flags.map);
  if (p === undefined) return undefined;
  try {
    return resolveMappingPath(p);
  } catch {
    return undefined; // not found: reading it fails with its own message
  }
}

/** The rubric file a name or path would load (not the files it extends), if it exists. */
export function rubricOf(nameOrPath: string): string | undefined {
  try {
    return resolveRubricPath(nameOrPath);
  } catch {
    return undefined;
  }
}

function existing(path: string): Where | undefined {
  try {
    const s = statSync(path, { bigint: true });
    return { key: `inode:${s.dev}:${s.ino}`, special: !s.isFile() };
  } catch {
    return undefined;
  }
}

/** Where writing to `p` (which does not exist) would create the file: through a dangling link, in the real folder. */
function wouldBe(p: string, hops = 0): string {
  try {
    if (hops < 40 && lstatSync(p).isSymbolicLink()) return wouldBe(resolve(dirname(p), readlinkSync(p)), hops + 1);
  } catch {
    // nothing there
  }
  try {
    return join(realpathSync.native(dirname(p)), basename(p));
  } catch {
    return resolve(p); // the folder does not exist yet: writing the report makes it
  }
}
