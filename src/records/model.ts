/**
 * The plan record: what QA needs from one EHC plan (sections A-K of Regs 12 / CoP 9.62 and 9.69)
 * plus case metadata. Every loader produces this shape; every rubric path (`a.childViews`,
 * `e[].area`, `extra.Interpreter`) is a path into it.
 *
 * Dates are ISO `YYYY-MM-DD` strings: loaders turn the export's own format into these, so the
 * rest of the pipeline never guesses a date format.
 */
import * as z from 'zod';
import { lazy } from '../util/lazy.js';
import { isoDateProblem } from './dates.js';

/** SEN2 `SENtype` codes (DfE SEN2 guide; DS appears in the 2025/26 lists). */
export const SEN_TYPES = [
  'SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'DS',
] as const;
export type SenType = (typeof SEN_TYPES)[number];

/** SEN2 `SENSetting` codes used when a placement has no URN/UKPRN. */
export const SEN_SETTINGS = ['OLA', 'OPA', 'EHE', 'EYP', 'OTH', 'NEET', 'NIEC', 'NIEO'] as const;

/** The four preparing-for-adulthood areas (CoP 8.5, 9.63). */
export const PFA_AREAS = ['employment', 'independent living', 'community', 'health'] as const;

/** Sources of advice listed in Section K (Regs 6(1)). */
export const ADVICE_SOURCES = [
  'education', 'educational psychology', 'health', 'social care', 'parent', 'child', 'other',
] as const;
export type AdviceSource = (typeof ADVICE_SOURCES)[number];

/**
 * The most characters a field's text may have (a cell of a CSV, a string of a JSON or YAML
 * record). No plan section comes near it (Excel holds 32,767 a cell), and a 60 MB cell took the
 * rubric 2 GB: a longer one rejects its record before anything reads it.
 */
export const MAX_TEXT_CHARS = 1_000_000;

/** Why a text of `length` characters is refused (never quoting it): the record's reason follows its field. */
export function tooLongText(what: string, length: number): string {
  return `${what} holds ${length.toLocaleString('en-GB')} characters, more than the ${MAX_TEXT_CHARS.toLocaleString('en-GB')} a field may hold (no plan section is that long), so the record is not read; check what the export writes there`;
}

/**
 * The plan record's schema, which JSON and YAML records are validated against (records/source.ts).
 * Built on first use, not when this module loads: CSV input never needs it, and building it was
 * about a twentieth of a 20-plan `sample` (issue 7: start-up).
 */
