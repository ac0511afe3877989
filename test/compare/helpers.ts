/**
 * Hand-built AuditReports for the compare and moderate tests: criteria with given counts (met,
 * partly, not met, n/a) and, optionally, plans with the tool's ratings. Only the parts compare and
 * moderate read are filled in with care; the rest is plausible filler.
 */
import type { AuditReport, CriterionSummary, PlanEntry } from '../../src/audit/report.js';
import { wilson } from '../../src/audit/stats.js';
import type { Rating } from '../../src/rubric/types.js';

export interface CriterionSpec {
  id: string;
  met: number;
  /** Applicable plans (met + partly + not met); partly defaults to 0. */
  n: number;
  partly?: number;
  na?: number;
  title?: string;
}

export function criterion(spec: CriterionSpec): CriterionSummary {
  const partly = spec.partly ?? 0;
  const w = wilson(spec.met, spec.n);
  return {
    id: spec.id,
    title: spec.title ?? `Title of ${spec.id}`,
    section: spec.id.charAt(0),
    severity: 'standard',
    weight: 1,
    source: 'CoP 9.69',
    met: spec.met,
    partly,
    notMet: spec.n - spec.met - partly,
    notApplicable: spec.na ?? 0,
    applicable: spec.n,
    rate: w ? w.rate : null,
    ci95: w ? [w.low, w.high] : null,
  };
}

export interface ReportSpec {
  criteria: CriterionSpec[];
  asOf?: string;
  rubricId?: string;
  rubricVersion?: string;
  kind?: 'audit' | 'sample';
  where?: string[];
  /** A sample's `estimates` (sample/estimates.ts); left out when not given, as in a hand-made report. */
  estimates?: { population: boolean; forcedGroups?: { name: string; picked: number; population: number }[]; unsampled?: { strata: number; plans: number } };
  /** Plan refs with the tool's rating per criterion id. */
  plans?: { ref: string; ratings: Record<string, Rating> }[];
}

export function makeReport(spec: ReportSpec): AuditReport {
  const plans: PlanEntry[] = (spec.plans ?? []).map((p, i) => ({
    ref: p.ref,
    file: 'export.csv',
    line: i + 2,
    score: 90,
    grade: 'Good',
    scoreGrade: 'Good',
    limitedBy: [],
    phase: 'KS2',
    primaryNeed: null,
    district: null,
    settingType: null,
    results: Object.entries(p.ratings).map(([criterion, rating]) => ({ criterion, rating, reasons: rating === 'met' ? [] : [`reason for ${criterion}`] })),
  }));
  const n = plans.length || Math.max(0, ...spec.criteria.map((c) => c.n + (c.na ?? 0)));
  const kind = spec.kind ?? 'audit';
  const report = {
    schemaVersion: 1,
    tool: { name: 'ehcp-audit', version: '0.1.0' },
    kind,
    input: { files: [], records: { read: n, scored: n, rejected: 0, filteredOut: 0, blankRows: 0, warnings: 0 }, rejected: [] },
    rubric: { id: spec.rubricId ?? 'default', version: spec.rubricVersion ?? '1.0.0', title: 'Test rubric', files: [] },
    asOf: spec.asOf ?? '2026-11-26',
    options: { showText: false, where: spec.where ?? [] },
    sample:
      kind === 'sample'
        ? {
            method: 'stratified',
            seed: 1,
            requestedSize: n,
            size: n,
            population: 70,
            margin: null,
            strataKeys: [],
            strata: [],
            includeGroups: [],
            where: [],
            picks: [],
            notes: [],
            ...(spec.estimates ? { estimates: { forcedGroups: [], unsampled: { strata: 0, plans: 0 }, ...spec.estimates } } : {}),
          }
        : null,
    summary: { plans: n, graded: n, grades: [], meanScore: null, medianScore: null, limited: 0 },
    criteria: spec.criteria.map(criterion),
    breakdowns: [],
    plans,
    findings: [],
  };
  return report as unknown as AuditReport;
}

/** n copies of x. */
export const repeat = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x);
