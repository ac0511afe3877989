/**
 * `any`: at least one nested check. Met when any is met (with that check's reasons); otherwise
 * partly when any is partly (the best credit); otherwise not met; not applicable when all are.
 * Unless met, the reasons of every applicable check are given.
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck } from '../types.js';
import { creditOf, joinReasons } from './all.js';
import { result } from './util.js';

/** The options of `any` checks; built on first use (util/lazy.ts). */
const options = lazy(() => z.object({ checks: z.array(z.unknown()).min(1) }).strict());

export const any = defineCheck({
  type: 'any',
  summary: 'At least one nested check (met if any is met, else the best partly credit).',
  options,
  compile(o, env) {
    const checks = o.checks.map((spec, i) => env.compileCheck(spec, ['checks', i]));
    return (rec, ctx) => {
      const rs = checks.map((c) => c(rec, ctx));
      const met = rs.find((r) => r.rating === 'met');
      if (met) {
        const [reasons, textReasons] = joinReasons([met]);
        return result('met', reasons, textReasons);
      }
      const applicable = rs.filter((r) => r.rating !== 'na');
      const [reasons, textReasons] = joinReasons(applicable.length > 0 ? applicable : rs);
      if (applicable.length === 0) return result('na', reasons, textReasons);
      const partly = applicable.filter((r) => r.rating === 'partly');
      if (partly.length === 0) return result('not_met', reasons, textReasons);
      const best = partly.reduce((b, r) => (creditOf(r) > creditOf(b) ? r : b));
      return result('partly', reasons, textReasons, best.credit);
    };
  },
});
