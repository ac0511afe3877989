/**
 * The priority weights file (docs/priority.md): YAML, every key optional, merged over the defaults
 * in factors.ts (rubrics/priority-weights.yaml is the documented copy of those defaults). Unknown
 * keys, negative weights, impossible dates, grades the rubric lacks and a review_overdue
 * max_points below its weight are errors, all reported at once as
 * `file:line:col: message` with the offending line.
 *
 *   priority_weights: 1
 *   factors:
 *     looked_after: { weight: 5 }
 *     transition: { weight: 3, deadline_weight: 2, deadline_within_weeks: 12 }
 *     legacy: { issued_before: 01/04/2018 }
 *     quality: { grades: { Inadequate: 4, Requires improvement: 2 }, critical_not_met: 1 }
 */
import * as z from 'zod';
import { parseWrittenDate } from '../records/dates.js';
import { ConfigError } from '../util/errors.js';
import { validateYaml, YamlSource } from '../util/yamlConfig.js';
import { DEFAULT_WEIGHTS, type PriorityWeights } from './factors.js';
import { ownRecord } from '../util/ownRecord.js';

const points = z.number().min(0).max(1000);
const weeks = z.number().int().min(0).max(104);
const date = z.string().transform((s, ctx) => {
  const p = parseWrittenDate(s);
  if (!p.ok) {
    ctx.addIssue({ code: 'custom', message: `${p.reason}; write the date as dd/mm/yyyy or yyyy-mm-dd` });
    return z.NEVER;
  }
  return p.iso;
});

export const weightsFile = z
  .object({
    /** Format version of the weights file. */
    priority_weights: z.literal(1).optional(),
    description: z.string().optional(),
    factors: z
      .object({
        looked_after: z.object({ weight: points.optional() }).strict().optional(),
        youth_custody: z.object({ weight: points.optional() }).strict().optional(),
        transition: z.object({ weight: points.optional(), deadline_weight: points.optional(), deadline_within_weeks: weeks.optional() }).strict().optional(),
        legacy: z.object({ weight: points.optional(), issued_before: date.optional(), not_signed_off: z.boolean().optional() }).strict().optional(),
        review_overdue: z.object({ weight: points.optional(), per_month: points.optional(), max_points: points.optional() }).strict().optional(),
        review_due: z.object({ weight: points.optional(), within_weeks: weeks.optional() }).strict().optional(),
        late_issue: z.object({ weight: points.optional(), weeks: weeks.optional() }).strict().optional(),
        quality: z.object({ grades: z.record(z.string(), points).optional(), critical_not_met: points.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type WeightsFile = z.output<typeof weightsFile>;

export interface LoadedWeights {
  /** The file given, or null for the built-in defaults. */
  file: string | null;
  weights: PriorityWeights;
}

const defined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The defaults with a file's settings laid over them (grade points merge by grade name). */
export function mergeWeights(file: WeightsFile): PriorityWeights {
  const f = file.factors ?? {};
  const d = DEFAULT_WEIGHTS;
  return {
    looked_after: { ...d.looked_after, ...defined(f.looked_after) },
    youth_custody: { ...d.youth_custody, ...defined(f.youth_custody) },
    transition: { ...d.transition, ...defined(f.transition) },
    legacy: { ...d.legacy, ...defined(f.legacy) },
    review_overdue: { ...d.review_overdue, ...defined(f.review_overdue) },
    review_due: { ...d.review_due, ...defined(f.review_due) },
    late_issue: { ...d.late_issue, ...defined(f.late_issue) },
    quality: {
      grades: ownRecord([...Object.entries(d.quality.grades), ...Object.entries(f.quality?.grades ?? {})]),
      critical_not_met: f.quality?.critical_not_met ?? d.quality.critical_not_met,
    },
  };
}

export interface WeightsOptions {
  /** The rubric's grade names: a grade in the file that is not one of them is an error. */
  grades?: readonly string[];
}

/** Validate a parsed weights file; every problem located. */
export function weightsFromSource(src: YamlSource, opts: WeightsOptions = {}): PriorityWeights {
  const raw = src.toJS() ?? {};
  const parsed = validateYaml(src, weightsFile, raw, 'priority weights file');
  const problems: string[] = [];
  const names = opts.grades;
  if (names) {
    const unknown = Object.keys(parsed.factors?.quality?.grades ?? {}).filter((g) => !names.includes(g));
    for (const g of unknown) problems.push(src.format(src.locate(['factors', 'quality', 'grades', g], true), `grade '${g}' is not a grade of the rubric (${names.join(', ')})`));
  }
  const merged = mergeWeights(parsed);
  const overdue = parsed.factors?.review_overdue;
  const { weight, max_points: max } = merged.review_overdue;
  if (max < weight) {
    // Every overdue plan gets `weight` points: a cap below it would be recorded but never applied.
    // Named where the file sets it: max_points if written, else the weight that passed the default cap.
    const at = overdue?.max_points !== undefined ? 'max_points' : 'weight';
    const message =
      at === 'max_points'
        ? `factors.review_overdue.max_points ${max} is below its weight ${weight}, the points every overdue review gets: set max_points to ${weight} or more, or lower the weight`
        : `factors.review_overdue.weight ${weight} is above max_points ${max} (the default cap): set max_points to ${weight} or more as well, or lower the weight`;
    problems.push(src.format(src.locate(['factors', 'review_overdue', at]), message));
  }
  if (problems.length > 0) throw new ConfigError(`${src.file}: invalid priority weights file (${problems.length} problem${problems.length > 1 ? 's' : ''})`, problems);
  return merged;
}

/** Read and validate a weights file; without one, the defaults. */
export function loadWeights(file: string | undefined, opts: WeightsOptions = {}): LoadedWeights {
  if (file === undefined) return { file: null, weights: mergeWeights({}) };
  return { file, weights: weightsFromSource(YamlSource.read(file, 'priority weights file'), opts) };
}
