/**
 * `--where` filters: `FIELD OP VALUE`, e.g. `child.district=Northmoor`, `dates.finalIssued>=01/01/2024`,
 * `child.ncYear>=9`, `phase=KS2`, `needs.primary!=ASD`, `extra.Caseworker~^CW0`. Several are ANDed.
 * Dates may be written dd/mm/yyyy or ISO; they compare as dates. A date field (dates.*, child.dob,
 * qa.signedOffDate) takes only a date, in any form dd/mm/yyyy reads (01-01-2024, 1.1.2024,
 * 2024-01-01); a yes/no field (child.lookedAfter, ...) takes yes/no, y/n, true/false or 1/0 and
 * only = or !=. A year field (child.ncYear, yearGroup) takes a year as the export writes it (N2,
 * R, Year 7, Y7, 7) and compares as a number; `phase` takes a phase name and compares in school
 * order (early years < KS1 < ... < post-16); a needs field takes an SEN2 code or its name (ASD,
 * Autistic spectrum disorder) and a setting field an SEN2 setting code, with = or != only.
 * Compared as text, any of these would quietly match the wrong plans ("10" < "year 7").
 *
 * An `extra.<column>` compared with a date is read as a date in the export's date format (the
 * mapping's `dates`), as a rubric's date checks read it. A value there that is not a date matches
 * nothing (not even !=) and is counted: the command says once, on stderr, how many plans had one
 * (warnings()), so a plan is never left out silently.
 */
import { parseDate, parseWrittenDate, type DateFormat } from '../records/dates.js';
import type { PlanRecord } from '../records/model.js';
import { isPersonalData } from '../records/mapping/personalData.js';
import { checkPath, compilePath, showTextOnly } from '../rubric/fields.js';
import { CODED, EXTRA_DATE_LIKE, kindOf, yearValue, yesNoValue, type Coded } from '../rubric/fieldValues.js';
import type { Rubric } from '../rubric/load.js';
import type { EvalContext } from '../rubric/types.js';
import { UsageError } from '../util/errors.js';
import type { FieldNeed } from '../records/fieldNeeds.js';
import { FIELD_PATHS, type FieldPath } from '../records/mapping/schema.js';
import { probeRegexes, slowRegexMessage } from '../util/regexProbe.js';

/**
 * The --where expressions, ANDed. A call tests one record and counts it when an `extra.<column>`
 * date in it could not be read: call it on the records that count (accepted ones), once each.
 */
export interface RecordFilter {
  (rec: PlanRecord): boolean;
  /**
   * The expressions (by index) whose `extra.<column>` value in the record last tested is not a
   * date, or undefined when there were none. A worker thread sends them with the record's outcome.
   */
  lastUnreadable(): readonly number[] | undefined;
  /** Count a record tested in another thread (its lastUnreadable()), once it is accepted. */
  count(exprs: readonly number[], ref: string): void;
  /** One line per expression that met values it could not read as dates; none when there were none. */
  warnings(): string[];
}

/** One expression's test: true, false, or UNREADABLE (an extra.<column> that is not a date: false, counted). */
type Test = (rec: PlanRecord) => boolean | typeof UNREADABLE;
const UNREADABLE = 0;

const OPS = ['>=', '<=', '!=', '=', '>', '<', '~'] as const;

/**
 * `ctx`: the scoring context: the export's date format (its mapping's `dates`), for
 * `extra.<column>` dates, and the as-of date, for `yearGroup`. `flag`: the option the expressions
 * came from, for the warnings (`--include` takes them too).
 */
