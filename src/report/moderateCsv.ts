/**
 * CSV form of `ehcp-audit moderate`: one row per criterion, then an "(all criteria)" row, for
 * Excel (BOM, CRLF, formula-safe cells). Figures are numbers, rates as proportions (0..1) rounded
 * to 4 decimals; empty cells where a figure does not exist.
 */
import { fewestDigits, roundTo } from '../audit/stats.js';
import type { Agreement, ModerationReport } from '../compare/moderate.js';
import { csvDocument, type CsvValue } from './csvCell.js';

export const MODERATE_CSV_COLUMNS = [
  'criterion',
  'title',
  'plans',
  'not_rated',
  'auditors',
  'compared',
  'agreeing',
  'percent_agreement',
  'kappa_method',
  'kappa',
  'kappa_plans',
  'kappa_excluded',
  'needs_clearer_guidance',
  'no_consensus',
  'tool_plans',
  'tool_agreeing',
  'tool_agreement',
  'tool_kappa',
];

const r4 = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : roundTo(x, 4));

/** Kappa to 4 places, or more where 4 would put it on the other side of --weak than needs_clearer_guidance says. */
function kappaCell(k: number | undefined, weak: number): number | null {
  if (k === undefined) return null;
  return roundTo(k, fewestDigits(4, (d) => roundTo(k, d) < weak === k < weak));
}

function cells(a: Agreement, weak: number): CsvValue[] {
  return [
    a.plans,
    a.raters.length,
    a.compared,
    a.agreeing,
    r4(a.percentAgreement),
    a.kappa?.method ?? null,
    kappaCell(a.kappa?.value, weak),
    a.kappa?.plans ?? null,
    a.kappa?.excluded ?? null,
    a.needsClearerGuidance ? 'yes' : 'no',
    a.noConsensus,
    a.tool?.plans ?? null,
    a.tool?.agreeing ?? null,
    r4(a.tool?.rate),
    r4(a.tool?.kappa),
  ];
}

export function formatModerateCsv(r: ModerationReport): string {
  const rows: CsvValue[][] = r.criteria.map((c) => {
    const [plans, ...rest] = cells(c, r.thresholds.weak);
    return [c.id, c.title, plans, c.notRated, ...rest];
  });
  const [plans, ...rest] = cells(r.overall, r.thresholds.weak);
  rows.push(['(all criteria)', '', plans, r.rows.notRated, ...rest]);
  return csvDocument(MODERATE_CSV_COLUMNS, rows);
}
