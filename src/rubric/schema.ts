/**
 * The rubric file format (docs/rubrics.md). A rubric file is validated in two steps: its own
 * structure (this schema, every problem located in that file), then, after `extends` is merged,
 * each criterion in full and each check's options against its check type.
 */
import * as z from 'zod';
import { lazy } from '../util/lazy.js';
import { condition } from './condition.js';
import { patternEntry } from './patterns.js';

export const SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K', 'process'] as const;
export const SEVERITIES = ['critical', 'standard', 'advisory'] as const;
export type Severity = (typeof SEVERITIES)[number];

const id = lazy(() => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'ids use letters, digits, dot, dash and underscore'));

/** A criterion as written in a file: everything but `id` optional, so an extending rubric can override one field. */
export const criterionPatch = lazy(() =>
  z
    .object({
      id: id(),
      /** false switches a criterion of the base rubric off. */
      enabled: z.boolean().optional(),
      title: z.string().min(1).optional(),
      section: z.enum(SECTIONS).optional(),
      /** The Code of Practice paragraph, regulation or case the criterion rests on. */
      source: z.string().min(1).optional(),
      weight: z.number().min(0).max(100).optional(),
      severity: z.enum(SEVERITIES).optional(),
      applies_when: condition().optional(),
      check: z.object({ type: z.string().min(1) }).loose().optional(),
      /** Shown for a plan that does not meet it; {reasons} and {title} are filled in. */
      message: z.string().optional(),
      /** What good looks like: shown on scorecards and auditor worksheets. */
      help: z.string().optional(),
      /**
       * Key-finding sentence for reports; placeholders {met} {n} {scope} {rate} {low} {high}.
       * {n} is the plans the criterion applies to. Default: "<title> in {met} of the {n} plans it
       * applies to ({rate}; 95% CI {low} to {high})." ("sampled plans" in a sample).
       */
      finding: z.string().optional(),
      /** A question for the auditor worksheet; defaults to the title. */
      question: z.string().optional(),
    })
    .strict(),
);
export type CriterionPatch = z.output<ReturnType<typeof criterionPatch>>;

/** A criterion after merging: what the engine needs. */
export const criterion = lazy(() =>
  criterionPatch()
    .required({ title: true, section: true, source: true, check: true })
    .extend({
      weight: z.number().min(0).max(100).default(1),
      severity: z.enum(SEVERITIES).default('standard'),
      enabled: z.boolean().default(true),
    }),
);
export type Criterion = z.output<ReturnType<typeof criterion>>;

export const gradeBand = lazy(() => z.object({ name: z.string().min(1), min: z.number().min(0).max(100) }).strict());

export const gradeLimit = lazy(() =>
  z
    .object({
      critical_not_met: z.number().int().min(1).optional(),
      critical_not_fully_met: z.number().int().min(1).optional(),
      not_met: z.array(z.string().min(1)).min(1).optional(),
      cap: z.string().min(1),
    })
    .strict()
    .refine((l) => [l.critical_not_met, l.critical_not_fully_met, l.not_met].filter((x) => x !== undefined).length === 1, {
      message: 'a limit gives one of critical_not_met (a count), critical_not_fully_met (a count) or not_met (criterion ids)',
    }),
);
export type GradeLimit = z.output<ReturnType<typeof gradeLimit>>;

/**
 * `grades` as a file writes it: each key is optional, and one not given is the base's (the rubric
 * it extends; for a rubric that extends nothing, DEFAULT_GRADES, see load.ts mergeGrades).
 */
export const grades = lazy(() =>
  z
    .object({
      /** Best first; a plan gets the first band whose min its score reaches. The last band's min must be 0. */
      bands: z.array(gradeBand()).min(2).optional(),
      /**
       * Limiting judgements: with at least `critical_not_met` critical criteria not met, at least
       * `critical_not_fully_met` partly or not met, or any of the criteria `not_met` lists not met,
       * the grade is at best `cap`. The strictest matching limit applies.
       */
      limits: z.array(gradeLimit()).optional(),
    })
    .strict(),
);

/** The grades a rubric grades by, after extends. */
export interface Grades {
  bands: { name: string; min: number }[];
  limits: GradeLimit[];
}

export const DEFAULT_GRADES: Grades = {
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
};

const lexiconPatch = lazy(() =>
  z.union([
    z.array(patternEntry()),
    z.object({ add: z.array(patternEntry()).default([]), remove: z.array(z.string()).default([]) }).strict(),
  ]),
);

export const rubricFile = lazy(() =>
  z
    .object({
      id: id().optional(),
      version: z.union([z.string(), z.number()]).transform(String).optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      /** A path (relative to this file) or the name of a shipped rubric (default, statutory). */
      extends: z.string().min(1).optional(),
      scoring: z
        .object({
          /** Credit for a partly-met criterion: a number in [0,1] (default 0.5), or 'measured' to use the check's own share. */
          // One message for any wrong value: a union's would name only 'measured' for a word.
          partly_credit: z
            .custom<number | 'measured'>((v) => v === 'measured' || (typeof v === 'number' && v >= 0 && v <= 1), { message: "expected a number from 0 to 1, or 'measured' (the check's own share)" })
            .optional(),
        })
        .strict()
        .optional(),
      grades: grades().optional(),
      /** Named phrase lists, referenced from checks as '@name'. In an extending rubric, a list replaces; {add, remove} edits. */
      lexicons: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), lexiconPatch()).optional(),
      criteria: z.array(criterionPatch()).optional(),
    })
    .strict(),
);
export type RubricFile = z.output<ReturnType<typeof rubricFile>>;
