/**
 * Streaming aggregation of scorecards: counts per criterion and grade, breakdowns by phase,
 * primary need, setting type and district. State is O(criteria x groups), never O(plans): the
 * scores are counted per possible score (scoreTally.ts) and the plan entries go to the plan store
 * (planStore.ts), which spools them to disk.
 */
import type { LoadedRecord } from '../records/model.js';
import type { Rubric } from '../rubric/load.js';
import type { Scorecard } from '../rubric/score.js';
import { NOT_GRADED } from '../rubric/score.js';
import { PlanSerializer, type PlanDigest } from './digest.js';
import { detach } from '../util/strings.js';
import { PlanStore, type PlanKeeping } from './planStore.js';
import { ScoreTally } from './scoreTally.js';
import { roundTo, wilson } from './stats.js';
import type { Breakdown, BreakdownGroup, CriterionSummary, GradeCount } from './report.js';
import { ownRecord } from '../util/ownRecord.js';

interface Counts {
  met: number;
  partly: number;
  notMet: number;
  na: number;
}

interface GroupAcc {
  plans: number;
  /** The scores summed in tenths (a whole number: see ScoreTally). */
  scoreTenths: number;
  scored: number;
  grades: Map<string, number>;
  counts: Counts[];
}

/** The breakdowns, in the order of PlanDigest.keys (digest.ts works the keys out). */
export const BREAKDOWNS: { by: string; label: string }[] = [
  { by: 'phase', label: 'Phase' },
  { by: 'primaryNeed', label: 'Primary need' },
  { by: 'settingType', label: 'Setting type' },
  { by: 'district', label: 'District' },
];

const newCounts = (n: number): Counts[] => Array.from({ length: n }, () => ({ met: 0, partly: 0, notMet: 0, na: 0 }));

/** Count one plan's ratings: RATING_CODES characters (digest.ts), one per criterion, from `at` in `ratings`. */
function tally(counts: Counts[], ratings: string, at: number): void {
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    switch (ratings.charCodeAt(at + i)) {
      case 48: c.met++; break; // '0' met
      case 49: c.partly++; break; // '1' partly
      case 50: c.notMet++; break; // '2' not met
      default: c.na++;
    }
  }
}

/** A digest's own breakdown keys, by index (addFigures takes keys as indexes into a list). */
const KEY_SLOTS = [0, 1, 2, 3];

export interface AggregateOptions {
  showText: boolean;
  /** Plans kept in memory before the rest are spooled to a temporary file. */
  memoryLimit?: number;
  /** What to keep of the plans (planStore.ts PlanKeeping; default all). `none` makes no plan lines. */
  plans?: PlanKeeping;
  /** Collect what the CI gate asks of every plan (GateFacts), for plans read from `file`. */
  gate?: { file: string; refs?: ReadonlySet<string> };
}

/** A plan not meeting at least one critical criterion. */
export interface CriticalFailure {
  ref: string;
  file: string;
  line: number;
  /** Critical criterion ids not met, in rubric order. */
  criteria: string[];
}

/**
 * What `check` and `baseline write` ask of every plan, collected as the plans are added: the
 * report's `plans` holds only the lowest-scoring when the audit is large (planStore.ts), and a
 * gate that read its failing plans from there missed most of them (197 of 2,265 on a
 * 10,000-plan export). O(failing plans + watched references), not O(plans).
 */
export interface GateFacts {
  /** Every plan not meeting a critical criterion, in input order. */
  failures: CriticalFailure[];
  /** The references asked about (a baseline's failing plans), and where each was found. */
  watched: ReadonlySet<string>;
  found: Map<string, { file: string; line: number }>;
}

