/** Baselines: what is recorded, regressions (rates beyond the tolerance, plans newly failing), improvements, rubric checks. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOWEST_SHOWN } from '../../src/audit/planStore.js';
import { runAudit } from '../../src/audit/run.js';
import { buildBaseline, compareBaseline, compareRate, formatBaseline, rateChangeText, readBaseline } from '../../src/check/baseline.js';
import { criticalFailures } from '../../src/check/thresholds.js';
import { PlanSource } from '../../src/records/source.js';
import { loadRubric } from '../../src/rubric/load.js';
import { ConfigError } from '../../src/util/errors.js';
import { fixture, repoRoot } from '../helpers/cli.js';
import { AS_OF, exampleReport, writeDegraded } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-baseline-'));
const BLANK = ['EHCP-2023-00001', 'EHCP-2023-00003', 'EHCP-2025-00004', 'EHCP-2024-00005', 'EHCP-2026-00006'];
const VAGUE = ['EHCP-2025-00007', 'EHCP-2015-00008', 'EHCP-2017-00009'];

async function degradedReport(d: Parameters<typeof writeDegraded>[1], name: string) {
  const file = join(dir, name);
  writeDegraded(file, d);
  return exampleReport(file, fixture('example-export.map.yaml'));
}

describe('buildBaseline', () => {
  it('records met/applicable per criterion and the plans failing critical criteria', async () => {
    const b = buildBaseline(await exampleReport());
    expect(b).toMatchObject({ schemaVersion: 1, kind: 'ehcp-audit-baseline', rubric: { id: 'default', version: '1.4.0' }, asOf: '2026-11-26' });
    expect(b.input.plans).toBe(70);
    expect(b.criteria['A-child-views']).toEqual({ met: 60, applicable: 70, rate: 0.8571 });
    expect(Object.keys(b.failingPlans)).toHaveLength(17);
    expect(b.failingPlans['EHCP-2017-00002']).toEqual(['G-health-provision']);
    expect(Object.keys(b.criteria)).toHaveLength(29);
  });

  it('round-trips through its JSON file', async () => {
    const b = buildBaseline(await exampleReport());
    const file = join(dir, 'roundtrip.json');
    writeFileSync(file, formatBaseline(b));
    expect(readBaseline(file)).toEqual(b);
  });
});

describe('readBaseline', () => {
  it('a missing file says how to write one', () => {
    expect(() => readBaseline(join(dir, 'nope.json'))).toThrow(/no such baseline file; write one with 'ehcp-audit baseline write/);
  });

  it('bad JSON and a wrong shape are config errors', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(() => readBaseline(bad)).toThrow(ConfigError);
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ schemaVersion: 1, kind: 'something-else' }));
    expect(() => readBaseline(wrong)).toThrow(/not an ehcp-audit baseline/);
  });
});

describe('plan references that are Object.prototype names', () => {
  // A reference is arbitrary export text. These four replace plans failing a critical criterion.
  const RENAMED: [string, string][] = [
    ['EHCP-2017-00002', 'constructor'],
    ['EHCP-2021-00019', '__proto__'],
    ['EHCP-2026-00020', 'toString'],
    ['EHCP-2020-00021', 'hasOwnProperty'],
  ];
  const odd = RENAMED.map(([, to]) => to);

  it('are recorded, survive the file, and compare as any reference', async () => {
    const report = await degradedReport({ renameRefs: RENAMED }, 'proto-refs.csv');
    const base = buildBaseline(report);
    for (const ref of odd) expect(Object.hasOwn(base.failingPlans, ref), ref).toBe(true);
    const file = join(dir, 'proto-refs.json');
    writeFileSync(file, formatBaseline(base));
    const read = readBaseline(file);
    expect(Object.keys(read.failingPlans)).toEqual(Object.keys(base.failingPlans));
    expect(Object.hasOwn(read.failingPlans, '__proto__')).toBe(true);
    expect(read.failingPlans['__proto__']).toEqual(['F-not-vague']);
    // Against itself: every failing plan accepted, none new.
    const same = compareBaseline(report, read, { file: 'b.json', tolerance: 2 });
    expect(same.newlyFailing).toEqual([]);
    expect(same.accepted).toBe(17);
    // Against the original export's baseline: the four are new plans failing, and the four
    // original references have left the export.
    const orig = buildBaseline(await exampleReport());
    const c = compareBaseline(report, orig, { file: 'b.json', tolerance: 2 });
    expect(c.newlyFailing.map((p) => p.ref).sort()).toEqual([...odd].sort());
    expect(c.notInExport).toBe(4);
    // The original export against the odd references' baseline: nothing of Object.prototype is read as a plan.
    const back = compareBaseline(await exampleReport(), read, { file: 'b.json', tolerance: 2 });
    expect(back.newlyFailing.map((p) => p.ref).sort()).toEqual(RENAMED.map(([from]) => from).sort());
    expect(back.notInExport).toBe(4);
  });
});

/** A baseline's JSON, to be spoiled. */
interface Loose {
  criteria: Record<string, Record<string, unknown>> | unknown[];
  failingPlans: Record<string, unknown>;
}
const views = (b: Loose) => (b.criteria as Record<string, Record<string, unknown>>)['A-child-views']!;

