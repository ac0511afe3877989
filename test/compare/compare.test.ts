/** compareReports (src/compare/compare.ts), the report reader and the four compare formats. */
import { describe, expect, it } from 'vitest';
import { newcombeDiff } from '../../src/audit/stats.js';
import { compareReports, foundText, longDate, type ComparisonReport } from '../../src/compare/compare.js';
import { checkReport } from '../../src/compare/readReport.js';
import { DEFAULT_THRESHOLDS } from '../../src/compare/verdict.js';
import { formatCompareHtml } from '../../src/report/compareHtml.js';
import { formatCompareJson } from '../../src/report/compareJson.js';
import { formatCompareMarkdown } from '../../src/report/compareMarkdown.js';
import { formatCompareTable } from '../../src/report/compareTable.js';
import { InputError } from '../../src/util/errors.js';
import { makeReport, type ReportSpec } from './helpers.js';

const TOOL = { name: 'ehcp-audit', version: '0.1.0' };
const FILES = { baseline: 'base.json', current: 'curr.json' };
/** A baseline date before the helpers' default (26 November 2026), so that no same-date warning is given. */
const EARLIER = '2025-11-26';

function run(base: ReportSpec, curr: ReportSpec, thresholds = { ...DEFAULT_THRESHOLDS }): ComparisonReport {
  return compareReports({ baseline: makeReport(base), current: makeReport(curr), files: FILES, thresholds, tool: TOOL });
}

/** Twelve weaknesses, seven of them put right: the shape of the Lancashire revisit (23 March 2020). */
function lancashire(): ComparisonReport {
  const ids = Array.from({ length: 12 }, (_, i) => `W${String(i + 1).padStart(2, '0')}`);
  return run(
    { criteria: ids.map((id) => ({ id, met: 10, n: 20 })), asOf: '2017-11-30' },
    { criteria: ids.map((id, i) => ({ id, met: i < 7 ? 17 : 11, n: 20 })), asOf: '2020-03-12' },
  );
}

