/**
 * HTML report (`-f html`): one self-contained file to open, mail or print. Inline CSS only: no
 * scripts, no fonts, images or style sheets from elsewhere. Charts are inline SVG with role="img",
 * a <title> and a <desc>; every table has a <caption> (id "<table id>-caption") and sits in a
 * keyboard-focusable scroll box named by it. Every piece of text from the report is
 * escaped (& < > " ') by esc (htmlDoc.ts, shared with the compare report), which also shows controls and bidirectional characters as \xHH and
 * \uXXXX (util/safeText.ts) and writes a CI command's colon or bracket as a character reference.
 * Output is deterministic: the only date shown is the report's as-of date,
 * and SVG coordinates are rounded to one decimal. The style sheet, its print rules and the
 * <header>/<main>/<footer> page are htmlDoc.ts's.
 *
 * Ids tests and style sheets can rely on: chart-grades, chart-criteria, chart-phase,
 * chart-district, table-grades, table-criteria, table-plans, table-details, table-breakdown-<by>,
 * table-strata, table-groups, table-picks, table-rejected, grades-note (only when the rounded
 * shares do not add up to 100%).
 */
import { rejectedNote, rejectedNotListed } from '../records/rejections.js';
import { isPlanListPartial } from '../audit/planStore.js';
import type { AuditReport, Breakdown, CriterionSummary } from '../audit/report.js';
import { formatPercent } from '../audit/stats.js';
import { ukDate } from '../records/dates.js';
import {
  rateBand,
  rateCells,
  shareText,
  DASH,
  criteriaHeading,
  criterionCounts,
  detailRows,
  gradeNames,
  gradesSummary,
  sharesNote,
  groupedFindings,
  hasNames,
  headerFacts,
  idsWithRating,
  limitText,
  reasonsHeading,
  reportTitle,
  sampleFacts,
  scoreText,
  showDetails,
} from './table.js';
import { chartFigure, COLOURS, dataTable, esc, facts, htmlPage, legend, n } from './htmlDoc.js';
import { NOT_GRADED } from '../rubric/score.js';
import { own } from '../util/ownRecord.js';

export { esc };

const plural = (k: number, one: string, many = `${one}s`): string => `${k} ${k === 1 ? one : many}`;

/** What the criteria chart says, on the row and in its description, for a criterion no plan was rated on. */
const NO_APPLICABLE = 'no applicable plans';

function rateColour(counts: { met: number; applicable: number }): string {
  const band = rateBand(counts);
  return band === null ? COLOURS.muted : COLOURS[band];
}

/** The criteria chart's key: the bands of rateColour. */
const RATE_KEY = legend('Bar colours:', [
  { colour: COLOURS.good, label: 'green: 80% or more' },
  { colour: COLOURS.warn, label: 'amber: 60% to under 80%' },
  { colour: COLOURS.bad, label: 'red: under 60%' },
].map(({ colour, label }) => ({ swatch: `<rect x="1" y="3" width="14" height="10" fill="${colour}"/>`, label })));

