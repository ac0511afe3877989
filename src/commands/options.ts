/**
 * Option definitions and parsing helpers that every command's registration may use. Light by
 * design (commander and the error classes only): src/commands/index.ts loads every command's
 * registration on start-up, so nothing here may pull in the records, rubric or report code.
 */
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { PARALLEL_MIN_BYTES } from '../audit/parallel/defaults.js';
import { UsageError } from '../util/errors.js';

export interface InputFlags {
  map?: string | false;
  inputFormat?: string;
  encoding?: string;
  delimiter?: string;
  asOf?: string;
}

export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('-m, --map <file>', 'column mapping (YAML); default: EXPORT.map.yaml beside a CSV export, if present; a shipped name (sen2) also works')
    .option('--no-map', 'read records in the native ehcp-audit shape, ignoring any mapping beside the export')
    .addOption(new Option('--input-format <format>', 'input format (default: from the extension; sniffed for stdin)').choices(['csv', 'yaml', 'json', 'jsonl']))
    .option('--encoding <name>', 'CSV encoding: auto, utf-8, windows-1252, latin1, cp850 (Excel "CSV (MS-DOS)"), macintosh ("CSV (Macintosh)"), utf-16le, utf-16be', 'auto')
    .option('--delimiter <char>', 'CSV delimiter (default: detected among , ; tab |)')
    .option('--as-of <date>', 'the date timescales are measured to: dd/mm/yyyy, yyyy-mm-dd or 26 Nov 2026, no time of day (default: today)');
}

/** `--jobs`: threads for reading and scoring a large export (audit, check, baseline write; audit/parallel/). */
export function addJobsOption(cmd: Command): Command {
  return cmd.option('-j, --jobs <n>', `threads for an export of ${PARALLEL_MIN_BYTES / 2 ** 20} MB or more (CSV, JSON Lines, YAML): default one per CPU core, ${availableParallelism()} here; 1: one thread, less memory`);
}

/** The --jobs value: a whole number from 1 to 64, or the number of CPU cores. */
export function jobsFrom(raw: string | undefined): number {
  return intOption('--jobs', raw, 1, { max: 64 }) ?? availableParallelism();
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export interface IntOptionRange {
  /** The largest value allowed. */
  max?: number;
  /** What 0 means, when it is allowed and means something special ("lists every plan"). */
  zero?: string;
  /** Another value the option takes ("'auto'"), named in the message. */
  or?: string;
}

/**
 * Parse a whole-number option. The message gives the range, so that '-1' is not told only "must be
 * a whole number": "--top must be a whole number, 0 or more; 0 lists every plan (got '-1')",
 * "--jobs must be a whole number from 1 to 64 (got '0')".
 */
export function intOption(name: string, raw: string | undefined, min = 0, range: IntOptionRange = {}): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  // A whole number past the largest allowed: say so, not "must be a whole number, 0 or more".
  if (n > max && range.max === undefined) throw new UsageError(`${name} must be at most ${max.toLocaleString('en-GB')} (got '${raw}')`);
  if (!(n >= min && n <= max)) {
    const span = range.max !== undefined ? ` from ${min} to ${range.max}` : `, ${min} or more`;
    const or = range.or ? `, or ${range.or}` : '';
    const zero = range.zero && min === 0 ? `; 0 ${range.zero}` : '';
    throw new UsageError(`${name} must be a whole number${span}${or}${zero} (got '${raw}')`);
  }
  return n;
}
