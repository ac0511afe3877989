/**
 * Hand-built AuditReports for the formatter tests: a stratified sample of three plans from a
 * population of 48, four criteria (sections A, E, F and process), one rejected record, and a
 * --show-text variant carrying a name and quoted plan text. Criteria and breakdown figures are
 * computed from the plans exactly as the aggregator does, so the numbers agree with each other.
 * Every call returns a fresh copy, so tests may mutate it.
 */
import type { AuditReport, Breakdown, CriterionSummary, PlanEntry } from '../../src/audit/report.js';
import { roundTo, wilson } from '../../src/audit/stats.js';

const CRITERIA: Omit<CriterionSummary, 'met' | 'partly' | 'notMet' | 'notApplicable' | 'applicable' | 'rate' | 'ci95'>[] = [
  { id: 'A-child-views', title: "Section A records the child's own views", section: 'A', severity: 'critical', weight: 3, source: 'Reg 12(1)(a); CoP 9.69' },
  { id: 'E-time-bound', title: 'Outcomes are time-bound', section: 'E', severity: 'standard', weight: 2, source: 'CoP 9.66' },
  { id: 'F-not-vague', title: 'Provision is specific, not vague', section: 'F', severity: 'critical', weight: 3, source: 'CoP 9.69; L v Clarke and Somerset CC [1998]' },
  { id: 'thread-golden', title: 'Needs, outcomes and provision line up', section: 'process', severity: 'advisory', weight: 1, source: 'CoP 9.61' },
];

const GRADES = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'];

function plans(): PlanEntry[] {
  return [
    {
      ref: 'EHC-2024-0012',
      file: 'exports/plans-2026-11.csv',
      line: 2,
      score: 87.5,
      grade: 'Outstanding',
      scoreGrade: 'Outstanding',
      limitedBy: [],
      phase: 'KS2',
      primaryNeed: 'ASD',
      district: 'Northmoor',
      settingType: 'mainstream school',
      results: [
        { criterion: 'A-child-views', rating: 'met', reasons: [] },
        { criterion: 'E-time-bound', rating: 'partly', reasons: ['2 of 3 outcomes have no timescale'] },
        { criterion: 'F-not-vague', rating: 'met', reasons: [] },
        { criterion: 'thread-golden', rating: 'na', reasons: ['does not apply to this plan'] },
      ],
    },
    {
      ref: 'EHC-2023-0457',
      file: 'exports/plans-2026-11.csv',
      line: 5,
      score: 72,
      grade: 'Requires improvement',
      scoreGrade: 'Good',
      limitedBy: ['A-child-views'],
      phase: 'KS4',
      primaryNeed: 'SEMH',
      district: 'Eastvale',
      settingType: 'special school',
      results: [
        { criterion: 'A-child-views', rating: 'not_met', reasons: ["section A has no child's views"] },
        { criterion: 'E-time-bound', rating: 'not_met', reasons: ['no outcome has a timescale'] },
        { criterion: 'F-not-vague', rating: 'met', reasons: [] },
        { criterion: 'thread-golden', rating: 'not_met', reasons: ['need "speech and language" has no matching outcome'] },
      ],
    },
    {
      ref: 'EHC-2022-0199',
      file: 'exports/plans-2026-11.csv',
      line: 9,
      score: 90,
      grade: 'Outstanding',
      scoreGrade: 'Outstanding',
      limitedBy: [],
      phase: 'post-16',
      primaryNeed: 'SLCN',
      district: null,
      settingType: null,
      results: [
        { criterion: 'A-child-views', rating: 'met', reasons: [] },
        { criterion: 'E-time-bound', rating: 'met', reasons: [] },
        { criterion: 'F-not-vague', rating: 'partly', reasons: ['vague wording in 1 of 4 provision items: "access to"'] },
        { criterion: 'thread-golden', rating: 'met', reasons: [] },
      ],
    },
  ];
}

function counts(ps: PlanEntry[], id: string) {
  const rs = ps.map((p) => p.results.find((r) => r.criterion === id)!);
  const met = rs.filter((r) => r.rating === 'met').length;
  const partly = rs.filter((r) => r.rating === 'partly').length;
  const notMet = rs.filter((r) => r.rating === 'not_met').length;
  const notApplicable = rs.filter((r) => r.rating === 'na').length;
  return { met, partly, notMet, notApplicable, applicable: met + partly + notMet };
}

