import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJson } from '../../src/report/json.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatTable, grid, rateBand, rateCells, shareText, sharesNote, TABLE_WIDTH, wrapText } from '../../src/report/table.js';
import { auditReport, hostileReport, sampleReport, showTextReport } from './sampleReport.js';
import { ANSI, RAW_CONTROL, columnTexts, squash, withoutColour, workflowCommands } from './helpers.js';

const plain = (r = sampleReport()) => formatTable(r, { useColor: false });

describe('table formatter', () => {
  it('writes no escape codes when colour is off, and colours when it is on', () => {
    expect(plain()).not.toMatch(ANSI);
    expect(formatTable(sampleReport(), { useColor: true })).toMatch(ANSI);
  });

  it('shows the header: input, record counts, rubric id and version, as-of date as dd/mm/yyyy', () => {
    const out = squash(plain());
    expect(out).toContain('exports/plans-2026-11.csv');
    expect(out).toContain('49 read, 3 scored, 1 rejected, 0 filtered out');
    expect(out).toContain('default version 1.0.0');
    expect(out).toContain('26/11/2026');
    expect(out).not.toContain('2026-11-26');
  });

  it('shows how the sample was drawn: method, seed, size, population, strata with allocation, guaranteed groups', () => {
    const out = squash(plain());
    expect(out).toContain('Seed: 1');
    expect(out).toContain('Population: 48 plans');
    expect(out).toContain('needs.primary / phase');
    expect(out).toMatch(/SEMH \/ KS4 │ 16 │ 1 │/);
    expect(out).toContain('looked after (1 picked of 4)');
    expect(out).toContain('proportional allocation');
  });

  it('shows the margin when the size was automatic', () => {
    const r = sampleReport();
    r.sample!.requestedSize = 'auto';
    r.sample!.margin = { margin: 0.1, confidence: 0.95, computedSize: 3 };
    r.sample!.estimates = { population: true, forcedGroups: [], unsampled: { strata: 0, plans: 0 } };
    const out = squash(plain(r));
    expect(out).toContain('3 (requested auto)');
    expect(out).toContain('±10 percentage points at 95% confidence (computed size 3)');
  });

  it('does not claim the margin for a sample whose rates are not population estimates, in any format (regression QA)', () => {
    const r = sampleReport();
    r.sample!.requestedSize = 'auto';
    r.sample!.margin = { margin: 0.1, confidence: 0.95, computedSize: 3 };
    expect(r.sample!.estimates.population).toBe(false);
    const claim = '±10 percentage points at 95% confidence (computed size 3)';
    const qualified =
      'computed size 3: the size a simple random sample would need for ±10 percentage points at 95% confidence (for a criterion every plan is rated on, at a 50% rate, with the finite population correction); ' +
      'this sample was not drawn with the same chance for every plan, so its rates are not estimates for the population and the margin does not apply to them';
    for (const out of [squash(plain(r)), squash(formatMarkdown(r)), squash(formatHtml(r))]) {
      expect(out).not.toContain(claim);
      expect(out).toContain(qualified);
    }
  });

  it('contains every finding, every criterion id, its rate and its interval', () => {
    const r = sampleReport();
    const out = squash(plain(r));
    for (const f of r.findings) expect(out).toContain(f.text);
    expect(out).toMatch(/A-child-views │ A │ critical │ 2 │ 0 │ 1 │ 0 │ 67% │ 21% to 94%/);
    expect(out).toMatch(/E-time-bound │ E │ standard │ 1 │ 1 │ 1 │ 0 │ 33% │ 6% to 79%/);
    expect(out).toContain('thread-golden │ process │ advisory');
  });

  it('lays out a table of tens of thousands of rows (a priority --top 0 list) without overflowing the stack', () => {
    const rows = Array.from({ length: 60000 }, (_, i) => [String(i + 1), `EHCP-2026-${String(i).padStart(6, '0')}`, 'review overdue by 3 months; legacy plan']);
    const out = grid(new Chalk({ level: 0 }), ['Rank', 'Ref', 'Reasons'], rows, { right: [true, false, false], wrap: [false, false, true] });
    expect(out.split('\n')).toHaveLength(60000 + 4);
    expect(out).toContain('EHCP-2026-059999');
  });

  it('a long table laid out in pieces is the same text as laid out whole (compact, and with rules between wrapped rows, colours and wide characters)', () => {
    const c = new Chalk({ level: 1 });
    const words = ['review overdue by 3 months', 'legacy plan; never QA signed off; issued 37 weeks after request (limit 20 weeks)', 'looked after', '東京 wide name'];
    for (const wrapSome of [false, true]) {
      const rows = Array.from({ length: 2503 }, (_, i) => [String(i + 1), `EHCP-${i}`, wrapSome ? words[i % words.length]! : words[i % 3 === 0 ? 2 : 0]!]);
      const opts = { right: [true, false, false], wrap: [false, false, true], width: 60, colour: (r: number, col: number, t: string) => (col === 0 && r % 7 === 0 ? c.red(t) : t) };
      const whole = grid(c, ['Rank', 'Ref', 'Reasons'], rows, { ...opts, chunkRows: 10000 });
      for (const chunkRows of [1000, 7, 1]) expect(grid(c, ['Rank', 'Ref', 'Reasons'], rows, { ...opts, chunkRows })).toBe(whole);
    }
  });

  it('prints a rate with the decimals it takes to read in its own colour band (80% or more, under 60%)', () => {
    expect(rateCells({ met: 199, applicable: 250 })[0]).toBe('79.6%');
    expect(rateBand({ met: 199, applicable: 250 })).toBe('warn');
    expect(rateCells({ met: 200, applicable: 250 })[0]).toBe('80%');
    expect(rateBand({ met: 200, applicable: 250 })).toBe('good');
    expect(rateCells({ met: 1499, applicable: 2500 })[0]).toBe('59.96%');
    expect(rateBand({ met: 1499, applicable: 2500 })).toBe('bad');
    expect(rateCells({ met: 2, applicable: 3 })[0]).toBe('67%');
    expect(rateCells({ met: 0, applicable: 0 })).toEqual(['—', '—']);
    expect(rateBand({ met: 0, applicable: 0 })).toBeNull();
  });

  it('says the rates are population estimates for a sample drawn with equal chances, and not for an audit', () => {
    const equal = sampleReport();
    equal.sample!.estimates = { population: true, forcedGroups: [], unsampled: { strata: 0, plans: 0 } };
    expect(squash(plain(equal))).toContain('rates are estimates for the population of 48 plans');
    const audit = squash(plain(auditReport()));
    expect(audit).not.toContain('estimates for the population');
    expect(audit).toContain('rates over the 3 plans audited');
    expect(audit).not.toMatch(/\nSample\n/);
  });

  it('says why a sample\'s rates are not population estimates: groups picked on purpose, strata with no pick', () => {
    const out = squash(plain());
    expect(out).toContain('Criteria: rates in the sample of 3 plans, with 95% confidence intervals as for a simple random sample. They are not estimates for the population of 48 plans: guaranteed groups were picked on purpose (looked after: 1 of 3 picks, 4 of 48 plans).');
    expect(out).not.toContain('rates are estimates for the population');
    const both = sampleReport();
    both.sample!.estimates = { population: false, forcedGroups: [], unsampled: { strata: 2, plans: 7 } };
    expect(squash(plain(both))).toContain('not estimates for the population of 48 plans: 2 strata holding 7 plans were too small for a pick at this size and got none: those plans could be picked only as a guaranteed group\'s member.');
  });

  it('lists plans with grade, score, criteria not met and the limiting judgement', () => {
    const out = squash(plain());
    expect(out).toMatch(/EHC-2024-0012 │ Outstanding │ 87\.5/);
    expect(columnTexts(plain()).join('\n')).toContain('Good by score, capped at Requires improvement by A-child-views');
  });

  it('shows names and quoted plan text only when the report carries them', () => {
    const out = plain();
    expect(out).not.toContain('Amelia');
    expect(out).not.toContain('│ Name');
    expect(out).toContain('not shown: plans are identified by reference');
    const shown = squash(plain(showTextReport()));
    expect(shown).toContain('Amelia Hart');
    expect(shown).toContain('Reasons (quoting plan text: --show-text)');
    expect(columnTexts(plain(showTextReport())).join('\n')).toContain('section A reads: "To be completed"');
    expect(shown).toContain("contains children's personal data");
  });

  it('shows breakdowns with plans, mean score and grade counts, and rejected records with file:line', () => {
    const out = squash(plain());
    for (const h of ['By phase', 'By primary need', 'By setting type', 'By district']) expect(out).toContain(h);
    expect(out).toMatch(/KS4 │ 1 │ 72\.0 │ 0 │ 0 │ 1 │ 0/);
    expect(out).toContain('exports/plans-2026-11.csv:14: [EHC-2024-0999] dates.finalIssued');
  });

  it('wraps long cells so no line is wider than the table width, and truncates nothing', () => {
    const r = showTextReport();
    const long = 'provision item 3 says "will have access to speech and language therapy as and when required by the setting" '.repeat(3).trim();
    r.plans[1]!.results[3]!.reasons = [long];
    r.plans[0]!.ref = 'EHC-NORTHMOOR-2024-000000000000000000000000012-AMENDED-AFTER-ANNUAL-REVIEW';
    const out = plain(r);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
    expect(out).not.toContain('…');
    expect(out.replace(/[\s│]/g, '')).toContain(long.replace(/\s/g, ''));
  });

  it('names every column of the grades table, the bars\' too', () => {
    const lines = plain().split('\n');
    const head = lines[lines.indexOf('Grades') + 3]!;
    expect(head.split('│').slice(1, -1).map((h) => h.trim())).toEqual(['Grade', 'Plans', 'Share', 'Bar']);
    expect(lines.find((l) => l.startsWith('│ Outstanding'))).toMatch(/│ +67% │ █{20} *│$/);
  });

  it('fits a terminal narrower than the table width (FormatContext.width); a file or a pipe (no width) and a wider terminal get TABLE_WIDTH', () => {
    const r = sampleReport();
    const at = (width: number | undefined) => formatTable(r, { useColor: false, width });
    expect(at(undefined)).toBe(plain(r));
    expect(at(160)).toBe(plain(r));
    for (const [width, fitted] of [[72, 72], [60, 60], [20, 40]] as const) {
      const out = at(width);
      // Text is wrapped to the width; a table is at most as wide as at TABLE_WIDTH. Those with
      // many numbers (criteria, breakdowns) may not fit: numbers are not wrapped.
      for (const line of out.split('\n')) {
        if (/^[┌│├└]/.test(line)) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
        else expect(line.length, line).toBeLessThanOrEqual(fitted);
      }
      // The same words, none truncated: the text outside the tables, and each table column's.
      const prose = (s: string) => s.split('\n').filter((l) => !/^[┌│├└]/.test(l)).join('').replace(/\s/g, '');
      const cells = (s: string) => columnTexts(s).map((t) => t.replace(/ /g, ''));
      expect(prose(out)).toBe(prose(plain(r)));
      expect(cells(out)).toEqual(cells(plain(r)));
    }
    // The plans table fits 72 columns (narrower text columns), not 60.
    const plansAt = (width: number) => at(width).split('\n').filter((l) => /^[┌│├└]/.test(l)).filter((l) => l.includes('Limiting') || l.includes('EHC-2023-0457'));
    for (const l of plansAt(72)) expect(l.length).toBeLessThanOrEqual(72);
  });

  it('in a narrow terminal breaks long words in a table where that makes it fit, and only there', () => {
    const c = new Chalk({ level: 0 });
    const rows = [['EHCP-NORTHMOOR-2026-000123', 'review overdue by 3 months', '4']];
    const opts = { right: [false, false, true], wrap: [true, true, false] };
    const widest = (s: string) => Math.max(...s.split('\n').map((l) => l.length));
    // At TABLE_WIDTH (a file or a pipe) and with room, the reference is whole.
    expect(grid(c, ['Ref', 'Reasons', 'N'], rows, opts)).toContain('EHCP-NORTHMOOR-2026-000123');
    // 40 columns: only by breaking the reference does the table fit.
    const broken = grid(c, ['Ref', 'Reasons', 'N'], rows, { ...opts, width: 40 });
    expect(widest(broken)).toBeLessThanOrEqual(40);
    expect(broken).not.toContain('EHCP-NORTHMOOR-2026-000123');
    expect(columnTexts(broken)[0]!.replace(/ /g, '')).toBe('RefEHCP-NORTHMOOR-2026-000123');
    // 30 columns: it cannot fit even so, and the reference is left whole.
    const wide = grid(c, ['Ref', 'Reasons', 'N'], rows, { ...opts, width: 30 });
    expect(wide).toContain('EHCP-NORTHMOOR-2026-000123');
  });

  it('writes control characters from the export as \\xHH, and still colours its own text', () => {
    const out = plain(hostileReport());
    expect(out).not.toMatch(RAW_CONTROL);
    expect(workflowCommands(out)).toEqual([]);
    // Refs, names, breakdown groups, findings, rejected records and the input file, wrapped or not.
    const flat = (columnTexts(out).join('') + out).replace(/\s/g, '');
    for (const where of ['EHC-2024-0012', 'AmeliaHart', 'KS2', 'Northmoor', 'EHC-2024-0999', 'partlymet.', 'exports/plans.csv', 'SLCN/post-16']) {
      expect(flat).toContain(`${where}EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED\\x0a::errortitle=forged::x\\x0d\\x9b2J\\x7f`);
    }
    const coloured = formatTable(hostileReport(), { useColor: true });
    expect(coloured).toMatch(ANSI);
    expect(withoutColour(coloured)).not.toMatch(RAW_CONTROL);
  });

  it('is deterministic', () => {
    expect(plain()).toBe(plain());
  });
});

