/** The verdict as a pure function of an AuditReport: each threshold's figure, limit and pass. */
import { describe, expect, it } from 'vitest';
import { countThresholds, criticalFailures, evaluateCheck, evaluateThresholds, limitPctText, limitPointsText, NO_THRESHOLDS, pctBeside, pctText, type Thresholds } from '../../src/check/thresholds.js';
import { exampleReport } from './helpers.js';

const t = (over: Partial<Thresholds>): Thresholds => ({ ...NO_THRESHOLDS, minRate: [], maxShare: [], ...over });

describe('evaluateThresholds on the example export', () => {
  it('min_rate: the rate is met / applicable, and the limit itself passes', async () => {
    const report = await exampleReport();
    // A-child-views is met in 60 of 70 plans: 0.857142...
    const [ok, atLimit, bad] = evaluateThresholds(report, t({ minRate: [['A-child-views', 0.8], ['B-needs', 1], ['F-not-vague', 0.9]] }));
    expect(ok).toMatchObject({ name: 'min_rate A-child-views', kind: 'min_rate', subject: 'A-child-views', limit: 0.8, actual: 0.8571, pass: true });
    expect(ok!.message).toBe('A-child-views met in 85.7% of the plans it applies to (60 of 70); limit: at least 80%');
    expect(atLimit!.pass).toBe(true);
    expect(bad).toMatchObject({ pass: false, actual: 0.8714 });
  });

  it('min_rate: exactly at the limit holds despite floating point (56 of 70 = 0.8)', async () => {
    const report = await exampleReport();
    const c = report.criteria.find((x) => x.id === 'A-child-views')!;
    c.met = 56;
    const [r] = evaluateThresholds(report, t({ minRate: [['A-child-views', 0.8]] }));
    expect(r!.pass).toBe(true);
    c.met = 55;
    expect(evaluateThresholds(report, t({ minRate: [['A-child-views', 0.8]] }))[0]!.pass).toBe(false);
  });

  it('min_rate: a criterion that applies to no plan holds, with nothing measured', async () => {
    const report = await exampleReport();
    const c = report.criteria.find((x) => x.id === 'E-pfa')!;
    Object.assign(c, { met: 0, partly: 0, notMet: 0, applicable: 0, rate: null });
    const [r] = evaluateThresholds(report, t({ minRate: [['E-pfa', 0.9]] }));
    expect(r).toMatchObject({ actual: null, pass: true });
    expect(r!.message).toMatch(/no plan it applies to/);
  });

  it('max_share: share of all plans with the grade', async () => {
    const report = await exampleReport();
    // 17 of 70 plans are Requires improvement (24.3%), none Inadequate.
    const [ri, inad] = evaluateThresholds(report, t({ maxShare: [['Requires improvement', 0.2], ['Inadequate', 0]] }));
    expect(ri).toMatchObject({ name: 'max_share Requires improvement', actual: 0.2429, limit: 0.2, pass: false });
    expect(ri!.message).toBe('17 plans of 70 (24.3%) graded Requires improvement; limit: at most 20%');
    expect(inad).toMatchObject({ actual: 0, pass: true });
  });

  it('no_critical_not_met counts plans, and names the criteria in rubric order', async () => {
    const report = await exampleReport();
    const [r] = evaluateThresholds(report, t({ noCriticalNotMet: true }));
    expect(r).toMatchObject({ name: 'no_critical_not_met', limit: 0, actual: 17, pass: false });
    expect(r!.message).toBe('17 plans of 70 do not meet a critical criterion (A-child-views 3, F-not-vague 9, G-health-provision 3, no-placeholders 2); limit: none');
  });

  it('min_mean_score and max_rejected', async () => {
    const report = await exampleReport();
    const [mean, rej] = evaluateThresholds(report, t({ minMeanScore: 95.6, maxRejected: 0 }));
    expect(mean).toMatchObject({ actual: 95.6, pass: true });
    expect(rej).toMatchObject({ actual: 0, pass: true });
    report.input.records.rejected = 2;
    report.summary.meanScore = null;
    const [mean2, rej2] = evaluateThresholds(report, t({ minMeanScore: 10, maxRejected: 1 }));
    expect(mean2).toMatchObject({ actual: null, pass: false });
    expect(rej2).toMatchObject({ actual: 2, pass: false, message: '2 records of 70 rejected as unreadable; limit: at most 1' });
  });

  it('results come in the order min_rate, max_share, no_critical_not_met, min_mean_score, max_rejected', async () => {
    const report = await exampleReport();
    const all = t({ minRate: [['F-not-vague', 0.5], ['A-child-views', 0.5]], maxShare: [['Inadequate', 0.1]], noCriticalNotMet: true, minMeanScore: 50, maxRejected: 0 });
    expect(countThresholds(all)).toBe(6);
    expect(evaluateThresholds(report, all).map((r) => r.name)).toEqual(['min_rate F-not-vague', 'min_rate A-child-views', 'max_share Inadequate', 'no_critical_not_met', 'min_mean_score', 'max_rejected']);
  });
});

describe('evaluateCheck', () => {
  it('passes only when every threshold holds; plans gate only with no_critical_not_met', async () => {
    const report = await exampleReport();
    const pass = evaluateCheck(report, t({ minRate: [['A-child-views', 0.8]] }), { config: null, baseline: null });
    expect(pass.pass).toBe(true);
    expect(pass.failingPlans).toHaveLength(17);
    expect(pass.gatingPlans).toEqual([]);
    expect(pass.gatedBy).toBeNull();
    const fail = evaluateCheck(report, t({ minRate: [['A-child-views', 0.8]], noCriticalNotMet: true }), { config: '.ehcp-audit.yaml', baseline: null });
    expect(fail.pass).toBe(false);
    expect(fail.gatingPlans).toHaveLength(17);
    expect(fail.gatedBy).toBe('no_critical_not_met');
    expect(fail.config).toBe('.ehcp-audit.yaml');
  });

  it('carries references and positions only: no names, no plan text', async () => {
    const report = await exampleReport();
    const o = evaluateCheck(report, t({ noCriticalNotMet: true }), { config: null, baseline: null });
    expect(Object.keys(o.failingPlans[0]!).sort()).toEqual(['criteria', 'file', 'line', 'ref']);
    expect(JSON.stringify(o)).not.toMatch(/Jack Brown|Minecraft/);
  });
});