describe('readBaseline: counts that cannot be', () => {
  const refused = (name: string, change: (b: Loose) => void): string => {
    const b = JSON.parse(formatBaseline(buildBaseline(cachedReport!))) as Loose;
    change(b);
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(b));
    try {
      readBaseline(file);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).message).toBe(`${file}: not an ehcp-audit baseline (write one with 'ehcp-audit baseline write')`);
      return (e as ConfigError).problems.join('\n');
    }
    throw new Error(`${name} was accepted`);
  };
  let cachedReport: Awaited<ReturnType<typeof exampleReport>> | undefined;

  it('met above applicable, applicable above the plans, a rate not met / applicable, a failing plan with no criteria: refused at the key', async () => {
    cachedReport = await exampleReport();
    const f = (name: string) => join(dir, name);
    expect(refused('met-over.json', (b) => Object.assign(views(b), { met: 80, applicable: 70 }))).toBe(
      `${f('met-over.json')}: criteria.A-child-views.met: 80 met is more than the 70 plans it applies to`,
    );
    expect(refused('app-over.json', (b) => Object.assign(views(b), { met: 600, applicable: 700 }))).toBe(
      `${f('app-over.json')}: criteria.A-child-views.applicable: 700 is more than the 70 plans of input.plans`,
    );
    expect(refused('rate.json', (b) => (views(b).rate = 0.5))).toBe(`${f('rate.json')}: criteria.A-child-views.rate: 0.5 is not met / applicable (60 / 70: 0.8571)`);
    expect(refused('fraction.json', (b) => (views(b).met = 59.5))).toMatch(/criteria\.A-child-views\.met: .*int/);
    expect(refused('negative.json', (b) => (views(b).applicable = -1))).toMatch(/criteria\.A-child-views\.applicable: /);
    expect(refused('empty.json', (b) => (b.failingPlans['EHCP-2017-00002'] = []))).toBe(
      `${f('empty.json')}: failingPlans.EHCP-2017-00002: a failing plan lists the critical criteria it does not meet`,
    );
    expect(refused('array.json', (b) => (b.criteria = []))).toBe(`${f('array.json')}: criteria: expected an object, got an array`);
  });
});