describe('wrapText', () => {
  it('wraps on word boundaries and breaks words longer than the width', () => {
    expect(wrapText('one two three four', 9)).toBe('one two\nthree\nfour');
    expect(wrapText('abcdefghijkl', 5)).toBe('abcde\nfghij\nkl');
    expect(wrapText('a\nb', 10)).toBe('a\nb');
  });
});

describe('shareText', () => {
  it('formats a share from the counts, rounding once (1 of 201 is 0.4975%, stored in the report as 0.005)', () => {
    expect(shareText(1, 201)).toBe('0%');
    expect(shareText(2, 3)).toBe('67%');
    expect(shareText(0, 0)).toBe('0%');
  });
});

describe('grade shares that do not add up to 100% as printed', () => {
  /** The sample report with `counts` plans per grade (Outstanding, Good, Requires improvement, Inadequate). */
  function withGrades(counts: number[]): AuditReport {
    const r = sampleReport();
    const plans = counts.reduce((a, b) => a + b, 0);
    r.summary = { ...r.summary, plans, graded: plans, grades: r.summary.grades.map((g, i) => ({ ...g, count: counts[i]!, share: counts[i]! / plans })) };
    return r;
  }
  const NOTE = 'Shares are rounded, so they may not add up to 100% (here 101%).';

  it('14/8/8/0 of 30 (47% + 27% + 27% + 0% = 101%): a note under the grades table in table, Markdown and HTML; JSON unchanged', () => {
    const r = withGrades([14, 8, 8, 0]);
    expect(sharesNote(r.summary)).toBe(NOTE);
    const table = formatTable(r, { useColor: false });
    const grades = table.slice(table.indexOf('Grades'), table.indexOf('Criteria'));
    expect(squash(grades)).toContain(NOTE);
    const md = formatMarkdown(r);
    expect(md).toMatch(/\| Inadequate \| 0 \| 0% \|\n\n_Shares are rounded, so they may not add up to 100% \(here 101%\)\._\n/);
    expect(formatHtml(r)).toMatch(/id="table-grades"[\s\S]*<\/table>\n<\/div>\n<p class="muted" id="grades-note">Shares are rounded, so they may not add up to 100% \(here 101%\)\.<\/p>/);
    expect(formatJson(r)).not.toContain('Shares are rounded');
  });

  it('99% too (1/1/1/0 of 3), and no note when the printed shares add up to 100', () => {
    expect(sharesNote(withGrades([1, 1, 1, 0]).summary)).toBe('Shares are rounded, so they may not add up to 100% (here 99%).');
    const even = withGrades([10, 5, 5, 0]);
    expect(sharesNote(even.summary)).toBeUndefined();
    for (const text of [formatTable(even, { useColor: false }), formatMarkdown(even), formatHtml(even)]) expect(text).not.toContain('Shares are rounded');
    expect(sharesNote({ plans: 0, grades: [] })).toBeUndefined();
  });
});
