/**
 * Terminal report of `ehcp-audit moderate` (`-f table`, the default): who rated what, agreement
 * per criterion (percentage agreement, Cohen's or Fleiss' kappa, the tool against the auditors'
 * consensus), the criteria that need clearer guidance, and the plan x criterion items to discuss
 * at the moderation meeting. The describing helpers here are shared with the Markdown format.
 * Worksheet cells (plan references, criterion ids, auditors' names and comments) reach the
 * terminal only through table.ts's primitives, which escape them.
 */
import { Chalk } from 'chalk';
import { fewestDigits, formatPercent, roundTo } from '../audit/stats.js';
import { capByCause } from '../compare/capList.js';
import { RATING_WORDS, type Agreement, type Disagreement, type KappaResult, type ModerationReport } from '../compare/moderate.js';
import type { FormatContext } from './index.js';
import { textDocument } from '../util/safeText.js';
import { bullet, DASH, factLines, grid, headingLines, paragraph, fitWidth } from './table.js';

export const MODERATE_TITLE = 'EHC plan moderation: agreement between auditors';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Landis JR & Koch GG (1977) Biometrics 33:159-174, the usual (rough) reading of kappa. */
export function kappaBand(k: number): string {
  if (k < 0) return 'poor';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}

/**
 * Kappa as printed: 3 decimals, or the more it takes to read in the Landis and Koch band it is given
 * (0.2004 is "fair", and "0.200 fair" would contradict the band's own 0.00-0.20 "slight") and, with
 * `weak`, on the side of the --weak threshold its flag was judged on (0.59996 is below 0.6, not
 * "0.600"). As the check thresholds print rates (check/thresholds.ts).
 */
export function kappaNumber(k: number, weak?: number): string {
  const holds = (d: number): boolean => {
    const shown = roundTo(k, d);
    return kappaBand(shown) === kappaBand(k) && (weak === undefined || shown < weak === k < weak);
  };
  const digits = fewestDigits(3, holds);
  return roundTo(k, digits).toFixed(digits);
}

/** "0.400 fair (Cohen)" / "0.210 fair (Fleiss, 3 per plan)" / "0.602 moderate (Fleiss, 2 to 3 per plan)". */
export function kappaText(k: KappaResult | null, weak?: number): string {
  if (k === null) return DASH;
  const how = k.method === 'cohen' ? 'Cohen' : k.method === 'fleiss' ? `Fleiss, ${k.ratingsPerPlan} per plan` : `Fleiss, ${k.ratingsPerPlan} to ${k.maxRatingsPerPlan} per plan`;
  return `${kappaNumber(k.value, weak)} ${kappaBand(k.value)} (${how})`;
}

/** "Cohen's kappa", "Fleiss' kappa", or the generalised Fleiss' kappa of the pooled row. */
function kappaName(k: KappaResult): string {
  if (k.method === 'cohen') return "Cohen's kappa";
  return k.method === 'fleiss' ? "Fleiss' kappa" : "Fleiss' kappa (generalised to a varying number of ratings)";
}

/** "85% (17/20)". */
export function agreementText(a: Agreement): string {
  if (a.percentAgreement === null) return DASH;
  return `${formatPercent(a.percentAgreement)} (${a.agreeing}/${a.compared})`;
}

export function toolText(a: Agreement): string {
  if (a.tool === null || a.tool.rate === null) return DASH;
  return `${formatPercent(a.tool.rate)} (${a.tool.agreeing}/${a.tool.plans})${a.tool.kappa !== null ? `, kappa ${kappaNumber(a.tool.kappa)}` : ''}`;
}

export function moderateFacts(r: ModerationReport): [string, string][] {
  const facts: [string, string][] = [
    [r.files.length > 1 ? 'Worksheets' : 'Worksheet', r.files.join('; ')],
    [
      'Tool ratings',
      r.report ? `${r.report.file} (${r.report.kind} of ${plural(r.report.plans, 'plan')}, rubric ${r.report.rubric.id} version ${r.report.rubric.version})` : 'none (give --report REPORT.json to compare the tool with the auditors)',
    ],
    ['Criterion ids from', r.criteriaFrom ?? 'not checked'],
    ['Auditors', r.raters.length ? r.raters.map((x) => `${x.name} (${x.rated} rated${x.notRated ? `, ${x.notRated} not rated yet` : ''})`).join('; ') : 'none'],
    ['Rating scale', r.scale.join(', ')],
    ['Weak agreement', `kappa below ${r.thresholds.weak}: the criterion needs clearer guidance`],
  ];
  return facts;
}

