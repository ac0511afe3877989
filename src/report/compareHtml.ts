/**
 * HTML form of `ehcp-audit compare`: one self-contained file (inline CSS, no scripts, nothing
 * fetched), with the audit report's style sheet, A4 print rules and <header>/<main>/<footer>
 * landmarks (htmlDoc.ts). Every piece of text is escaped. A dot-and-whisker chart (inline SVG,
 * role="img" with a <title> and <desc>) shows each criterion's change with its 95% interval
 * against the zero line and the minimum gain. Ids: chart-change, table-compare, findings.
 */
import { changeText, precisionOf, type ComparisonReport, type CriterionComparison } from '../compare/compare.js';
import { points, pointsText } from '../compare/verdict.js';
import { COMPARE_HEAD, COMPARE_TITLE, compareFacts, compareRow } from './compareTable.js';
import { dataTable, esc, facts, htmlPage, n } from './htmlDoc.js';

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

function chart(r: ComparisonReport): string {
  const rows = r.criteria.filter((c) => c.change !== null);
  if (rows.length === 0) return '';
  const rowH = 22;
  const left = 190;
  const width = 760;
  const plotW = width - left - 20;
  const top = 24;
  const height = top + rows.length * rowH + 30;
  const x = (d: number) => left + ((d + 1) / 2) * plotW; // -100..+100 points
  const parts: string[] = [];
  for (const tick of [-100, -50, 0, 50, 100]) {
    const tx = x(tick / 100);
    parts.push(`<line x1="${n(tx)}" y1="${top - 6}" x2="${n(tx)}" y2="${n(height - 24)}" stroke="${tick === 0 ? '#0b0c0c' : '#b1b4b6'}" stroke-width="${tick === 0 ? 1.5 : 1}"/>`);
    parts.push(`<text x="${n(tx)}" y="${n(height - 8)}" font-size="12" text-anchor="middle">${tick > 0 ? '+' : ''}${tick}</text>`);
  }
  const gx = x(r.thresholds.minGain / 100);
  parts.push(`<line x1="${n(gx)}" y1="${top - 6}" x2="${n(gx)}" y2="${n(height - 24)}" stroke="#1d70b8" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${n(gx + 3)}" y="${top - 10}" font-size="11" fill="#1d70b8">minimum gain +${esc(r.thresholds.minGain)}</text>`);
  rows.forEach((c, i) => {
    const y = top + i * rowH + rowH / 2;
    const ch = c.change!;
    const colour = c.verdict === 'sufficient progress' ? '#00703c' : c.verdict === 'not sufficient progress' ? '#d4351c' : '#6f777b';
    parts.push(`<text x="${left - 8}" y="${n(y + 4)}" font-size="12" text-anchor="end">${esc(c.id)}</text>`);
    parts.push(`<line x1="${n(x(ch.ci95[0]))}" y1="${n(y)}" x2="${n(x(ch.ci95[1]))}" y2="${n(y)}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<circle cx="${n(x(ch.diff))}" cy="${n(y)}" r="4" fill="${colour}"><title>${esc(`${c.id}: ${changeText(ch, precisionOf(c, r.thresholds))}; ${c.verdict}`)}</title></circle>`);
  });
  const desc = rows
    .map((c) => {
      const p = precisionOf(c, r.thresholds);
      return `${c.id} ${pointsText(points(c.change!.diff, p.change))} (${points(c.change!.ci95[0], p.ci)} to ${points(c.change!.ci95[1], p.ci)})`;
    })
    .join('; ');
  return (
    `<svg id="chart-change" role="img" aria-labelledby="chart-change-title chart-change-desc" viewBox="0 0 ${width} ${n(height)}" width="${width}" height="${n(height)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="chart-change-title">Change in each criterion's rate, percentage points, with 95% confidence intervals</title>` +
    `<desc id="chart-change-desc">${esc(desc)}</desc>${parts.join('')}</svg>`
  );
}

export function formatCompareHtml(r: ComparisonReport): string {
  const out: string[] = [facts(compareFacts(r))];
  if (r.warnings.length > 0) {
    out.push('<h2>Warnings</h2>');
    for (const w of r.warnings) out.push(`<p class="notice warning">${esc(w)}</p>`);
  }
  out.push('<h2>Summary</h2>', `<p class="headline">${esc(r.summary.headline)}</p>`);
  if (r.summary.sentences.length) out.push(`<p>${esc(r.summary.sentences.join(' '))}</p>`);
  const svg = chart(r);
  if (svg) out.push('<figure class="chart">', svg, '</figure>');
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