function buildPlanRecordSchema() {
  // A real calendar date, not just its shape: '2019-02-31' is an error, as it is in a CSV export.
  const isoDate = z.string().check((ctx) => {
    const problem = isoDateProblem(ctx.value);
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

  /**
   * National Curriculum year as a number: -2 = N1, -1 = N2 (nursery), 0 = Reception, 1..14 = Year 1
   * to Year 14. Loaders accept "N1", "Nursery", "R", "Reception", "Year 7", "Y7", "7".
   */
  const ncYear = z.number().int().min(-2).max(14);

  const text = z.string().check((ctx) => {
    if (ctx.value.length > MAX_TEXT_CHARS) ctx.issues.push({ code: 'custom', message: tooLongText('the text', ctx.value.length), input: ctx.value });
  });

  /** Needs in B, C or D: the items written, or an explicit statement that there are none. */
  const needsSection = z
    .object({
      items: z.array(text).default([]),
      /** True when the section says in words that there are no needs in this area. */
      none: z.boolean().default(false),
    })
    .strict();

  const outcome = z
    .object({
      text,
      /** Area of need or PfA area the outcome belongs to, when the export records it. */
      area: text.optional(),
      /** Target date or phrase ("by the end of Year 6"), when recorded apart from the text. */
      target: text.optional(),
    })
    .strict();

  const provisionItem = z
    .object({
      text,
      frequency: text.optional(),
      duration: text.optional(),
      deliverer: text.optional(),
      /** The need in B/C/D this item meets, when recorded. */
      need: text.optional(),
    })
    .strict();

  const adviceItem = z
    .object({
      source: z.enum(ADVICE_SOURCES),
      author: text.optional(),
      date: isoDate.optional(),
    })
    .strict();

  return z
    .object({
      ref: text.min(1, 'plan reference is empty'),
      child: z
        .object({
          id: text.optional(),
          name: text.optional(),
          dob: isoDate.optional(),
          ncYear: ncYear.optional(),
          district: text.optional(),
          lookedAfter: z.boolean().optional(),
          youthCustody: z.boolean().optional(),
          electiveHomeEducation: z.boolean().optional(),
        })
        .strict()
        .default({}),
      needs: z
        .object({
          primary: z.enum(SEN_TYPES).optional(),
          other: z.array(z.enum(SEN_TYPES)).default([]),
        })
        .strict()
        .default({ other: [] }),
      setting: z
        .object({
          /** Free description of the setting type, e.g. "Mainstream", "Special", "FE". */
          type: text.optional(),
          /** SEN2 SENSetting code when there is no URN/UKPRN. */
          senSetting: z.enum(SEN_SETTINGS).optional(),
          name: text.optional(),
          urn: text.optional(),
        })
        .strict()
        .default({}),
      dates: z
        .object({
          request: isoDate.optional(),
          draftIssued: isoDate.optional(),
          finalIssued: isoDate.optional(),
          lastReview: isoDate.optional(),
          ceased: isoDate.optional(),
        })
        .strict()
        .default({}),
      /** Section A: views, interests and aspirations. */
      a: z
        .object({
          childViews: text.optional(),
          parentViews: text.optional(),
          aspirations: text.optional(),
          howGathered: text.optional(),
        })
        .strict()
        .default({}),
      /** Section B: special educational needs. */
      b: needsSection.default({ items: [], none: false }),
      /** Section C: health needs related to SEN. */
      c: needsSection.default({ items: [], none: false }),
      /** Section D: social care needs related to SEN or disability. */
      d: needsSection.default({ items: [], none: false }),
      /** Section E: outcomes. */
      e: z.array(outcome).default([]),
      /** Section F: special educational provision. */
      f: z.array(provisionItem).default([]),
      /** Section G: health provision. */
      g: z.array(provisionItem).default([]),
      /** Section H1: social care provision under s.2 CSDPA 1970. */
      h1: z.array(provisionItem).default([]),
      /** Section H2: other social care provision. */
      h2: z.array(provisionItem).default([]),
      /** Section I: the named placement (name and type of school or setting). */
      i: text.optional(),
      /** Section J: personal budget. */
      j: text.optional(),
      /** Section K: advice and information gathered. */
      k: z.array(adviceItem).default([]),
      qa: z
        .object({ signedOffBy: text.optional(), signedOffDate: isoDate.optional() })
        .strict()
        .default({}),
      /** Source columns the mapping does not use, kept so an LA's own rubric can test them. */
      extra: z.record(z.string(), text).default({}),
    })
    .strict();
}

export const planRecordSchema = lazy(buildPlanRecordSchema);

export type PlanRecord = z.output<ReturnType<typeof buildPlanRecordSchema>>;
export type Outcome = PlanRecord['e'][number];
export type ProvisionItem = PlanRecord['f'][number];
export type AdviceItem = PlanRecord['k'][number];
export type NeedsSection = PlanRecord['b'];

/** Where a record came from: used in every rejection and every CI annotation. */
export interface SourcePos {
  file: string;
  /** Physical line (1-based) where the record starts; for YAML/JSON the line of the record. */
  line: number;
}

/** A record that loaded, with its origin. */
export interface LoadedRecord {
  record: PlanRecord;
  pos: SourcePos;
  /** Non-fatal problems found while loading (e.g. a date in the future). */
  warnings: LoadIssue[];
}

export type IssueCode =
  | 'ragged_row'
  | 'blank_row'
  | 'eof_mark'
  | 'unclosed_quote'
  | 'stray_quote'
  | 'title_row'
  | 'duplicate_column_name'
  | 'empty_column_name'
  | 'invalid_encoding'
  | 'invalid_date'
  | 'ambiguous_date'
  | 'future_date'
  | 'invalid_value'
  | 'excel_error'
  | 'too_long'
  | 'missing_value'
  | 'duplicate_ref'
  | 'wrong_type'
  | 'not_text'
  | 'unknown_column'
  | 'unused_mapping_key'
  | 'invisible_character';

/** One problem with one input record or with the file. */
export interface LoadIssue {
  file: string;
  line: number;
  column?: number;
  /** Record field path (`dates.finalIssued`) or source column name, where there is one. */
  field?: string;
  code: IssueCode;
  message: string;
  /** Fatal issues reject the record; the others are warnings. */
  fatal: boolean;
}

/** Phase of education derived from the NC year (used for strata and breakdowns). */
export type Phase = 'early years' | 'KS1' | 'KS2' | 'KS3' | 'KS4' | 'post-16' | 'unknown';
export const PHASES: readonly Phase[] = ['early years', 'KS1', 'KS2', 'KS3', 'KS4', 'post-16', 'unknown'];

export function phaseOf(year: number | undefined): Phase {
  if (year === undefined) return 'unknown';
  if (year <= 0) return 'early years';
  if (year <= 2) return 'KS1';
  if (year <= 6) return 'KS2';
  if (year <= 9) return 'KS3';
  if (year <= 11) return 'KS4';
  return 'post-16';
}

/** "N1", "Reception", "Year 7", "Y7", "7" -> number; undefined when not a year. */
export function parseNcYear(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s === '') return undefined;
  if (s === 'n1' || s === 'nursery 1') return -2;
  if (s === 'n2' || s === 'nursery 2' || s === 'nursery' || s === 'n') return -1;
  if (s === 'r' || s === 'rec' || s === 'reception' || s === 'yr') return 0;
  const m = /^(?:year|yr|y|nc year)?\s*(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= 14 ? n : undefined;
}

export function formatNcYear(year: number | undefined): string {
  if (year === undefined) return 'unknown';
  if (year === -2) return 'N1';
  if (year === -1) return 'N2';
  if (year === 0) return 'Reception';
  return `Year ${year}`;
}

/** A record with every optional part empty: the base the mapper fills in. */
export function emptyRecord(ref: string): PlanRecord {
  return {
    ref,
    child: {},
    needs: { other: [] },
    setting: {},
    dates: {},
    a: {},
    b: { items: [], none: false },
    c: { items: [], none: false },
    d: { items: [], none: false },
    e: [],
    f: [],
    g: [],
    h1: [],
    h2: [],
    k: [],
    qa: {},
    extra: {},
  };
}
