/**
 * `--where` filters: `FIELD OP VALUE`, e.g. `child.district=Northmoor`, `dates.finalIssued>=01/01/2024`,
 * `child.ncYear>=9`, `phase=KS2`, `needs.primary!=ASD`, `extra.Caseworker~^CW0`. Several are ANDed.
 * Dates may be written dd/mm/yyyy or ISO; they compare as dates. A date field (dates.*, child.dob,
 * qa.signedOffDate) takes only a date, in any form dd/mm/yyyy reads (01-01-2024, 1.1.2024,
 * 2024-01-01); a yes/no field (child.lookedAfter, ...) takes yes/no, y/n, true/false or 1/0 and
 * only = or !=. Compared as text, either would quietly match the wrong plans.
 *
 * An `extra.<column>` compared with a date is read as a date in the export's date format (the
 * mapping's `dates`), as a rubric's date checks read it. A value there that is not a date matches
 * nothing (not even !=) and is counted: the command says once, on stderr, how many plans had one
 * (warnings()), so a plan is never left out silently.
 */
import { parseDate, type DateFormat } from '../records/dates.js';
import type { PlanRecord } from '../records/model.js';
import { DEFAULT_BOOLEANS, FIELD_KINDS } from '../records/mapping/schema.js';
import { checkPath, compilePath } from '../rubric/fields.js';
import type { EvalContext } from '../rubric/types.js';
import { UsageError } from '../util/errors.js';

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
  const compiled = exprs.map((e) => compileOne(e, ctx));
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

/** A value that is a date: dd/mm/yyyy or ISO. */
const DATE_LIKE = /^\d{1,2}\/\d{1,2}\/\d{4}$|^\d{4}-\d{2}-\d{2}$/;
/** For an `extra.<column>` (text until compared): any form dd/mm/yyyy reads (01-06-2026, 1.6.2026) too. */
const EXTRA_DATE_LIKE = /^\d{1,2}([/.-])\d{1,2}\1\d{4}$|^\d{4}-\d{1,2}-\d{1,2}$/;

/** One expression: its test, and for an `extra.<column>` date the column's name. */
function compileOne(expr: string, ctx: EvalContext): { test: Test; column?: string } {
  const dateFormat = ctx.dateFormat;
  const m = /^\s*([A-Za-z0-9_.[\]]+(?:\.[^=<>!~]+)?)\s*(>=|<=|!=|=|>|<|~)\s*(.*?)\s*$/.exec(expr);
  if (!m) throw new UsageError(`--where '${expr}': write FIELD OP VALUE with OP one of ${OPS.join(' ')} (e.g. child.district=Northmoor)`);
  const [, field, op, rawValue] = m as unknown as [string, string, (typeof OPS)[number], string];
  const pathErr = checkPath(field);
  if (pathErr) throw new UsageError(`--where '${expr}': ${pathErr}`);
  const getField = compilePath(field);
  const get = (r: PlanRecord): unknown => getField(r, ctx);
  const kind = Object.hasOwn(FIELD_KINDS, field) ? FIELD_KINDS[field as keyof typeof FIELD_KINDS] : undefined;
  if (kind === 'boolean' && op !== '~') return { test: yesNoTest(expr, field, op, rawValue, get) };
  let value: string | number = rawValue;
  const extra = field.startsWith('extra.');
  const date = op !== '~' && (kind === 'date' || (extra ? EXTRA_DATE_LIKE : DATE_LIKE).test(rawValue)) ? parseDate(rawValue) : undefined;
  if (date) {
    if (!date.ok) throw new UsageError(kind === 'date' ? `--where '${expr}': ${field} is a date: ${date.reason}; write it as dd/mm/yyyy` : `--where '${expr}': ${date.reason}`);
    value = date.iso;
    // An unmapped column holds the export's text: its dates are read in the export's format.
    if (extra) return { test: extraDateTest(op as Exclude<typeof op, '~'>, date.iso, get, dateFormat), column: field.slice('extra.'.length) };
  } else if (/^-?\d+(\.\d+)?$/.test(rawValue)) value = Number(rawValue);
  if (op === '~') {
    let re: RegExp;
    try {
      re = new RegExp(rawValue, 'iu');
    } catch (e) {
      throw new UsageError(`--where '${expr}': bad regular expression: ${(e as Error).message}`);
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
  const test = (v: unknown): boolean => holds(op, cmp(v));
  return {
    test: (r) => {
      const v = get(r);
      return Array.isArray(v) ? (op === '!=' ? v.every(test) : v.some(test)) : test(v);
    },
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

const YES = new Set<string>(DEFAULT_BOOLEANS.true);
const NO = new Set<string>(DEFAULT_BOOLEANS.false);

/** A yes/no field: = or != against yes or no (a record without the value is "!=" anything). */
function yesNoTest(expr: string, field: string, op: string, rawValue: string, get: (r: PlanRecord) => unknown): Test {
  const w = rawValue.trim().toLowerCase();
  const want = YES.has(w) ? true : NO.has(w) ? false : undefined;
  if (want === undefined) throw new UsageError(`--where '${expr}': ${field} is yes or no: write ${field}=yes or ${field}=no`);
  if (op !== '=' && op !== '!=') throw new UsageError(`--where '${expr}': ${field} is yes or no: compare it with = or !=`);
  return (r) => {
    const v = get(r);
    return typeof v === 'boolean' ? (v === want) === (op === '=') : op === '!=';
  };
}
