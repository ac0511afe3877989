/** The CI gate's default file names and tolerance, apart from the code (and zod schemas) that use them. */

/** Check configs looked for in the working directory, in this order. */
export const CONFIG_FILES = ['.ehcp-audit.yaml', '.ehcp-audit.yml'];

/** Where `baseline write` writes, and `check` reads, the baseline unless told otherwise. */
export const DEFAULT_BASELINE_FILE = '.ehcp-audit-baseline.json';

/** Percentage points a criterion rate may drop from the baseline before check fails. */
export const DEFAULT_TOLERANCE = 2;