export class AuditAggregate {
  private readonly counts: Counts[];
  private readonly grades = new Map<string, number>();
  private readonly groups: Map<string, GroupAcc>[] = BREAKDOWNS.map(() => new Map());
  private readonly scores = new ScoreTally();
  private limited = 0;
  readonly plans: PlanStore;
  readonly serializer: PlanSerializer;
  /** Collected only when asked for (AggregateOptions.gate). */
  readonly gate: GateFacts | undefined;
  private readonly gateFile: string;
  /** Indexes and ids of the rubric's critical criteria. */
  private readonly criticalAt: number[];
  private readonly criticalIds: string[];

  constructor(
    private readonly rubric: Rubric,
    opts: AggregateOptions,
  ) {
    this.counts = newCounts(rubric.criteria.length);
    this.plans = new PlanStore(opts.memoryLimit, opts.plans ?? 'all');
    this.serializer = new PlanSerializer(rubric, opts.showText, opts.plans !== 'none');
    this.gate = opts.gate ? { failures: [], watched: opts.gate.refs ?? new Set(), found: new Map() } : undefined;
    this.gateFile = opts.gate?.file ?? '';
    this.criticalAt = rubric.criteria.flatMap((c, i) => (c.def.severity === 'critical' ? [i] : []));
    this.criticalIds = this.criticalAt.map((i) => rubric.criteria[i]!.def.id);
  }

  /** Add a plan scored in this thread. */
  add(loaded: LoadedRecord, card: Scorecard): void {
    this.addDigest(this.serializer.digest(loaded.record, loaded.pos.file, loaded.pos.line, card));
  }

  /** Add a scored plan (from this thread or a worker: see digest.ts). */
  addDigest(d: PlanDigest): void {
    this.addFigures(d.score, d.grade, d.limited, d.keys, KEY_SLOTS, 0, d.ratings, 0);
    if (this.gate) this.noteForGate(this.gate, d.ref, d.line, d.ratings, 0);
    this.plans.push(d);
  }

  /**
   * Add a plan a worker thread scored, from its block's columns (parallel/protocol.ts PlainRows):
   * its breakdown keys are `strings[keyIndex[keyAt + i]]`, its ratings start at `ratingsAt`.
   */
  addScored(ref: string, line: number, score: number | null, grade: string, limited: boolean, strings: readonly string[], keyIndex: ArrayLike<number>, keyAt: number, ratings: string, ratingsAt: number, json: Uint8Array): void {
    this.addFigures(score, grade, limited, strings, keyIndex, keyAt, ratings, ratingsAt);
    if (this.gate) this.noteForGate(this.gate, ref, line, ratings, ratingsAt);
    this.plans.push({ ref, score, json });
  }

  private noteForGate(gate: GateFacts, ref: string, line: number, ratings: string, at: number): void {
    let criteria: string[] | undefined;
    for (let k = 0; k < this.criticalAt.length; k++) {
      // '2': not met (RATING_CODES, digest.ts)
      if (ratings.charCodeAt(at + this.criticalAt[k]!) === 50) (criteria ??= []).push(this.criticalIds[k]!);
    }
    // Kept to the end of the run: a reference sliced from the export's text is copied (util/strings.ts).
    if (criteria) gate.failures.push({ ref: detach(ref), file: this.gateFile, line, criteria });
    if (gate.watched.has(ref)) gate.found.set(detach(ref), { file: this.gateFile, line });
  }

  private addFigures(score: number | null, grade: string, limited: boolean, strings: readonly string[], keyIndex: ArrayLike<number>, keyAt: number, ratings: string, ratingsAt: number): void {
    tally(this.counts, ratings, ratingsAt);
    this.grades.set(grade, (this.grades.get(grade) ?? 0) + 1);
    if (score !== null) this.scores.add(score);
    if (limited) this.limited++;
    for (let i = 0; i < BREAKDOWNS.length; i++) {
      const key = strings[keyIndex[keyAt + i]!]!;
      const groups = this.groups[i]!;
      let g = groups.get(key);
      if (!g) {
        // New keys are detached from the export's text (see util/strings.ts).
        g = { plans: 0, scoreTenths: 0, scored: 0, grades: new Map(), counts: newCounts(this.rubric.criteria.length) };
        groups.set(detach(key), g);
      }
      g.plans++;
      if (score !== null) {
        g.scoreTenths += Math.round(score * 10);
        g.scored++;
      }
      g.grades.set(grade, (g.grades.get(grade) ?? 0) + 1);
      tally(g.counts, ratings, ratingsAt);
    }
  }