function gradeColour(grades: string[], grade: string): string {
  const bands = grades.filter((g) => g !== NOT_GRADED);
  const i = bands.indexOf(grade);
  if (i < 0) return COLOURS.muted;
  if (i === 0) return COLOURS.good;
  if (i === bands.length - 1) return COLOURS.bad;
  return i === 1 && bands.length > 3 ? COLOURS.neutral : COLOURS.warn;
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

interface Col {
  head: string;
  num?: boolean;
}

/** A table in its scroll box (htmlDoc.ts dataTable); cells are already-escaped HTML (use esc()). */
function table(id: string, caption: string, cols: Col[], rows: string[][]): string {
  const head = cols.map((c) => `<th scope="col"${c.num ? ' class="num"' : ''}>${esc(c.head)}</th>`).join('');
  const body = rows.map((r) => `<tr>${cols.map((c, i) => (i === 0 ? `<th scope="row">${r[i] ?? ''}</th>` : `<td${c.num ? ' class="num"' : ''}>${r[i] ?? ''}</td>`)).join('')}</tr>`);
  return dataTable(id, caption, `<tr>${head}</tr>`, body);
}

// ---------------------------------------------------------------------------------------------
// Charts (inline SVG)
// ---------------------------------------------------------------------------------------------

function svg(id: string, width: number, height: number, title: string, desc: string, body: string[]): string {
  return [
    `<svg id="${esc(id)}" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}">`,
    `<title id="${esc(id)}-title">${esc(title)}</title>`,
    `<desc id="${esc(id)}-desc">${esc(desc)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Split a label into at most two lines of about `max` characters, for axis labels. */
function twoLines(label: string, max: number): string[] {
  if (label.length <= max) return [label];
  const words = label.split(' ');
  let first = '';
  while (words.length && (first + (first ? ' ' : '') + words[0]).length <= max) first += (first ? ' ' : '') + words.shift();
  if (!first) return [`${label.slice(0, max - 1)}…`];
  const rest = words.join(' ');
  return [first, rest.length > max ? `${rest.slice(0, max - 1)}…` : rest];
}

function gradeChart(report: AuditReport): string {
  const grades = report.summary.grades;
  const bands = grades.map((g) => g.grade);
  const W = 640;
  const H = 260;
  const top = 28;
  const bottom = 44;
  const left = 40;
  const plotH = H - top - bottom;
  const step = Math.max(1, Math.ceil(Math.max(1, ...grades.map((g) => g.count)) / 4));
  const max = step * Math.ceil(Math.max(1, ...grades.map((g) => g.count)) / step);
  const slot = (W - left - 10) / Math.max(1, grades.length);
  const barW = Math.min(90, slot * 0.6);
  const body: string[] = [];
  for (let t = 0; t <= max; t += step) {
    const y = top + plotH - (t / max) * plotH;
    body.push(`<line x1="${n(left)}" y1="${n(y)}" x2="${n(W - 10)}" y2="${n(y)}" stroke="${COLOURS.grid}" stroke-width="1"/>`);
    body.push(`<text x="${n(left - 6)}" y="${n(y + 4)}" text-anchor="end">${esc(t)}</text>`);
  }
  grades.forEach((g, i) => {
    const h = (g.count / max) * plotH;
    const x = left + slot * i + (slot - barW) / 2;
    const y = top + plotH - h;
    body.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(barW)}" height="${n(h)}" fill="${gradeColour(bands, g.grade)}"><title>${esc(`${g.grade}: ${plural(g.count, 'plan')} (${shareText(g.count, report.summary.plans)})`)}</title></rect>`);
    body.push(`<text x="${n(x + barW / 2)}" y="${n(y - 6)}" text-anchor="middle">${esc(`${g.count} (${shareText(g.count, report.summary.plans)})`)}</text>`);
    twoLines(g.grade, Math.max(8, Math.floor(slot / 7))).forEach((line, li) => {
      body.push(`<text x="${n(x + barW / 2)}" y="${n(top + plotH + 16 + li * 14)}" text-anchor="middle">${esc(line)}</text>`);
    });
  });
  const desc = grades.map((g) => `${g.grade}: ${g.count} (${shareText(g.count, report.summary.plans)})`).join('; ');
  return svg('chart-grades', W, H, `Grades of the ${report.summary.plans} plans`, desc || 'No plans.', body);
}

