/** The check formats: summary, JUnit XML (parsed), GitHub workflow commands (exact syntax), JSON. */
import { describe, expect, it } from 'vitest';
import { buildBaseline, compareBaseline } from '../../src/check/baseline.js';
import { evaluateCheck, NO_THRESHOLDS, type CheckOutcome, type Thresholds } from '../../src/check/thresholds.js';
import { checkJsonObject, formatCheckJson } from '../../src/report/checkJson.js';
import { formatCheckSummary, verdictLine } from '../../src/report/checkSummary.js';
import { logLine } from '../../src/util/safeText.js';
import { annotation, escapeData, escapeProperty, formatGithubAnnotations } from '../../src/report/githubAnnotations.js';
import { formatJunit, xmlEscape } from '../../src/report/junit.js';
import { BIDI_CONTROL, RAW_CONTROL, ciCommands, workflowCommands } from '../report/helpers.js';
import { ANNOTATION, checkJunit, exampleReport, parseAnnotation, parseXml } from './helpers.js';

const t = (over: Partial<Thresholds>): Thresholds => ({ ...NO_THRESHOLDS, minRate: [], maxShare: [], ...over });
const SIX = t({ minRate: [['A-child-views', 0.8], ['F-not-vague', 0.85]], maxShare: [['Inadequate', 0.05], ['Requires improvement', 0.3]], minMeanScore: 70, maxRejected: 0 });

async function outcome(th: Thresholds, withBaseline = false): Promise<CheckOutcome> {
  const report = await exampleReport();
  const baseline = withBaseline ? compareBaseline(report, buildBaseline(report), { file: '.ehcp-audit-baseline.json', tolerance: 2 }) : null;
  return evaluateCheck(report, th, { config: '.ehcp-audit.yaml', baseline });
}

/** An outcome whose references and messages hold every character the formats must escape. */
async function hostile(): Promise<CheckOutcome> {
  const o = await outcome(t({ noCriticalNotMet: true, minRate: [['A-child-views', 0.99]] }));
  o.gatingPlans[0]!.ref = 'R&D <1> "q" \'a\' 100%, a:b\r\nnext\u0001';
  o.gatingPlans[0]!.file = 'exports/a,b:c%.csv';
  o.thresholds[0]!.message = 'rate 50% & <falling>\nsecond line\r';
  return o;
}

