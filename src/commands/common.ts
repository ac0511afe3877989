/**
 * Helpers the command runners (the *.run.ts files) share to read an export: the as-of date and
 * the record source. Loaded only when a command runs; option definitions live in options.ts.
 */
import { normaliseEncoding } from '../records/csv/index.js';
import { parseAsOf, todayIso } from '../records/dates.js';
import { PlanSource, TOTALS_REASON } from '../records/source.js';
import { InputError, UsageError } from '../util/errors.js';
import { tidyPath } from '../util/paths.js';
import type { InputFlags } from './options.js';

export type { InputFlags } from './options.js';

/** The ISO as-of date from the flag, or today. */
export function asOfFrom(flag: string | undefined): string {
  if (flag === undefined) return todayIso();
  const p = parseAsOf(flag);
  if (!p.ok) throw new UsageError(`--as-of: ${p.reason}; write the date as dd/mm/yyyy or yyyy-mm-dd`);
  return p.iso;
}

export function openSource(file: string, flags: InputFlags, asOf: string): PlanSource {
  if (flags.encoding !== undefined && normaliseEncoding(flags.encoding) === undefined) {
    throw new UsageError(`--encoding '${flags.encoding}' is not supported: use auto, utf-8, windows-1252, latin1, cp850, macintosh, utf-16le or utf-16be`);
  }
  // An empty value (--delimiter "$VAR" with VAR unset) is a mistake, not a request to detect it.
  if (flags.delimiter === '') throw new UsageError("--delimiter '': give one character (, ; | or tab), or leave the option out to detect it");
  return new PlanSource({
    // Reports and messages name the export tidied, as the mapping found beside it is named
    // (prestartThreads keys its workers by the same tidied path).
    file: tidyPath(file),
    asOf,
    ...(flags.inputFormat ? { inputFormat: flags.inputFormat } : {}),
    ...(flags.encoding ? { encoding: normaliseEncoding(flags.encoding)! } : {}),
    ...(flags.delimiter !== undefined ? { delimiter: flags.delimiter } : {}),
    map: flags.map === false ? null : flags.map,
  });
}

/**
 * The summary line's clause for non-fatal record and file warnings (a guessed encoding, a date
 * after the as-of date), with where to see them: reports carry only their count.
 */
export function warningsClause(warnings: number): string {
  if (warnings === 0) return '';
  return `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} ('ehcp-audit validate' lists them)`;
}

/**
 * After the reports are written: an export whose every record was rejected is an input error
 * (exit 2), not a pass. The report shows the rejections, but a pipeline reading exit 0 could not
 * tell "not a plan export, or a mapping that does not fit it" from a clean run (QA: every
 * csv-spectrum JSON file "audited" with exit 0). `check` refuses it before gating, in the same words.
 */
export function refuseAllRejected(file: string, r: { read: number; rejected: number }, rejected: readonly { reasons: readonly string[] }[] = []): void {
  // An export of no plans with a totals row under its header is an export of no plans (exit 0),
  // as a header alone is: not an export that does not fit its mapping.
  const totalsOnly = rejected.length === r.rejected && rejected.every((x) => x.reasons.length === 1 && x.reasons[0]!.startsWith(TOTALS_REASON));
  if (r.read > 0 && r.rejected === r.read && !totalsOnly) {
    throw new InputError(`${file}: every record was rejected (${r.read} read): not a plan export, or the mapping does not fit it; run 'ehcp-audit validate ${file}' to see why`);
  }
}
