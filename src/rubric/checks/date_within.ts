/**
 * `date_within`: the gap from one date to another is within limits, e.g. the final plan issued
 * within 20 weeks of the request, or the last review within 12 months of the as-of date.
 * `from` / `to` are date field paths; a list means the first one recorded; `as_of` (alone or in a
 * `to` list) is the audit's as-of date. Months are calendar months (31 Jan + 1 month = 28/29 Feb).
 * grace_days extends the max_* limit only (an error without one). A `to` before `from` is not met
 * (wrong order).
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck, type EvalContext } from '../types.js';
import type { PlanRecord } from '../../records/model.js';
import { addMonths, dayNumber, parseDate, ukDate } from '../../records/dates.js';
import { AS_OF } from '../condition.js';
import type { Getter } from '../fields.js';
import { fieldGetter, plural, result, type OptionPath } from './util.js';


const paths = lazy(() => z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]));
const limit = lazy(() => z.number().int().min(0).optional());

/** How a date field reads in a reason: as the subject ("final plan issued ...") and after "after"/"before". */
const NAMES: Record<string, [subject: string, object: string]> = {
  'dates.request': ['request made', 'the request'],
  'dates.draftIssued': ['draft plan issued', 'the draft plan'],
  'dates.finalIssued': ['final plan issued', 'the final plan'],
  'dates.lastReview': ['last review', 'the last review'],
  'dates.ceased': ['plan ceased', 'the plan ceasing'],
  'qa.signedOffDate': ['QA sign-off', 'QA sign-off'],
  'child.dob': ['date of birth', 'birth'],
};
const subjectOf = (p: string) => NAMES[p]?.[0] ?? p;
const objectOf = (p: string) => NAMES[p]?.[1] ?? p;

type Unit = 'days' | 'weeks' | 'months';