describe('summary', () => {
  it('one line on success', async () => {
    const o = await outcome(SIX);
    expect(o.pass).toBe(true);
    expect(formatCheckSummary(o)).toBe('ehcp-audit check: PASS: 6 thresholds hold over 70 plans (rubric default 1.4.0, as of 26/11/2026)\n');
  });

  it('with a baseline it says there was no regression', async () => {
    const o = await outcome(t({ minMeanScore: 70 }), true);
    expect(verdictLine(o)).toBe('ehcp-audit check: PASS: 1 threshold holds and no regression from baseline .ehcp-audit-baseline.json over 70 plans (rubric default 1.4.0, as of 26/11/2026)');
  });

  it('a regression while every threshold holds says so', async () => {
    const report = await exampleReport();
    const base = buildBaseline(report);
    delete base.failingPlans['EHCP-2017-00002'];
    const o = evaluateCheck(report, t({ minMeanScore: 70 }), { config: null, baseline: compareBaseline(report, base, { file: 'b.json', tolerance: 2 }) });
    expect(o.pass).toBe(false);
    expect(verdictLine(o)).toBe('ehcp-audit check: FAIL: 1 plan newly failing a critical criterion since baseline b.json (the threshold holds) over 70 plans (rubric default 1.4.0, as of 26/11/2026)');
    expect(formatCheckSummary(o)).toMatch(/Plans newly failing a critical criterion \(1\):\n {4}EHCP-2017-00002 {2}\S+:12 {2}G-health-provision\n/);
  });

  it('on failure: each failed threshold with figure and limit, the plans by reference and file:line', async () => {
    const o = await outcome(t({ ...SIX, noCriticalNotMet: true, minRate: [['A-child-views', 0.9]] }));
    const text = formatCheckSummary(o);
    const lines = text.split('\n');
    expect(lines[0]).toBe('ehcp-audit check: FAIL: 2 of 6 thresholds failed over 70 plans (rubric default 1.4.0, as of 26/11/2026)');
    expect(text).toContain('  FAIL min_rate A-child-views: A-child-views met in 85.7% of the plans it applies to (60 of 70); limit: at least 90%');
    expect(text).toContain('  FAIL no_critical_not_met: 17 plans of 70 do not meet a critical criterion');
    expect(text).toContain('Plans not meeting a critical criterion (17):');
    expect(text).toMatch(/^ {2}EHCP-2017-00002 {2}\S*example-export\.csv:12 +G-health-provision$/m);
    expect(text).not.toMatch(/Jack|Minecraft/);
  });

  it('a reference cannot put control characters or a GitHub workflow command in the log', async () => {
    const o = await hostile();
    const [, second, third, fourth] = o.failingPlans;
    o.failingPlans[0]!.ref = 'EHCP-\x1b]0;pwned\x07\x1b[31mRED\n::error title=forged::x';
    second!.ref = '::error title=forged::y';
    third!.ref = '\u00a0 ::add-mask::z';
    fourth!.ref = 'EHCP-4 ##[error]forged';
    o.input.rejected = [{ file: 'export.csv', line: 9, ref: '\r\n::error::w' }];
    o.thresholds.push({ ...o.thresholds[0]!, name: 'max_rejected', kind: 'max_rejected', pass: false, message: 'rejected' });
    const text = formatCheckSummary(o);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(workflowCommands(text)).toEqual([]);
    expect(text).not.toContain('##[');
    expect(text).toContain('  EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED\\x0a::error title=forged::x  ');
    expect(text).toMatch(/^ {2}\\x3a:error title=forged::y +\S+:\d+ {2}\S/m);
    expect(text).toContain('  \u00a0 \\x3a:add-mask::z');
    expect(text).toContain('  EHCP-4 ##\\x5berror]forged');
    expect(text).toContain('  export.csv:9  \\x0d\\x0a::error::w');
    // The columns still line up (widths are taken after escaping): the criteria start at one place.
    const list = text.split('Plans not meeting a critical criterion')[1]!.split('\n\n')[0]!.split('\n').slice(1);
    expect(list).toHaveLength(o.failingPlans.length);
    expect(new Set(list.map((l) => l.search(/ {2}[\w-]+(?:, [\w-]+)*$/))).size).toBe(1);
  });

  it('logLine changes nothing in an ordinary line', () => {
    for (const line of ['ehcp-audit check: PASS: 1 threshold holds', '  EHCP-2017-00002  exports/a.csv:12  G-health-provision', 'a::b', '  #1 [x]']) {
      expect(logLine(line)).toBe(line);
    }
  });
});