describe('criticalFailures and pctText', () => {
  it('lists plans with a critical criterion not met, in export order, criteria in rubric order', async () => {
    const f = criticalFailures(await exampleReport());
    expect(f[0]).toEqual({ ref: 'EHCP-2017-00002', file: expect.stringMatching(/example-export\.csv$/), line: 12, criteria: ['G-health-provision'] });
    expect(f.map((x) => x.line)).toEqual([...f.map((x) => x.line)].sort((a, b) => a - b));
  });

  it('writes percentages with one decimal, none when whole', () => {
    expect(pctText(0.8)).toBe('80%');
    expect(pctText(0.857142)).toBe('85.7%');
    expect(pctText(0.05)).toBe('5%');
    expect(pctText(1)).toBe('100%');
    expect(pctText(0.79996, 3)).toBe('79.996%');
    expect(pctText(0.8, 3)).toBe('80%');
  });

  it('prints a rate beside its limit with the decimals that keep it on its side', () => {
    // 3,998 of 5,000 fails "at least 80%": "80%" would read as meeting it.
    expect(pctBeside(3998 / 5000, 0.8, true)).toBe('79.96%');
    expect(pctBeside(4000 / 5000, 0.8, true)).toBe('80%');
    expect(pctBeside(0.85, 0.8, true)).toBe('85%');
    // 501 of 5,000 fails "at most 10%".
    expect(pctBeside(501 / 5000, 0.1, false)).toBe('10.02%');
    expect(pctBeside(500 / 5000, 0.1, false)).toBe('10%');
    // A limit with decimals of its own: 80.05% passes "at least 80.05%" (read as 80.1%) and 80.04% fails it (read as 80%).
    expect(pctBeside(0.8005, 0.8005, true)).toBe('80.1%');
    expect(pctBeside(0.8004, 0.8005, true)).toBe('80%');
  });
});

describe('limits are printed as given, so a figure never reads as meeting a limit it failed', () => {
  /** The example report made to look like a 2,000-plan export: 1,804 meet A-child-views (90.2%), 30 Inadequate (1.5%), mean 95.7348. */
  async function large() {
    const report = await exampleReport();
    Object.assign(report.criteria.find((x) => x.id === 'A-child-views')!, { met: 1804, applicable: 2000 });
    report.summary.plans = 2000;
    report.summary.graded = 2000;
    report.summary.meanScore = 95.7348;
    const inadequate = report.summary.grades.find((g) => g.grade === 'Inadequate');
    if (inadequate) inadequate.count = 30;
    else report.summary.grades.push({ grade: 'Inadequate', count: 30 } as (typeof report.summary.grades)[number]);
    return report;
  }

  it('a limit a hair past the figure: the limit with every digit it was given', async () => {
    const [rate, share, mean] = evaluateThresholds(await large(), t({ minRate: [['A-child-views', 0.90200001]], maxShare: [['Inadequate', 0.0149999]], minMeanScore: 95.73481 }));
    expect(rate).toMatchObject({ pass: false, actual: 0.902 });
    expect(rate!.message).toBe('A-child-views met in 90.2% of the plans it applies to (1804 of 2000); limit: at least 90.200001%');
    expect(share).toMatchObject({ pass: false, actual: 0.015 });
    expect(share!.message).toBe('30 plans of 2000 (1.5%) graded Inadequate; limit: at most 1.49999%');
    expect(mean).toMatchObject({ pass: false, actual: 95.7348 });
    expect(mean!.message).toBe('mean score 95.7 over 2000 graded plans; limit: at least 95.73481');
  });

  it('the limit exactly met: passes, and reads so', async () => {
    const [rate, share, mean] = evaluateThresholds(await large(), t({ minRate: [['A-child-views', 0.902]], maxShare: [['Inadequate', 0.015]], minMeanScore: 95.7348 }));
    expect([rate!.pass, share!.pass, mean!.pass]).toEqual([true, true, true]);
    expect(rate!.message).toMatch(/met in 90\.2% .*; limit: at least 90\.2%$/);
    expect(share!.message).toMatch(/\(1\.5%\) .*; limit: at most 1\.5%$/);
    expect(mean!.message).toBe('mean score 95.735 over 2000 graded plans; limit: at least 95.7348');
  });

  it('a limit within the verdict\'s precision (1e-9) of the figure is met, and printed as the figure is', async () => {
    const [rate] = evaluateThresholds(await large(), t({ minRate: [['A-child-views', 0.9020000000001]] }));
    expect(rate!.pass).toBe(true);
    expect(rate!.message).toMatch(/met in 90\.2% .*; limit: at least 90\.2%$/);
  });

  it('limit texts: the shortest decimal that reads back as the limit, with no float noise', () => {
    expect(limitPctText(0.90200001)).toBe('90.200001%');
    expect(limitPctText(0.0149999)).toBe('1.49999%');
    expect(limitPctText(0.85715)).toBe('85.715%');
    expect(limitPctText(0.07)).toBe('7%');
    expect(limitPctText(1e-7)).toBe('0.00001%');
    expect(limitPointsText(95.73481)).toBe('95.73481');
    expect(limitPointsText(2)).toBe('2');
  });
});
