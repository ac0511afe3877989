/**
 * Terminal report (`-f table`, the default): a header block, key findings, grades, criteria,
 * plans, breakdowns and rejected records, drawn with cli-table3 and coloured with chalk only when
 * ctx.useColor (a Chalk instance at level 0 writes no escape codes at all).
 *
 * Tables are fitted to TABLE_WIDTH columns: long cells are wrapped here (on word boundaries, hard
 * breaks for longer words) so nothing is ever truncated.
 *
 * The terminal primitives (grid, factLines, bullet, paragraph, headingLines) pass every value
 * through displayText, so text from the export (refs, names, districts, reasons) cannot put a
 * control or bidirectional formatting character on the terminal; colour is added after, so the
 * tool's own escape codes are kept. Every plain-text formatter ends with textDocument, which
 * keeps any line from being a CI command (safeText.ts: the design).
 *
 * The small describing helpers at the top (percentages, intervals, header facts, sample facts,
 * plan details) are shared with the markdown, HTML and sample-list formatters so every format
 * says the same thing in the same words.
 */
import { rejectedNote, rejectedNotListed } from '../records/rejections.js';
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
// cli-table3's own measure of a cell, so a table laid out in pieces has the widths it would have whole.
import { strlen } from 'cli-table3/src/utils.js';
import type { AuditReport, CriterionSummary, Finding, PlanEntry, SampleInfo } from '../audit/report.js';
import { isPlanListPartial } from '../audit/planStore.js';
import { fewestDigits, formatPercent, rateTexts, roundTo, shownPercent } from '../audit/stats.js';
import { ukDate } from '../records/dates.js';
import type { Rating } from '../rubric/types.js';
import { limitCondition } from '../rubric/limitText.js';
import { displayText, textDocument } from '../util/safeText.js';
import { notEstimatesBecause } from '../sample/estimates.js';
import type { FormatContext } from './index.js';
import { NOT_GRADED } from '../rubric/score.js';
import { own } from '../util/ownRecord.js';

// ---------------------------------------------------------------------------------------------
// Shared describing helpers (pure; used by table, markdown, html and sample-list).
// ---------------------------------------------------------------------------------------------

/** Shown where a figure does not exist (no applicable plans, no score). */
export const DASH = '—';

/** A rate as "85%", or a dash when there is none. */
export function pct(rate: number | null): string {
  return rate === null ? DASH : formatPercent(rate);
}

/** A 95% interval as "64% to 95%", or a dash. */
export function ciText(ci: [number, number] | null): string {
  return ci === null ? DASH : `${formatPercent(ci[0])} to ${formatPercent(ci[1])}`;
}

/** A grade's share of the plans as text, from the counts (the report's share is rounded to 4 places). */
export function shareText(count: number, total: number): string {
  return formatPercent(total ? count / total : 0);
}

/**
 * A note for under the grades table when the shares as printed (whole percents) do not add up to
 * 100%, e.g. 14/8/8/0 of 30 plans: 47% + 27% + 27% + 0% = 101%. Undefined when they do (or there
 * are no plans). The JSON keeps each share unrounded enough to add up and carries no note.
 */
export function sharesNote(sm: Pick<AuditReport['summary'], 'plans' | 'grades'>): string | undefined {
  if (sm.plans === 0) return undefined;
  const total = sm.grades.reduce((sum, g) => sum + Number(shareText(g.count, sm.plans).slice(0, -1)), 0);
  return total === 100 ? undefined : `Shares are rounded, so they may not add up to 100% (here ${total}%).`;
}

/**
 * The bands a criterion's rate is coloured by (the terminal table, the HTML chart's bars): 80% or
 * more, 60% to under 80%, under 60%. Judged exactly on the counts (met / applicable >= 4/5 as
 * 5 x met >= 4 x applicable), not on the report's rate rounded to 4 places.
 */
export type RateBand = 'good' | 'warn' | 'bad';
export function rateBand(c: { met: number; applicable: number }): RateBand | null {
  if (c.applicable === 0) return null;
  if (5 * c.met >= 4 * c.applicable) return 'good';
  return 5 * c.met < 3 * c.applicable ? 'bad' : 'warn';
}

/** The band a printed percentage reads as. */
const shownBand = (pct: number): RateBand => (pct >= 80 ? 'good' : pct < 60 ? 'bad' : 'warn');

