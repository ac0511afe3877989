/**
 * HTML form of `ehcp-audit compare`: one self-contained file (inline CSS, no scripts, nothing
 * fetched), with the audit report's style sheet, A4 print rules and <header>/<main>/<footer>
 * landmarks (htmlDoc.ts). Every piece of text is escaped. A dot-and-whisker chart (inline SVG,
 * role="img" with a <title> and <desc>) shows each criterion's change with its 95% interval
 * against the zero line and the minimum gain; the verdict is the marker's shape as well as its
 * colour, named in a key under the chart and given criterion by criterion in the <desc>. Ids: chart-change, table-compare, findings.
 */
import { changeText, precisionOf, type ComparisonReport, type CriterionComparison } from '../compare/compare.js';
import { points, pointsText } from '../compare/verdict.js';
import { COMPARE_HEAD, COMPARE_TITLE, compareFacts, compareRow } from './compareTable.js';
import { chartFigure, COLOURS, dataTable, esc, facts, htmlPage, legend, n } from './htmlDoc.js';

/** Rules of this report only, after the shared style sheet (htmlDoc.ts). */
const CSS = `
p.headline { font-size: 1.2rem; font-weight: bold; }
.v-sufficient { color: #00703c; font-weight: bold; }
.v-not { color: #d4351c; font-weight: bold; }
.v-other { color: #505a5f; }
`;

function verdictClass(c: CriterionComparison): string {
  if (c.verdict === 'sufficient progress') return 'v-sufficient';
  if (c.verdict === 'not sufficient progress') return 'v-not';
  return 'v-other';
}

/** The verdicts the chart can show: a criterion in both reports has a change, and one of these. */
type Drawn = 'sufficient progress' | 'not sufficient progress' | 'not enough evidence';

/**
 * Each verdict's marker, told apart by shape as well as colour (WCAG 1.4.1): the colour also draws
 * the interval's line, and `inner` (a <title>) goes inside the marker.
 */
const MARKERS: Record<Drawn, { colour: string; shape: string; draw: (cx: number, cy: number, inner?: string) => string }> = {
  'sufficient progress': {
    colour: COLOURS.good,
    shape: 'filled green circle',
    draw: (cx, cy, inner = '') => `<circle cx="${n(cx)}" cy="${n(cy)}" r="5" fill="${COLOURS.good}"${inner ? `>${inner}</circle>` : '/>'}`,
  },
  'not sufficient progress': {
    colour: COLOURS.bad,
    shape: 'filled red square',
    draw: (cx, cy, inner = '') => `<rect x="${n(cx - 5)}" y="${n(cy - 5)}" width="10" height="10" fill="${COLOURS.bad}"${inner ? `>${inner}</rect>` : '/>'}`,
  },
  'not enough evidence': {
    colour: COLOURS.muted,
    shape: 'open grey circle',
    draw: (cx, cy, inner = '') => `<circle cx="${n(cx)}" cy="${n(cy)}" r="5" fill="#fff" stroke="${COLOURS.muted}" stroke-width="2"${inner ? `>${inner}</circle>` : '/>'}`,
  },
};

const DRAWN = Object.keys(MARKERS) as Drawn[];

/** The verdict a drawn criterion shows (one in a single report has no change and is not drawn). */
const drawnAs = (c: CriterionComparison): Drawn => ((DRAWN as string[]).includes(c.verdict) ? (c.verdict as Drawn) : 'not enough evidence');

