/**
 * The sample's defaults, apart from the code that uses them, so that `sample --help` can show
 * them without loading the sampler. DEFAULT_INCLUDE lists the names of GROUPS (sample/groups.ts),
 * in order; test/sample/defaults.test.ts keeps the two in step.
 */

/** Fields a sample is stratified by unless --strata says otherwise. */
export const DEFAULT_STRATA = ['needs.primary', 'phase'];

/** Groups a sample guarantees at least one plan from, unless --no-include-default. */
export const DEFAULT_INCLUDE = ['looked after', 'youth custody', 'elective home education', 'not in education', 'alternative provision'];

/** With --size auto: the margin of error, in percentage points at 95% confidence, unless --margin says otherwise. */
export const DEFAULT_MARGIN = 10;