describe('compareBaseline', () => {
  it('the same export against its own baseline: no regression, nothing improved, every failing plan accepted', async () => {
    const report = await exampleReport();
    const c = compareBaseline(report, buildBaseline(report), { file: 'b.json', tolerance: 2 });
    expect(c.results.every((r) => r.pass)).toBe(true);
    expect(c.newlyFailing).toEqual([]);
    expect(c.noLongerFailing).toEqual([]);
    expect(c.accepted).toBe(17);
    expect(c.rates.filter((r) => r.status !== 'unchanged')).toEqual([]);
    expect(c.results.at(-1)).toMatchObject({ name: 'baseline_plans', pass: true });
  });

  it('a degraded export: rates beyond the tolerance and plans newly failing are regressions; a fixed plan is an improvement', async () => {
    const base = buildBaseline(await exampleReport());
    const report = await degradedReport({ blankViews: BLANK, vagueF: VAGUE, fillViews: ['EHCP-2026-00020'] }, 'degraded.csv');
    const c = compareBaseline(report, base, { file: 'b.json', tolerance: 2 });
    // A-child-views: 60 - 5 + 1 = 56 of 70 (85.7% -> 80%); F-not-vague: 61 - 3 = 58 (87.1% -> 82.9%).
    expect(c.rates.find((r) => r.criterion === 'A-child-views')).toEqual({ criterion: 'A-child-views', baseline: 0.8571, current: 0.8, change: -5.7, decimals: 1, status: 'regressed' });
    expect(c.rates.find((r) => r.criterion === 'F-not-vague')).toMatchObject({ change: -4.3, status: 'regressed' });
    expect(c.newlyFailing.map((p) => p.ref)).toEqual([...BLANK, ...VAGUE]);
    expect(c.newlyFailing.find((p) => p.ref === 'EHCP-2025-00007')!.criteria).toEqual(['F-not-vague']);
    expect(c.noLongerFailing).toEqual([{ ref: 'EHCP-2026-00020', file: expect.stringMatching(/degraded\.csv$/), line: expect.any(Number), criteria: ['A-child-views'] }]);
    expect(c.accepted).toBe(16);
    const failed = c.results.filter((r) => !r.pass).map((r) => r.name);
    expect(failed).toContain('baseline_rate A-child-views');
    expect(failed).toContain('baseline_rate F-not-vague');
    expect(failed).toContain('baseline_plans');
  });

  it('a drop within the tolerance is not a regression; a larger tolerance accepts a larger drop', async () => {
    const base = buildBaseline(await exampleReport());
    // One plan more failing F-not-vague: 61 -> 60 of 70, a drop of 1.4 points.
    const report = await degradedReport({ vagueF: ['EHCP-2025-00007'] }, 'one-vague.csv');
    const c = compareBaseline(report, base, { file: 'b.json', tolerance: 2 });
    expect(c.rates.find((r) => r.criterion === 'F-not-vague')).toMatchObject({ change: -1.4, status: 'dropped within tolerance' });
    expect(c.results.find((r) => r.name === 'baseline_rate F-not-vague')!.pass).toBe(true);
    // ... but the plan newly failing a critical criterion is still a regression.
    expect(c.results.find((r) => r.name === 'baseline_plans')).toMatchObject({ pass: false, actual: 1 });
    const strict = compareBaseline(report, base, { file: 'b.json', tolerance: 1 });
    expect(strict.results.find((r) => r.name === 'baseline_rate F-not-vague')!.pass).toBe(false);
  });

  it('an improved export passes and reports rates up and plans no longer failing', async () => {
    const base = buildBaseline(await exampleReport());
    const report = await degradedReport({ fillViews: ['EHCP-2026-00020', 'EHCP-2020-00021'] }, 'improved.csv');
    const c = compareBaseline(report, base, { file: 'b.json', tolerance: 2 });
    expect(c.results.every((r) => r.pass)).toBe(true);
    expect(c.rates.find((r) => r.criterion === 'A-child-views')).toMatchObject({ status: 'improved', change: 2.9 });
    expect(c.noLongerFailing.map((p) => p.ref)).toEqual(['EHCP-2026-00020', 'EHCP-2020-00021']);
  });

  it('plans failing in the baseline but not in the export are counted, not improvements', async () => {
    const report = await exampleReport();
    const base = buildBaseline(report);
    base.failingPlans['EHCP-1999-99999'] = ['A-child-views'];
    const c = compareBaseline(report, base, { file: 'b.json', tolerance: 2 });
    expect(c.notInExport).toBe(1);
    expect(c.noLongerFailing).toEqual([]);
  });

  it('a different rubric id is a config error; a different version is a warning', async () => {
    const report = await exampleReport();
    const other = { ...buildBaseline(report), rubric: { id: 'statutory', version: '1.0.0' } };
    expect(() => compareBaseline(report, other, { file: 'b.json', tolerance: 2 })).toThrow(ConfigError);
    expect(() => compareBaseline(report, other, { file: 'b.json', tolerance: 2 })).toThrow(/rubric 'statutory' but this check uses rubric 'default'/);
    const older = { ...buildBaseline(report), rubric: { id: 'default', version: '0.9.0' } };
    const c = compareBaseline(report, older, { file: 'b.json', tolerance: 2 });
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]).toMatch(/version 0\.9\.0.*version 1\.4\.0/);
  });

  it('criteria the rubric does not have, under criteria or in a failing plan, are a warning naming them (they passed silently)', async () => {
    const report = await exampleReport();
    const base = buildBaseline(report);
    const extra = { met: 1, applicable: 2, rate: 0.5 };
    // Own keys, as readBaseline reads them from a file (criteria is a null-prototype record).
    for (const id of ['__proto__', 'foo', 'constructor']) Object.defineProperty(base.criteria, id, { value: extra, enumerable: true, writable: true, configurable: true });
    base.failingPlans['EHCP-2023-00001'] = [...(base.failingPlans['EHCP-2023-00001'] ?? []), 'gone'];
    const c = compareBaseline(report, base, { file: 'b.json', tolerance: 2 });
    expect(c.droppedCriteria).toEqual(['__proto__', 'foo', 'constructor', 'gone']);
    expect(c.warnings).toEqual([
      "the baseline b.json records 4 criteria that rubric default version 1.4.0 does not have ('__proto__', 'foo', 'constructor', 'gone'), which are not compared: write a new baseline with 'ehcp-audit baseline write' if the rubric no longer has them",
    ]);
    expect(c.results.every((r) => r.pass)).toBe(true);
    // Six or more: five named, the rest counted; the JSON's droppedCriteria lists them all.
    for (const id of ['g1', 'g2']) base.criteria[id] = extra;
    const many = compareBaseline(report, base, { file: 'b.json', tolerance: 2 });
    expect(many.warnings[0]).toContain("records 6 criteria that rubric default version 1.4.0 does not have ('__proto__', 'foo', 'constructor', 'g1', 'g2' and 1 more), which are not compared");
    expect(compareBaseline(report, buildBaseline(report), { file: 'b.json', tolerance: 2 }).warnings).toEqual([]);
  });
});

