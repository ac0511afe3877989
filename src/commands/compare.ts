/**
 * `ehcp-audit compare BASELINE.json CURRENT.json`: has sufficient progress been made, criterion by
 * criterion? Registration only; the action (compare.run.ts) is loaded when the command runs.
 */
import type { Command } from 'commander';
import { DEFAULT_THRESHOLDS } from '../compare/defaults.js';
import { COMPARE_FORMAT_NAMES } from '../report/formatNames.js';
import type { CompareFlags } from './compare.run.js';
import { collect } from './options.js';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare a current audit with a baseline: has sufficient progress been made, criterion by criterion? (docs/compare.md)')
    .argument('<baseline>', 'the baseline report (JSON from audit or sample -f json:FILE)')
    .argument('<current>', 'the current report (JSON)')
    .option('--target <rate>', 'a current rate at or above this is sufficient on its own, unless the rate fell with a 95% interval below zero; a baseline rate below it is a weakness, which the headline judges (0.8 or 80%)', String(DEFAULT_THRESHOLDS.target))
    .option('--min-gain <points>', 'otherwise a rise of at least this many percentage points, with a 95% interval above zero, is sufficient', String(DEFAULT_THRESHOLDS.minGain))
    .option('--min-n <plans>', 'fewest applicable plans on each side to judge a criterion', String(DEFAULT_THRESHOLDS.minN))
    .option('-f, --format <spec>', `output format, optionally format:path; repeatable (${COMPARE_FORMAT_NAMES.join(', ')}; default table)`, collect)
    .action(async (baselineFile: string, currentFile: string, flags: CompareFlags) => {
      const { runCompare } = await import('./compare.run.js');
      runCompare(baselineFile, currentFile, flags);
    });
}