describe('compareReports', () => {
  it('says in the letter register how many of the weaknesses found before made sufficient progress', () => {
    const r = lancashire();
    expect(r.summary.headline).toBe('Sufficient progress has been made in addressing seven of the 12 weaknesses found at the baseline (criteria below the target of 80%).');
    expect(r.summary.sentences).toEqual(['Sufficient progress has not been made in five.']);
    expect(r.summary).toMatchObject({ compared: 12, weaknesses: 12, weaknessesSufficient: 7, sufficient: 7, notSufficient: 5, notEnoughEvidence: 0, onlyInBaseline: 0, onlyInCurrent: 0 });
    expect(r.warnings).toEqual([]);
  });

  it('gives each criterion its rates, counts, change, Newcombe interval, verdict and a paragraph', () => {
    const r = run({ criteria: [{ id: 'E-time-bound', met: 12, n: 20, title: 'Every outcome has a timescale' }], asOf: '2025-03-01' }, { criteria: [{ id: 'E-time-bound', met: 18, n: 20, partly: 1, title: 'Every outcome has a timescale' }], asOf: '2026-11-26' });
    const c = r.criteria[0]!;
    // By hand: Wilson 12/20 = (0.3866, 0.7812), 18/20 = (0.6990, 0.9721);
    // low = 0.3 - sqrt(0.2010² + 0.1812²) = 0.0294, high = 0.3 + sqrt(0.0721² + 0.2134²) = 0.5253.
    const ci = newcombeDiff(12, 20, 18, 20)!;
    expect(ci.low).toBeCloseTo(0.0294, 3);
    expect(ci.high).toBeCloseTo(0.5253, 3);
    expect(c.baseline).toMatchObject({ met: 12, applicable: 20, rate: 0.6 });
    expect(c.current).toMatchObject({ met: 18, partly: 1, notMet: 1, applicable: 20, rate: 0.9 });
    expect(c.change).toEqual({ diff: ci.diff, ci95: [ci.low, ci.high] });
    expect(c.verdict).toBe('sufficient progress');
    expect(c.paragraph).toBe(
      'Every outcome has a timescale (E-time-bound). The baseline audit (as of 1 March 2025) found it met in 12 of the 20 plans it applies to (60%; 95% CI 39% to 78%). ' +
        'The current audit (as of 26 November 2026) finds it met in 18 of the 20 plans it applies to (90%; 95% CI 70% to 97%), partly met in 1: a change of +30 points (95% CI +2.9 to +52.5). ' +
        'Sufficient progress has been made: the current rate of 90% reaches the target of 80%.',
    );
  });

  it('lists criteria found on one side only, never dropping them', () => {
    const r = run({ criteria: [{ id: 'A', met: 10, n: 10 }, { id: 'OLD', met: 3, n: 12 }] }, { criteria: [{ id: 'NEW', met: 9, n: 11 }, { id: 'A', met: 10, n: 10 }] });
    expect(r.criteria.map((c) => [c.id, c.verdict])).toEqual([
      ['A', 'sufficient progress'],
      ['OLD', 'only in baseline'],
      ['NEW', 'only in current'],
    ]);
    const old = r.criteria[1]!;
    expect(old.current).toBeNull();
    expect(old.change).toBeNull();
    expect(old.paragraph).toContain('found it met in 3 of the 12 plans it applies to (25%');
    expect(old.paragraph).toContain('It is not in the current audit, so progress cannot be judged.');
    expect(r.criteria[2]!.paragraph).toContain('This criterion is new in the current audit');
    expect(r.summary).toMatchObject({ compared: 1, sufficient: 1, onlyInBaseline: 1, onlyInCurrent: 1 });
    expect(r.summary.headline).toBe('The baseline found no weakness: every criterion in both reports was at or above the target of 80% there, or applied to no plan.');
    expect(r.summary.sentences).toEqual(['Sufficient progress has been made in 1 of the 1 criterion.', '1 criterion of the baseline is not in the current audit.', '1 criterion is new in the current audit.']);
  });

  it('with no weakness at the baseline, counts only the criteria it can judge (QA: unjudged ones were in "N of the M criteria")', () => {
    const r = run({ criteria: [{ id: 'A', met: 10, n: 10 }, { id: 'B', met: 9, n: 9 }] }, { criteria: [{ id: 'A', met: 10, n: 10 }, { id: 'B', met: 5, n: 9 }] });
    expect(r.criteria.map((c) => c.verdict)).toEqual(['sufficient progress', 'not enough evidence']);
    expect(r.summary.sentences[0]).toBe('Sufficient progress has been made in 1 of the 1 criterion that can be judged.');
    expect(r.summary.sentences.join(' ')).toContain('There is not enough evidence to judge one');
    const none = run({ criteria: [{ id: 'B', met: 9, n: 9 }] }, { criteria: [{ id: 'B', met: 5, n: 9 }] });
    expect(none.summary.sentences.join(' ')).not.toContain('Sufficient progress has been made in');
  });

  it('counts criteria with too few plans as not enough evidence', () => {
    const r = run({ criteria: [{ id: 'E-pfa', met: 5, n: 9 }] }, { criteria: [{ id: 'E-pfa', met: 9, n: 9 }] });
    expect(r.criteria[0]!.verdict).toBe('not enough evidence');
    // The one weakness (5 of 9 at the baseline) cannot be judged: the headline says so, not "not made".
    expect(r.summary.headline).toBe('There is not enough evidence to judge progress on the one weakness found at the baseline (a criterion below the target of 80%): too few plans to which it applies.');
    expect(r.summary.sentences).toEqual([]);
    expect(r.criteria[0]!.paragraph).toContain('There is not enough evidence to judge progress: the baseline has only 9 applicable plans and the current audit has only 9');
  });

  it('judges the weaknesses it can, says how many it cannot, and does not count a criterion that applied to no plan as at the target (regression QA)', () => {
    const r = run(
      { criteria: [{ id: 'W', met: 2, n: 5 }, { id: 'V', met: 20, n: 70 }, { id: 'S', met: 63, n: 70 }, { id: 'Z', met: 0, n: 0 }] },
      { criteria: [{ id: 'W', met: 3, n: 5 }, { id: 'V', met: 60, n: 70 }, { id: 'S', met: 64, n: 70 }, { id: 'Z', met: 60, n: 70 }] },
    );
    expect(r.criteria.map((c) => [c.id, c.weakness, c.verdict])).toEqual([
      ['W', true, 'not enough evidence'],
      ['V', true, 'sufficient progress'],
      ['S', false, 'sufficient progress'],
      ['Z', false, 'not enough evidence'],
    ]);
    expect(r.summary).toMatchObject({ weaknesses: 2, weaknessesSufficient: 1 });
    expect(r.summary.headline).toBe('Sufficient progress has been made in addressing the one weakness found at the baseline that can be judged (a criterion below the target of 80%).');
    expect(r.summary.sentences).toEqual([
      'There is not enough evidence to judge one further weakness (too few plans to which it applies).',
      'Of the 1 criterion at or above the target at the baseline, none has fallen back.',
      'There is not enough evidence to judge one other criterion (too few plans to which it applies).',
    ]);
  });

  it('does not say criteria at the target have not fallen back when they cannot be judged, and names falls clear of zero on too few plans (regression QA)', () => {
    // The weakness W keeps the headline on weaknesses; S1..S3 were at the target at the baseline.
    const w = { id: 'W', met: 10, n: 20 };
    // None of those at the target can be judged, and S1 fell from 90% (54/60) to 50% (4/8), clear of zero.
    const none = run(
      { criteria: [w, { id: 'S1', met: 54, n: 60 }, { id: 'S2', met: 60, n: 60 }], asOf: EARLIER },
      { criteria: [{ id: 'W', met: 17, n: 20 }, { id: 'S1', met: 4, n: 8 }, { id: 'S2', met: 8, n: 8 }] },
    );
    expect(none.criteria[1]!.change!.ci95[1]).toBeLessThan(0);
    expect(none.summary.sentences).toEqual([
      'There is not enough evidence to judge whether any of the 2 criteria at or above the target at the baseline has fallen back (too few plans to which they apply).',
      'Though there are too few plans to judge it, one criterion fell, with the 95% interval for the change wholly below zero: S1.',
    ]);
    expect(none.summary.sentences.join(' ')).not.toContain('none has fallen back');
    // Some can be judged: the sentence says how many, and the rest are not counted again as "other".
    const some = run(
      { criteria: [w, { id: 'S1', met: 54, n: 60 }, { id: 'S2', met: 60, n: 60 }, { id: 'S3', met: 60, n: 60 }, { id: 'Z', met: 0, n: 0 }], asOf: EARLIER },
      { criteria: [{ id: 'W', met: 17, n: 20 }, { id: 'S1', met: 7, n: 8 }, { id: 'S2', met: 60, n: 60 }, { id: 'S3', met: 40, n: 60 }, { id: 'Z', met: 5, n: 5 }] },
    );
    expect(some.summary.sentences).toEqual([
      'Of the 3 criteria at or above the target at the baseline, two can be judged, and of those one has fallen back: S3; there is not enough evidence to judge the other one (too few plans to which it applies).',
      'There is not enough evidence to judge one other criterion (too few plans to which it applies).',
    ]);
    const one = run(
      { criteria: [w, { id: 'S1', met: 54, n: 60 }, { id: 'S2', met: 60, n: 60 }, { id: 'S3', met: 60, n: 60 }], asOf: EARLIER },
      { criteria: [{ id: 'W', met: 17, n: 20 }, { id: 'S1', met: 7, n: 8 }, { id: 'S2', met: 60, n: 60 }, { id: 'S3', met: 8, n: 8 }] },
    );
    expect(one.summary.sentences).toEqual([
      'Of the 3 criteria at or above the target at the baseline, one can be judged, and it has not fallen back; there is not enough evidence to judge the other two (too few plans to which they apply).',
    ]);
  });

  it('warns when the rubric version differs', () => {
    const r = run({ criteria: [{ id: 'A', met: 5, n: 10 }], rubricVersion: '1.0.0', asOf: EARLIER }, { criteria: [{ id: 'A', met: 9, n: 10 }], rubricVersion: '1.1.0' });
    expect(r.warnings).toEqual(['the rubric version differs (baseline 1.0.0, current 1.1.0): a criterion with the same id may have changed meaning between versions']);
  });

  it('warns when the rubric itself differs', () => {
    const r = run({ criteria: [{ id: 'A', met: 5, n: 10 }], rubricId: 'default', asOf: EARLIER }, { criteria: [{ id: 'A', met: 9, n: 10 }], rubricId: 'statutory' });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^the reports use different rubrics \(baseline 'default' version 1\.0\.0, current 'statutory' version 1\.0\.0\)/);
  });

  it('warns when the current report is dated before the baseline or on the same day, but not when it is after', () => {
    const back = run({ criteria: [{ id: 'A', met: 5, n: 10 }], asOf: '2026-11-26' }, { criteria: [{ id: 'A', met: 9, n: 10 }], asOf: '2025-03-01' });
    expect(back.warnings).toEqual([
      'the current report (curr.json, as of 1 March 2025) is earlier than the baseline (base.json, as of 26 November 2026): are BASELINE and CURRENT the right way round?',
    ]);
    expect(run({ criteria: [], asOf: '2025-03-01' }, { criteria: [], asOf: '2026-11-26' }).warnings).toEqual([]);
    expect(run({ criteria: [], asOf: '2026-11-26' }, { criteria: [], asOf: '2026-11-26' }).warnings).toEqual([
      'both reports are as of 26 November 2026 (base.json and curr.json): they describe the same moment, not progress over time; is CURRENT the later audit\'s report?',
    ]);
  });

  it('warns when the reports were filtered differently or share plans', () => {
    const r = run(
      { criteria: [], where: ['child.district=Northmoor'], plans: [{ ref: 'P1', ratings: {} }, { ref: 'P2', ratings: {} }], asOf: EARLIER },
      { criteria: [], plans: [{ ref: 'P2', ratings: {} }, { ref: 'P3', ratings: {} }] },
    );
    expect(r.warnings).toEqual([
      'the reports were filtered differently (baseline: child.district=Northmoor; current: no filter), so their rates may describe different groups of plans',
      '1 plan is in both reports; the intervals treat the two audits as independent samples, which for plans audited twice is cautious (a paired analysis would give narrower intervals)',
    ]);
  });

  it('warns when a sample\'s rates are not estimates for its population, and not when they are (regression QA)', () => {
    const c = { criteria: [{ id: 'A', met: 15, n: 20 }] };
    const skewed = { population: false, unsampled: { strata: 3, plans: 12 } };
    const both = run({ ...c, kind: 'sample', estimates: skewed, asOf: EARLIER }, { ...c, kind: 'sample', estimates: skewed });
    expect(both.warnings).toEqual([
      'both samples (base.json and curr.json) were drawn to cover groups and strata, not with the same chance for every plan, so their rates describe the plans sampled, not the populations they were drawn from: ' +
        'the verdicts and intervals treat each as a simple random sample, so they do not judge the whole population (compare audits of every plan for that)',
    ]);
    const one = run({ ...c, kind: 'sample', estimates: { population: true }, asOf: EARLIER }, { ...c, kind: 'sample', estimates: skewed });
    expect(one.warnings).toEqual([
      'the current sample (curr.json) was drawn to cover groups and strata, not with the same chance for every plan, so its rates describe the plans sampled, not the population it was drawn from: ' +
        'the verdicts and intervals treat it as a simple random sample, so they do not judge the whole population (compare audits of every plan for that)',
    ]);
    // Samples that estimate their population, audits, and a hand-made sample report without `estimates`: no warning.
    expect(run({ ...c, kind: 'sample', estimates: { population: true }, asOf: EARLIER }, { ...c, kind: 'sample', estimates: { population: true } }).warnings).toEqual([]);
    expect(run({ ...c, kind: 'sample', asOf: EARLIER }, c).warnings).toEqual([]);
  });

  it('does not warn when the filters differ only in spacing, letter case, the form of a date or their order', () => {
    const same = run(
      { criteria: [], where: ['child.district = Northmoor', 'dates.finalIssued>=01/01/2024'], asOf: EARLIER },
      { criteria: [], where: ['dates.finalIssued >= 2024-01-01', 'child.district=northmoor', 'child.district=NORTHMOOR'] },
    );
    expect(same.warnings).toEqual([]);
    // A filter that selects other plans still warns, quoting the filters as they were written.
    const other = run({ criteria: [], where: ['child.district = Northmoor'], asOf: EARLIER }, { criteria: [], where: ['child.district=Southmoor'] });
    expect(other.warnings).toEqual([
      'the reports were filtered differently (baseline: child.district = Northmoor; current: child.district=Southmoor), so their rates may describe different groups of plans',
    ]);
    expect(run({ criteria: [], where: ['dates.finalIssued>=01/01/2024'], asOf: EARLIER }, { criteria: [], where: ['dates.finalIssued>01/01/2024'] }).warnings).toHaveLength(1);
  });

  it('records the thresholds and the rule', () => {
    const r = run({ criteria: [] }, { criteria: [] }, { target: 0.9, minGain: 15, minN: 20 });
    expect(r.thresholds).toMatchObject({ target: 0.9, minGain: 15, minN: 20, confidence: 0.95 });
    expect(r.thresholds.rule).toContain('reaches 90%, unless it fell and the 95% confidence interval for the change (Newcombe) lies below zero; or it rose by at least 15 percentage points and that interval lies above zero');
    expect(r.thresholds.rule).toContain('fewer than 20 applicable plans in either audit');
    expect(r.summary.headline).toBe('No criterion is in both reports, so progress cannot be judged.');
  });

  it('works for two samples as for two audits, describing each', () => {
    const r = run({ criteria: [{ id: 'A', met: 5, n: 20 }], kind: 'sample' }, { criteria: [{ id: 'A', met: 15, n: 20 }] });
    expect(r.baseline.description).toBe('a sample of 20 of 70 plans, seed 1, as of 26 November 2026');
    expect(r.current.description).toBe('an audit of 20 plans, as of 26 November 2026');
    expect(r.criteria[0]!.verdict).toBe('sufficient progress');
  });

  it('writes dates as the letters do', () => {
    expect(longDate('2020-03-23')).toBe('23 March 2020');
  });
});

