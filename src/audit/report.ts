/**
 * The audit report: the one data structure every formatter renders (report/*.ts are pure
 * functions of it). Its JSON form is documented in schemas/audit-report.schema.json; bump
 * SCHEMA_VERSION on any incompatible change.
 */
import type { Rating } from '../rubric/types.js';

export const SCHEMA_VERSION = 1;

export interface InputFileInfo {
  path: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  mapping: string | null;
}

export type { RejectedRecord } from '../records/rejections.js';
import type { RejectedRecord } from '../records/rejections.js';

export interface CriterionSummary {
  id: string;
  title: string;
  section: string;
  severity: string;
  weight: number;
  source: string;
  met: number;
  partly: number;
  notMet: number;
  notApplicable: number;
  /** Plans the criterion applies to: met + partly + notMet. */
  applicable: number;
  /** met / applicable (partly met does not count as met); null when none applicable. */
  rate: number | null;
  /** Wilson 95% interval for `rate`. */
  ci95: [number, number] | null;
}

export interface GradeCount {
  grade: string;
  count: number;
  share: number;
}

export interface BreakdownGroup {
  key: string;
  plans: number;
  meanScore: number | null;
  grades: Record<string, number>;
  /** Rate (met / applicable) of each key criterion in this group; null when none applicable. */
  rates: Record<string, number | null>;
}

export interface Breakdown {
  by: string;
  label: string;
  groups: BreakdownGroup[];
}

export interface PlanResultEntry {
  criterion: string;
  rating: Rating;
  reasons: string[];
  /** Reasons quoting plan text: only with --show-text. */
  textReasons?: string[];
}

export interface PlanEntry {
  ref: string;
  file: string;
  line: number;
  score: number | null;
  grade: string;
  scoreGrade: string;
  limitedBy: string[];
  /** Only with --show-text. */
  name?: string;
  phase: string;
  primaryNeed: string | null;
  district: string | null;
  settingType: string | null;
  results: PlanResultEntry[];
}

export interface SampleInfo {
  method: string;
  seed: number | string;
  requestedSize: number | 'auto';
  size: number;
  population: number;
  margin: { margin: number; confidence: number; computedSize: number } | null;
  strataKeys: string[];
  strata: { key: string; population: number; allocated: number }[];
  includeGroups: { name: string; population: number; picked: number; guaranteed: boolean }[];
  where: string[];
  picks: { ref: string; file: string; line: number; stratum: string; reason: string }[];
  notes: string[];
  /** Whether the sample's rates estimate the population's, and if not, why (sample/estimates.ts). */
  estimates: SampleEstimates;
}

/**
 * Whether every plan had about the same chance of being picked (size / population), so that the
 * sample's rates estimate the population's. Two parts of an inspector-style draw break that:
 * guaranteed groups picked on purpose (a youth-custody plan, 15 of 3,000, forced into a sample of
 * 20 is over-represented about tenfold) and strata the proportional allocation gives no pick (their
 * plans had no chance at all). The rates then describe the plans sampled, not the population.
 */
export interface SampleEstimates {
  /** true: the rates are estimates for the population (every plan was taken, or every plan had about the same chance). */
  population: boolean;
  /** Guaranteed groups a plan was put in the sample for, replacing a proportional pick. */
  forcedGroups: { name: string; picked: number; population: number }[];
  /** Strata given no pick by the allocation, and the plans in them. */
  unsampled: { strata: number; plans: number };
}

export interface Finding {
  kind: 'summary' | 'strength' | 'improvement' | 'inequality' | 'data';
  text: string;
  /** The criterion or figure the sentence comes from. */
  criterion?: string;
}

export interface AuditReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  kind: 'audit' | 'sample';
  input: {
    files: InputFileInfo[];
    records: { read: number; scored: number; rejected: number; filteredOut: number; blankRows: number; warnings: number };
    rejected: RejectedRecord[];
  };
  rubric: {
    id: string;
    version: string;
    title: string;
    files: string[];
    /** rubricRecord's fingerprint of the files' contents (absent in reports from earlier builds). */
    fingerprint?: string;
    grades: { bands: { name: string; min: number }[]; limits: { critical_not_met?: number; critical_not_fully_met?: number; not_met?: string[]; cap: string }[] };
    partlyCredit: number | 'measured';
  };
  asOf: string;
  options: { showText: boolean; where: string[] };
  sample: SampleInfo | null;
  summary: { plans: number; graded: number; grades: GradeCount[]; meanScore: number | null; medianScore: number | null; limited: number };
  criteria: CriterionSummary[];
  breakdowns: Breakdown[];
  plans: PlanEntry[];
  findings: Finding[];
}