function criteriaChart(report: AuditReport): string {
  const rows = report.criteria;
  const W = 720;
  const rowH = 22;
  const top = 24;
  const labelW = Math.min(240, Math.max(80, ...rows.map((c) => c.id.length * 7 + 12)));
  const valueW = 150;
  const plotW = W - labelW - valueW - 10;
  const H = top + rows.length * rowH + 12;
  const x = (rate: number) => labelW + rate * plotW;
  const body: string[] = [];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    body.push(`<line x1="${n(x(t))}" y1="${n(top - 4)}" x2="${n(x(t))}" y2="${n(H - 8)}" stroke="${COLOURS.grid}" stroke-width="1"${t === 0 ? '' : ' stroke-dasharray="3 3"'}/>`);
    body.push(`<text x="${n(x(t))}" y="${n(top - 8)}" text-anchor="middle">${esc(formatPercent(t))}</text>`);
  }
  rows.forEach((c: CriterionSummary, i) => {
    const yMid = top + i * rowH + rowH / 2;
    body.push(`<text x="${n(labelW - 8)}" y="${n(yMid + 4)}" text-anchor="end">${esc(c.id)}</text>`);
    if (c.rate === null) {
      body.push(`<text x="${n(x(0) + 4)}" y="${n(yMid + 4)}" class="muted" fill="${COLOURS.muted}">${esc(NO_APPLICABLE)}</text>`);
      return;
    }
    const [rate, ci] = rateCells(c);
    const label = `${c.id}: ${rate} met (${c.met} of ${c.applicable})${c.ci95 ? `, 95% CI ${ci}` : ''}`;
    body.push(`<rect x="${n(x(0))}" y="${n(yMid - 7)}" width="${n(c.rate * plotW)}" height="14" fill="${rateColour(c)}"><title>${esc(label)}</title></rect>`);
    if (c.ci95) {
      const [lo, hi] = c.ci95;
      body.push(`<line x1="${n(x(lo))}" y1="${n(yMid)}" x2="${n(x(hi))}" y2="${n(yMid)}" stroke="${COLOURS.ink}" stroke-width="1.5"/>`);
      body.push(`<line x1="${n(x(lo))}" y1="${n(yMid - 5)}" x2="${n(x(lo))}" y2="${n(yMid + 5)}" stroke="${COLOURS.ink}" stroke-width="1.5"/>`);
      body.push(`<line x1="${n(x(hi))}" y1="${n(yMid - 5)}" x2="${n(x(hi))}" y2="${n(yMid + 5)}" stroke="${COLOURS.ink}" stroke-width="1.5"/>`);
    }
    body.push(`<text x="${n(labelW + plotW + 10)}" y="${n(yMid + 4)}">${esc(`${rate} (${ci})`)}</text>`);
  });
  const s = report.sample;
  const scope = s ? (s.estimates.population ? `estimated for the population of ${s.population} plans from a sample of ${s.size}` : `in the sample of ${s.size} plans`) : `over the ${report.summary.plans} plans audited`;
  const desc = rows
    .map((c) => {
      if (c.rate === null) return `${c.id}: ${NO_APPLICABLE}`;
      const [rate, ci] = rateCells(c);
      return `${c.id}: ${rate}${c.ci95 ? ` (95% CI ${ci})` : ''}`;
    })
    .join('; ');
  return svg('chart-criteria', W, H, `Share of plans meeting each criterion, ${scope}, with 95% confidence intervals`, desc || 'No criteria.', body);
}

function breakdownChart(id: string, b: Breakdown): string {
  const W = 640;
  const rowH = 22;
  const top = 24;
  const labels = b.groups.map((g) => `${g.key} (${g.plans})`);
  const labelW = Math.min(260, Math.max(80, ...labels.map((l) => l.length * 7 + 12)));
  const valueW = 50;
  const plotW = W - labelW - valueW - 10;
  const H = top + Math.max(1, b.groups.length) * rowH + 12;
  const x = (score: number) => labelW + (score / 100) * plotW;
  const body: string[] = [];
  for (const t of [0, 25, 50, 75, 100]) {
    body.push(`<line x1="${n(x(t))}" y1="${n(top - 4)}" x2="${n(x(t))}" y2="${n(H - 8)}" stroke="${COLOURS.grid}" stroke-width="1"${t === 0 ? '' : ' stroke-dasharray="3 3"'}/>`);
    body.push(`<text x="${n(x(t))}" y="${n(top - 8)}" text-anchor="middle">${esc(t)}</text>`);
  }
  b.groups.forEach((g, i) => {
    const yMid = top + i * rowH + rowH / 2;
    body.push(`<text x="${n(labelW - 8)}" y="${n(yMid + 4)}" text-anchor="end">${esc(labels[i]!)}</text>`);
    if (g.meanScore === null) {
      body.push(`<text x="${n(x(0) + 4)}" y="${n(yMid + 4)}" fill="${COLOURS.muted}">${esc('not graded')}</text>`);
      return;
    }
    const w = (Math.max(0, Math.min(100, g.meanScore)) / 100) * plotW;
    body.push(`<rect x="${n(x(0))}" y="${n(yMid - 7)}" width="${n(w)}" height="14" fill="${COLOURS.neutral}"><title>${esc(`${g.key}: mean score ${g.meanScore.toFixed(1)} (${plural(g.plans, 'plan')})`)}</title></rect>`);
    body.push(`<text x="${n(labelW + plotW + 8)}" y="${n(yMid + 4)}">${esc(g.meanScore.toFixed(1))}</text>`);
  });
  const desc = b.groups.map((g) => `${g.key}: ${scoreText(g.meanScore)} (${plural(g.plans, 'plan')})`).join('; ');
  return svg(id, W, H, `Mean score out of 100 by ${b.label.toLowerCase()} (number of plans in brackets)`, desc || 'No plans.', body);
}

