/**
 * The column-mapping file: which source column feeds which plan-record field. Every LA's export has
 * its own headers; the mapping is the one place that knowledge lives. Documented in
 * docs/mapping.md; `ehcp-audit init` writes a starter one.
 */
import * as z from 'zod';
import { ADVICE_SOURCES } from '../model.js';
import { DATE_FORMATS } from '../dates.js';
import { lazy } from '../../util/lazy.js';

/** How each record field is read: its kind decides how a cell's text becomes a value. */
export const FIELD_KINDS = {
  ref: 'string',
  'child.id': 'string',
  'child.name': 'string',
  'child.dob': 'date',
  'child.ncYear': 'ncYear',
  'child.district': 'string',
  'child.lookedAfter': 'boolean',
  'child.youthCustody': 'boolean',
  'child.electiveHomeEducation': 'boolean',
  'needs.primary': 'senType',
  'needs.other': 'senTypeList',
  'setting.type': 'string',
  'setting.senSetting': 'senSetting',
  'setting.name': 'string',
  'setting.urn': 'string',
  'dates.request': 'date',
  'dates.draftIssued': 'date',
  'dates.finalIssued': 'date',
  'dates.lastReview': 'date',
  'dates.ceased': 'date',
  'a.childViews': 'string',
  'a.parentViews': 'string',
  'a.aspirations': 'string',
  'a.howGathered': 'string',
  b: 'needs',
  c: 'needs',
  d: 'needs',
  e: 'outcomes',
  f: 'provision',
  g: 'provision',
  h1: 'provision',
  h2: 'provision',
  i: 'string',
  j: 'string',
  'qa.signedOffBy': 'string',
  'qa.signedOffDate': 'date',
} as const;
export type FieldPath = keyof typeof FIELD_KINDS;

/** The yes/no words a mapping reads when it lists none (`init` and `--where` use the same). */
export const DEFAULT_BOOLEANS = { true: ['y', 'yes', 'true', '1'], false: ['n', 'no', 'false', '0'] } as const;
export type FieldKind = (typeof FIELD_KINDS)[FieldPath];
export const FIELD_PATHS = Object.keys(FIELD_KINDS) as FieldPath[];

// The schemas are built on first use (util/lazy.ts): a run whose mapping is in the build-time
// validation table (util/validationCache.ts) never builds them.
const dateFormat = lazy(() => z.enum(DATE_FORMATS));

/** A word in YAML may be read as a number or boolean (1, True): take its text. */
const word = lazy(() => z.union([z.string(), z.number(), z.boolean()]).transform(String));

/** `newline`, `semicolon`, `pipe`, `comma` or a literal separator string. */
const separator = lazy(() => z.string().min(1));

/** One field's source: a column name, or an object with options. */
export const fieldSource = lazy(() =>
  z.union([
    z.string().min(1),
    z
      .object({
        /** The source column. */
        column: z.string().min(1).optional(),
        /** Numbered columns holding one list item each: "Outcome {n}" reads Outcome 1, Outcome 2, ... */
        columns: z.string().includes('{n}', { message: "must contain '{n}' where the number goes" }).optional(),
        /** A constant value for every record (e.g. a setting type the export does not carry). */
        value: z.union([z.string(), z.number(), z.boolean()]).optional(),
        /** Date format for this column, overriding the file default. */
        format: dateFormat().optional(),
        /** List separator for a list held in one cell. */
        split: separator().optional(),
        /**
         * A regex with named groups `text`, `area`, `target` (outcomes) or `text`, `frequency`,
         * `duration`, `deliverer`, `need` (provision), applied to each list item.
         */
        pattern: z.string().optional(),
        /** Source value -> record value, e.g. { "Autism": ASD } or { "Looked after": "Y" }. */
        values: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .refine((o) => [o.column, o.columns, o.value].filter((x) => x !== undefined).length === 1, {
        message: 'give exactly one of column, columns or value',
      }),
  ]),
);
export type FieldSource = z.output<ReturnType<typeof fieldSource>>;

/** Section K advice: one entry per advice type; the advice exists when its date (or presence) column is filled. */
export const adviceSource = lazy(() =>
  z
    .object({
      source: z.enum(ADVICE_SOURCES),
      /** Column holding the advice date; the advice counts as present when it is filled. */
      date: z.string().min(1).optional(),
      /** Column saying the advice is present (a boolean word or any non-blank text). */
      present: z.string().min(1).optional(),
      /** Column holding the author's role. */
      author: z.string().min(1).optional(),
      format: dateFormat().optional(),
    })
    .strict()
    .refine((o) => o.date !== undefined || o.present !== undefined, { message: 'give a date or a present column' }),
);

export const mappingSchema = lazy(() =>
  z
    .object({
      /** Mapping format version. */
      mapping: z.literal(1).default(1),
      description: z.string().optional(),
      /** Default date format for every date column. */
      dates: dateFormat().default('dd/mm/yyyy'),
      /** Words read as true / false (compared case-insensitively, trimmed). Blank is always "not recorded". */
      booleans: z
        .object({ true: z.array(word()).min(1), false: z.array(word()).min(1) })
        .strict()
        .superRefine((b, ctx) => {
          // A word in both lists would be read as true (the mapper tries true first): refused,
          // compared as the mapper compares (trimmed, ignoring case), at the word in `false`.
          const truthy = new Set(b.true.map((w) => w.trim().toLowerCase()));
          b.false.forEach((w, i) => {
            if (truthy.has(w.trim().toLowerCase())) {
              ctx.addIssue({ code: 'custom', path: ['false', i], message: `'${w}' is listed as both true and false; keep it in one list` });
            }
          });
        })
        .default(() => ({ true: [...DEFAULT_BOOLEANS.true], false: [...DEFAULT_BOOLEANS.false] })),
      /** Default separator for lists held in one cell. */
      list_separator: separator().default('newline'),
      /**
       * Regexes (case-insensitive) for text meaning "no needs in this area" in B, C and D, e.g.
       * "No health needs identified". Such a section is recorded as explicitly none.
       */
      none_patterns: z
        .array(z.string())
        .default([
          String.raw`^\s*(there are )?no (identified |known |current |additional )?([a-z ]+ )?needs( (identified|in this area|at this time))?\.?\s*$`,
          String.raw`^\s*(none|nil|n/?a|not applicable)( identified| known)?\.?\s*$`,
        ]),
      fields: z.partialRecord(z.enum(FIELD_PATHS as [FieldPath, ...FieldPath[]]), fieldSource()),
      k: z.array(adviceSource()).default([]),
      /** Columns to leave out of `extra` (e.g. columns holding names you never want in a report). */
      ignore: z.array(z.string()).default([]),
    })
    .strict()
    .refine((m) => m.fields.ref !== undefined, { message: 'fields.ref is required: the plan reference column', path: ['fields'] }),
);

export type Mapping = z.output<ReturnType<typeof mappingSchema>>;
