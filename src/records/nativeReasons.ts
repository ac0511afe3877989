/**
 * Why a record in the native shape (YAML, JSON, JSON Lines without a mapping) is rejected, worded
 * from the schema's issues (model.ts) as a CSV's reasons are (mapping/compile.ts): the value that
 * could not be read is quoted, shortened by quoted(), when its field is a coded one (a date, a
 * yes/no, an NC year, an SEN2 code, an advice source, the reference). A date of birth is never
 * quoted ("the date of birth"), nor free text (names, plan text, extra.*): for those the reason
 * says what kind of value was found. Only rejected records come here: valid ones take
 * quickRecord.ts's path, which this does not slow.
 */
import { codedValue, dateValue } from '../util/strings.js';

/** A schema issue as zod gives it (the parts read here). */
export interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
}

/** Coded fields, by path without list indices: their values are quoted. */
const CODED: ReadonlySet<string> = new Set([
  'ref', 'child.ncYear', 'child.lookedAfter', 'child.youthCustody', 'child.electiveHomeEducation',
  'needs.primary', 'needs.other', 'setting.senSetting',
  'dates.request', 'dates.draftIssued', 'dates.finalIssued', 'dates.lastReview', 'dates.ceased',
  'qa.signedOffDate', 'k.date', 'k.source', 'b.none', 'c.none', 'd.none',
]);

const DATES: ReadonlySet<string> = new Set(['child.dob', 'dates.request', 'dates.draftIssued', 'dates.finalIssued', 'dates.lastReview', 'dates.ceased', 'qa.signedOffDate', 'k.date']);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** What kind of value this is, in words, without the value itself. */
function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping of fields';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'true or false';
  return typeof v;
}

/** The value as a reason shows it: text quoted and shortened, a number or true/false as written. */
function shown(v: unknown): string | undefined {
  if (typeof v === 'string') return codedValue(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
};

/** One issue of a native record as a reason: `child.ncYear: 'seven' is not a number`. */
export function nativeReason(issue: SchemaIssue, input: unknown): string {
  const path = issue.path.map(String).join('.') || '(plan)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys ?? [];
    return `${path}: unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
  }
  const field = issue.path.filter((k) => typeof k !== 'number').map(String).join('.');
  const value = valueAt(input, issue.path);
  const dob = field === 'child.dob';
  // The value quoted, for a coded field; the date of birth by name; otherwise none.
  // A date is quoted as a CSV's is (shortened) when it looks like one; another coded value only when it looks like a code.
  const quote = dob ? 'the date of birth' : DATES.has(field) && typeof value === 'string' ? dateValue(value) : CODED.has(field) ? shown(value) : undefined;
  const expected = DATES.has(field) ? 'a date as YYYY-MM-DD' : EXPECTED[issue.expected ?? ''] ?? issue.expected ?? 'another value';
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${path}: missing (expected ${expected})`;
      return quote !== undefined ? `${path}: ${quote} is not ${expected}` : `${path}: expected ${expected}, found ${kindOf(value)}`;
    case 'invalid_value': {
      const allowed = (issue.values ?? []).map(String).join(', ');
      return `${path}: ${quote ?? kindOf(value)} is not one of ${allowed}`;
    }
    case 'too_big':
    case 'too_small':
      if (field === 'child.ncYear' && quote !== undefined) return `${path}: ${quote} is not a National Curriculum year (-2 to 14: -2 is N1, -1 N2, 0 Reception)`;
      return `${path}: ${issue.message}`;
    case 'custom': {
      // The date check (model.ts): "expected a date as YYYY-MM-DD", or parseDate's reason, which
      // starts with the value quoted ("'2019-02-31' is not a real date (day 31 of month 2 ...)").
      // A date of birth's is neither quoted nor described, as in a CSV's (mapping/compile.ts).
      if (dob) return `${path}: the date of birth is not a date as YYYY-MM-DD`;
      if (typeof value !== 'string') return `${path}: ${issue.message}`;
      if (issue.message === 'expected a date as YYYY-MM-DD') return `${path}: ${quote ?? dateValue(value)} is not ${expected}`;
      return `${path}: ${issue.message}`;
    }
    default:
      return `${path}: ${issue.message}`;
  }
}