// ---------------------------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------------------------

export function formatHtml(report: AuditReport): string {
  const title = reportTitle(report);
  const s = report.sample;
  const sm = report.summary;
  const parts: string[] = [];
  const push = (...xs: string[]) => parts.push(...xs);

  if (report.options.showText) {
    push(`<p class="notice personal"><strong>Personal data.</strong> ${esc("This report was produced with --show-text and contains children's names and quoted plan text: store and share it as special-category personal data.")}</p>`);
  }

  push('<section id="about">', '<h2>About this report</h2>', facts(headerFacts(report)), '</section>');

  push('<section id="findings">', '<h2>Key findings</h2>');
  if (report.findings.length === 0) push('<p>No findings.</p>');
  for (const g of groupedFindings(report)) {
    if (g.kind !== 'summary') push(`<h3>${esc(g.label)}</h3>`);
    push(`<ul class="findings ${esc(g.kind)}">`, ...g.findings.map((f) => `<li${f.criterion ? ` data-criterion="${esc(f.criterion)}"` : ''}>${esc(f.text)}</li>`), '</ul>');
  }
  push('</section>');

  push('<section id="grades">', '<h2>Grades</h2>');
  push(`<p>${esc(`${gradesSummary(sm)}.`)}</p>`);
  push(...chartFigure(gradeChart(report)));
  push(
    table(
      'table-grades',
      'Grade distribution',
      [{ head: 'Grade' }, { head: 'Plans', num: true }, { head: 'Share', num: true }],
      sm.grades.map((g) => [esc(g.grade), esc(g.count), esc(shareText(g.count, report.summary.plans))]),
    ),
  );
  const note = sharesNote(sm);
  if (note) push(`<p class="muted" id="grades-note">${esc(note)}</p>`);
  push('</section>');

  push('<section id="criteria" class="page">', '<h2>Criteria</h2>', `<p>${esc(`${criteriaHeading(report)}.`)}</p>`);
  push(...chartFigure(criteriaChart(report), RATE_KEY));
  push(
    table(
      'table-criteria',
      report.sample ? (report.sample.estimates.population ? 'Criteria: population estimates from the sample' : 'Criteria: rates in the sample') : 'Criteria',
      [
        { head: 'Criterion' },
        { head: 'Section' },
        { head: 'Severity' },
        { head: 'Met', num: true },
        { head: 'Partly', num: true },
        { head: 'Not met', num: true },
        { head: 'N/A', num: true },
        { head: 'Rate', num: true },
        { head: '95% CI', num: true },
      ],
      report.criteria.map((c) => [
        `${esc(c.id)}<br><span class="muted">${esc(c.title)}</span>`,
        esc(c.section),
        esc(c.severity),
        ...criterionCounts(c).map(esc),
        ...rateCells(c).map(esc),
      ]),
    ),
  );
  push('</section>');

  push('<section id="plans" class="page">', '<h2>Plans</h2>');
  const names = hasNames(report);
  if (isPlanListPartial(report)) push(`<p class="notice">${esc(`The ${report.plans.length} lowest-scoring of the ${report.summary.plans} plans; the JSON and CSV reports list every plan.`)}</p>`);
  push(
    table(
      'table-plans',
      `Plans (${report.plans.length})`,
      [{ head: 'Ref' }, ...(names ? [{ head: 'Name' }] : []), { head: 'Grade' }, { head: 'Score', num: true }, { head: 'Criteria not met' }, { head: 'Limiting judgement' }],
      report.plans.map((p) => [
        esc(p.ref),
        ...(names ? [esc(p.name ?? '')] : []),
        `<span class="grade">${esc(p.grade)}</span>`,
        esc(scoreText(p.score)),
        esc(idsWithRating(p, 'not_met').join(', ') || DASH),
        esc(limitText(p)),
      ]),
    ),
  );
  if (showDetails(report)) {
    const rows = detailRows(report);
    push('<h3>Criteria not fully met, plan by plan</h3>');
    if (rows.length === 0) push('<p>Every applicable criterion was met in every plan.</p>');
    else {
      push(
        table(
          'table-details',
          'Criteria not fully met, plan by plan',
          [{ head: 'Ref' }, { head: 'Criterion' }, { head: 'Rating' }, { head: reasonsHeading(rows) }],
          rows.map((r) => [esc(r.ref), esc(r.criterion), esc(r.rating), esc(r.reasons || DASH)]),
        ),
      );
    }
  }
  push('</section>');

  push('<section id="breakdowns" class="page">', '<h2>Breakdowns</h2>');
  const grades = gradeNames(report);
  for (const b of report.breakdowns) {
    push(`<h3>${esc(`By ${b.label.toLowerCase()}`)}</h3>`);
    if (b.groups.length === 0) {
      push('<p>No plans.</p>');
      continue;
    }
    if (b.by === 'phase' || b.by === 'district') push(...chartFigure(breakdownChart(`chart-${b.by}`, b)));
    push(
      table(
        `table-breakdown-${b.by}`,
        `Plans, mean score and grades by ${b.label.toLowerCase()}`,
        [{ head: b.label }, { head: 'Plans', num: true }, { head: 'Mean score', num: true }, ...grades.map((g) => ({ head: g, num: true }))],
        b.groups.map((g) => [esc(g.key), esc(g.plans), esc(scoreText(g.meanScore)), ...grades.map((name) => esc(own(g.grades, name) ?? 0))]),
      ),
    );
  }
  push('</section>');

  if (s) {
    push('<section id="sample" class="page">', '<h2>Sample details</h2>', facts(sampleFacts(s)));
    if (s.notes.length) push('<ul>', ...s.notes.map((x) => `<li>${esc(x)}</li>`), '</ul>');
    if (s.strata.length) {
      push(
        table(
          'table-strata',
          'Strata and allocation',
          [{ head: 'Stratum' }, { head: 'Population', num: true }, { head: 'Allocated', num: true }],
          s.strata.map((x) => [esc(x.key), esc(x.population), esc(x.allocated)]),
        ),
      );
    }
    if (s.includeGroups.length) {
      push(
        table(
          'table-groups',
          'Guaranteed groups',
          [{ head: 'Group' }, { head: 'Population', num: true }, { head: 'Picked', num: true }],
          s.includeGroups.map((g) => [esc(g.name), esc(g.population), esc(g.picked)]),
        ),
      );
    }
    push(
      table(
        'table-picks',
        `Plans picked (${s.picks.length})`,
        [{ head: 'Ref' }, { head: 'File:line' }, { head: 'Stratum' }, { head: 'Why picked' }],
        s.picks.map((p) => [esc(p.ref), esc(`${p.file}:${p.line}`), esc(p.stratum), esc(p.reason)]),
      ),
    );
    push('</section>');
  }

  push('<section id="rejected">', `<h2>${esc(`Rejected records (${report.input.records.rejected})`)}</h2>`);
  if (report.input.rejected.length === 0) push('<p>None: every record read could be scored or was filtered out.</p>');
  else {
    push(
      table(
        'table-rejected',
        'Records that could not be read',
        [{ head: 'File:line' }, { head: 'Ref' }, { head: 'Reasons' }],
        report.input.rejected.map((r) => [esc(`${r.file}:${r.line}`), esc(r.ref ?? DASH), r.reasons.map(esc).join('<br>')]),
      ),
    );
    if (rejectedNotListed(report) > 0) push(`<p>${esc(rejectedNote(report))}</p>`);
  }
  push('</section>');

  return htmlPage({
    title: `${title}: ${report.rubric.title}, as of ${ukDate(report.asOf)}`,
    header: [`<h1>${esc(title)}</h1>`, `<p class="lead">${esc(`${report.rubric.title} (${report.rubric.id} version ${report.rubric.version}), as of ${ukDate(report.asOf)}`)}</p>`],
    main: parts,
    footer: `${report.tool.name} ${report.tool.version}, report schema version ${report.schemaVersion}. Rubric files: ${report.rubric.files.join(', ') || DASH}.`,
  });
}