  get planCount(): number {
    return this.plans.count;
  }

  criteria(): CriterionSummary[] {
    return this.rubric.criteria.map((c, i) => {
      const n = this.counts[i]!;
      const applicable = n.met + n.partly + n.notMet;
      const w = wilson(n.met, applicable);
      return {
        id: c.def.id,
        title: c.def.title,
        section: c.def.section,
        severity: c.def.severity,
        weight: c.def.weight,
        source: c.def.source,
        met: n.met,
        partly: n.partly,
        notMet: n.notMet,
        notApplicable: n.na,
        applicable,
        rate: w ? roundTo(w.rate, 4) : null,
        ci95: w ? [roundTo(w.low, 4), roundTo(w.high, 4)] : null,
      };
    });
  }

  gradeCounts(): GradeCount[] {
    const total = this.plans.count;
    const names = [...this.rubric.grades.bands.map((b) => b.name)];
    if (this.grades.has(NOT_GRADED)) names.push(NOT_GRADED);
    return names.map((grade) => {
      const count = this.grades.get(grade) ?? 0;
      return { grade, count, share: total ? roundTo(count / total, 4) : 0 };
    });
  }

  meanScore(): number | null {
    const mean = this.scores.mean();
    return mean === null ? null : roundTo(mean, 1);
  }

  /** The mean score, unrounded. */
  exactMeanScore(): number | null {
    return this.scores.mean();
  }

  medianScore(): number | null {
    const median = this.scores.median();
    return median === null ? null : roundTo(median, 1);
  }

  get graded(): number {
    return this.scores.count;
  }

  get limitedCount(): number {
    return this.limited;
  }

  breakdowns(): Breakdown[] {
    const ids = this.rubric.criteria.map((c) => c.def.id);
    return BREAKDOWNS.map((b, i) => ({
      by: b.by,
      label: b.label,
      groups: [...this.groups[i]!.entries()]
        .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
        .map(([key, g]): BreakdownGroup => ({
          key,
          plans: g.plans,
          meanScore: g.scored ? roundTo(g.scoreTenths / (g.scored * 10), 1) : null,
          grades: ownRecord(this.gradeCounts().map((x) => [x.grade, g.grades.get(x.grade) ?? 0])),
          rates: ownRecord(
            ids.map((id, j) => {
              const n = g.counts[j]!;
              const app = n.met + n.partly + n.notMet;
              return [id, app ? roundTo(n.met / app, 4) : null];
            }),
          ),
        })),
    }));
  }
}

const EXACT_MEANS = new WeakMap<object, number | null>();

/** Record a report's mean score before rounding (runAudit). */
export function setExactMeanScore(report: object, mean: number | null): void {
  EXACT_MEANS.set(report, mean);
}

/**
 * A report's mean score before rounding: what a min_mean_score threshold compares (the report's
 * meanScore is rounded to one decimal for display, and a mean of 95.65 is not below a limit of
 * 95.62). A report read from JSON has only the rounded figure.
 */
export function exactMeanScore(report: { summary: { meanScore: number | null } }): number | null {
  return EXACT_MEANS.has(report) ? EXACT_MEANS.get(report)! : report.summary.meanScore;
}

const GATE_FACTS = new WeakMap<object, GateFacts>();

/** Attach the facts the gate collected to the report they belong to (runAudit). */
export function setGateFacts(report: object, facts: GateFacts): void {
  GATE_FACTS.set(report, facts);
}

/** The gate's facts for a report, if its audit collected them (RunOptions.gate). */
export function gateFacts(report: object): GateFacts | undefined {
  return GATE_FACTS.get(report);
}
