import { describe, expect, it } from 'vitest';
import { formatMarkdown, mdCell, mdText } from '../../src/report/markdown.js';
import { sampleReport, showTextReport } from './sampleReport.js';
import { markdownTables, unescapedPipes } from './helpers.js';

describe('markdown formatter', () => {
  it('writes valid GFM tables: every row of a table has the same number of separators', () => {
    const r = showTextReport();
    r.plans[0]!.ref = 'EHC|0012';
    r.plans[1]!.results[3]!.reasons = ['first line\nsecond | line', 'back\\slash'];
    r.input.rejected[0]!.reasons.push('row has 3 | separated\r\nfields');
    const md = formatMarkdown(r);
    const tables = markdownTables(md);
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const t of tables) {
      const counts = t.map(unescapedPipes);
      expect(new Set(counts).size, t.join('\n')).toBe(1);
      expect(t[1]).toMatch(/^\| (-{3}:?|-{3}) (\| (-{3}:?) )*\|$/);
    }
    expect(md).toContain('EHC\\|0012');
    expect(md).toContain('first line<br>second \\| line');
  });

  it('gives the findings\' groups headings under Key findings, as the HTML report does, with no heading level skipped (WCAG 1.3.1)', () => {
    const md = formatMarkdown(sampleReport());
    expect(md).toMatch(/\n## Key findings\n[^#]*\n### Areas for improvement\n\n- /);
    expect(md).not.toMatch(/^\*\*(Strengths|Areas for improvement|Differences between groups|Data)\*\*$/m);
    const levels = (md.match(/^#+ /gm) ?? []).map((h) => h.length - 1);
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]!, `heading ${i}`).toBeLessThanOrEqual(levels[i - 1]! + 1);
  });

  it('has one table row per plan and per criterion', () => {
    const r = sampleReport();
    const tables = markdownTables(formatMarkdown(r));
    const criteria = tables.find((t) => t[0]!.startsWith('| Criterion |'))!;
    expect(criteria.length - 2).toBe(r.criteria.length);
    expect(criteria[2]).toBe("| A-child-views | Section A records the child's own views | A | critical | 2 | 0 | 1 | 0 | 67% | 21% to 94% |");
    const plans = tables.find((t) => t[0]!.startsWith('| Ref | Grade |'))!;
    expect(plans.length - 2).toBe(r.plans.length);
  });

  it('carries the same content: findings, sample details, breakdowns, rejected records', () => {
    const r = sampleReport();
    const md = formatMarkdown(r);
    for (const f of r.findings) expect(md).toContain(f.text);
    expect(md).toContain('rates in the sample of 3 plans, with 95% confidence intervals as for a simple random sample. They are not estimates for the population of 48 plans');
    expect(md).toContain('| Seed | 1 |');
    expect(md).toContain('| 26/11/2026 |');
    expect(md).toContain('## By district');
    expect(md).toContain('| exports/plans-2026-11.csv:14 | EHC-2024-0999 |');
  });

  it('escapes markup so a reference cannot become HTML', () => {
    const r = sampleReport();
    r.plans[0]!.ref = '<b>EHC-1</b>';
    const md = formatMarkdown(r);
    expect(md).toContain('&lt;b&gt;EHC-1&lt;/b&gt;');
    expect(md).not.toContain('<b>');
    expect(mdCell('a|b\nc')).toBe('a\\|b<br>c');
  });

  it('turns every line ending (CRLF, LF and a lone CR) in prose into a space, so no value starts a heading', () => {
    expect(mdText('Bad\r## Injected heading')).toBe('Bad ## Injected heading');
    expect(mdText('a\r\nb\nc\rd')).toBe('a b c d');
    const r = sampleReport();
    r.findings[0]!.text = 'Plans in Bad\r## Injected heading\r\n# Another\n## A third';
    r.sample!.notes = ['note\r## Injected from a note'];
    const md = formatMarkdown(r);
    // CommonMark splits lines at CR as well as LF.
    const headings = md.split(/\r\n|\r|\n/).filter((l) => /^#{1,6} /.test(l));
    expect(headings.filter((h) => /Injected|Another|third/.test(h))).toEqual([]);
  });

  it('shows controls and bidirectional characters, wherever the Markdown is written, and a CI command only as a character reference', () => {
    expect(mdCell('EHCP\u202E1234')).toBe('EHCP\\u202E1234');
    expect(mdText('a\x1b[31mb\x07 \\ c')).toBe('a\\x1b\\[31mb\\x07 \\\\ c');
    expect(mdText('::error::x')).toBe('&#58;:error::x');
    // The bracket is backslash-escaped (escapeInline), which '##vso[' no longer matches; a command without one still gets the reference.
    expect(mdCell('##vso[task.setvariable]x | y')).toBe('##vso\\[task.setvariable\\]x \\| y');
    // Line breaks keep their Markdown meaning (a space, <br> in a cell), not \x0a.
    expect(mdCell('a\r\nb')).toBe('a<br>b');
  });

  it('writes text from the export as itself: no link, image, emphasis, code, math, mention or character reference', () => {
    // Rendered with GitHub's rules, each of these would be markup; escaped, each reads as the text.
    expect(mdCell('[click me](https://evil.example/phish)')).toBe('\\[click me\\](https://evil.example/phish)');
    expect(mdCell('![x](https://evil.example/px.png)')).toBe('\\!\\[x\\](https://evil.example/px.png)');
    expect(mdCell('EHCP*1*_2_`3`')).toBe('EHCP\\*1\\*\\_2\\_\\`3\\`');
    expect(mdText('£5 or $10 and $20, ~~old~~ @someone')).toBe('£5 or \\$10 and \\$20, \\~\\~old\\~\\~ \\@someone');
    // A character reference would decode past displayText's guard: U+202E, or another reference.
    expect(mdCell('EHCP&#x202E;4321')).toBe('EHCP&amp;#x202E;4321');
    expect(mdCell('&lt;b&gt;REF')).toBe('&amp;lt;b&amp;gt;REF');
    expect(mdText('<https://evil.example>')).toBe('&lt;https://evil.example&gt;');
  });

  it('shows names only when present', () => {
    expect(formatMarkdown(sampleReport())).not.toContain('| Name |');
    const md = formatMarkdown(showTextReport());
    expect(md).toContain('| Ref | Name | Grade |');
    expect(md).toContain("Jack O'Neill");
  });
});