/**
 * A criterion's rate and 95% CI cells, from its counts (stats.ts rateTexts: never rounded twice).
 * The rate is in whole percents unless that would read in another colour band than its own: 79.6%
 * is drawn amber, so it is not printed "80%".
 */
export function rateCells(c: { met: number; applicable: number }): [rate: string, ci: string] {
  const band = rateBand(c);
  const digits = band === null ? 0 : fewestDigits(0, (d) => shownBand(shownPercent(c.met / c.applicable, d)) === band);
  const t = rateTexts(c.met, c.applicable, digits);
  return t ? [t.rate, t.ci] : [DASH, DASH];
}

/** A score out of 100 with one decimal, or a dash when the plan could not be graded. */
/** The Grades section's first line: plans, mean and median score, grades capped (no full stop). */
export function gradesSummary(sm: AuditReport['summary']): string {
  return `${sm.plans} plans, ${sm.graded} graded; mean score ${scoreText(sm.meanScore)}, median ${scoreText(sm.medianScore)}; ${sm.limited} capped by a criterion not met in full`;
}

export function scoreText(score: number | null): string {
  return score === null ? DASH : score.toFixed(1);
}

export const RATING_LABELS: Record<Rating, string> = { met: 'met', partly: 'partly met', not_met: 'not met', na: 'n/a' };

export function reportTitle(report: AuditReport): string {
  return report.kind === 'sample' ? 'EHC plan quality audit: sample' : 'EHC plan quality audit';
}

const delimName = (d: string | null) => (d === null ? null : d === '\t' ? 'tab' : d === ' ' ? 'space' : `'${d}'`);

/** The header block as label/value pairs, in display order. */
export function headerFacts(report: AuditReport): [string, string][] {
  const r = report.input.records;
  const files = report.input.files.map((f) => {
    const meta = [f.format, f.encoding, f.delimiter !== null ? `delimiter ${delimName(f.delimiter)}` : null, f.mapping !== null ? `mapping ${f.mapping}` : null]
      .filter((x): x is string => x !== null && x !== '')
      .join(', ');
    return meta ? `${f.path} (${meta})` : f.path;
  });
  const records = [`${r.read} read`, `${r.scored} scored`, `${r.rejected} rejected`, `${r.filteredOut} filtered out`];
  if (r.blankRows > 0) records.push(`${r.blankRows} blank rows skipped`);
  if (r.warnings > 0) records.push(`${r.warnings} warnings`);
  const facts: [string, string][] = [
    [report.input.files.length > 1 ? 'Input files' : 'Input file', files.join('; ') || DASH],
    ['Records', records.join(', ')],
    ['Rubric', `${report.rubric.id} version ${report.rubric.version}: ${report.rubric.title}`],
    ['Grades', gradeRule(report)],
    ['As of', ukDate(report.asOf)],
  ];
  if (report.options.where.length > 0) facts.push(['Filter', report.options.where.join(' and ')]);
  facts.push(['Names and plan text', namesShown(report.options.showText, 'report')]);
  return facts;
}

/** Whether names and plan text are shown, as every header says it: with --show-text, that `what` holds personal data. */
export function namesShown(showText: boolean, what: 'report' | 'list' | 'scorecard'): string {
  return showText ? `shown (--show-text): this ${what} contains children's personal data` : 'not shown: plans are identified by reference';
}

/** "Outstanding 95+, Good 80+, ...; 1+ critical not met: at best Requires improvement". */
export function gradeRule(report: AuditReport): string {
  const g = report.rubric.grades;
  const bands = g.bands.map((b) => `${b.name} ${b.min}+`).join(', ');
  const limits = g.limits.map((l) => `${limitCondition(l)}: at best ${l.cap}`).join('; ');
  const partly = report.rubric.partlyCredit === 'measured' ? 'partly met earns its measured share' : `partly met earns ${report.rubric.partlyCredit}`;
  return `${bands}${limits ? `; ${limits}` : ''}; ${partly}`;
}

/**
 * What --size auto sized the sample for. Cochran's size with the finite population correction,
 * at a rate of 50% (the widest), holds for a criterion every picked plan is rated on; a criterion
 * that applies to fewer has a wider interval, and the criteria table's Wilson intervals have no
 * finite population correction, so they are wider than the margin (docs/reports.md).
 */
