/**
 * `--where` filters: `FIELD OP VALUE`, e.g. `child.district=Northmoor`, `dates.finalIssued>=01/01/2024`,
 * `child.ncYear>=9`, `phase=KS2`, `needs.primary!=ASD`, `extra.Caseworker~^CW0`. Several are ANDed.
 * Dates may be written dd/mm/yyyy or ISO; they compare as dates. A date field (dates.*, child.dob,
 * qa.signedOffDate) takes only a date, in any form dd/mm/yyyy reads (01-01-2024, 1.1.2024,
 * 2024-01-01); a yes/no field (child.lookedAfter, ...) takes yes/no, y/n, true/false or 1/0 and
 * only = or !=. Compared as text, either would quietly match the wrong plans.
 */
import { parseDate } from '../records/dates.js';
import type { PlanRecord } from '../records/model.js';
import { DEFAULT_BOOLEANS, FIELD_KINDS } from '../records/mapping/schema.js';
import { checkPath, compilePath } from '../rubric/fields.js';
import { UsageError } from '../util/errors.js';

export type RecordFilter = (rec: PlanRecord) => boolean;

const OPS = ['>=', '<=', '!=', '=', '>', '<', '~'] as const;

export function compileWhere(exprs: string[] | undefined): RecordFilter | undefined {
  if (!exprs || exprs.length === 0) return undefined;
  const tests = exprs.map(compileOne);
  return (r) => tests.every((t) => t(r));
}

function compileOne(expr: string): RecordFilter {
  const m = /^\s*([A-Za-z0-9_.[\]]+(?:\.[^=<>!~]+)?)\s*(>=|<=|!=|=|>|<|~)\s*(.*?)\s*$/.exec(expr);
  if (!m) throw new UsageError(`--where '${expr}': write FIELD OP VALUE with OP one of ${OPS.join(' ')} (e.g. child.district=Northmoor)`);
  const [, field, op, rawValue] = m as unknown as [string, string, (typeof OPS)[number], string];
  const pathErr = checkPath(field);
  if (pathErr) throw new UsageError(`--where '${expr}': ${pathErr}`);
  const get = compilePath(field);
  const kind = Object.hasOwn(FIELD_KINDS, field) ? FIELD_KINDS[field as keyof typeof FIELD_KINDS] : undefined;
  if (kind === 'boolean' && op !== '~') return yesNoTest(expr, field, op, rawValue, get);
  let value: string | number = rawValue;
  const date = op !== '~' && (kind === 'date' || /^\d{1,2}\/\d{1,2}\/\d{4}$|^\d{4}-\d{2}-\d{2}$/.test(rawValue)) ? parseDate(rawValue) : undefined;
  if (date) {
    if (!date.ok) throw new UsageError(kind === 'date' ? `--where '${expr}': ${field} is a date: ${date.reason}; write it as dd/mm/yyyy` : `--where '${expr}': ${date.reason}`);
    value = date.iso;
  } else if (/^-?\d+(\.\d+)?$/.test(rawValue)) value = Number(rawValue);
  if (op === '~') {
    let re: RegExp;
    try {
      re = new RegExp(rawValue, 'iu');
    } catch (e) {
      throw new UsageError(`--where '${expr}': bad regular expression: ${(e as Error).message}`);
    }
    return (r) => {
      const v = get(r);
      return Array.isArray(v) ? v.some((x) => re.test(String(x))) : v !== undefined && re.test(String(v));
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
  const test = (v: unknown): boolean => {
    const c = cmp(v);
    if (c === undefined) return op === '!=';
    switch (op) {
      case '=': return c === 0;
      case '!=': return c !== 0;
      case '>=': return c >= 0;
      case '<=': return c <= 0;
      case '>': return c > 0;
      case '<': return c < 0;
    }
  };
  return (r) => {
    const v = get(r);
    return Array.isArray(v) ? (op === '!=' ? v.every(test) : v.some(test)) : test(v);
  };
}

const YES = new Set<string>(DEFAULT_BOOLEANS.true);
const NO = new Set<string>(DEFAULT_BOOLEANS.false);

/** A yes/no field: = or != against yes or no (a record without the value is "!=" anything). */
function yesNoTest(expr: string, field: string, op: string, rawValue: string, get: (r: PlanRecord) => unknown): RecordFilter {
  const w = rawValue.trim().toLowerCase();
  const want = YES.has(w) ? true : NO.has(w) ? false : undefined;
  if (want === undefined) throw new UsageError(`--where '${expr}': ${field} is yes or no: write ${field}=yes or ${field}=no`);
  if (op !== '=' && op !== '!=') throw new UsageError(`--where '${expr}': ${field} is yes or no: compare it with = or !=`);
  return (r) => {
    const v = get(r);
    return typeof v === 'boolean' ? (v === want) === (op === '=') : op === '!=';
  };
}
