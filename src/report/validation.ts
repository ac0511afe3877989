/** Formatters for `validate`: a compiler-style list (file:line:col: problem) and JSON. */
import { toolInfo } from '../util/toolInfo.js';
import { CHUNK_CHARS } from './chunks.js';
import type { LoadIssue } from '../records/model.js';
import { rejectedRecord, type Rejection } from '../records/rejections.js';
import { ciSafeText, displayText } from '../util/safeText.js';
import { prettyJsonChunks } from './prettyJson.js';

export interface ValidationReport {
  file: string;
  format: string;
  encoding: string | undefined;
  delimiter: string | undefined;
  mapping: string | undefined;
  asOf: string;
  stats: { read: number; loaded: number; rejected: number; warnings: number; blankRows: number };
  /** Every rejection (records/rejections.ts RejectionLog: read back from disk past the first thousands). */
  rejections: Iterable<Rejection>;
  warnings: LoadIssue[];
}

const delimName = (d: string | undefined) => (d === undefined ? undefined : d === '\t' ? 'tab' : d);

/**
 * The list, in chunks of whole lines (about CHUNK_CHARS each): an export whose every row is rejected has
 * a line per reason of every row, so the list is written as it is made rather than built whole.
 */
export function* validationTextChunks(r: ValidationReport, maxWarnings: number): Generator<string> {
  let lines: string[] = [];
  let size = 0;
  // References, values in reasons and messages come from the export: no control or bidirectional
  // character raw, and no line a CI runner would run. Each line is made safe on its own, so a
  // chunk of whole lines is as safe as the whole document.
  const chunk = () => {
    const text = `${ciSafeText(lines.map((l) => displayText(l)).join('\n'))}\n`;
    lines = [];
    size = 0;
    return text;
  };
  const meta = [r.format, r.encoding, delimName(r.delimiter) && `delimiter '${delimName(r.delimiter)}'`, r.mapping ? `mapping ${r.mapping}` : 'no mapping (native records)'].filter(Boolean).join(', ');
  lines.push(`${r.file} (${meta})`);
  lines.push(`records read: ${r.stats.read}   valid: ${r.stats.loaded}   rejected: ${r.stats.rejected}   warnings: ${r.stats.warnings}${r.stats.blankRows ? `   blank rows skipped: ${r.stats.blankRows}` : ''}`);
  if (r.stats.rejected > 0) {
    lines.push('', 'Rejected records:');
    for (const x of r.rejections) {
      for (const reason of x.reasons) {
        const line = `  ${x.file}:${x.line}: ${x.ref ? `[${x.ref}] ` : ''}${reason}`;
        lines.push(line);
        size += line.length;
      }
      if (size > CHUNK_CHARS) yield chunk();
    }
  }
  if (r.warnings.length > 0 && maxWarnings === 0) {
    lines.push('', `Warnings: ${r.stats.warnings} (not listed: --max-warnings 0)`);
  } else if (r.warnings.length > 0) {
    lines.push('', `Warnings${r.stats.warnings > maxWarnings ? ` (first ${maxWarnings} of ${r.stats.warnings})` : ''}:`);
    for (const w of r.warnings.slice(0, maxWarnings)) {
      lines.push(`  ${w.file}:${w.line}${w.column ? `:${w.column}` : ''}: ${w.code}: ${w.message}`);
    }
  }
  lines.push('', r.stats.rejected === 0 ? 'OK: every record loaded.' : `${r.stats.rejected} record${r.stats.rejected > 1 ? 's' : ''} rejected: fix the export or the mapping, then run validate again.`);
  yield chunk();
}

export function formatValidation(r: ValidationReport, maxWarnings: number): string {
  return [...validationTextChunks(r, maxWarnings)].join('');
}

/** The JSON, in chunks (every rejection is listed, a chunk at a time). */
export function validationJsonChunks(r: ValidationReport): Generator<string> {
  return prettyJsonChunks(
    {
      schemaVersion: 1,
      tool: toolInfo(),
      kind: 'validate',
      input: { file: r.file, format: r.format, encoding: r.encoding ?? null, delimiter: r.delimiter ?? null, mapping: r.mapping ?? null },
      asOf: r.asOf,
      records: { read: r.stats.read, valid: r.stats.loaded, rejected: r.stats.rejected, blankRows: r.stats.blankRows },
      rejected: [],
      warnings: { count: r.stats.warnings, items: r.warnings.map((w) => ({ file: w.file, line: w.line, column: w.column ?? null, field: w.field ?? null, code: w.code, message: w.message })) },
    },
    [{ path: ['rejected'], items: mapIter(r.rejections, rejectedRecord) }],
  );
}

export function validationJson(r: ValidationReport): string {
  return [...validationJsonChunks(r)].join('');
}

function* mapIter<T, U>(items: Iterable<T>, f: (x: T) => U): Generator<U> {
  for (const x of items) yield f(x);
}
