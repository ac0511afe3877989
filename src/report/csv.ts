/**
 * CSV report (`-f csv`): long format, ONE row per plan x criterion, for pivot tables and for
 * joining to case-management data by reference. Columns (docs/reports.md):
 *
 *   [name,] ref, file, line, grade, score, limited_by, criterion, section, severity, rating,
 *   reasons, rubric, rubric_version, as_of [, seed] [, text_reasons]
 *
 * `name` (first) and `text_reasons` (last) appear only when the report carries names or quoted
 * plan text, i.e. only with --show-text. rubric, rubric_version and as_of (and a sample's seed)
 * are the same on every row: a CSV report is often copied out of its folder, appended to the
 * last term's or filtered in Excel, and each row must still say what it was scored against and
 * when (the reproducibility standard: every report records them). A plan with no criterion results still gets one row,
 * with the criterion columns empty. rating is the rubric's value: met, partly, not_met or na.
 * Lists (limited_by, reasons, text_reasons) are joined with "; ". Quoting, CRLF, BOM and
 * formula-injection protection come from csvCell.ts, and so do the warnings of a cell longer
 * than Excel holds and of references Excel would read as numbers (ExcelWatch).
 */
import { inChunks } from './chunks.js';
import { allPlans } from '../audit/planStore.js';
import type { AuditReport } from '../audit/report.js';
import { BOM, CRLF, csvRow, ExcelWatch } from './csvCell.js';
import { hasNames, hasTextReasons } from './table.js';

export const CSV_COLUMNS = ['ref', 'file', 'line', 'grade', 'score', 'limited_by', 'criterion', 'section', 'severity', 'rating', 'reasons', 'rubric', 'rubric_version', 'as_of'] as const;

/**
 * The CSV in chunks (chunks.ts), so an audit of any size streams to disk. `warn` is told, after
 * the last row, of what Excel would change when it opens the file (ExcelWatch).
 */
export function csvChunks(report: AuditReport, warn?: (message: string) => void): Generator<string> {
  return inChunks(csvLines(report, warn));
}

/**
 * The CSV's lines: the header, then one row per plan and criterion. A plan's own cells (name, ref
 * ... limited_by) and a criterion's (criterion, section, severity) are escaped once and shared by
 * its rows, not escaped again for each of a plan's 29 rows: 2.9 million rows for 100,000 plans.
 */
function* csvLines(report: AuditReport, warn?: (message: string) => void): Generator<string> {
  const names = hasNames(report);
  const text = hasTextReasons(report);
  const seeded = report.sample !== null;
  const header = [...(names ? ['name'] : []), ...CSV_COLUMNS, ...(seeded ? ['seed'] : []), ...(text ? ['text_reasons'] : [])];
  const criteria = new Map<string, string>(report.criteria.map((c) => [c.id, csvRow([c.id, c.section, c.severity])]));
  // The run's own cells, the same on every row: escaped once.
  const run = csvRow([report.rubric.id, report.rubric.version, report.asOf, ...(seeded ? [report.sample!.seed] : [])]);
  const excel = new ExcelWatch('the CSV report');
  yield BOM + csvRow(header) + CRLF;
  for (const p of allPlans(report)) {
    const limitedBy = p.limitedBy.join('; ');
    const plan = csvRow([...(names ? [p.name ?? ''] : []), p.ref, p.file, p.line, p.grade, p.score, limitedBy]);
    if (names) excel.cell('name', p.ref, p.name ?? '');
    excel.ref(p.ref);
    excel.cell('ref', p.ref, p.ref);
    excel.cell('limited_by', p.ref, limitedBy);
    if (p.results.length === 0) yield `${plan},,,,,,${run}${text ? ',' : ''}${CRLF}`;
    for (const r of p.results) {
      const about = criteria.get(r.criterion) ?? csvRow([r.criterion, '', '']);
      const reasons = r.reasons.join('; ');
      excel.cell('reasons', p.ref, reasons);
      const textReasons = text ? (r.textReasons ?? []).join('; ') : '';
      if (text) excel.cell('text_reasons', p.ref, textReasons);
      yield `${plan},${about},${csvRow([r.rating, reasons])},${run}${text ? `,${csvRow([textReasons])}` : ''}${CRLF}`;
    }
  }
  if (warn) for (const w of excel.warnings()) warn(w);
}

/** The CSV report's rows, the header included: one per plan and criterion (one for a plan with none). */
export function csvRowCount(report: Pick<AuditReport, 'summary' | 'criteria'>): number {
  return 1 + report.summary.plans * Math.max(1, report.criteria.length);
}

export function formatCsv(report: AuditReport): string {
  return [...csvChunks(report)].join('');
}
