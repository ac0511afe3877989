/**
 * Streaming aggregation of scorecards: counts per criterion and grade, breakdowns by phase,
 * primary need, setting type and district. State is O(criteria x groups), never O(plans), apart
 * from the plan entries kept for the per-plan table (and the scores for the median).
 */
import { phaseOf, type LoadedRecord } from '../records/model.js';
import type { Rubric } from '../rubric/load.js';
import type { Scorecard } from '../rubric/score.js';
import { NOT_GRADED } from '../rubric/score.js';
import { detach } from '../util/strings.js';
import { PlanStore } from './planStore.js';
import { roundTo, wilson } from './stats.js';
import type { Breakdown, BreakdownGroup, CriterionSummary, GradeCount, PlanEntry } from './report.js';

interface Counts {
  met: number;
  partly: number;
  notMet: number;
  na: number;
}

interface GroupAcc {
  plans: number;
  scoreSum: number;
  scored: number;
  grades: Map<string, number>;
  counts: Counts[];
}

export const BREAKDOWNS: { by: string; label: string; key: (r: LoadedRecord) => string }[] = [
  { by: 'phase', label: 'Phase', key: (r) => phaseOf(r.record.child.ncYear) },
  { by: 'primaryNeed', label: 'Primary need', key: (r) => r.record.needs.primary ?? 'not recorded' },
  { by: 'settingType', label: 'Setting type', key: (r) => r.record.setting.type ?? r.record.setting.senSetting ?? 'not recorded' },
  { by: 'district', label: 'District', key: (r) => r.record.child.district ?? 'not recorded' },
];

const newCounts = (n: number): Counts[] => Array.from({ length: n }, () => ({ met: 0, partly: 0, notMet: 0, na: 0 }));

function tally(counts: Counts[], card: Scorecard): void {
  card.results.forEach((res, i) => {
    const c = counts[i]!;
    if (res.rating === 'met') c.met++;
    else if (res.rating === 'partly') c.partly++;
    else if (res.rating === 'not_met') c.notMet++;
    else c.na++;
  });
}

export interface AggregateOptions {
  showText: boolean;
  /** Plans kept in memory before the rest are spooled to a temporary file. */
  memoryLimit?: number;
}

export class AuditAggregate {
  private readonly counts: Counts[];
  private readonly grades = new Map<string, number>();
  private readonly groups: Map<string, GroupAcc>[] = BREAKDOWNS.map(() => new Map());
  private readonly scores: number[] = [];
  private limited = 0;
  readonly plans: PlanStore;

  constructor(
    private readonly rubric: Rubric,
    private readonly opts: AggregateOptions,
  ) {
    this.counts = newCounts(rubric.criteria.length);
    this.plans = new PlanStore(opts.memoryLimit);
  }

  add(loaded: LoadedRecord, card: Scorecard): void {
    tally(this.counts, card);
    this.grades.set(card.grade, (this.grades.get(card.grade) ?? 0) + 1);
    if (card.score !== null) this.scores.push(card.score);
    if (card.limitedBy.length > 0) this.limited++;
    BREAKDOWNS.forEach((b, i) => {
      const key = b.key(loaded);
      let g = this.groups[i]!.get(key);
      if (!g) {
        // New keys are detached from the export's text (see util/strings.ts).
        const owned = detach(key);
        g = { plans: 0, scoreSum: 0, scored: 0, grades: new Map(), counts: newCounts(this.rubric.criteria.length) };
        this.groups[i]!.set(owned, g);
      }
      g.plans++;
      if (card.score !== null) {
        g.scoreSum += card.score;
        g.scored++;
      }
      g.grades.set(card.grade, (g.grades.get(card.grade) ?? 0) + 1);
      tally(g.counts, card);
    });
    const rec = loaded.record;
    const entry: PlanEntry = {
      ref: detach(rec.ref),
      file: loaded.pos.file,
      line: loaded.pos.line,
      score: card.score,
      grade: card.grade,
      scoreGrade: card.scoreGrade,
      limitedBy: card.limitedBy,
      phase: phaseOf(rec.child.ncYear),
      primaryNeed: rec.needs.primary ?? null,
      district: detach(rec.child.district ?? null),
      settingType: detach(rec.setting.type ?? rec.setting.senSetting ?? null),
      results: card.results.map((r) => ({
        criterion: r.criterion,
        rating: r.rating,
        reasons: r.rating === 'met' ? [] : r.reasons,
        ...(this.opts.showText && r.textReasons && r.rating !== 'met' ? { textReasons: r.textReasons } : {}),
      })),
    };
    if (this.opts.showText && rec.child.name) entry.name = detach(rec.child.name);
    this.plans.push(entry);
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
    return this.scores.length ? roundTo(this.scores.reduce((a, b) => a + b, 0) / this.scores.length, 1) : null;
  }

  medianScore(): number | null {
    if (!this.scores.length) return null;
    const s = [...this.scores].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return roundTo(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, 1);
  }

  get graded(): number {
    return this.scores.length;
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
          meanScore: g.scored ? roundTo(g.scoreSum / g.scored, 1) : null,
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
