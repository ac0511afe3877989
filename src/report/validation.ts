/** Formatters for `validate`: a compiler-style list (file:line:col: problem) and JSON. */
import type { LoadIssue } from '../records/model.js';
import type { Rejection } from '../records/source.js';
import { displayText, textDocument } from '../util/safeText.js';

export interface ValidationReport {
  file: string;
  format: string;
  encoding: string | undefined;
  delimiter: string | undefined;
  mapping: string | undefined;
  asOf: string;
  stats: { read: number; loaded: number; rejected: number; warnings: number; blankRows: number };
  rejections: Rejection[];
  warnings: LoadIssue[];
}

const delimName = (d: string | undefined) => (d === undefined ? undefined : d === '\t' ? 'tab' : d);

export function formatValidation(r: ValidationReport, maxWarnings: number): string {
  const lines: string[] = [];
  const meta = [r.format, r.encoding, delimName(r.delimiter) && `delimiter '${delimName(r.delimiter)}'`, r.mapping ? `mapping ${r.mapping}` : 'no mapping (native records)'].filter(Boolean).join(', ');
  lines.push(`${r.file} (${meta})`);
  lines.push(`records read: ${r.stats.read}   valid: ${r.stats.loaded}   rejected: ${r.stats.rejected}   warnings: ${r.stats.warnings}${r.stats.blankRows ? `   blank rows skipped: ${r.stats.blankRows}` : ''}`);
  if (r.rejections.length > 0) {
    lines.push('', 'Rejected records:');
    for (const x of r.rejections) {
      for (const reason of x.reasons) lines.push(`  ${x.file}:${x.line}: ${x.ref ? `[${x.ref}] ` : ''}${reason}`);
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
  // References, values in reasons and messages come from the export: no control or bidirectional
  // character raw, and no line a CI runner would run.
  return textDocument(lines.map((l) => displayText(l)));
}

export function validationJson(r: ValidationReport): string {
  return JSON.stringify(
    {
      schemaVersion: 1,
      input: { file: r.file, format: r.format, encoding: r.encoding ?? null, delimiter: r.delimiter ?? null, mapping: r.mapping ?? null },
      asOf: r.asOf,
      records: { read: r.stats.read, valid: r.stats.loaded, rejected: r.stats.rejected, blankRows: r.stats.blankRows },
      rejected: r.rejections.map((x) => ({ file: x.file, line: x.line, ref: x.ref ?? null, reasons: x.reasons })),
      warnings: { count: r.stats.warnings, items: r.warnings.map((w) => ({ file: w.file, line: w.line, column: w.column ?? null, field: w.field ?? null, code: w.code, message: w.message })) },
    },
    null,
    2,
  ) + '\n';
}
