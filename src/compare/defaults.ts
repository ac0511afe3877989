/** Defaults of `compare` and `moderate`, apart from the code that uses them (option help shows them). */
import type { VerdictThresholds } from './verdict.js';

/** compare's progress rule: target rate, minimum gain in points, fewest applicable plans (compare/verdict.ts). */
export const DEFAULT_THRESHOLDS: Readonly<VerdictThresholds> = { target: 0.8, minGain: 10, minN: 10 };

/** moderate: a criterion whose kappa is below this "needs clearer guidance" (compare/moderate.ts). */
export const DEFAULT_WEAK = 0.6;