function marginText(s: SampleInfo): string | null {
  if (!s.margin) return null;
  const margin = `±${roundTo(s.margin.margin * 100, 1)} percentage points at ${formatPercent(s.margin.confidence)} confidence`;
  const scope = 'for a criterion every plan is rated on, at a 50% rate, with the finite population correction';
  // A sample drawn with unequal chances (sample/estimates.ts) has no margin for the population:
  // Cochran's size is what a simple random sample would need (QA: "±10 points" above "They are
  // not estimates for the population"). (A sample list from an earlier build may lack estimates.)
  if (s.estimates?.population === false) {
    return `computed size ${s.margin.computedSize}: the size a simple random sample would need for ${margin} (${scope}); this sample was not drawn with the same chance for every plan, so its rates are not estimates for the population and the margin does not apply to them`;
  }
  return `${margin} (computed size ${s.margin.computedSize}): ${scope}; the intervals below have no such correction and are wider where a criterion applies to fewer plans`;
}

/** Sample facts for the header: how to read and reproduce the draw. */
export function sampleFacts(s: SampleInfo): [string, string][] {
  const requested = s.requestedSize === 'auto' ? 'auto' : String(s.requestedSize);
  const facts: [string, string][] = [
    ['Sample method', s.method],
    ['Seed', String(s.seed)],
    ['Sample size', requested === String(s.size) ? String(s.size) : `${s.size} (requested ${requested})`],
    ['Population', `${s.population} plans`],
  ];
  const margin = marginText(s);
  if (margin) facts.push(['Margin', margin]);
  facts.push(['Strata', s.strataKeys.length ? s.strataKeys.join(' / ') : 'none (simple random sample)']);
  facts.push([
    'Guaranteed groups',
    s.includeGroups.length ? s.includeGroups.map((g) => `${g.name} (${g.picked} picked of ${g.population})`).join('; ') : 'none',
  ]);
  if (s.where.length) facts.push(['Sample filter', s.where.join(' and ')]);
  return facts;
}

/** The heading over the criteria table: says whether rates describe a sample's population. */
export function criteriaHeading(report: AuditReport): string {
  const s = report.sample;
  if (s && s.estimates.population) {
    return `Criteria: rates are estimates for the population of ${s.population} plans, from a sample of ${s.size}, with 95% confidence intervals`;
  }
  if (s) {
    // Intervals as for a simple random sample: what the sample's figures would mean were it one.
    return `Criteria: rates in the sample of ${s.size} plans, with 95% confidence intervals as for a simple random sample. They are not estimates for the population of ${s.population} plans: ${notEstimatesBecause(s.estimates, s.size, s.population)}. An audit of every plan ('ehcp-audit audit') gives the population's rates`;
  }
  return `Criteria: rates over the ${report.summary.plans} plans audited (met / applicable), with 95% confidence intervals`;
}

/** Grade names in rubric order (the summary's), plus any that only a breakdown mentions. */
export function gradeNames(report: AuditReport): string[] {
  const names = report.summary.grades.map((g) => g.grade);
  for (const b of report.breakdowns) for (const g of b.groups) for (const k of Object.keys(g.grades)) if (!names.includes(k)) names.push(k);
  return names;
}

export function idsWithRating(plan: PlanEntry, rating: Rating): string[] {
  return plan.results.filter((r) => r.rating === rating).map((r) => r.criterion);
}

/** "Good, capped at Requires improvement by A-child-views", or a dash. */
export function limitText(plan: PlanEntry): string {
  if (plan.limitedBy.length === 0) return DASH;
  return `${plan.scoreGrade} by score, capped at ${plan.grade} by ${plan.limitedBy.join(', ')}`;
}

export const hasNames = (report: AuditReport): boolean => report.plans.some((p) => p.name !== undefined);
export const hasTextReasons = (report: AuditReport): boolean => report.plans.some((p) => p.results.some((r) => r.textReasons !== undefined));

export interface DetailRow {
  ref: string;
  name?: string;
  criterion: string;
  rating: string;
  /** The reasons, or (with --show-text) the same reasons quoting plan text. */
  reasons: string;
  quoted: boolean;
}