export function compileWhere(exprs: string[] | undefined, ctx: EvalContext, flag = '--where'): RecordFilter | undefined {
  if (!exprs || exprs.length === 0) return undefined;
  const dateFormat = ctx.dateFormat;
  const compiled = exprs.map((e) => compileOne(e, ctx, flag));
  refuseSlowRegexes(exprs, flag);
  const tests = compiled.map((c) => c.test);
  const counts = exprs.map(() => 0);
  const firstRefs: (string | undefined)[] = exprs.map(() => undefined);
  let last: number[] | undefined;
  const count = (which: readonly number[], ref: string): void => {
    for (const i of which) {
      counts[i]!++;
      firstRefs[i] ??= ref;
    }
  };
  const filter = (r: PlanRecord): boolean => {
    // Every expression is tested (no short cut at the first false), so each value that is not a
    // date is counted whatever the other expressions say.
    let ok = true;
    last = undefined;
    for (let i = 0; i < tests.length; i++) {
      const t = tests[i]!(r);
      if (t === true) continue;
      ok = false;
      if (t === UNREADABLE) (last ??= []).push(i);
    }
    if (last) count(last, r.ref);
    return ok;
  };
  return Object.assign(filter, {
    lastUnreadable: () => last,
    count,
    warnings: (): string[] =>
      compiled.flatMap((c, i) => {
        const n = counts[i]!;
        if (n === 0 || c.column === undefined) return [];
        const plans = n === 1 ? '1 plan has' : `${n} plans have`;
        return [`${flag} '${exprs[i]}': ${plans} a '${c.column}' that is not a date (read as ${dateFormat}, the export's date format), so ${n === 1 ? 'it does' : 'they do'} not match (the first: plan ${firstRefs[i]})`];
      }),
  });
}

/**
 * The mapping fields each expression is told by (records/fieldNeeds.ts): `child.lookedAfter=yes`
 * on an export whose mapping leaves the field out matches no plan, or every plan with `!=`,
 * whatever the export holds (regression QA: --where and --include gave no word of it). Derived
 * fields count as theirs (`yearGroup`, `phase`: child.ncYear; yearGroup also child.dob).
 */
export function whereNeeds(exprs: readonly string[] | undefined, flag: string, effect: string): (FieldNeed & { expr: string })[] {
  const known = new Set<string>(FIELD_PATHS);
  return (exprs ?? []).flatMap((expr) => {
    const field = parseExpr(expr)?.field;
    if (field === undefined) return [];
    const fields: FieldPath[] =
      field === 'yearGroup' ? ['child.ncYear' as FieldPath, 'child.dob' as FieldPath] : field === 'phase' ? ['child.ncYear' as FieldPath] : known.has(field) ? [field as FieldPath] : [];
    return fields.length > 0 ? [{ expr, what: `${flag} '${expr}'`, fields, effect }] : [];
  });
}

/** A value that is a date: dd/mm/yyyy or ISO. */
const DATE_LIKE = /^\d{1,2}\/\d{1,2}\/\d{4}$|^\d{4}-\d{2}-\d{2}$/;

/** FIELD OP VALUE, or undefined when the expression is not one. */
function parseExpr(expr: string): { field: string; op: (typeof OPS)[number]; rawValue: string } | undefined {
  const m = /^\s*([A-Za-z0-9_.[\]]+(?:\.[^=<>!~]+)?)\s*(>=|<=|!=|=|>|<|~)\s*(.*?)\s*$/.exec(expr);
  if (!m) return undefined;
  const [, field, op, rawValue] = m as unknown as [string, string, (typeof OPS)[number], string];
  // 'extra.Case Worker = CW04': the column name ends before the spaces around the operator.
  return { field: field.trimEnd(), op, rawValue };
}

/**
 * An expression as compileOne reads it, to tell whether two filters are the same filter: the
 * field, the operator and the value as it is compared, so that `child.district = Northmoor` and
 * `child.district=northmoor` give the same text. The value: a date as ISO (01/01/2024 and
 * 2024-01-01), a yes/no as yes or no, a code as its code (Autistic spectrum disorder: ASD), a year
 * as its number (Y7, Year 7: 7), a number as a number (09: 9), other text in lower case (text
 * compares ignoring case). A regular expression (~) is kept as written: its flags already ignore
 * case, and lower-casing \D or \S would change it. An expression compileOne would refuse keeps its
 * value as written. Reads nothing else, and changes nothing about how --where filters.
 */
export function normaliseWhere(expr: string): string {
  const parsed = parseExpr(expr);
  if (!parsed) return expr.trim();
  const field = parsed.field.trim();
  return `${field} ${parsed.op} ${comparedValue(field, parsed.op, parsed.rawValue) ?? parsed.rawValue}`;
}

