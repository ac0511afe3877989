/** The HTML form of `compare` (src/report/compareHtml.ts): structure, print rules and accessibility. */
import { describe, expect, it } from 'vitest';
import { compareReports, type ComparisonReport } from '../../src/compare/compare.js';
import { DEFAULT_THRESHOLDS } from '../../src/compare/verdict.js';
import { formatCompareHtml } from '../../src/report/compareHtml.js';
import { formatHtml } from '../../src/report/html.js';
import { makeReport, type ReportSpec } from '../compare/helpers.js';
import { sampleReport } from './sampleReport.js';

const TOOL = { name: 'ehcp-audit', version: '0.1.0' };

function run(base: ReportSpec, curr: ReportSpec): ComparisonReport {
  return compareReports({ baseline: makeReport({ asOf: '2025-11-26', ...base }), current: makeReport(curr), files: { baseline: 'base.json', current: 'curr.json' }, thresholds: { ...DEFAULT_THRESHOLDS }, tool: TOOL });
}

/** One criterion for each verdict the chart draws: sufficient progress, not sufficient progress, not enough evidence. */
const report = run(
  { criteria: [{ id: 'UP', met: 10, n: 20 }, { id: 'FLAT', met: 10, n: 20 }, { id: 'FEW', met: 2, n: 5 }] },
  { criteria: [{ id: 'UP', met: 18, n: 20 }, { id: 'FLAT', met: 11, n: 20 }, { id: 'FEW', met: 4, n: 5 }] },
);
const html = formatCompareHtml(report);
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const printBlock = (doc: string) => doc.match(/@media print \{[\s\S]*?\n\}/)?.[0];

describe('compare html', () => {
  it('the report has the verdicts the tests below rely on', () => {
    expect(report.criteria.map((c) => c.verdict)).toEqual(['sufficient progress', 'not sufficient progress', 'not enough evidence']);
  });

  it('has a header, main and footer landmark, as the audit report has', () => {
    expect(html).toMatch(/<body>\n<header>\n<h1>[^<]+<\/h1>\n<\/header>\n<main>\n/);
    expect(html).toMatch(/\n<\/main>\n<footer>[^<]+<\/footer>\n<\/body>\n<\/html>\n$/);
    for (const tag of ['header', 'main', 'footer']) expect(count(html, new RegExp(`<${tag}\\b`, 'g')), tag).toBe(1);
  });

  it('prints on A4 with the audit report\'s print rules: repeated table headers, rows and the chart kept whole, colours kept', () => {
    expect(html).toMatch(/@page \{ size: A4;/);
    const print = printBlock(html);
    expect(print).toBeDefined();
    expect(print).toBe(printBlock(formatHtml(sampleReport())));
    expect(print).toContain('thead { display: table-header-group; }');
    expect(print).toMatch(/figure\.chart, tr[^{]*\{ break-inside: avoid;/);
    expect(print).toContain('print-color-adjust: exact;');
    expect(html).toMatch(/<figure class="chart">\n<figcaption aria-hidden="true">[^<]+<\/figcaption>\n<svg id="chart-change"/);
  });

  it('puts the table in a keyboard-focusable scroll region named by its caption', () => {
    expect(html).toContain('<div class="table-wrap" role="region" aria-labelledby="table-compare-caption" tabindex="0">\n<table id="table-compare">\n<caption id="table-compare-caption">Rates are');
    expect(html).toMatch(/<\/table>\n<\/div>/);
    expect(count(html, /<th scope="col"(?: class="num")?>/g)).toBe(7);
  });

  it('shows each verdict by the marker\'s shape as well as its colour, and names both in a visible key', () => {
    const chart = html.match(/<svg id="chart-change"[\s\S]*?<\/svg>/)![0];
    const marker = (id: string) => chart.match(new RegExp(`<(circle|rect) [^>]*><title>${id}: `))![0];
    expect(marker('UP')).toMatch(/^<circle [^>]*r="5" fill="#00703c"/);
    expect(marker('FLAT')).toMatch(/^<rect [^>]*width="10" height="10" fill="#d4351c"/);
    expect(marker('FEW')).toMatch(/^<circle [^>]*r="5" fill="#fff" stroke="#6f777b" stroke-width="2"/);
    const key = html.match(/<\/svg>\n(<div class="legend">[\s\S]*?<\/div>)\n<\/figure>/)![1]!;
    expect(key).toContain('<p>Verdict:</p>');
    const items = key.match(/<li>[\s\S]*?<\/li>/g)!;
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/<circle [^>]*fill="#00703c"\/><\/svg>sufficient progress: filled green circle<\/li>$/);
    expect(items[1]).toMatch(/<rect [^>]*fill="#d4351c"\/><\/svg>not sufficient progress: filled red square<\/li>$/);
    expect(items[2]).toMatch(/<circle [^>]*fill="#fff" stroke="#6f777b"[^>]*\/><\/svg>not enough evidence: open grey circle<\/li>$/);
  });

  it('shows the chart\'s title above it, the ticks\' unit under them, and the minimum gain in its own colour', () => {
    const title = html.match(/<title id="chart-change-title">([^<]+)<\/title>/)![1]!;
    expect(html).toContain(`<figcaption aria-hidden="true">${title}</figcaption>`);
    const chart = html.match(/<svg id="chart-change"[\s\S]*?<\/svg>/)![0];
    const texts = [...chart.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)];
    expect(texts.map((t) => t[2])).toEqual(expect.arrayContaining(['-100', '-50', '0', '+50', '+100', 'change, percentage points (current minus baseline)']));
    // The label is under the ticks' labels, inside the drawing.
    const y = (label: string) => Number(/ y="([\d.]+)"/.exec(texts.find((t) => t[2] === label)![1]!)![1]);
    const height = Number(/viewBox="0 0 \d+ ([\d.]+)"/.exec(chart)![1]);
    expect(y('change, percentage points (current minus baseline)')).toBeGreaterThan(y('+50'));
    expect(y('change, percentage points (current minus baseline)')).toBeLessThanOrEqual(height);
    // The style sheet colours only text with no fill of its own: the label keeps #1d70b8 (5.2:1 on white).
    expect(texts.find((t) => t[2]!.startsWith('minimum gain'))![1]).toContain('fill="#1d70b8"');
    expect(html).toMatch(/\nsvg text:not\(\[fill\]\) \{ fill: #0b0c0c; \}/);
    expect(html).not.toMatch(/\nsvg text \{[^}]*fill:/);
  });

  it('names only the verdicts the chart shows in its key', () => {
    const up = formatCompareHtml(run({ criteria: [{ id: 'UP', met: 10, n: 20 }] }, { criteria: [{ id: 'UP', met: 18, n: 20 }] }));
    expect(up.match(/<div class="legend">[\s\S]*?<\/div>/)![0].match(/<li>/g)).toHaveLength(1);
  });

  it('gives each criterion\'s verdict in the chart\'s description, which a screen reader reads', () => {
    const desc = html.match(/<desc id="chart-change-desc">([^<]*)<\/desc>/)![1]!;
    const parts = desc.split('; ');
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^UP \+40 points \([^)]+\): sufficient progress$/);
    expect(parts[1]).toMatch(/^FLAT \+5 points \([^)]+\): not sufficient progress$/);
    expect(parts[2]).toMatch(/^FEW \+40 points \([^)]+\): not enough evidence$/);
  });

  it('is self-contained and deterministic', () => {
    expect(html).not.toMatch(/<script|<link\b|@import|url\(|\b(src|href)\s*=/i);
    expect(formatCompareHtml(report)).toBe(html);
  });
});