/** Heading of the reasons column: says when it quotes plan text. */
export function reasonsHeading(rows: DetailRow[]): string {
  return rows.some((r) => r.quoted) ? 'Reasons (quoting plan text: --show-text)' : 'Reasons';
}

/**
 * Plan details (why each criterion was not fully met): shown for samples, whose reports go to
 * meetings plan by plan, and whenever the report carries quoted plan text (--show-text). Audits of
 * a whole population leave them to the CSV.
 */
export function showDetails(report: AuditReport): boolean {
  return report.kind === 'sample' || hasTextReasons(report);
}

export function detailRows(report: AuditReport): DetailRow[] {
  const rows: DetailRow[] = [];
  for (const p of report.plans) {
    for (const r of p.results) {
      if (r.rating !== 'partly' && r.rating !== 'not_met') continue;
      const quoted = r.textReasons !== undefined && r.textReasons.length > 0;
      const row: DetailRow = { ref: p.ref, criterion: r.criterion, rating: RATING_LABELS[r.rating], reasons: (quoted ? r.textReasons! : r.reasons).join('; '), quoted };
      if (p.name !== undefined) row.name = p.name;
      rows.push(row);
    }
  }
  return rows;
}

export const FINDING_GROUPS: { kind: Finding['kind']; label: string }[] = [
  { kind: 'summary', label: 'Summary' },
  { kind: 'strength', label: 'Strengths' },
  { kind: 'improvement', label: 'Areas for improvement' },
  { kind: 'inequality', label: 'Differences between groups' },
  { kind: 'data', label: 'Data' },
];

/** Findings grouped by kind, in a fixed order, empty groups left out. */
export function groupedFindings(report: AuditReport): { kind: Finding['kind']; label: string; findings: Finding[] }[] {
  return FINDING_GROUPS.map((g) => ({ ...g, findings: report.findings.filter((f) => f.kind === g.kind) })).filter((g) => g.findings.length > 0);
}

export function criterionCounts(c: CriterionSummary): string[] {
  return [String(c.met), String(c.partly), String(c.notMet), String(c.notApplicable)];
}

// ---------------------------------------------------------------------------------------------
// Terminal rendering.
// ---------------------------------------------------------------------------------------------

/**
 * The width tables are fitted to: a pure formatter cannot ask the terminal, so a command writing
 * to a narrower terminal passes its width (FormatContext.width, terminalWidth); a pipe or a file
 * always gets this.
 */
export const TABLE_WIDTH = 100;

/** The fewest columns a report is fitted to: narrower, a label and its value no longer fit side by side. */
const MIN_WIDTH = 40;

/** The width a terminal report is fitted to, given the terminal's (FormatContext.width), if any. */
export function fitWidth(terminal: number | undefined): number {
  return terminal === undefined ? TABLE_WIDTH : Math.max(MIN_WIDTH, Math.min(TABLE_WIDTH, terminal));
}