/** Whole calendar months from a to b (a <= b) and the days left over. */
function monthsBetween(a: string, b: string): [number, number] {
  let n = Math.max(0, (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
  while (n > 0 && addMonths(a, n) > b) n--;
  while (addMonths(a, n + 1) <= b) n++;
  return [n, dayNumber(b) - dayNumber(addMonths(a, n))];
}

/** A gap (a <= b) in the unit of the limit: "26 weeks 3 days", "14 months", "141 days". */
function gapText(a: string, b: string, unit: Unit): string {
  const days = dayNumber(b) - dayNumber(a);
  if (unit === 'days') return plural(days, 'day');
  const [n, rest] = unit === 'weeks' ? [Math.floor(days / 7), days % 7] : monthsBetween(a, b);
  const big = plural(n, unit === 'weeks' ? 'week' : 'month');
  if (rest === 0) return big;
  return n === 0 ? plural(rest, 'day') : `${big} ${plural(rest, 'day')}`;
}

/**
 * A minimum (in days) no gap within the maximum can reach. Weeks are 7 days; a calendar month is
 * at most 31 days, so against months only a minimum past 31 days a month is sure to be.
 */
function minimumAboveMaximum(minDays: number, maxKey: 'max_days' | 'max_weeks' | 'max_months', max: number, grace: number): boolean {
  const maxDays = maxKey === 'max_days' ? max : maxKey === 'max_weeks' ? 7 * max : 31 * max;
  return minDays > maxDays + grace;
}

interface Found {
  path: string;
  iso: string;
}

/** The options of `date_within` checks; built on first use (util/lazy.ts). */
const options = lazy(() =>
  z
    .object({
      from: paths(),
      to: paths(),
      max_days: limit(),
      max_weeks: limit(),
      max_months: limit(),
      min_days: limit(),
      min_weeks: limit(),
      missing: z.enum(['not_met', 'na']).default('na'),
      grace_days: z.number().int().min(0).optional(),
    })
    .strict(),
);

export const dateWithin = defineCheck({
  type: 'date_within',
  summary: 'The gap between two dates (or a date and the as-of date) is within max_* / at least min_* (calendar months).',
  options,
  compile(o, env) {
    const compileSide = (side: 'from' | 'to'): { path: string; get: Getter | undefined }[] => {
      const list = typeof o[side] === 'string' ? [o[side]] : o[side];
      return list.map((p, i) => {
        const at: OptionPath = typeof o[side] === 'string' ? [side] : [side, i];
        if (p === AS_OF) {
          if (side === 'from') env.fail(at, `'as_of' can only be used in to`);
          return { path: p, get: undefined };
        }
        const get = fieldGetter(p, env, at);
        if (p.includes('[]')) env.fail(at, `'${p}' is a list of values; a date path names one date`);
        if (!Object.hasOwn(NAMES, p) && !p.startsWith('extra.')) env.fail(at, `'${p}' is not a date field: use ${Object.keys(NAMES).join(', ')} or extra.<column>`);
        return { path: p, get };
      });
    };
    const from = compileSide('from');
    const to = compileSide('to');
    // `to: [dates.finalIssued, as_of]` reaching as_of: the dates before it were not recorded (yet).
    const before = to.slice(0, Math.max(0, to.findIndex((s) => s.path === AS_OF))).map((s) => s.path);
    const notYet = before.length === 0 ? '' : before.length === 1 ? `, ${before[0]} not recorded` : `, none of ${before.join(', ')} recorded`;
    const maxes = (['max_days', 'max_weeks', 'max_months'] as const).filter((k) => o[k] !== undefined);
    const mins = (['min_days', 'min_weeks'] as const).filter((k) => o[k] !== undefined);
    if (maxes.length + mins.length === 0) env.fail([], 'date_within needs a limit: max_days, max_weeks, max_months, min_days or min_weeks');
    if (maxes.length > 1) env.fail([maxes[1]!], `give only one of max_days, max_weeks, max_months`);
    if (mins.length > 1) env.fail([mins[1]!], `give only one of min_days, min_weeks`);
    const maxKey = maxes[0];
    const minKey = mins[0];
    const unitOf = (k: string): Unit => (k.endsWith('days') ? 'days' : k.endsWith('weeks') ? 'weeks' : 'months');
    if (o.grace_days !== undefined && !maxKey) env.fail(['grace_days'], `grace_days extends the max_days, max_weeks or max_months limit, and this check has none: take it out, or lower ${minKey ?? 'the minimum'}`);
    // The maximum with its grace: min_days 22 with max_weeks 3 and 2 days' grace is met by 22 or 23 days.
    if (maxKey && minKey && minimumAboveMaximum(minKey === 'min_weeks' ? 7 * o[minKey]! : o[minKey]!, maxKey, o[maxKey]!, o.grace_days ?? 0)) {
      const grace = o.grace_days ? ` and grace_days (${o.grace_days})` : '';
      env.fail([minKey], `${minKey} (${o[minKey]!}) is above ${maxKey} (${o[maxKey]!})${grace}: no gap can meet both`);
    }
    const grace = o.grace_days ?? 0;
    const graceText = grace === 0 ? '' : grace === 1 ? ", with 1 day's grace" : `, with ${grace} days' grace`;

    /** The first recorded date of a side, or the reason none is usable. */
    const resolve = (side: { path: string; get: Getter | undefined }[], rec: PlanRecord, ctx: EvalContext): Found | string => {
      for (const { path, get } of side) {
        if (!get) return { path, iso: ctx.asOf };
        const v = get(rec, ctx);
        if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue;
        const d = typeof v === 'string' ? parseDate(v, ctx.dateFormat) : undefined;
        if (!d || !d.ok) return `${path} is not a date`;
        return { path, iso: d.iso };
      }
      const names = side.map((s) => s.path);
      return names.length === 1 ? `${names[0]} not recorded` : `none of ${names.join(', ')} recorded`;
    };

    return (rec, ctx) => {
      const a = resolve(from, rec, ctx);
      const b = resolve(to, rec, ctx);
      if (typeof a === 'string' || typeof b === 'string') return result(o.missing, [a, b].filter((x): x is string => typeof x === 'string'));

      const days = dayNumber(b.iso) - dayNumber(a.iso);
      // A gap from the date of birth gives the child's age to the day, and with the as-of date
      // printed beside it, the date of birth itself: reasons (shown without --show-text) name the
      // limit instead ("more than 10 days"); the exact dates stay in the text reasons.
      const personal = a.path === 'child.dob' || b.path === 'child.dob';
      const describe = (unit: Unit, bound = ''): string => {
        const [lo, hi] = days >= 0 ? [a.iso, b.iso] : [b.iso, a.iso];
        const gap = personal ? bound : gapText(lo, hi, unit);
        if (gap === '') {
          if (b.path === AS_OF) return `${subjectOf(a.path)} ${days >= 0 ? 'before' : 'after'} the as-of date ${ukDate(b.iso)}${notYet}`;
          return `${subjectOf(b.path)} ${days >= 0 ? 'after' : 'before'} ${objectOf(a.path)}`;
        }
        if (b.path === AS_OF) return `${subjectOf(a.path)} ${gap} ${days >= 0 ? 'before' : 'after'} the as-of date ${ukDate(b.iso)}${notYet}`;
        return `${subjectOf(b.path)} ${gap} ${days >= 0 ? 'after' : 'before'} ${objectOf(a.path)}`;
      };
      const withDates = (reason: string) => `${reason} (${ukDate(a.iso)} to ${ukDate(b.iso)})`;
      const fail = (reason: string) => result('not_met', [reason], [withDates(reason)]);

      if (days < 0) return fail(`${describe(unitOf(maxKey ?? minKey!))}: the dates are in the wrong order`);
      if (maxKey) {
        const n = o[maxKey]!;
        const over =
          maxKey === 'max_months' ? dayNumber(b.iso) > dayNumber(addMonths(a.iso, n)) + grace : days > (maxKey === 'max_weeks' ? 7 * n : n) + grace;
        const limit = plural(n, unitOf(maxKey).slice(0, -1));
        if (over) return fail(`${describe(unitOf(maxKey), `more than ${limit}`)}; limit ${limit}${graceText}`);
      }
      if (minKey) {
        const n = o[minKey]!;
        const minimum = plural(n, unitOf(minKey).slice(0, -1));
        if (days < (minKey === 'min_weeks' ? 7 * n : n)) return fail(`${describe(unitOf(minKey), `less than ${minimum}`)}; minimum ${minimum}`);
      }
      return result('met', []);
    };
  },
});
