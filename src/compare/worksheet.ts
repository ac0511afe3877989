/**
 * The blank auditor worksheet written by `sample --worksheet FILE` for moderation
 * (docs/moderation.md): one row per sampled plan x criterion, for auditors to rate by hand, blind
 * to the tool's own ratings (which are deliberately not in the sheet).
 *
 * Columns: plan_ref, criterion, section, question, help, auditor, rating, comment, file, line.
 * The first sentence of every `help` cell gives the rating scale (RATING_HINT), so the scale
 * travels with the file; the rest is the rubric's own help text. CSV for Excel: UTF-8 BOM, CRLF,
 * RFC 4180 quoting and formula-injection protection (report/csvCell.ts).
 *
 * Pure: the report and the rubric's criteria in, CSV text out.
 */
import { allPlans } from '../audit/planStore.js';
import type { AuditReport } from '../audit/report.js';
import { csvDocument, ExcelWatch, type CsvValue } from '../report/csvCell.js';

export const WORKSHEET_COLUMNS = ['plan_ref', 'criterion', 'section', 'question', 'help', 'auditor', 'rating', 'comment', 'file', 'line'] as const;

/** The scale, as the first sentence of each `help` cell. */
export const RATING_HINT = 'Rate: met, partly, not met or n/a (leave blank until rated).';

export interface WorksheetCriterion {
  id: string;
  section: string;
  title: string;
  /** Defaults to the title. */
  question?: string | undefined;
  help?: string | undefined;
}

/** The rows, one a plan and criterion; `excel` is shown each plan's reference as it goes (one pass over a spooled report). */
function worksheetRows(report: Pick<AuditReport, 'plans'>, criteria: readonly WorksheetCriterion[], excel?: ExcelWatch): CsvValue[][] {
  const rows: CsvValue[][] = [];
  // Every plan of the sample: report.plans holds only the lowest-scoring when it spooled them.
  for (const plan of allPlans(report)) {
    excel?.ref(plan.ref);
    for (const c of criteria) {
      const help = c.help?.trim() ? `${RATING_HINT} ${c.help.trim().replace(/\s+/g, ' ')}` : RATING_HINT;
      rows.push([plan.ref, c.id, c.section, c.question?.trim() || c.title, help, '', '', '', plan.file, plan.line]);
    }
  }
  return rows;
}

/**
 * The worksheet as CSV text (BOM, header, CRLF). `warn` is told of references Excel would change
 * when the auditors open the worksheet (ExcelWatch): moderate could not then match their ratings
 * to the plans.
 */
export function buildWorksheet(report: Pick<AuditReport, 'plans'>, criteria: readonly WorksheetCriterion[], warn?: (message: string) => void): string {
  const excel = warn ? new ExcelWatch('the worksheet', 'plan_ref', ", and moderate cannot match the auditors' ratings to their plans") : undefined;
  const rows = worksheetRows(report, criteria, excel);
  if (warn && excel) for (const w of excel.warnings()) warn(w);
  return csvDocument(WORKSHEET_COLUMNS, rows);
}