describe('an export of more plans than the report keeps in memory (spooled)', () => {
  // report.plans then holds only the lowest-scoring 200 (planStore.ts). The gate must still see
  // every plan: a check that read its failing plans from there listed 197 of 2,265 on a
  // 10,000-plan export, and missed plans newly failing outside the lowest 200.
  const file = join(dir, 'plans-1500.csv');
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', '1500', '--seed', '7', '--format', 'csv', '--out', file], { stdio: 'pipe' });
  const audit = (opts: { memoryLimit?: number; gate?: { refs?: ReadonlySet<string> } } = {}) =>
    runAudit({ source: new PlanSource({ file, asOf: AS_OF, map: fixture('example-export.map.yaml') }), rubric: loadRubric('default'), asOf: AS_OF, showText: false, where: [], ...opts });

  it('the failing plans, the baseline and its comparison count every plan, with or without the facts collected as plans are added', async () => {
    const whole = await audit();
    expect(whole.plans).toHaveLength(1500);
    const critical = whole.criteria.filter((c) => c.severity === 'critical').map((c) => c.id);
    const expected = whole.plans.flatMap((p) => {
      const criteria = critical.filter((id) => p.results.some((r) => r.criterion === id && r.rating === 'not_met'));
      return criteria.length > 0 ? [{ ref: p.ref, file: p.file, line: p.line, criteria }] : [];
    });
    expect(expected.length).toBeGreaterThan(LOWEST_SHOWN);

    // A baseline in which one failing plan outside the lowest 200 did not fail yet (so it now fails
    // anew), one passing plan outside them failed (so it is fixed), and one plan has left the export.
    const spooled = await audit({ memoryLimit: 10 });
    expect(spooled.plans).toHaveLength(LOWEST_SHOWN);
    const listed = new Set(spooled.plans.map((p) => p.ref));
    const newly = expected.find((f) => !listed.has(f.ref))!;
    const failing = new Set(expected.map((f) => f.ref));
    const fixed = whole.plans.find((p) => !failing.has(p.ref) && !listed.has(p.ref) && p.results.some((r) => r.criterion === critical[0]))!;
    const base = buildBaseline(whole);
    delete base.failingPlans[newly.ref];
    base.failingPlans[fixed.ref] = [critical[0]!];
    base.failingPlans['EHCP-GONE-0001'] = [critical[0]!];
    const refs = new Set(Object.keys(base.failingPlans));

    for (const [label, report] of [
      ['from the plans read back', spooled],
      ['from the facts collected', await audit({ memoryLimit: 10, gate: { refs } })],
    ] as const) {
      expect(criticalFailures(report), label).toEqual(expected);
      expect(buildBaseline(report).failingPlans, label).toEqual(buildBaseline(whole).failingPlans);
      const c = compareBaseline(report, base, { file: 'b.json', tolerance: 2 });
      expect(c.newlyFailing, label).toEqual([newly]);
      expect(c.noLongerFailing, label).toEqual([{ ref: fixed.ref, file: fixed.file, line: fixed.line, criteria: [critical[0]] }]);
      expect(c.notInExport, label).toBe(1);
      expect(c.accepted, label).toBe(expected.length - 1);
      expect(c, label).toEqual(compareBaseline(whole, base, { file: 'b.json', tolerance: 2 }));
    }
  }, 60_000);
});