/** Word-wrap to `width`, breaking words longer than the width; keeps existing line breaks. */
export function wrapText(text: string, width: number): string {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (let word of para.split(/\s+/).filter(Boolean)) {
      while (word.length > w) {
        const room = line ? w - line.length - 1 : w;
        if (room >= 4) {
          out.push(line ? `${line} ${word.slice(0, room)}` : word.slice(0, room));
          word = word.slice(room);
        } else {
          out.push(line);
          out.push(word.slice(0, w));
          word = word.slice(w);
        }
        line = '';
      }
      if (!word) continue;
      if (!line) line = word;
      else if (line.length + 1 + word.length <= w) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}

const widthOf = (s: string) => Math.max(0, ...s.split('\n').map((l) => l.length));

export interface GridOptions {
  /** Per column: right-align (numbers). */
  right?: boolean[];
  /** Per column: may be wrapped narrower than its content (text); others keep their width. */
  wrap?: boolean[];
  /** Per cell colouring, applied after wrapping. */
  colour?: (row: number, col: number, text: string) => string;
  width?: number;
  /** Rows laid out at a time (GRID_CHUNK_ROWS); for tests. */
  chunkRows?: number;
}

/** A cli-table3 table fitted to the width: wraps the widest wrappable columns first. */
export function grid(c: ChalkInstance, headText: string[], rowText: string[][], opts: GridOptions = {}): string {
  const head = headText.map((h) => displayText(h));
  const rows = rowText.map((r) => r.map((x) => displayText(x)));
  const n = head.length;
  const budget = (opts.width ?? TABLE_WIDTH) - (3 * n + 1);
  const widths = head.map((h, i) => {
    let w = widthOf(h);
    for (const r of rows) w = Math.max(w, widthOf(r[i] ?? ''));
    return w;
  });
  // A wrappable column may narrow to its longest word (ids, refs: up to 26) but not below 12.
  // A loop, not Math.max(...words): spread as arguments, the words of a few thousand rows
  // overflowed the call stack ("Maximum call stack size exceeded", priority --top 6000).
  const longestWord = head.map((h, i) => {
    let longest = 0;
    for (const text of [h, ...rows.map((r) => r[i] ?? '')]) for (const w of text.split(/\s+/)) if (w.length > longest) longest = w.length;
    return longest;
  });
  let min = widths.map((w, i) => (opts.wrap?.[i] ? Math.min(w, Math.max(12, Math.min(26, longestWord[i]!))) : w));
  let total = widths.reduce((a, b) => a + b, 0);
  const narrow = () => {
    while (total > budget) {
      let widest = -1;
      for (let i = 0; i < n; i++) if (widths[i]! > min[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
      if (widest < 0) break;
      widths[widest]!--;
      total--;
    }
  };
  narrow();
  // In a terminal narrower than TABLE_WIDTH, a table that still does not fit breaks its long words
  // (a reference, a criterion id) down to 12 columns rather than have the terminal wrap every row,
  // if that makes it fit (a broken id in a table the terminal wraps anyway helps no one). Never at
  // TABLE_WIDTH, so a file or a pipe is laid out as it always was.
  if (total > budget && (opts.width ?? TABLE_WIDTH) < TABLE_WIDTH) {
    const before = [...widths];
    const beforeTotal = total;
    min = widths.map((w, i) => (opts.wrap?.[i] ? Math.min(w, 12) : w));
    narrow();
    if (total > budget) {
      widths.splice(0, n, ...before);
      total = beforeTotal;
    }
  }
  const wrapped = rows.map((row) => row.map((cell, ci) => wrapText(cell, widths[ci]!)));
  // Rules between rows only when some row runs over several lines; otherwise a compact table.
  const compact = wrapped.every((row) => row.every((cell) => !cell.includes('\n')));
  const headCells = head.map((h, i) => c.bold(wrapText(h, widths[i]!)));
  const body = wrapped.map((row, ri) => row.map((text, ci) => (opts.colour ? opts.colour(ri, ci, text) : text)));
  const style = { head: [], border: [], 'padding-left': 1, 'padding-right': 1, compact };
  const colAligns = head.map((_, i) => (opts.right?.[i] ? 'right' : 'left') as 'right' | 'left');
  const chunk = opts.chunkRows ?? GRID_CHUNK_ROWS;
  if (body.length <= chunk) {
    const table = new Table({ head: headCells, style, colAligns });
    for (const row of body) table.push(row);
    return table.toString();
  }
  return chunkedGrid(headCells, body, style, colAligns, chunk);
}

/**
 * Rows a terminal table is laid out in at a time. cli-table3 lays a table out in time that grows
 * faster than its rows (5,000 rows 0.5 s, 20,000 5 s, 60,000 53 s), so a long list (priority --top
 * 0 of a national export) is laid out in pieces of this many rows, at the widths the whole table
 * would have, and the pieces joined: the same text as one table.
 */
const GRID_CHUNK_ROWS = 1000;

function chunkedGrid(head: string[], body: string[][], style: Record<string, unknown>, colAligns: ('left' | 'right')[], chunk: number): string {
  // The widths cli-table3 gives the whole table: the widest line of any cell, plus the padding.
  const colWidths = head.map((h, i) => {
    let w = strlen(h);
    for (const row of body) w = Math.max(w, strlen(row[i] ?? ''));
    return w + 2;
  });
  const compact = style.compact === true;
  const rule = `├${colWidths.map((w) => '─'.repeat(w)).join('┼')}┤`;
  const out: string[] = [];
  for (let from = 0; from < body.length; from += chunk) {
    const first = from === 0;
    const last = from + chunk >= body.length;
    const table = new Table({ ...(first ? { head } : {}), style, colAligns, colWidths });
    for (const row of body.slice(from, from + chunk)) table.push(row);
    const lines = table.toString().split('\n');
    // The first piece keeps the top border and the header, the last the bottom border; between
    // two pieces, the rule a table draws between rows (none in a compact table).
    if (!first && !compact) out.push(rule);
    out.push(...lines.slice(first ? 0 : 1, last ? lines.length : -1));
  }
  return out.join('\n');
}

/** "Label:  value" lines, values aligned and wrapped with a hanging indent. */
export function factLines(facts: [string, string][], width = TABLE_WIDTH): string[] {
  const labelWidth = Math.max(...facts.map(([l]) => l.length)) + 2;
  const lines: string[] = [];
  for (const [label, value] of facts) {
    const wrapped = wrapText(displayText(value), width - labelWidth).split('\n');
    wrapped.forEach((v, i) => lines.push(`${(i === 0 ? `${label}:` : '').padEnd(labelWidth)}${v}`.trimEnd()));
  }
  return lines;
}

/** A bulleted item: "  • text", wrapped with a hanging indent. */
export function bullet(text: string, marker: string, width = TABLE_WIDTH): string[] {
  return wrapText(displayText(text), width - 4)
    .split('\n')
    .map((l, i) => `${i === 0 ? `  ${marker} ` : '    '}${l}`);
}

/** A paragraph wrapped to the width, each line after `indent`. */
export function paragraph(text: string, indent = '', width = TABLE_WIDTH): string[] {
  return wrapText(displayText(text), width - indent.length)
    .split('\n')
    .map((l) => indent + l);
}

/** A heading: a blank line, then the text wrapped, bold and underlined. */
export function headingLines(c: ChalkInstance, text: string, width = TABLE_WIDTH): string[] {
  return ['', ...paragraph(text, '', width).map((l) => c.bold.underline(l))];
}

function rateColour(c: ChalkInstance, counts: { met: number; applicable: number }): (s: string) => string {
  const band = rateBand(counts);
  return band === null ? c.dim : { good: c.green, warn: c.yellow, bad: c.red }[band];
}

function gradeColour(c: ChalkInstance, grades: string[], grade: string): (s: string) => string {
  const bands = grades.filter((g) => g !== NOT_GRADED);
  const i = bands.indexOf(grade);
  if (i < 0) return c.dim;
  if (i === 0) return c.green;
  if (i === bands.length - 1) return c.red;
  return c.yellow;
}

export function formatTable(report: AuditReport, ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.useColor ? 1 : 0 });
  const width = fitWidth(ctx.width);
  const out: string[] = [];
  const heading = (text: string) => out.push(...headingLines(c, text, width));
  // A line of the tool's own, wrapped in a terminal narrower than TABLE_WIDTH; at TABLE_WIDTH
  // written whole, as it always was, so that a pipe's or a file's output is unchanged.
  const line = (text: string, indent = '') => out.push(...(width < TABLE_WIDTH ? paragraph(text, indent, width) : [indent + text]));
  const bandNames = report.summary.grades.map((g) => g.grade);

  out.push(c.bold(reportTitle(report)));
  out.push(...factLines(headerFacts(report), width));

  const s = report.sample;
  if (s) {
    heading('Sample');
    out.push(...factLines(sampleFacts(s), width));
    if (s.strata.length > 0) {
      out.push(
        grid(
          c,
          ['Stratum', 'Population', 'Allocated'],
          s.strata.map((x) => [x.key, String(x.population), String(x.allocated)]),
          { right: [false, true, true], wrap: [true, false, false], width },
        ),
      );
    }
    for (const note of s.notes) out.push(...bullet(note, '*', width));
  }

  heading('Key findings');
  if (report.findings.length === 0) out.push('  (none)');
  const markers: Record<Finding['kind'], (s: string) => string> = {
    summary: (x) => x,
    strength: c.green,
    improvement: c.red,
    inequality: c.yellow,
    data: c.dim,
  };
  for (const g of groupedFindings(report)) {
    if (g.kind !== 'summary') out.push(`  ${c.bold(g.label)}`);
    for (const f of g.findings) out.push(...bullet(f.text, markers[f.kind]('•'), width));
  }

  heading('Grades');
  const sm = report.summary;
  line(gradesSummary(sm));
  const barMax = 30;
  out.push(
    grid(
      c,
      // The share drawn as a bar (30 blocks for 100%), under a header so that what the blocks are
      // is said, not just read out as characters (WCAG 1.3.1).
      ['Grade', 'Plans', 'Share', 'Bar'],
      sm.grades.map((g) => [g.grade, String(g.count), shareText(g.count, sm.plans), '█'.repeat(Math.round(g.share * barMax))]),
      {
        right: [false, true, true, false],
        wrap: [true, false, false, false],
        colour: (ri, ci, text) => (ci === 3 || ci === 0 ? gradeColour(c, bandNames, sm.grades[ri]!.grade)(text) : text),
        width,
      },
    ),
  );
  const note = sharesNote(sm);
  if (note) out.push(c.dim(note));

  heading(criteriaHeading(report));
  out.push(
    grid(
      c,
      ['Criterion', 'Section', 'Severity', 'Met', 'Partly', 'Not met', 'N/A', 'Rate', '95% CI'],
      report.criteria.map((x) => [x.id, x.section, x.severity, ...criterionCounts(x), ...rateCells(x)]),
      {
        right: [false, false, false, true, true, true, true, true, false],
        wrap: [true, false, true, false, false, false, false, false, true],
        colour: (ri, ci, text) => (ci === 7 ? rateColour(c, report.criteria[ri]!)(text) : text),
        width,
      },
    ),
  );

  heading('Plans');
  const names = hasNames(report);
  if (isPlanListPartial(report)) line(`The ${report.plans.length} lowest-scoring of the ${report.summary.plans} plans; the JSON and CSV reports list every plan.`, '  ');
  if (report.plans.length === 0) out.push('  (no plans)');
  else {
    out.push(
      grid(
        c,
        ['Ref', ...(names ? ['Name'] : []), 'Grade', 'Score', 'Criteria not met', 'Limiting judgement'],
        report.plans.map((p) => [p.ref, ...(names ? [p.name ?? ''] : []), p.grade, scoreText(p.score), idsWithRating(p, 'not_met').join(', ') || DASH, limitText(p)]),
        {
          right: [false, ...(names ? [false] : []), false, true, false, false],
          wrap: [true, ...(names ? [true] : []), true, false, true, true],
          colour: (ri, ci, text) => (ci === (names ? 2 : 1) ? gradeColour(c, bandNames, report.plans[ri]!.grade)(text) : text),
          width,
        },
      ),
    );
  }

  if (showDetails(report)) {
    const rows = detailRows(report);
    heading('Criteria not fully met, plan by plan');
    if (rows.length === 0) line('Every applicable criterion was met in every plan.', '  ');
    else {
      out.push(
        grid(
          c,
          ['Ref', 'Criterion', 'Rating', reasonsHeading(rows)],
          rows.map((r) => [r.ref, r.criterion, r.rating, r.reasons || DASH]),
          { wrap: [true, true, false, true], width },
        ),
      );
    }
  }

  const grades = gradeNames(report);
  for (const b of report.breakdowns) {
    heading(`By ${b.label.toLowerCase()}`);
    if (b.groups.length === 0) {
      out.push('  (no plans)');
      continue;
    }
    out.push(
      grid(
        c,
        [b.label, 'Plans', 'Mean score', ...grades],
        b.groups.map((g) => [g.key, String(g.plans), scoreText(g.meanScore), ...grades.map((name) => String(own(g.grades, name) ?? 0))]),
        { right: [false, true, true, ...grades.map(() => true)], wrap: [true, false, false, ...grades.map(() => true)], width },
      ),
    );
  }

  heading(`Rejected records (${report.input.records.rejected})`);
  if (report.input.rejected.length === 0) line('None: every record read could be scored or was filtered out.', '  ');
  for (const r of report.input.rejected) {
    for (const reason of r.reasons) {
      out.push(...bullet(`${r.file}:${r.line}: ${r.ref !== null ? `[${r.ref}] ` : ''}${reason}`, c.red('•'), width));
    }
  }
  if (rejectedNotListed(report) > 0) line(rejectedNote(report), '  ');

  out.push('', c.dim(`${report.tool.name} ${report.tool.version}`));
  return textDocument(out);
}