/** Summary sentences, in every format. */
export function moderateSummary(r: ModerationReport): string[] {
  const o = r.overall;
  const out: string[] = [];
  out.push(`${plural(r.raters.length, 'auditor')} rated ${plural(o.plans, 'plan x criterion item')}; ${o.compared} were rated by two or more auditors.`);
  if (o.percentAgreement !== null) {
    out.push(
      `The auditors agreed on ${o.agreeing} of ${o.compared} (${formatPercent(o.percentAgreement)})${o.kappa ? `; over all criteria ${kappaName(o.kappa)} is ${kappaNumber(o.kappa.value, r.thresholds.weak)} (${kappaBand(o.kappa.value)})` : ''}.`,
    );
  }
  const weak = r.criteria.filter((c) => c.needsClearerGuidance);
  if (weak.length > 0) out.push(`${plural(weak.length, 'criterion', 'criteria')} ${weak.length === 1 ? 'needs' : 'need'} clearer guidance (kappa below ${r.thresholds.weak}): ${weak.map((c) => c.id).join(', ')}.`);
  else if (r.criteria.some((c) => c.kappa !== null)) out.push(`No criterion has kappa below ${r.thresholds.weak}.`);
  if (o.tool && o.tool.rate !== null) {
    out.push(`The tool agreed with the auditors' consensus on ${o.tool.agreeing} of ${o.tool.plans} (${formatPercent(o.tool.rate)})${o.tool.kappa !== null ? `, kappa ${kappaNumber(o.tool.kappa)}` : ''}.`);
  }
  if (r.disagreements.length > 0) out.push(`${plural(r.disagreements.length, 'item')} to discuss at the moderation meeting (the auditors disagree).`);
  return out;
}

export const CRITERIA_HEAD = ['Criterion', 'Plans', 'Auditors', 'Agreement', 'Kappa', 'Tool vs consensus', 'Guidance'];

export function criteriaRows(r: ModerationReport): string[][] {
  const rows = r.criteria.map((c) => [
    c.id,
    String(c.plans),
    String(c.raters.length),
    agreementText(c),
    kappaText(c.kappa, r.thresholds.weak),
    toolText(c),
    c.needsClearerGuidance ? 'needs clearer guidance' : '',
  ]);
  const o = r.overall;
  rows.push(['All criteria', String(o.plans), String(o.raters.length), agreementText(o), kappaText(o.kappa, r.thresholds.weak), toolText(o), o.needsClearerGuidance ? 'needs clearer guidance' : '']);
  return rows;
}

/** The terminal's narrower version: kappa as a bare number (the method is in a note), the tool's rate only. */
export const COMPACT_HEAD = ['Criterion', 'Plans', 'Auditors', 'Agreement', 'Kappa', 'Tool agrees', 'Clearer guidance'];

export function compactRows(r: ModerationReport): string[][] {
  const row = (id: string, a: Agreement, flag: boolean) => [
    id,
    String(a.plans),
    String(a.raters.length),
    agreementText(a),
    a.kappa ? kappaNumber(a.kappa.value, r.thresholds.weak) : DASH,
    a.tool && a.tool.rate !== null ? `${formatPercent(a.tool.rate)} (${a.tool.agreeing}/${a.tool.plans})` : DASH,
    flag ? 'needed' : '',
  ];
  return [...r.criteria.map((c) => row(c.id, c, c.needsClearerGuidance)), row('All criteria', r.overall, r.overall.needsClearerGuidance)];
}

