import { describe, expect, it } from 'vitest';
import { esc, formatHtml } from '../../src/report/html.js';
import { auditReport, sampleReport, showTextReport } from './sampleReport.js';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

/** Each chart (<svg role="img" ...>...</svg>) in the document; the keys' swatches are other, aria-hidden, <svg>s. */
const svgs = (html: string) => html.match(/<svg\b(?![^>]*aria-hidden)[\s\S]*?<\/svg>/g) ?? [];

describe('html formatter', () => {
  const html = formatHtml(sampleReport());

  it('is one document with the charts and tables tests and style sheets rely on', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en-GB">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const id of ['chart-grades', 'chart-criteria', 'chart-phase', 'chart-district', 'table-criteria', 'table-plans', 'table-rejected', 'table-picks', 'table-strata']) {
      expect(count(html, new RegExp(`id="${id}"`, 'g')), id).toBe(1);
    }
  });

  it('is self-contained: no scripts, no external assets or links', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).toMatch(/break-(before|inside|after)/);
  });

  it('gives every chart role="img", a title and a description, and every table a caption', () => {
    const charts = svgs(html);
    expect(charts).toHaveLength(4);
    for (const tag of html.match(/<svg\b[^>]*>/g)!) expect(tag).toMatch(/ role="img"| class="key" aria-hidden="true" focusable="false"/);
    for (const svg of charts) {
      expect(svg).toMatch(/^<svg [^>]*role="img"/);
      expect(svg).toMatch(/^<svg[^>]*>\n<title id="[^"]+">[^<]+<\/title>\n<desc/);
    }
    const tables = html.match(/<table\b[\s\S]*?<\/table>/g) ?? [];
    expect(tables.length).toBe(count(html, /<table\b/g));
    for (const t of tables) expect(t).toMatch(/^<table id="([^"]+)">\n<caption id="\1-caption">[^<]+<\/caption>/);
  });

  it('balances its elements', () => {
    for (const tag of ['table', 'svg', 'section', 'ul', 'figure', 'tr', 'dl', 'div']) {
      expect(count(html, new RegExp(`<${tag}\\b`, 'g')), tag).toBe(count(html, new RegExp(`</${tag}>`, 'g')));
    }
  });

  it('reflows at 320 CSS px: each table scrolls in its own keyboard-focusable region, and header cells wrap', () => {
    const tables = html.match(/<table id="[^"]+">/g) ?? [];
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) {
      const id = /id="([^"]+)"/.exec(t)![1]!;
      expect(html, id).toContain(`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">\n<table id="${id}">\n<caption id="${id}-caption">`);
    }
    expect(count(html, /<div class="table-wrap"/g)).toBe(tables.length);
    expect(html).toMatch(/<\/table>\n<\/div>/);
    const css = html.match(/<style>([\s\S]*)<\/style>/)![1]!;
    expect(css).toMatch(/\n\.table-wrap \{[^}]*overflow-x: auto;/);
    expect(css).toMatch(/\n\.table-wrap:focus-visible \{[^}]*outline: /);
    // Numbers stay on one line in body cells; a header ("Requires improvement") may wrap.
    expect(css).toMatch(/\ntd\.num \{[^}]*white-space: nowrap;/);
    for (const rule of css.match(/^[^{}\n]*\{[^}]*nowrap[^}]*\}/gm) ?? []) expect(rule).toMatch(/^td\.num \{/);
    expect(html).toContain('<th scope="col" class="num">Requires improvement</th>');
    // Text outside the tables breaks a word too long for its line (a file path in the footer or a
    // notice, with no hyphen or space to break at), and no rule turns that off again.
    expect(css).toMatch(/\nbody \{[^}]*overflow-wrap: break-word;/);
    for (const rule of css.match(/^[^{}\n]*\{[^}]*overflow-wrap: normal[^}]*\}/gm) ?? []) expect.fail(rule);
    // Printed, a table is not a scroll box.
    expect(css.match(/@media print \{[\s\S]*?\n\}/)![0]).toContain('.table-wrap { overflow: visible; }');
  });

  it('shows each chart\'s title above it as its figure\'s caption, hidden from screen readers, which have it as the image\'s name', () => {
    const figures = html.match(/<figure class="chart">[\s\S]*?<\/figure>/g)!;
    expect(figures).toHaveLength(svgs(html).length);
    for (const f of figures) {
      const [, caption, title] = /^<figure class="chart">\n<figcaption aria-hidden="true">([^<]+)<\/figcaption>\n<svg [^>]*>\n<title id="[^"]+">([^<]+)<\/title>/.exec(f)!;
      expect(caption).toBe(title);
    }
  });

  it('draws the criteria chart with a bar and an interval whisker per criterion', () => {
    const chart = svgs(html).find((s) => s.includes('id="chart-criteria"'))!;
    expect(count(chart, /<rect /g)).toBe(4);
    expect(chart).toContain('67% (21% to 94%)');
    expect(chart).toContain('Share of plans meeting each criterion, in the sample of 3 plans, with 95% confidence intervals');
    const equal = sampleReport();
    equal.sample!.estimates = { population: true, forcedGroups: [], unsampled: { strata: 0, plans: 0 } };
    expect(formatHtml(equal)).toContain('estimated for the population of 48 plans');
    const grades = svgs(html).find((s) => s.includes('id="chart-grades"'))!;
    expect(count(grades, /<rect /g)).toBe(4);
  });

  it('says "no applicable plans" in the criteria chart\'s description as on its label, not a dash', () => {
    const r = sampleReport();
    const c = r.criteria[0]!;
    Object.assign(c, { met: 0, partly: 0, notMet: 0, notApplicable: 3, applicable: 0, rate: null, ci95: null });
    const chart = svgs(formatHtml(r)).find((s) => s.includes('id="chart-criteria"'))!;
    expect(chart).toContain('>no applicable plans</text>');
    expect(chart).toMatch(/<desc id="chart-criteria-desc">A-child-views: no applicable plans; E-time-bound: /);
    expect(chart).not.toContain('A-child-views: \u2014');
  });

  it('names the criteria chart\'s colour bands in a visible key under it', () => {
    const figure = html.match(/<figure class="chart">\n<figcaption aria-hidden="true">[^<]+<\/figcaption>\n<svg id="chart-criteria"[\s\S]*?<\/figure>/)![0];
    const key = figure.match(/<\/svg>\n(<div class="legend">[\s\S]*<\/div>)\n<\/figure>$/)![1]!;
    expect(key).toContain('<p>Bar colours:</p>');
    const items = key.match(/<li>[\s\S]*?<\/li>/g)!;
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/^<li><svg class="key" aria-hidden="true" focusable="false"[^>]*><rect [^>]*fill="#00703c"\/><\/svg>green: 80% or more<\/li>$/);
    expect(items[1]).toMatch(/fill="#b26a00"\/><\/svg>amber: 60% to under 80%<\/li>$/);
    expect(items[2]).toMatch(/fill="#d4351c"\/><\/svg>red: under 60%<\/li>$/);
    // The bars use those colours: 67% amber, 100% green, 33% red.
    const chart = svgs(html).find((s) => s.includes('id="chart-criteria"'))!;
    expect(chart).toMatch(/fill="#b26a00"><title>[^<]*: 67% met/);
  });

  it('shows rates, intervals, the as-of date as dd/mm/yyyy and a caption that says whether a sample estimates the population', () => {
    expect(html).toContain('<td class="num">67%</td><td class="num">21% to 94%</td>');
    expect(html).toContain('26/11/2026');
    expect(html).not.toContain('2026-11-26');
    expect(html).toContain('<caption id="table-criteria-caption">Criteria: rates in the sample</caption>');
    const equal = sampleReport();
    equal.sample!.estimates = { population: true, forcedGroups: [], unsampled: { strata: 0, plans: 0 } };
    expect(formatHtml(equal)).toContain('<caption id="table-criteria-caption">Criteria: population estimates from the sample</caption>');
    const audit = formatHtml(auditReport());
    expect(audit).toContain('<caption id="table-criteria-caption">Criteria</caption>');
    expect(audit).not.toContain('id="sample"');
  });

  it('escapes every piece of text', () => {
    const r = showTextReport();
    r.plans[0]!.ref = 'EHC-<b>12</b>';
    r.findings[0]!.text = 'Scores & "grades" <i>fell</i>';
    r.input.rejected[0]!.reasons = ['<script>alert(1)</script>'];
    const out = formatHtml(r);
    expect(out).toContain('EHC-&lt;b&gt;12&lt;/b&gt;');
    expect(out).not.toContain('<b>');
    expect(out).toContain('Scores &amp; &quot;grades&quot; &lt;i&gt;fell&lt;/i&gt;');
    expect(out).toContain('Jack O&#39;Neill');
    expect(out).not.toMatch(/<script/i);
    expect(esc(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('shows controls and bidirectional characters (a browser would reverse the text), and a CI command only as a character reference', () => {
    expect(esc('EHCP\u202E1234')).toBe('EHCP\\u202E1234');
    expect(esc('Dist\x1b[31m\x07<b>')).toBe('Dist\\x1b[31m\\x07&lt;b&gt;');
    expect(esc('::error::x ##vso[task.setvariable]y')).toBe('&#58;:error::x ##vso&#91;task.setvariable]y');
    expect(esc('C# [x] a::b')).toBe('C# [x] a::b');
  });

  it('shows names and plan text only when the report carries them', () => {
    expect(html).not.toContain('Amelia');
    expect(html).not.toContain('<th scope="col">Name</th>');
    const shown = formatHtml(showTextReport());
    expect(shown).toContain('<th scope="col">Name</th>');
    expect(shown).toContain('Amelia Hart');
    expect(shown).toContain('To be completed');
    expect(shown).toContain('notice personal');
  });

  it('is deterministic', () => {
    expect(formatHtml(sampleReport())).toBe(html);
  });
});
