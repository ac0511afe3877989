/**
 * Terminal report of `ehcp-audit compare` (`-f table`, the default): the two audits, the rule and
 * its thresholds, any warnings, the headline ("Sufficient progress has been made in 7 of the 12
 * criteria."), a table of the criteria and then a paragraph per criterion, as in a revisit letter.
 */
import { Chalk } from 'chalk';
import { precisionOf, type ComparisonReport, type CriterionComparison, type SideFigures } from '../compare/compare.js';
import { PLAIN_PRECISION, points, pointsText, targetText, type Precision } from '../compare/verdict.js';
import { formatPercent } from '../audit/stats.js';
import type { FormatContext } from './index.js';
import { textDocument } from '../util/safeText.js';
import { bullet, DASH, factLines, grid, headingLines, paragraph, fitWidth } from './table.js';

export const COMPARE_TITLE = 'EHC plan quality: progress since the baseline audit';

/**
 * The figures' cells take the criterion's Precision (compare.ts precisionOf): whole percents and
 * tenths of a point, more only where rounding would contradict the verdict ("79.6% (199/250)").
 */

/** "60% (12/20)", or a dash when the side is missing or nothing applied. */
export function sideCell(f: SideFigures | null, p: Precision = PLAIN_PRECISION): string {
  if (f === null) return DASH;
  if (f.applicable === 0) return `${DASH} (0/0)`;
  return `${formatPercent(f.met / f.applicable, p.rate)} (${f.met}/${f.applicable})`;
}

export function changeCell(c: CriterionComparison, p: Precision = PLAIN_PRECISION): string {
  return c.change ? points(c.change.diff, p.change) : DASH;
}

export function changeCiCell(c: CriterionComparison, p: Precision = PLAIN_PRECISION): string {
  return c.change ? `${points(c.change.ci95[0], p.ci)} to ${points(c.change.ci95[1], p.ci)}` : DASH;
}

/** The header facts shared by the table, Markdown and HTML formats. */
export function compareFacts(r: ComparisonReport): [string, string][] {
  const side = (s: ComparisonReport['baseline']) => `${s.file}: ${s.description}; rubric ${s.rubric.id} version ${s.rubric.version}`;
  const t = r.thresholds;
  return [
    ['Baseline', side(r.baseline)],
    ['Current', side(r.current)],
    ['Rule', t.rule],
    ['Thresholds', `target ${targetText(t.target)}; minimum gain ${pointsText(t.minGain)}; minimum ${t.minN} applicable plans on each side; ${formatPercent(t.confidence)} intervals`],
  ];
}

/** Rates as "met / applicable"; the change and its interval in percentage points. */
export const COMPARE_HEAD = ['Criterion', 'Section', 'Baseline', 'Current', 'Change', '95% CI of change', 'Verdict'];

export function compareRow(c: CriterionComparison, t: ComparisonReport['thresholds']): string[] {
  const p = precisionOf(c, t);
  return [c.id, c.section, sideCell(c.baseline, p), sideCell(c.current, p), changeCell(c, p), changeCiCell(c, p), c.verdict];
}

/** Verdicts short enough for a 100-column terminal table (the paragraphs give them in full). */
export const SHORT_VERDICT: Record<CriterionComparison['verdict'], string> = {
  'sufficient progress': 'sufficient',
  'not sufficient progress': 'not sufficient',
  'not enough evidence': 'too few plans',
  'only in baseline': 'baseline only',
  'only in current': 'current only',
};

export function formatCompareTable(r: ComparisonReport, ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.useColor ? 1 : 0 });
  const width = fitWidth(ctx.width);
  const out: string[] = [c.bold(COMPARE_TITLE), ...factLines(compareFacts(r), width)];
  const heading = (text: string) => out.push(...headingLines(c, text, width));
  const para = (text: string) => out.push(...paragraph(text, '', width));

  if (r.warnings.length > 0) {
    heading('Warnings');
    for (const w of r.warnings) out.push(...bullet(w, c.yellow('!'), width));
  }

  heading('Summary');
  para([r.summary.headline, ...r.summary.sentences].join(' '));

  heading('Criteria: rates are met / applicable; the change (current minus baseline) and its 95% CI are in percentage points');
  const colour = (v: string) => (v === 'sufficient progress' ? c.green : v === 'not sufficient progress' ? c.red : c.dim);
  out.push(
    grid(
      c,
      ['Criterion', 'Baseline', 'Current', 'Change', '95% CI', 'Verdict'],
      r.criteria.map((x) => {
        const p = precisionOf(x, r.thresholds);
        return [x.id, sideCell(x.baseline, p), sideCell(x.current, p), changeCell(x, p), changeCiCell(x, p), SHORT_VERDICT[x.verdict]];
      }),
      {
        right: [false, true, true, true, false, false],
        wrap: [true, false, false, false, false, true],
        colour: (ri, ci, text) => (ci === 5 ? colour(r.criteria[ri]!.verdict)(text) : text),
        width,
      },
    ),
  );

  heading('Findings, criterion by criterion');
  r.criteria.forEach((x, i) => {
    if (i > 0) out.push('');
    para(x.paragraph);
  });

  out.push('', c.dim(`${r.tool.name} ${r.tool.version}`));
  return textDocument(out);
}