function criteria(ps: PlanEntry[]): CriterionSummary[] {
  return CRITERIA.map((c) => {
    const k = counts(ps, c.id);
    const w = wilson(k.met, k.applicable);
    return { ...c, ...k, rate: w ? roundTo(w.rate, 4) : null, ci95: w ? [roundTo(w.low, 4), roundTo(w.high, 4)] : null };
  });
}

function mean(xs: number[]): number | null {
  return xs.length ? roundTo(xs.reduce((a, b) => a + b, 0) / xs.length, 1) : null;
}

function breakdown(ps: PlanEntry[], by: string, label: string, key: (p: PlanEntry) => string | null): Breakdown {
  const keys = [...new Set(ps.map((p) => key(p) ?? 'not recorded'))].sort();
  return {
    by,
    label,
    groups: keys.map((k) => {
      const g = ps.filter((p) => (key(p) ?? 'not recorded') === k);
      return {
        key: k,
        plans: g.length,
        meanScore: mean(g.flatMap((p) => (p.score === null ? [] : [p.score]))),
        grades: Object.fromEntries(GRADES.map((name) => [name, g.filter((p) => p.grade === name).length])),
        rates: Object.fromEntries(
          CRITERIA.map((c) => {
            const x = counts(g, c.id);
            return [c.id, x.applicable ? roundTo(x.met / x.applicable, 4) : null];
          }),
        ),
      };
    }),
  };
}

/** The sample report (no names, no plan text). */
export function sampleReport(): AuditReport {
  const ps = plans();
  const scores = ps.map((p) => p.score!);
  return {
    schemaVersion: 1,
    tool: { name: 'ehcp-audit', version: '0.1.0' },
    kind: 'sample',
    input: {
      files: [{ path: 'exports/plans-2026-11.csv', format: 'csv', encoding: 'utf-8', delimiter: ',', mapping: 'mappings/northmoor.map.yaml' }],
      records: { read: 49, scored: 3, rejected: 1, filteredOut: 0, blankRows: 0, warnings: 2 },
      rejected: [
        {
          file: 'exports/plans-2026-11.csv',
          line: 14,
          ref: 'EHC-2024-0999',
          reasons: ["dates.finalIssued: '31/02/2024' is not a real date (day 31 of month 2 in 2024)"],
        },
      ],
    },
    rubric: {
      id: 'default',
      version: '1.0.0',
      title: 'ehcp-audit default EHC plan QA rubric',
      files: ['(ehcp-audit) rubrics/default.yaml'],
      fingerprint: '3f6a0c2e9b1d4e7a',
      grades: {
        bands: [
          { name: 'Outstanding', min: 95 },
          { name: 'Good', min: 80 },
          { name: 'Requires improvement', min: 60 },
          { name: 'Inadequate', min: 0 },
        ],
        limits: [
          { critical_not_met: 1, cap: 'Requires improvement' },
          { critical_not_met: 2, cap: 'Inadequate' },
        ],
      },
      partlyCredit: 0.5,
    },
    asOf: '2026-11-26',
    options: { showText: false, where: [] },
    sample: {
      method: 'stratified random sample, proportional allocation (largest remainder), one reservoir per stratum; xoshiro128** seeded by SplitMix64',
      seed: 1,
      requestedSize: 3,
      size: 3,
      population: 48,
      margin: null,
      strataKeys: ['needs.primary', 'phase'],
      strata: [
        { key: 'ASD / KS2', population: 20, allocated: 1 },
        { key: 'SEMH / KS4', population: 16, allocated: 1 },
        { key: 'SLCN / post-16', population: 12, allocated: 1 },
      ],
      includeGroups: [{ name: 'looked after', population: 4, picked: 1, guaranteed: true }],
      where: [],
      picks: [
        { ref: 'EHC-2024-0012', file: 'exports/plans-2026-11.csv', line: 2, stratum: 'ASD / KS2', reason: 'stratum ASD / KS2 (proportional: 1 of 20)' },
        { ref: 'EHC-2023-0457', file: 'exports/plans-2026-11.csv', line: 5, stratum: 'SEMH / KS4', reason: 'guaranteed group: looked after (stratum SEMH / KS4)' },
        { ref: 'EHC-2022-0199', file: 'exports/plans-2026-11.csv', line: 9, stratum: 'SLCN / post-16', reason: 'stratum SLCN / post-16 (proportional: 1 of 12)' },
      ],
      notes: ['1 plan swapped in to guarantee the group "looked after".'],
      estimates: { population: false, forcedGroups: [{ name: 'looked after', picked: 1, population: 4 }], unsampled: { strata: 0, plans: 0 } },
    },
    summary: {
      plans: 3,
      graded: 3,
      grades: GRADES.map((grade) => {
        const count = ps.filter((p) => p.grade === grade).length;
        return { grade, count, share: roundTo(count / ps.length, 4) };
      }),
      meanScore: mean(scores),
      medianScore: 87.5,
      limited: 1,
    },
    criteria: criteria(ps),
    breakdowns: [
      breakdown(ps, 'phase', 'Phase', (p) => p.phase),
      breakdown(ps, 'primaryNeed', 'Primary need', (p) => p.primaryNeed),
      breakdown(ps, 'settingType', 'Setting type', (p) => p.settingType),
      breakdown(ps, 'district', 'District', (p) => p.district),
    ],
    plans: ps,
    findings: [
      { kind: 'summary', text: 'Of the 3 plans sampled, 2 Outstanding and 1 Requires improvement; the mean score was 83.2 out of 100.' },
      { kind: 'summary', text: 'The sample was drawn from 48 plans; the rates below estimate the whole population, with 95% confidence intervals.' },
      { kind: 'summary', text: '1 of the 3 plans had their grade limited because a critical criterion was not met.' },
      { kind: 'data', text: '1 of the 49 records in the export could not be read and were not sampled; they are listed with their line numbers.' },
      {
        kind: 'improvement',
        criterion: 'E-time-bound',
        text: 'Outcomes are time-bound in 1 of the 3 plans sampled (33%; 95% CI 6% to 79%). A further 1 was partly met.',
      },
    ],
  };
}