/** The chart and, under it, its key: one entry per verdict drawn. Empty when no criterion has a change. */
function chart(r: ComparisonReport): string[] {
  const rows = r.criteria.filter((c) => c.change !== null);
  if (rows.length === 0) return [];
  const rowH = 22;
  const left = 190;
  const width = 760;
  const plotW = width - left - 20;
  const top = 24;
  const bottom = top + rows.length * rowH + 6;
  // Under the ticks, their unit.
  const height = bottom + 40;
  const x = (d: number) => left + ((d + 1) / 2) * plotW; // -100..+100 points
  const parts: string[] = [];
  for (const tick of [-100, -50, 0, 50, 100]) {
    const tx = x(tick / 100);
    parts.push(`<line x1="${n(tx)}" y1="${top - 6}" x2="${n(tx)}" y2="${n(bottom)}" stroke="${tick === 0 ? '#0b0c0c' : '#b1b4b6'}" stroke-width="${tick === 0 ? 1.5 : 1}"/>`);
    parts.push(`<text x="${n(tx)}" y="${n(bottom + 16)}" font-size="12" text-anchor="middle">${tick > 0 ? '+' : ''}${tick}</text>`);
  }
  parts.push(`<text x="${n(x(0))}" y="${n(bottom + 34)}" font-size="12" text-anchor="middle">change, percentage points (current minus baseline)</text>`);
  const gx = x(r.thresholds.minGain / 100);
  parts.push(`<line x1="${n(gx)}" y1="${top - 6}" x2="${n(gx)}" y2="${n(bottom)}" stroke="#1d70b8" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${n(gx + 3)}" y="${top - 10}" font-size="11" fill="#1d70b8">minimum gain +${esc(r.thresholds.minGain)}</text>`);
  rows.forEach((c, i) => {
    const y = top + i * rowH + rowH / 2;
    const ch = c.change!;
    const m = MARKERS[drawnAs(c)];
    parts.push(`<text x="${left - 8}" y="${n(y + 4)}" font-size="12" text-anchor="end">${esc(c.id)}</text>`);
    parts.push(`<line x1="${n(x(ch.ci95[0]))}" y1="${n(y)}" x2="${n(x(ch.ci95[1]))}" y2="${n(y)}" stroke="${m.colour}" stroke-width="2"/>`);
    parts.push(m.draw(x(ch.diff), y, `<title>${esc(`${c.id}: ${changeText(ch, precisionOf(c, r.thresholds))}; ${c.verdict}`)}</title>`));
  });
  const desc = rows
    .map((c) => {
      const p = precisionOf(c, r.thresholds);
      return `${c.id} ${pointsText(points(c.change!.diff, p.change))} (${points(c.change!.ci95[0], p.ci)} to ${points(c.change!.ci95[1], p.ci)}): ${c.verdict}`;
    })
    .join('; ');
  const shown = DRAWN.filter((v) => rows.some((c) => drawnAs(c) === v));
  const key = legend('Verdict:', shown.map((v) => ({ swatch: MARKERS[v].draw(8, 8), label: `${v}: ${MARKERS[v].shape}` })));
  return [
    `<svg id="chart-change" role="img" aria-labelledby="chart-change-title chart-change-desc" viewBox="0 0 ${width} ${n(height)}" width="${width}" height="${n(height)}" xmlns="http://www.w3.org/2000/svg">` +
      `<title id="chart-change-title">Change in each criterion's rate, percentage points, with 95% confidence intervals</title>` +
      `<desc id="chart-change-desc">${esc(desc)}</desc>${parts.join('')}</svg>`,
    key,
  ];
}

export function formatCompareHtml(r: ComparisonReport): string {
  const out: string[] = [facts(compareFacts(r))];
  if (r.warnings.length > 0) {
    out.push('<h2>Warnings</h2>');
    for (const w of r.warnings) out.push(`<p class="notice warning">${esc(w)}</p>`);
  }
  out.push('<h2>Summary</h2>', `<p class="headline">${esc(r.summary.headline)}</p>`);
  if (r.summary.sentences.length) out.push(`<p>${esc(r.summary.sentences.join(' '))}</p>`);
  const figure = chart(r);
  if (figure.length) out.push(...chartFigure(figure[0]!, ...figure.slice(1)));
  const num = (i: number) => i >= 2 && i <= 4;
  out.push(
    '<h2>Criteria</h2>',
    dataTable(
      'table-compare',
      'Rates are met / applicable; the change is current minus baseline, in percentage points, with its 95% confidence interval',
      `<tr>${COMPARE_HEAD.map((h, i) => `<th scope="col"${num(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr>`,
      r.criteria.map(
        (c) =>
          `<tr>${compareRow(c, r.thresholds)
            .map((v, i) => (i === 0 ? `<th scope="row">${esc(v)}</th>` : i === 6 ? `<td class="${verdictClass(c)}">${esc(v)}</td>` : num(i) ? `<td class="num">${esc(v)}</td>` : `<td>${esc(v)}</td>`))
            .join('')}</tr>`,
      ),
    ),
  );
  out.push('<h2>Findings, criterion by criterion</h2>', '<div id="findings">');
  for (const c of r.criteria) out.push(`<p>${esc(c.paragraph)}</p>`);
  out.push('</div>');
  return htmlPage({ title: COMPARE_TITLE, css: CSS, header: [`<h1>${esc(COMPARE_TITLE)}</h1>`], main: out, footer: `${r.tool.name} ${r.tool.version}` });
}
