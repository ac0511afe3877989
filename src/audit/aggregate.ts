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
import { PlanStore } from './planStore.js';
import { ScoreTally } from './scoreTally.js';
import { roundTo, wilson } from './stats.js';
import type { Breakdown, BreakdownGroup, CriterionSummary, GradeCount } from './report.js';

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
}

export class AuditAggregate {
  private readonly counts: Counts[];
  private readonly grades = new Map<string, number>();
  private readonly groups: Map<string, GroupAcc>[] = BREAKDOWNS.map(() => new Map());
  private readonly scores = new ScoreTally();
  private limited = 0;
  readonly plans: PlanStore;
  readonly serializer: PlanSerializer;

  constructor(
    private readonly rubric: Rubric,
    opts: AggregateOptions,
  ) {
    this.counts = newCounts(rubric.criteria.length);
    this.plans = new PlanStore(opts.memoryLimit);
    this.serializer = new PlanSerializer(rubric, opts.showText);
  }

  /** Add a plan scored in this thread. */
  add(loaded: LoadedRecord, card: Scorecard): void {
    this.addDigest(this.serializer.digest(loaded.record, loaded.pos.file, loaded.pos.line, card));
  }

  /** Add a scored plan (from this thread or a worker: see digest.ts). */
  addDigest(d: PlanDigest): void {
    this.addFigures(d.score, d.grade, d.limited, d.keys, KEY_SLOTS, 0, d.ratings, 0);
    this.plans.push(d);
  }

  /**
   * Add a plan a worker thread scored, from its block's columns (parallel/protocol.ts PlainRows):
   * its breakdown keys are `strings[keyIndex[keyAt + i]]`, its ratings start at `ratingsAt`.
   */
  addScored(ref: string, score: number | null, grade: string, limited: boolean, strings: readonly string[], keyIndex: ArrayLike<number>, keyAt: number, ratings: string, ratingsAt: number, json: Uint8Array): void {
    this.addFigures(score, grade, limited, strings, keyIndex, keyAt, ratings, ratingsAt);
    this.plans.push({ ref, score, json });
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
          meanScore: g.scored ? roundTo(g.scoreTenths / g.scored / 10, 1) : null,
          grades: Object.fromEntries(this.gradeCounts().map((x) => [x.grade, g.grades.get(x.grade) ?? 0])),
          rates: Object.fromEntries(
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