describe('compareRate: the verdict and its figures agree', () => {
  it('a drop just past the tolerance is printed past it: 80% to 77.96% is -2.04 points, not -2', () => {
    const { rate, result } = compareRate('X', { met: 8000, applicable: 10000 }, { met: 7796, applicable: 10000 }, 2);
    expect(rate).toEqual({ criterion: 'X', baseline: 0.8, current: 0.7796, change: -2.04, decimals: 2, status: 'regressed' });
    expect(rateChangeText(rate)).toBe('80% -> 77.96% (-2.04 points)');
    expect(result).toMatchObject({ pass: false, limit: 0.78, actual: 0.7796 });
    expect(result!.message).toBe('X met in 77.96% of the plans it applies to (7796 of 10000), 80% in the baseline (-2.04 points); limit: a drop of at most 2 points');
  });

  it('a drop of exactly the tolerance holds, judged on the counts (7 of 10 to 6 of 10 is 10 points, not 10.000000000000009)', () => {
    const { rate, result } = compareRate('X', { met: 7, applicable: 10 }, { met: 6, applicable: 10 }, 10);
    expect(rate).toMatchObject({ change: -10, decimals: 1, status: 'dropped within tolerance' });
    expect(result!.pass).toBe(true);
  });

  it('with no tolerance, the smallest drop fails and is printed as a drop, the two rates apart', () => {
    const { rate, result } = compareRate('X', { met: 8000, applicable: 10000 }, { met: 7999, applicable: 10000 }, 0);
    expect(rate).toMatchObject({ change: -0.01, decimals: 2, status: 'regressed' });
    expect(rateChangeText(rate)).toBe('80% -> 79.99% (-0.01 points)');
    expect(result!.pass).toBe(false);
  });

  it('an unchanged rate on different counts is unchanged, with no change printed', () => {
    const { rate } = compareRate('X', { met: 4, applicable: 5 }, { met: 8, applicable: 10 }, 0);
    expect(rate).toMatchObject({ change: 0, status: 'unchanged' });
    expect(rateChangeText(rate)).toBe('80% -> 80% (no change)');
  });

  it('no applicable plan on a side: not comparable, and no threshold result', () => {
    expect(compareRate('X', undefined, { met: 1, applicable: 2 }, 2)).toEqual({ rate: { criterion: 'X', baseline: null, current: 0.5, change: null, decimals: 1, status: 'not comparable' }, result: null });
    expect(compareRate('X', { met: 0, applicable: 0 }, { met: 1, applicable: 2 }, 2).result).toBeNull();
  });
});
