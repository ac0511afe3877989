/**
 * The contract every check type implements (one file per type under checks/, one line in
 * checks/index.ts). A check type declares its options with zod and compiles them once per rubric
 * into a function that rates one plan.
 */
import type { z } from 'zod';
import { dayNumber, type DateFormat } from '../records/dates.js';
import type { PlanRecord } from '../records/model.js';
import type { PatternEntry } from './patterns.js';

export type Rating = 'met' | 'partly' | 'not_met' | 'na';
export const RATINGS: readonly Rating[] = ['met', 'partly', 'not_met', 'na'];

export interface CheckResult {
  rating: Rating;
  /**
   * Credit in [0, 1] for a partly-met rating when the check can measure it (e.g. 4 of 5 outcomes
   * time-bound = 0.8). Scoring uses the rubric's partly credit when this is absent.
   */
  credit?: number;
  /** Why, in words: which field was empty, which phrase was found, which item had no timescale. No plan text. */
  reasons: string[];
  /** The same reasons with plan text quoted; shown only with --show-text. */
  textReasons?: string[];
}

export interface EvalContext {
  /** ISO as-of date and its day number (days since 1970-01-01). */
  asOf: string;
  asOfDay: number;
  /**
   * The export's date format (its mapping's `dates`; dd/mm/yyyy without one), for dates a rubric
   * reads from columns the mapping leaves as text (`extra.<column>`): the record's own dates are
   * already ISO.
   */
  dateFormat: DateFormat;
}

/** The context a plan is scored in. */
export function evalContext(asOf: string, dateFormat: DateFormat = 'dd/mm/yyyy'): EvalContext {
  return { asOf, asOfDay: dayNumber(asOf), dateFormat };
}

export type CompiledCheck = (rec: PlanRecord, ctx: EvalContext) => CheckResult;

export interface CompileEnv {
  /** The rubric's lexicons: named phrase lists, referenced as '@name'. */
  lexicons: Record<string, readonly PatternEntry[]>;
  /** Compile a nested check spec (for all / any). */
  compileCheck(spec: unknown, path: (string | number)[]): CompiledCheck;
  /** Report an options problem found at compile time (unknown lexicon, bad regex), located at `path` inside the check. */
  fail(path: (string | number)[], message: string): never;
}

export interface CheckType<S extends z.ZodType = z.ZodType> {
  /** The `type:` value in the rubric. */
  type: string;
  /** One line for `rubric show` and the docs. */
  summary: string;
  /**
   * Options schema, excluding `type`; must be `.strict()` so unknown keys are errors. A getter
   * that builds it on first use (util/lazy.ts): most runs never validate options with zod.
   */
  options: () => S;
  /**
   * The check for these options. It must read a record only through getters made here, with
   * checks/util.ts fieldGetter or fields.ts compilePath: the paths compiled are what an audit reads
   * of each record, and plan text nothing reads is left out of it (fields.ts unreadPlanText;
   * test/rubric/unreadText.test.ts runs every shipped criterion alone on records without it).
   */
  compile(options: z.output<S>, env: CompileEnv): CompiledCheck;
}

export function defineCheck<S extends z.ZodType>(def: CheckType<S>): CheckType<S> {
  return def;
}