describe('compare formats', () => {
  const r = run(
    { criteria: [{ id: 'A', met: 10, n: 20 }, { id: 'B', met: 10, n: 20, title: 'Plans <b>&</b> "quotes"' }], rubricVersion: '1' },
    { criteria: [{ id: 'A', met: 18, n: 20 }, { id: 'B', met: 11, n: 20, title: 'Plans <b>&</b> "quotes"' }], rubricVersion: '2' },
  );
  const formats = {
    table: formatCompareTable(r, { useColor: false }),
    markdown: formatCompareMarkdown(r),
    html: formatCompareHtml(r),
    json: formatCompareJson(r),
  };

  for (const [name, text] of Object.entries(formats)) {
    it(`${name}: has the headline, the thresholds, the warning and every criterion`, () => {
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Sufficient progress has been made in addressing one of the 2 weaknesses found at the baseline (criteria below the target of 80%).');
      expect(flat).toContain('Sufficient progress has not been made in one.');
      expect(flat).not.toContain('Sufficient progress has been made in 1 of the 2 criteria.');
      expect(flat).toMatch(/target 80%|"target": 0\.8/);
      expect(flat).toMatch(/minimum gain 10 points|"minGain": 10/);
      expect(flat).toContain('the rubric version differs (baseline 1, current 2)');
      expect(flat).toContain('A');
      expect(flat).toContain('B');
    });
  }

  it('table: no colour codes when colour is off, and fits 100 columns', () => {
    expect(formats.table).not.toMatch(new RegExp(`${String.fromCharCode(27)}\\[`));
    for (const line of formats.table.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(formats.table).toContain('90% (18/20)');
    expect(formats.table).toContain('not sufficient');
  });

  it('html: escapes text and is self-contained', () => {
    expect(formats.html).toContain('Plans &lt;b&gt;&amp;&lt;/b&gt; &quot;quotes&quot;');
    expect(formats.html).not.toContain('<b>&</b>');
    expect(formats.html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(formats.html).toContain('id="chart-change"');
  });

  it('json: round-trips the report', () => {
    expect(JSON.parse(formats.json)).toEqual(JSON.parse(JSON.stringify(r)));
  });
});

describe('compare formats: a rate next to the threshold it is judged against', () => {
  // 199 of 250 is 79.6%: in whole percents "the current rate of 80% is below the target of 80%".
  const r = run({ criteria: [{ id: 'Y', met: 195, n: 250 }, { id: 'A', met: 10, n: 20 }] }, { criteria: [{ id: 'Y', met: 199, n: 250 }, { id: 'A', met: 18, n: 20 }] });
  const reason = 'the current rate of 79.6% is below the target of 80% and the rise of 1.6 points is less than the 10 required';

  it('says 79.6% wherever the rate is printed, and keeps whole percents for the rows without a tie', () => {
    const [y, a] = r.criteria;
    expect(y!.reason).toContain(reason);
    expect(y!.paragraph).toContain('found it met in 195 of the 250 plans it applies to (78.0%; 95% CI 72% to 83%)');
    expect(y!.paragraph).toContain('finds it met in 199 of the 250 plans it applies to (79.6%; 95% CI 74% to 84%): a change of +1.6 points');
    expect(a!.paragraph).toContain('(50%; 95% CI 30% to 70%)');
    const table = formatCompareTable(r, { useColor: false });
    expect(table).toMatch(/│ Y\s+│ 78\.0% \(195\/250\) │ 79\.6% \(199\/250\) │\s+\+1\.6 │/);
    expect(table).toMatch(/│ A\s+│\s+50% \(10\/20\) │\s+90% \(18\/20\) │\s+\+40 │/);
    expect(table.replace(/\s+/g, ' ')).toContain(reason);
    const md = formatCompareMarkdown(r);
    expect(md).toContain('| Y | Y | 78.0% (195/250) | 79.6% (199/250) | +1.6 |');
    expect(md).toContain(reason);
    const html = formatCompareHtml(r);
    expect(html).toContain('<td class="num">78.0% (195/250)</td><td class="num">79.6% (199/250)</td>');
    expect(html).toContain(reason);
    // JSON keeps the exact figures; only the sentences are worded with the decimals.
    const json = JSON.parse(formatCompareJson(r)) as ComparisonReport;
    expect(json.criteria[0]!.current!.met / json.criteria[0]!.current!.applicable).toBe(0.796);
    expect(json.criteria[0]!.reason).toContain(reason);
  });

  it('writes a target with its decimals in the rule and the thresholds', () => {
    const t = run({ criteria: [] }, { criteria: [] }, { target: 0.805, minGain: 10, minN: 10 });
    expect(t.thresholds.rule).toContain('the current rate reaches 80.5%,');
    expect(formatCompareTable(t, { useColor: false })).toContain('Thresholds: target 80.5%;');
  });
});

describe('compare formats: a clear fall, a change of one point, an interval just below zero', () => {
  const r = run(
    { criteria: [{ id: 'FALL', met: 450, n: 500 }, { id: 'ONE', met: 50, n: 100 }, { id: 'EDGE', met: 7, n: 12 }, { id: 'TOP', met: 16, n: 16 }] },
    { criteria: [{ id: 'FALL', met: 420, n: 500 }, { id: 'ONE', met: 51, n: 100 }, { id: 'EDGE', met: 12, n: 13 }, { id: 'TOP', met: 160, n: 200 }] },
  );
  const [fall, one, edge, top] = r.criteria;
  const fallReason = 'the rate fell from 90% to 84% (95% CI -10.2 to -1.8 points), though it still reaches the target of 80%';
  const formats = () => [formatCompareTable(r, { useColor: false }).replace(/\s+/g, ' '), formatCompareMarkdown(r), formatCompareHtml(r), formatCompareJson(r)];

  it('a fall clear of zero is not sufficient progress though the rate reaches the target, in every format', () => {
    expect(fall!.verdict).toBe('not sufficient progress');
    expect(fall!.paragraph).toContain(`a change of -6 points (95% CI -10.2 to -1.8). Sufficient progress has not been made: ${fallReason}.`);
    // The headline judges the two weaknesses (ONE and EDGE below 80% at the baseline); the two at the target that fell are named after it.
    expect(r.summary.headline).toBe('Sufficient progress has been made in addressing one of the 2 weaknesses found at the baseline (criteria below the target of 80%).');
    expect(r.summary.sentences).toEqual(['Sufficient progress has not been made in one.', 'Of the 2 criteria at or above the target at the baseline, two have fallen back: FALL, TOP.']);
    for (const text of formats()) expect(text).toContain(fallReason);
    expect(top!.reason).toBe('the rate fell from 100% to 80% (95% CI -26.09 to -0.02 points), though it still reaches the target of 80%');
  });

  it('a change printed as 1 is "1 point"', () => {
    expect(one!.paragraph).toContain('a change of +1 point (95% CI');
    expect(one!.reason).toContain('the rise of 1 point is less than the 10 required');
    const html = formatCompareHtml(r);
    expect(html).toMatch(/ONE \+1 point \(/);
    for (const text of formats()) expect(text).not.toMatch(/\b1 points/);
  });

  it('an interval whose lower end is just below zero reads "-0.02", never "0", in every format', () => {
    expect(edge!.change!.ci95[0]).toBeLessThan(0);
    expect(edge!.paragraph).toContain('a change of +34 points (95% CI -0.02 to +61.1)');
    const [table, md, html] = formats();
    expect(table).toMatch(/│ EDGE │ 58% \(7\/12\) │ 92% \(12\/13\) │ \+34 │ -0\.02 to \+61\.1 │/);
    expect(md).toContain('| EDGE | E | 58% (7/12) | 92% (12/13) | +34 | -0.02 to +61.1 |');
    expect(html).toContain('-0.02 to +61.1');
    for (const text of formats()) expect(text).not.toMatch(/ 0 to \+61/);
  });

  it('the thresholds say "1 point" for a minimum gain of 1', () => {
    const t = run({ criteria: [] }, { criteria: [] }, { target: 0.8, minGain: 1, minN: 10 });
    expect(t.thresholds.rule).toContain('at least 1 percentage point and');
    expect(formatCompareTable(t, { useColor: false })).toContain('minimum gain 1 point;');
  });
});

describe('checkReport', () => {
  const good = () => JSON.parse(JSON.stringify(makeReport({ criteria: [{ id: 'A', met: 5, n: 10 }] }))) as Record<string, unknown>;

  it('accepts an ehcp-audit report', () => {
    expect(checkReport('r.json', good()).criteria[0]!.id).toBe('A');
  });

  it('refuses anything else with one line naming the file', () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /^r\.json: not an ehcp-audit report \(expected the JSON written by/],
      [{ ...good(), tool: { name: 'other', version: '1' } }, /^r\.json: not an ehcp-audit report/],
      [{ ...good(), schemaVersion: 2 }, /^r\.json: report schemaVersion 2 is not supported: this ehcp-audit reads schemaVersion 1/],
      [{ ...good(), criteria: 'x' }, /^r\.json: not a valid ehcp-audit report: criteria: /],
      [{ ...good(), criteria: [{ ...(good().criteria as object[])[0], met: 9 }] }, /^r\.json: not a valid ehcp-audit report: criteria\.0 \(A\): applicable is 10, but met \+ partly \+ not met is 14/],
    ];
    for (const [data, want] of cases) {
      let err: unknown;
      try {
        checkReport('r.json', data);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(want);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('foundText', () => {
  it('reads after "found it": a criterion that applied to no plan, and one from its counts', () => {
    const none = { met: 0, partly: 0, notMet: 0, notApplicable: 5, applicable: 0, rate: null, ci95: null };
    expect(`found it ${foundText(none)}`).toBe('found it applicable to none of the plans');
    const some = { met: 220, partly: 1, notMet: 3, notApplicable: 0, applicable: 224, rate: 0.9821, ci95: [0.955, 0.9931] as [number, number] };
    expect(foundText(some)).toBe('met in 220 of the 224 plans it applies to (98%; 95% CI 95% to 99%), partly met in 1');
  });
});