/** A --where value as compileOne compares it, as text; undefined when compileOne would refuse it. */
function comparedValue(field: string, op: (typeof OPS)[number], rawValue: string): string | undefined {
  if (op === '~') return rawValue;
  const kind = kindOf(field);
  if (kind === 'boolean') {
    const want = yesNoValue(rawValue);
    return want === undefined ? undefined : want ? 'yes' : 'no';
  }
  if (kind !== undefined && Object.hasOwn(CODED, kind)) return CODED[kind as keyof typeof CODED].read(rawValue);
  // In compileOne's order: a year before a date, a date before a number.
  if (kind === 'ncYear') {
    const year = yearValue(rawValue);
    return year === undefined ? undefined : String(year);
  }
  if (kind === 'date' || (field.startsWith('extra.') ? EXTRA_DATE_LIKE : DATE_LIKE).test(rawValue)) {
    const date = parseWrittenDate(rawValue);
    return date.ok ? date.iso : undefined;
  }
  if (/^-?\d+(\.\d+)?$/.test(rawValue)) return String(Number(rawValue));
  return rawValue.toLowerCase();
}

/**
 * What a field's values would show that only --show-text may show (rubric/fields.ts
 * showTextOnly), or, for an unmapped column whose name says it holds personal data
 * (extra.Ethnicity), that data; undefined when its values may appear in any report.
 */
export function shownOnlyWithText(path: string): string | undefined {
  const column = path.startsWith('extra.') ? path.slice('extra.'.length) : undefined;
  return showTextOnly(path) ?? (column !== undefined && isPersonalData(column) ? `the personal data in the column '${column}'` : undefined);
}

/**
 * The usage error for a field an option would print (--strata, --where, --include) when its values
 * only --show-text may show, or nothing. `what`: what the option prints ("strata are printed").
 */
export function refuseUnlessShowText(flag: string, field: string, showText: boolean, what: string, instead: string): void {
  const hidden = showText ? undefined : shownOnlyWithText(field);
  if (hidden) {
    throw new UsageError(
      `${flag} ${field}: ${what} in the report and this one would show ${hidden}, which only --show-text may show; ${instead} or, if the report may hold children's personal data, add --show-text`,
    );
  }
}

/**
 * --where and --include expressions are printed in the report (its header's Filter, the sample's
 * guaranteed groups), value and all, beside plan references: one on a field only --show-text may
 * show (child.name=..., a.childViews~...) is refused without it, as --strata refuses one. The field
 * is named, not the expression, so the error does not repeat the value.
 */
export function refuseHiddenFilters(exprs: readonly string[] | undefined, showText: boolean, flag = '--where'): void {
  for (const expr of exprs ?? []) {
    const field = parseExpr(expr)?.field;
    if (field !== undefined) refuseUnlessShowText(flag, field, showText, `${flag === '--include' ? 'guaranteed groups' : 'filters'} are printed`, 'filter on a coded field (e.g. child.district, needs.primary, phase)');
  }
}

/**
 * Whether strata keyed by these fields, or these --where / --include expressions, print a value
 * only --show-text may show (a name, plan text): what a sample list, which otherwise holds no
 * personal data, must then say it holds.
 */
export function printsHiddenValues(strataKeys: readonly string[], exprs: readonly string[]): boolean {
  return strataKeys.some((k) => shownOnlyWithText(k) !== undefined) || exprs.some((e) => {
    const field = parseExpr(e)?.field;
    return field !== undefined && shownOnlyWithText(field) !== undefined;
  });
}

/**
 * The `extra.<column>` columns the expressions read, each with the option and expression that
 * reads it, for the source to check against a CSV header (PlanSource.requireExtraColumns).
 */
export function extraColumnsRead(exprs: readonly string[] | undefined, flag = '--where'): { column: string; what: string }[] {
  const out: { column: string; what: string }[] = [];
  for (const expr of exprs ?? []) {
    const field = parseExpr(expr)?.field;
    if (field?.startsWith('extra.') && field.length > 'extra.'.length) out.push({ column: field.slice('extra.'.length), what: `${flag} '${expr}'` });
  }
  return out;
}

/**
 * The `extra.<column>` columns a rubric's criteria read (its checks and conditions), to be checked
 * against a CSV header as --where's are: a misspelt column (`extra.Interpretr`) read as empty for
 * every plan, so a `present` check failed them all, or an `applies_when` applied to none, in silence.
 */