describe('JUnit', () => {
  it('is well-formed, and tests/failures agree with what is inside', async () => {
    const o = await outcome(t({ ...SIX, noCriticalNotMet: true, minRate: [['A-child-views', 0.9]] }));
    const j = checkJunit(formatJunit(o));
    expect(j.suites.thresholds).toMatchObject({ tests: 6, failures: 2 });
    expect(j.suites.plans).toMatchObject({ tests: 17, failures: 17 });
    expect(j).toMatchObject({ tests: 23, failures: 19 });
    const failed = j.suites.thresholds!.cases.find((c) => c.attrs.name === 'min_rate A-child-views')!;
    expect(failed.children[0]!.attrs.message).toContain('limit: at least 90%');
    const plan = j.suites.plans!.cases[0]!;
    expect(plan.attrs).toMatchObject({ name: 'EHCP-2017-00002', line: '12' });
    expect(plan.children[0]!.attrs.message).toBe('EHCP-2017-00002 does not meet critical criterion G-health-provision');
  });

  it('a pass has an empty plans suite and no failures', async () => {
    const j = checkJunit(formatJunit(await outcome(SIX)));
    expect(j).toMatchObject({ tests: 6, failures: 0 });
    expect(j.suites.plans).toMatchObject({ tests: 0, failures: 0 });
  });

  it('escapes markup, quotes and control characters', async () => {
    const xml = formatJunit(await hostile());
    const j = checkJunit(xml);
    const plan = j.suites.plans!.cases[0]!;
    expect(plan.attrs.name).toBe('R&D <1> "q" \'a\' 100%, a:b\r\nnext\uFFFD');
    expect(j.suites.thresholds!.cases[0]!.children[0]!.attrs.message).toBe('rate 50% & <falling>\nsecond line\r');
    expect(xmlEscape('a&b<c>"\'')).toBe('a&amp;b&lt;c&gt;&quot;&apos;');
  });

  it('keeps values exactly, but its bytes hold no raw override or C1 control and no line a CI runner runs', async () => {
    const o = await outcome(t({ noCriticalNotMet: true }));
    o.gatingPlans[0]!.ref = 'EHCP-2\n::error::x ##vso[task.setvariable]y';
    o.gatingPlans[1]!.ref = 'EHCP\u202E1234\u009b';
    o.gatingPlans[2]!.file = '::error::f.csv';
    const xml = formatJunit(o);
    expect(xml).not.toMatch(BIDI_CONTROL);
    expect(xml).not.toMatch(RAW_CONTROL);
    expect(ciCommands(xml)).toEqual([]);
    expect(xml).toContain('EHCP-2&#10;::error::x ##vso&#91;task.setvariable]y');
    const cases = checkJunit(xml).suites.plans!.cases;
    expect(cases[0]!.attrs.name).toBe('EHCP-2\n::error::x ##vso[task.setvariable]y');
    expect(cases[0]!.children[0]!.text).toContain(': EHCP-2\n::error::x ##vso[task.setvariable]y does not meet');
    expect(cases[1]!.attrs.name).toBe('EHCP\u202E1234\u009b');
    expect(cases[2]!.children[0]!.text.startsWith('::error::f.csv:')).toBe(true);
  });

  it('the structure check itself rejects broken XML', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a x=1/>')).toThrow(/not quoted/);
    expect(() => parseXml('<a>R&D</a>')).toThrow(/bare '&'/);
    expect(() => parseXml('<a>')).toThrow(/never closed/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
    expect(() => checkJunit('<testsuites tests="1" failures="0"><testsuite name="x" tests="2" failures="0"><testcase name="a" classname="c"/></testsuite></testsuites>')).toThrow(/tests=2, has 1/);
  });
});

