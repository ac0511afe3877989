/**
 * Whether a stratified sample's rates estimate its population's (SampleEstimates in
 * audit/report.ts). Proportional allocation gives each plan a chance of about size / population,
 * as a simple random sample would, but only in the strata it gives a pick: with 20 picks over 67
 * need x phase strata, most strata get none, and their plans (a fifth of them, in a 3,000-plan
 * export) cannot be picked. A guaranteed group's member put in on purpose is over-represented by
 * the ratio of its share of the sample to its share of the population. Either way the sample's
 * rates are not unbiased estimates of the population's; the report says so rather than calling
 * them estimates (measured: a default 20-plan sample of a 3,000-plan export put E-pfa 9 points
 * below its population rate, on average over 150 seeds).
 */
import type { SampleEstimates } from '../audit/report.js';

export interface DrawnSample {
  size: number;
  population: number;
  /** Each stratum's population, its proportional allocation (before any guaranteed group's swap) and its picks after. */
  strata: readonly { population: number; proportional: number; allocated: number }[];
  /** Guaranteed groups: population and picks. */
  groups: readonly { name: string; population: number; picked: number; guaranteed: boolean }[];
  /** The groups a plan was put in the sample for (a swap), by name. */
  forced: ReadonlySet<string>;
}

export function sampleEstimates(d: DrawnSample): SampleEstimates {
  // Every plan taken: the rates are the population's own.
  if (d.size >= d.population) return { population: true, forcedGroups: [], unsampled: { strata: 0, plans: 0 } };
  let strata = 0;
  let plans = 0;
  // Strata the allocation gave no pick and that have none: a stratum a guaranteed group's member
  // was picked from is not one (its pick is counted in forcedGroups), nor one that lost its pick
  // to a swap (its plans had their chance).
  for (const s of d.strata) {
    if (s.proportional === 0 && s.allocated === 0 && s.population > 0) {
      strata++;
      plans += s.population;
    }
  }
  const forcedGroups = d.groups.filter((g) => g.guaranteed && d.forced.has(g.name)).map((g) => ({ name: g.name, picked: g.picked, population: g.population }));
  return { population: strata === 0 && forcedGroups.length === 0, forcedGroups, unsampled: { strata, plans } };
}

/**
 * Why the rates are not estimates for the population, in words ('' when they are): "guaranteed
 * groups were picked on purpose (youth custody: 1 of 20 picks, 15 of 3000 plans); 46 strata
 * holding 676 plans were too small for a pick at this size and got none: those plans could be
 * picked only as a guaranteed group's member".
 */
export function notEstimatesBecause(e: SampleEstimates, size: number, population: number): string {
  const why: string[] = [];
  if (e.forcedGroups.length > 0) {
    const groups = e.forcedGroups.map((g) => `${g.name}: ${g.picked} of ${size} picks, ${g.population} of ${population} plans`).join('; ');
    why.push(`guaranteed groups were picked on purpose (${groups})`);
  }
  if (e.unsampled.strata > 0) {
    const n = e.unsampled.strata;
    const one = e.unsampled.plans === 1;
    why.push(`${n} ${n === 1 ? 'stratum' : 'strata'} holding ${e.unsampled.plans} ${one ? 'plan' : 'plans'} ${n === 1 ? 'was' : 'were'} too small for a pick at this size and got none: ${one ? 'that plan' : 'those plans'} could be picked only as a guaranteed group's member`);
  }
  return why.join('; ');
}
