/**
 * A fast path for validating a native plan record (YAML, JSON, JSON Lines): the same checks as
 * the zod schema in model.ts, written out, for the records that pass (nearly all of them). It
 * answers only "certainly valid, and here is what zod would output" or "ask zod": anything it is
 * not sure of (a wrong type, an unknown key, a key given as undefined, an object that is not a
 * plain one) goes to zod, which decides and words the errors. Zod's checks were 7% of a
 * 10,000-plan YAML audit's profile; with this path the audit went from 2.77 to 2.59 s, and JSON
 * Lines from 1.93 to 1.77 s (medians of 7).
 *
 * Kept in step with model.ts by test/records/quickRecord.test.ts: its field tables must name the
 * schema's fields in the schema's order, and on fixture, generated and mutated records its
 * output must equal zod's byte for byte whenever it gives one.
 */
import { isoDateProblem } from './dates.js';
import { ADVICE_SOURCES, MAX_TEXT_CHARS, SEN_SETTINGS, SEN_TYPES, type PlanRecord } from './model.js';

/** A field's check: its output value, or FAIL. */
type Field = (v: unknown) => unknown;

const FAIL = Symbol('fail');

// Text longer than a field may hold is zod's to refuse.
const str: Field = (v) => (typeof v === 'string' && v.length <= MAX_TEXT_CHARS ? v : FAIL);
const bool: Field = (v) => (typeof v === 'boolean' ? v : FAIL);
const isoDate: Field = (v) => (typeof v === 'string' && isoDateProblem(v) === undefined ? v : FAIL);
const ncYear: Field = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= -2 && v <= 14 ? v : FAIL);
const oneOf = (values: readonly string[]): Field => {
  const set = new Set(values);
  return (v) => (typeof v === 'string' && set.has(v) ? v : FAIL);
};
const senType = oneOf(SEN_TYPES);

/** A plain object from JSON or YAML (not an array, not a class instance). */
function plain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A field of an object: its check, and when absent: its default, left out (optional) or refused. */
interface Spec {
  check: Field;
  dflt?: () => unknown;
  optional?: true;
}
const opt = (check: Field): Spec => ({ check, optional: true });
const withDefault = (check: Field, dflt: () => unknown): Spec => ({ check, dflt });

/** A strict object: no unknown keys; output keys in the schema's order, as zod writes them. */
function object(fields: Record<string, Spec>): Field {
  const keys = Object.keys(fields);
  const specs = keys.map((k) => fields[k]!);
  return (v) => {
    if (!plain(v)) return FAIL;
    let known = 0;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const spec = specs[i]!;
      if (Object.hasOwn(v, key)) {
        known++;
        const x = v[key];
        if (x === undefined) return FAIL;
        const r = spec.check(x);
        if (r === FAIL) return FAIL;
        out[key] = r;
      } else if (spec.dflt) out[key] = spec.dflt();
      else if (!spec.optional) return FAIL;
    }
    // Every own key is a known one (JSON and YAML objects have no symbol keys).
    return known === Object.keys(v).length ? out : FAIL;
  };
}

function array(item: Field): Field {
  return (v) => {
    if (!Array.isArray(v)) return FAIL;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i]);
      if (r === FAIL) return FAIL;
      out[i] = r;
    }
    return out;
  };
}

/** extra: text values under any names (but `__proto__`, which zod's record handles its own way). */
const textRecord: Field = (v) => {
  if (!plain(v)) return FAIL;
  const out: Record<string, string> = {};
  for (const key of Object.keys(v)) {
    const x = v[key];
    if (typeof x !== 'string' || x.length > MAX_TEXT_CHARS || key === '__proto__') return FAIL;
    out[key] = x;
  }
  return out;
};

// The schema's objects as field tables (their field names are QUICK_FIELDS, for the test).
const CHILD = { id: opt(str), name: opt(str), dob: opt(isoDate), ncYear: opt(ncYear), district: opt(str), lookedAfter: opt(bool), youthCustody: opt(bool), electiveHomeEducation: opt(bool) };
const NEEDS = { primary: opt(senType), other: withDefault(array(senType), () => []) };
const SETTING = { type: opt(str), senSetting: opt(oneOf(SEN_SETTINGS)), name: opt(str), urn: opt(str) };
const DATES = { request: opt(isoDate), draftIssued: opt(isoDate), finalIssued: opt(isoDate), lastReview: opt(isoDate), ceased: opt(isoDate) };
const SECTION_A = { childViews: opt(str), parentViews: opt(str), aspirations: opt(str), howGathered: opt(str) };
const NEEDS_SECTION = { items: withDefault(array(str), () => []), none: withDefault(bool, () => false) };
const OUTCOME = { text: { check: str }, area: opt(str), target: opt(str) };
const PROVISION_ITEM = { text: { check: str }, frequency: opt(str), duration: opt(str), deliverer: opt(str), need: opt(str) };
const ADVICE_ITEM = { source: { check: oneOf(ADVICE_SOURCES) }, author: opt(str), date: opt(isoDate) };
const QA = { signedOffBy: opt(str), signedOffDate: opt(isoDate) };

const needsSection = object(NEEDS_SECTION);
const provisionItems = array(object(PROVISION_ITEM));
const ref: Field = (v) => (typeof v === 'string' && v.length >= 1 && v.length <= MAX_TEXT_CHARS ? v : FAIL);

// Defaults as zod gives them: an absent section is its default as the schema writes it, not run
// through the section's own schema ({} for child, { other: [] } for needs).
const PLAN: Record<string, Spec> = {
  ref: { check: ref },
  child: withDefault(object(CHILD), () => ({})),
  needs: withDefault(object(NEEDS), () => ({ other: [] })),
  setting: withDefault(object(SETTING), () => ({})),
  dates: withDefault(object(DATES), () => ({})),
  a: withDefault(object(SECTION_A), () => ({})),
  b: withDefault(needsSection, () => ({ items: [], none: false })),
  c: withDefault(needsSection, () => ({ items: [], none: false })),
  d: withDefault(needsSection, () => ({ items: [], none: false })),
  e: withDefault(array(object(OUTCOME)), () => []),
  f: withDefault(provisionItems, () => []),
  g: withDefault(provisionItems, () => []),
  h1: withDefault(provisionItems, () => []),
  h2: withDefault(provisionItems, () => []),
  i: opt(str),
  j: opt(str),
  k: withDefault(array(object(ADVICE_ITEM)), () => []),
  qa: withDefault(object(QA), () => ({})),
  extra: withDefault(textRecord, () => ({})),
};
const record = object(PLAN);

/** The field names of each table, by the schema path they stand for (for the test). */
export const QUICK_FIELDS: Record<string, string[]> = Object.fromEntries(
  Object.entries({ '': PLAN, child: CHILD, needs: NEEDS, setting: SETTING, dates: DATES, a: SECTION_A, b: NEEDS_SECTION, 'e[]': OUTCOME, 'f[]': PROVISION_ITEM, 'k[]': ADVICE_ITEM, qa: QA }).map(([path, table]) => [path, Object.keys(table)]),
);

/** The record as zod would output it when `v` is certainly valid; undefined: ask zod. */
export function quickRecord(v: unknown): PlanRecord | undefined {
  const r = record(v);
  return r === FAIL ? undefined : (r as PlanRecord);
}