describe('GitHub annotations', () => {
  it('every line is a workflow command in the documented syntax', async () => {
    const o = await outcome(t({ noCriticalNotMet: true, minRate: [['A-child-views', 0.9]], maxShare: [['Requires improvement', 0.1]] }));
    const lines = formatGithubAnnotations(o).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(ANNOTATION);
    expect(lines[0]).toBe('::error title=threshold min_rate A-child-views::A-child-views met in 85.7%25 of the plans it applies to (60 of 70); limit: at least 90%25');
    expect(lines).toContain('::error title=threshold max_share Requires improvement::17 plans of 70 (24.3%25) graded Requires improvement; limit: at most 10%25');
    const plan = lines.find((l) => l.includes('EHCP-2017-00002'))!;
    expect(plan).toMatch(/^::error file=[^,:]*example-export\.csv,line=12,title=G-health-provision::EHCP-2017-00002 does not meet critical criterion G-health-provision \(.+\)$/);
    // One line per failing plan x critical criterion, plus the failed thresholds.
    const planLines = lines.filter((l) => l.startsWith('::error file='));
    expect(planLines).toHaveLength(o.failingPlans.reduce((n, p) => n + p.criteria.length, 0));
  });

  it('quiet on success; on failure, plans nothing gates are warnings', async () => {
    expect(formatGithubAnnotations(await outcome(SIX))).toBe('');
    expect(formatGithubAnnotations(await outcome(SIX, true))).toBe('');
    const lines = formatGithubAnnotations(await outcome(t({ minMeanScore: 99 }))).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error title=threshold min_mean_score::mean score 95\.6/);
    expect(lines.slice(1).every((l) => l.startsWith('::warning file='))).toBe(true);
    expect(lines).toHaveLength(1 + 17);
  });

  it("escapes exactly per GitHub's rules", async () => {
    expect(escapeData('100% a:b, c\r\nd')).toBe('100%25 a:b, c%0D%0Ad');
    expect(escapeProperty('100% a:b, c\r\nd')).toBe('100%25 a%3Ab%2C c%0D%0Ad');
    expect(annotation('error', { file: 'a,b:c.csv', line: 3, title: 'x' }, 'm')).toBe('::error file=a%2Cb%3Ac.csv,line=3,title=x::m');
    const lines = formatGithubAnnotations(await hostile()).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(ANNOTATION);
    const threshold = parseAnnotation(lines[0]!)!;
    expect(threshold.message).toBe('rate 50% & <falling>\nsecond line\r');
    const plan = parseAnnotation(lines.find((l) => l.includes('a%2Cb%3Ac%25.csv'))!)!;
    expect(plan.props).toMatchObject({ file: 'exports/a,b:c%.csv', line: '12', title: 'G-health-provision' });
    expect(plan.message.startsWith('R&D <1> "q" \'a\' 100%, a:b\r\nnext')).toBe(true);
  });

  it('shows other controls and bidirectional characters as \\xHH and \\uXXXX, and no Azure command', async () => {
    const o = await outcome(t({ noCriticalNotMet: true }));
    o.gatingPlans[0]!.ref = 'EHCP-\x1b[31mRED\u202E1 ##vso[task.setvariable]y';
    const lines = formatGithubAnnotations(o).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(ANNOTATION);
    const text = lines.join('\n');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toMatch(BIDI_CONTROL);
    expect(parseAnnotation(lines.find((l) => l.includes('RED'))!)!.message).toMatch(/^EHCP-\\x1b\[31mRED\\u202E1 ##vso\\x5btask\.setvariable\]y does not meet/);
  });
});

describe('JSON', () => {
  it('has the documented shape', async () => {
    const o = await outcome(t({ ...SIX, noCriticalNotMet: true }), true);
    const text = [...formatCheckJson(o)].join('');
    // Written in chunks, byte for byte as JSON.stringify writes the whole.
    expect(text).toBe(`${JSON.stringify(checkJsonObject(o), null, 2)}\n`);
    const j = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['schemaVersion', 'tool', 'kind', 'input', 'rubric', 'asOf', 'config', 'plans', 'thresholds', 'failingPlans', 'gatingPlans', 'gatedBy', 'baseline', 'warnings', 'pass']);
    expect(j).toMatchObject({ schemaVersion: 1, kind: 'check', rubric: { id: 'default', version: '1.4.0' }, asOf: '2026-11-26', pass: false, gatedBy: 'no_critical_not_met' });
    const th = j.thresholds as { name: string; kind: string; limit: number; actual: number | null; pass: boolean }[];
    expect(th[0]).toMatchObject({ name: 'min_rate A-child-views', kind: 'min_rate', limit: 0.8, actual: 0.8571, pass: true });
    expect(th.filter((x) => x.kind === 'baseline_rate')).toHaveLength(29);
    expect((j.failingPlans as unknown[])[0]).toEqual({ ref: 'EHCP-2017-00002', file: expect.any(String), line: 12, criteria: ['G-health-provision'] });
    expect(j.baseline).toMatchObject({ file: '.ehcp-audit-baseline.json', tolerance: 2, accepted: 17, newlyFailing: [], noLongerFailing: [] });
  });
});
