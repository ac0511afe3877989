/**
 * `all`: every nested check. Not applicable when all are; met when every applicable one is met;
 * not met when every applicable one is not met; otherwise partly, with credit the mean over the
 * applicable checks (met 1, not met 0, partly its credit or 0.5). With `partial: false`, not met
 * as soon as one applicable check is not met in full: a list of things that must all hold, such as
 * "no placeholder of either kind", where half clean is not half right. The reasons of the
 * applicable checks are concatenated (of all of them when none applies).
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck, type CheckResult } from '../types.js';
import { result } from './util.js';

/** Credit of one applicable result, for combining. */
export function creditOf(r: CheckResult): number {
  return r.rating === 'met' ? 1 : r.rating === 'partly' ? (r.credit ?? 0.5) : 0;
}

/** Reasons and text reasons of several results, in order (text falls back to the plain reasons). */
export function joinReasons(rs: CheckResult[]): [string[], string[]] {
  return [rs.flatMap((r) => r.reasons), rs.flatMap((r) => r.textReasons ?? r.reasons)];
}

/** The options of `all` checks; built on first use (util/lazy.ts). */
const options = lazy(() => z.object({ checks: z.array(z.unknown()).min(1), partial: z.boolean().default(true) }).strict());

export const all = defineCheck({
  type: 'all',
  summary: 'Every nested check (credit = mean over the applicable ones; partial: false, not met unless all are met).',
  options,
  compile(o, env) {
    const checks = o.checks.map((spec, i) => env.compileCheck(spec, ['checks', i]));
    return (rec, ctx) => {
      const rs = checks.map((c) => c(rec, ctx));
      // The common case, every nested check met with nothing to say: no reasons to join.
      if (rs.every((r) => r.rating === 'met' && r.reasons.length === 0 && !r.textReasons?.length)) return result('met', []);
      const applicable = rs.filter((r) => r.rating !== 'na');
      const [reasons, textReasons] = joinReasons(applicable.length > 0 ? applicable : rs);
      if (applicable.length === 0) return result('na', reasons, textReasons);
      if (applicable.every((r) => r.rating === 'met')) return result('met', reasons, textReasons);
      if (!o.partial || applicable.every((r) => r.rating === 'not_met')) return result('not_met', reasons, textReasons);
      const credit = applicable.reduce((s, r) => s + creditOf(r), 0) / applicable.length;
      return result('partly', reasons, textReasons, credit);
    };
  },
});