export function rubricExtraColumns(rubric: Pick<Rubric, 'extraReads'>): { column: string; what: string }[] {
  return rubric.extraReads.filter((x) => x.path.length > 'extra.'.length).map((x) => ({ column: x.path.slice('extra.'.length), what: `${x.where} reads ${x.path}` }));
}

/**
 * The `~` expressions' regular expressions, timed on ordinary text (util/regexProbe.ts) after each
 * has compiled: one that runs too long is refused, as the run would never end.
 */
function refuseSlowRegexes(exprs: readonly string[], flag: string): void {
  const regexes = exprs.flatMap((expr) => {
    const parsed = parseExpr(expr);
    return parsed?.op === '~' ? [{ expr, source: parsed.rawValue }] : [];
  });
  const slow = probeRegexes(regexes.map((r) => ({ source: r.source, flags: ['iu'] })));
  regexes.forEach((r, i) => {
    if (slow[i] !== undefined) throw new UsageError(`${flag} '${r.expr}': ${slowRegexMessage(r.source, slow[i])}`);
  });
}

/** One expression: its test, and for an `extra.<column>` date the column's name. */
function compileOne(expr: string, ctx: EvalContext, flag: string): { test: Test; column?: string } {
  const dateFormat = ctx.dateFormat;
  const parsed = parseExpr(expr);
  if (!parsed) throw new UsageError(`${flag} '${expr}': write FIELD OP VALUE with OP one of ${OPS.join(' ')} (e.g. child.district=Northmoor)`);
  const { field, op, rawValue } = parsed;
  const pathErr = checkPath(field);
  // Typed so that a call narrows like a throw (TypeScript asks for the annotation on the name).
  const refuse: (why: string) => never = (why) => {
    throw new UsageError(`${flag} '${expr}': ${why}`);
  };
  if (pathErr) refuse(pathErr);
  const getField = compilePath(field);
  const get = (r: PlanRecord): unknown => getField(r, ctx);
  const kind = kindOf(field);
  // `~` tests text, and these fields hold values, not text: `child.lookedAfter~yes` and
  // `dates.finalIssued~/2024$` were tested against true/false and ISO dates and quietly matched
  // no plan. Refused, as a rubric's `matches` is on them.
  if (op === '~' && (kind === 'boolean' || kind === 'date' || kind === 'ncYear')) {
    refuse(
      kind === 'boolean'
        ? `${field} is yes or no: use = or != (${field}=yes); ~ tests text`
        : kind === 'date'
          ? `${field} is a date: compare it with = != < <= > >= (${field}>=01/01/2024); ~ tests text`
          : `${field} is a year: compare it with = != < <= > >= (${field}>=9); ~ tests text`,
    );
  }
  if (kind === 'boolean') return { test: yesNoTest(field, op, rawValue, get, refuse) };
  if (op !== '~' && kind !== undefined && Object.hasOwn(CODED, kind)) return { test: codedTest(CODED[kind as keyof typeof CODED], field, op, rawValue, get, refuse) };
  let value: string | number = rawValue;
  const extra = field.startsWith('extra.');
  const date = op !== '~' && (kind === 'date' || (extra ? EXTRA_DATE_LIKE : DATE_LIKE).test(rawValue)) ? parseWrittenDate(rawValue) : undefined;
  if (op !== '~' && kind === 'ncYear') {
    const year = yearValue(rawValue);
    if (year === undefined) refuse(`${field} is a National Curriculum year: write N1, N2, R or 1 to 14 (Year 7 and Y7 read too)`);
    value = year;
  } else if (date) {
    if (!date.ok) refuse(`${kind === 'date' ? `${field} is a date: ` : ''}${date.reason}; write it as dd/mm/yyyy or yyyy-mm-dd`);
    value = date.iso;
    // An unmapped column holds the export's text: its dates are read in the export's format.
    if (extra) return { test: extraDateTest(op as Exclude<typeof op, '~'>, date.iso, get, dateFormat), column: field.slice('extra.'.length) };
  } else if (/^-?\d+(\.\d+)?$/.test(rawValue)) value = Number(rawValue);
  if (op === '~') {
    let re: RegExp;
    try {
      re = new RegExp(rawValue, 'iu');
    } catch (e) {
      refuse(`bad regular expression: ${(e as Error).message}`);
    }
    return {
      test: (r) => {
        const v = get(r);
        return Array.isArray(v) ? v.some((x) => re.test(String(x))) : v !== undefined && re.test(String(v));
      },
    };
  }
  const cmp = (v: unknown): number | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof value === 'number') {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isNaN(n) ? undefined : n - value;
    }
    const a = String(v).toLowerCase();
    const b = value.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return { test: eachValue(op, get, (v) => holds(op, cmp(v))) };
}