/** The same sample run with --show-text: names on plans and quoted plan text on reasons. */
export function showTextReport(): AuditReport {
  const r = sampleReport();
  r.options.showText = true;
  const [p1, p2] = r.plans;
  p1!.name = 'Amelia Hart';
  p2!.name = "Jack O'Neill";
  p1!.results[1]!.textReasons = ['no timescale: "Amelia will be able to read simple sentences"'];
  p2!.results[0]!.textReasons = ['section A reads: "To be completed"'];
  return r;
}

/** A whole-population audit (no sample section). */
export function auditReport(): AuditReport {
  const r = sampleReport();
  r.kind = 'audit';
  r.sample = null;
  r.input.records = { read: 4, scored: 3, rejected: 1, filteredOut: 0, blankRows: 1, warnings: 0 };
  r.findings = r.findings.filter((f) => !f.text.startsWith('The sample'));
  return r;
}

/** Text as a hostile or broken export might hold it: terminal escapes (OSC, CSI, C1), BEL, CR, LF, DEL. */
export const HOSTILE = 'EHCP-\x1b]0;pwned\x07\x1b[31mRED\n::error title=forged::x\r\x9b2J\x7f';

/** The --show-text sample with HOSTILE in every value that comes from the export. */
export function hostileReport(): AuditReport {
  const r = showTextReport();
  const h = (s: string) => `${s} ${HOSTILE}`;
  r.input.files[0]!.path = h('exports/plans.csv');
  for (const p of r.plans) {
    p.ref = h(p.ref);
    p.name = h(p.name ?? 'Name');
    for (const x of p.results) if (x.rating === 'not_met' || x.rating === 'partly') x.reasons = x.reasons.map(h);
  }
  for (const b of r.breakdowns) for (const g of b.groups) g.key = h(g.key);
  for (const f of r.findings) f.text = h(f.text);
  r.input.rejected[0]!.ref = h('EHC-2024-0999');
  r.input.rejected[0]!.reasons = r.input.rejected[0]!.reasons.map(h);
  const s = r.sample!;
  for (const x of s.strata) x.key = h(x.key);
  for (const p of s.picks) Object.assign(p, { ref: h(p.ref), file: h(p.file), stratum: h(p.stratum), reason: h(p.reason) });
  s.notes = s.notes.map(h);
  return r;
}
