/**
 * `sample --list-only -f csv`: the picks as a spreadsheet for the auditors who will read the plans,
 * one row each (pick, ref, file, line, stratum, why_picked), each row carrying how the sample was
 * drawn (seed, as_of, rubric, rubric_version), as the audit CSV carries its provenance. Cells go
 * through csvRow (formula-injection guard, BOM, CRLF). Before, --list-only wrote its plain-text
 * list to a file named .csv, where a reference such as `=cmd|...` reached Excel unguarded.
 */
import type { AuditReport } from '../audit/report.js';
import { BOM, CRLF, csvRow, ExcelWatch } from './csvCell.js';

export const SAMPLE_CSV_HEADER = ['pick', 'ref', 'file', 'line', 'stratum', 'why_picked', 'seed', 'as_of', 'rubric', 'rubric_version'] as const;

/** `warn` is told of references Excel would change when it opens the list (ExcelWatch). */
export function formatSampleCsv(report: AuditReport, warn?: (message: string) => void): string {
  const s = report.sample;
  const rows = [BOM + csvRow(SAMPLE_CSV_HEADER) + CRLF];
  const excel = new ExcelWatch('the CSV list');
  if (s) {
    s.picks.forEach((p, i) => {
      excel.ref(p.ref);
      rows.push(csvRow([i + 1, p.ref, p.file, p.line, p.stratum, p.reason, String(s.seed), report.asOf, report.rubric.id, report.rubric.version]) + CRLF);
    });
  }
  if (warn) for (const w of excel.warnings()) warn(w);
  return rows.join('');
}
