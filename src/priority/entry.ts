/**
 * One plan ranked for review (`priority`): scored against the rubric and its priority factors
 * weighed. Used by the one-thread ranking (rank.ts) and by the worker threads that read a large
 * export (audit/parallel/block.ts), so both give the same entries.
 */
import { dayNumber, type DateFormat } from '../records/dates.js';
import type { PlanRecord } from '../records/model.js';
import type { Rubric } from '../rubric/load.js';
import { scorePlan } from '../rubric/score.js';
import { evalContext, type EvalContext } from '../rubric/types.js';
import { detach } from '../util/strings.js';
import { evaluateFactors, priorityScore, type CriterionInfo, type FactorContext, type FactorId, type PriorityWeights } from './factors.js';

/** One ranked plan: what the lists show. Holds no plan text, and a name only with --show-text. */
export interface PriorityEntry {
  ref: string;
  /** The child's name: only with --show-text. */
  name?: string;
  score: number;
  grade: string;
  /** The plan's rubric score out of 100 (null when not graded). */
  planScore: number | null;
  finalIssued: string | null;
  file: string;
  line: number;
  factors: { id: FactorId; points: number; reason: string }[];
}

export function criterionInfo(rubric: Rubric): Map<string, CriterionInfo> {
  return new Map(rubric.criteria.map((c) => [c.def.id, { title: c.def.title, severity: c.def.severity }]));
}

/** What ranking a plan needs besides the plan: the factors' context, the scoring context, --show-text. */
export interface Ranker {
  ctx: FactorContext;
  scoring: EvalContext;
  rubric: Rubric;
  showText: boolean;
}

export function ranker(rubric: Rubric, asOf: string, weights: PriorityWeights, showText: boolean, dateFormat?: DateFormat): Ranker {
  return { ctx: { asOf, asOfDay: dayNumber(asOf), weights, criteria: criterionInfo(rubric) }, scoring: evalContext(asOf, dateFormat), rubric, showText };
}

/** A plan that ceased on or before the as-of date: not ranked. */
export function hasCeased(rec: PlanRecord, asOf: string): boolean {
  return rec.dates.ceased !== undefined && rec.dates.ceased <= asOf;
}

/** A plan's entry, but for where it was read (ref, file, line): what a worker thread sends back. */
export type RankedPlan = Omit<PriorityEntry, 'ref' | 'file' | 'line'>;

/** Score a plan and weigh its factors. */
export function rankPlan(rec: PlanRecord, r: Ranker): RankedPlan {
  const card = scorePlan(r.rubric, rec, r.scoring);
  const factors = evaluateFactors(rec, card, r.ctx);
  // Detached: a value sliced from the export's decoded text would keep that whole piece of the
  // export alive for as long as the entry is held (with --top 0, every plan's).
  return {
    ...(r.showText && rec.child.name !== undefined ? { name: detach(rec.child.name) } : {}),
    score: priorityScore(factors),
    grade: card.grade,
    planScore: card.score,
    finalIssued: detach(rec.dates.finalIssued ?? null),
    factors,
  };
}

/** The entry of a ranked plan, its keys in the order the reports print them. */
export function priorityEntry(ref: string, plan: RankedPlan, file: string, line: number): PriorityEntry {
  const { name, score, grade, planScore, finalIssued, factors } = plan;
  return { ref: detach(ref), ...(name !== undefined ? { name } : {}), score, grade, planScore, finalIssued, file, line, factors };
}