/** Which kappa each criterion uses, and the pooled row: the note under the terminal and Markdown tables. */
export function kappaMethodNote(r: ModerationReport): string | null {
  const count = (m: KappaResult['method']) => r.criteria.filter((c) => c.kappa?.method === m).length;
  const [cohen, fleiss, varying] = [count('cohen'), count('fleiss'), count('fleiss-varying')];
  const pooled = r.overall.kappa;
  if (cohen + fleiss + varying === 0 && pooled === null) return null;
  const criteria = (n: number) => plural(n, 'criterion', 'criteria');
  const parts: string[] = [];
  if (cohen) parts.push(`Cohen's kappa for ${criteria(cohen)} rated by two auditors`);
  if (fleiss) parts.push(`Fleiss' kappa for ${criteria(fleiss)} rated by more than two`);
  if (varying) parts.push(`Fleiss' kappa generalised to a varying number of ratings per plan (Gwet 2014) for ${criteria(varying)} rated by more than two, not all on every plan`);
  if (pooled) parts.push(`all criteria pooled: ${kappaName(pooled)}`);
  return `Kappa: ${parts.join('; ')}. Read roughly (Landis and Koch 1977): below 0 poor, to 0.20 slight, to 0.40 fair, to 0.60 moderate, to 0.80 substantial, above almost perfect.`;
}

export const rating = (x: string | null): string => (x === null ? 'no consensus' : (RATING_WORDS as Record<string, string>)[x] ?? x);

export function ratingsText(d: Disagreement): string {
  return d.ratings.map((x) => `${x.rater}: ${rating(x.rating)}`).join('; ');
}

export function commentsText(d: Disagreement): string {
  return d.ratings
    .filter((x) => x.comment !== '')
    .map((x) => `${x.rater}: ${x.comment}`)
    .join('; ');
}

export function formatModerateTable(r: ModerationReport, ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.useColor ? 1 : 0 });
  const width = fitWidth(ctx.width);
  const out: string[] = [c.bold(MODERATE_TITLE), ...factLines(moderateFacts(r), width)];
  const heading = (text: string) => out.push(...headingLines(c, text, width));
  const bullets = (lines: string[], marker = '•') => {
    for (const l of lines) out.push(...bullet(l, marker, width));
  };

  heading('Summary');
  bullets(moderateSummary(r));

  heading('Agreement by criterion');
  if (r.criteria.length === 0) out.push('  (no ratings yet)');
  else {
    const rows = compactRows(r);
    out.push(
      grid(c, COMPACT_HEAD, rows, {
        right: [false, true, true, true, true, true, false],
        wrap: [true, false, false, false, false, false, true],
        colour: (ri, ci, text) => (ci === 6 && rows[ri]![6] ? c.red(text) : ri === rows.length - 1 ? c.bold(text) : text),
        width,
      }),
    );
    const note = kappaMethodNote(r);
    if (note) out.push(...paragraph(note, '', width));
  }

  heading(`For the moderation meeting: items the auditors disagree on (${r.disagreements.length})`);
  if (r.disagreements.length === 0) out.push('  None.');
  else {
    out.push(
      grid(
        c,
        ['Plan', 'Criterion', 'Ratings', 'Consensus', ...(r.report ? ['Tool'] : []), 'Comments'],
        r.disagreements.map((d) => [d.plan, d.criterion, ratingsText(d), rating(d.consensus), ...(r.report ? [d.tool ? rating(d.tool.rating) : DASH] : []), commentsText(d) || DASH]),
        { wrap: [true, true, true, false, ...(r.report ? [false] : []), true], width },
      ),
    );
  }

  if (r.report) {
    heading(`The tool against the auditors' consensus: items that differ (${r.toolDisagreements.length})`);
    if (r.toolDisagreements.length === 0) out.push('  None.');
    else {
      out.push(
        grid(
          c,
          ['Plan', 'Criterion', 'Consensus', 'Tool', "Tool's reasons"],
          r.toolDisagreements.map((d) => [d.plan, d.criterion, rating(d.consensus), d.tool ? rating(d.tool.rating) : DASH, d.tool?.reasons.join('; ') || DASH]),
          { wrap: [true, true, false, false, true], width },
        ),
      );
    }
  }

  if (r.notes.length > 0) {
    heading('Notes');
    bullets(r.notes);
  }
  if (r.skipped.length > 0) {
    heading(`Rows skipped (--lenient): ${r.skipped.length}`);
    bullets(capByCause(r.skipped), c.red('•'));
  }
  out.push('', c.dim(`${r.tool.name} ${r.tool.version}`));
  return textDocument(out);
}