/**
 * A value test over a field's value, or over a list's items (needs.other, e[].area): `!=` holds when
 * no item equals the value, any other operator when some item satisfies it.
 */
function eachValue(op: Exclude<(typeof OPS)[number], '~'>, get: (r: PlanRecord) => unknown, test: (v: unknown) => boolean): Test {
  return (r) => {
    const v = get(r);
    return Array.isArray(v) ? (op === '!=' ? v.every(test) : v.some(test)) : test(v);
  };
}

/** Whether `op` holds for a comparison's sign; no comparison (no value) holds only for !=. */
function holds(op: Exclude<(typeof OPS)[number], '~'>, c: number | undefined): boolean {
  if (c === undefined) return op === '!=';
  switch (op) {
    case '=': return c === 0;
    case '!=': return c !== 0;
    case '>=': return c >= 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '<': return c < 0;
  }
}

/**
 * `extra.<column> OP date`: the record's text read as a date in the export's format. Blank or
 * absent is "no value" (only != holds, as for any field); text that is not a date is UNREADABLE.
 */
function extraDateTest(op: Exclude<(typeof OPS)[number], '~'>, iso: string, get: (r: PlanRecord) => unknown, dateFormat: DateFormat): Test {
  return (r) => {
    const v = get(r);
    if (typeof v !== 'string' || v.trim() === '') return holds(op, undefined);
    const d = parseDate(v, dateFormat);
    if (!d.ok) return UNREADABLE;
    return holds(op, d.iso < iso ? -1 : d.iso > iso ? 1 : 0);
  };
}

/** A yes/no field: = or != against yes or no (a record without the value is "!=" anything). */
function yesNoTest(field: string, op: string, rawValue: string, get: (r: PlanRecord) => unknown, refuse: (why: string) => never): Test {
  const want = yesNoValue(rawValue) ?? refuse(`${field} is yes or no: write ${field}=yes or ${field}=no`);
  if (op !== '=' && op !== '!=') refuse(`${field} is yes or no: compare it with = or !=`);
  return (r) => {
    const v = get(r);
    return typeof v === 'boolean' ? (v === want) === (op === '=') : op === '!=';
  };
}

/**
 * A field of fixed values (CODED): the value is read as the loader reads the export's, so
 * `needs.primary=Autistic spectrum disorder` finds the plans stored as ASD; = and != for any, and
 * < <= > >= where the values have an order (phase). A value that is not one of them, or has no
 * order (unknown), is refused rather than matching nothing.
 */
function codedTest(coded: Coded, field: string, op: Exclude<(typeof OPS)[number], '~'>, rawValue: string, get: (r: PlanRecord) => unknown, refuse: (why: string) => never): Test {
  const want = coded.read(rawValue) ?? refuse(`'${rawValue}' is not ${coded.expected}`);
  const ordered = op !== '=' && op !== '!=';
  if (ordered && !coded.order) refuse(`${field} is a code: compare it with = or != (or ~ for a regular expression)`);
  const rank = coded.order ? (v: string) => coded.order!.indexOf(v) : undefined;
  if (ordered && rank!(want) < 0) refuse(`'${want}' has no place in the order ${coded.order!.join(' < ')}: compare it with = or !=`);
  const cmp = (v: unknown): number | undefined => {
    if (typeof v !== 'string') return undefined;
    if (!ordered) return v === want ? 0 : 1;
    const at = rank!(v);
    return at < 0 ? undefined : at - rank!(want);
  };
  return eachValue(op, get, (v) => holds(op, cmp(v)));
}
