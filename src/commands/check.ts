/**
 * `ehcp-audit check EXPORT`: the CI gate (docs/ci.md). Exit 0 when every threshold holds, 1 when
 * any fails, 2 for usage, config and input errors. Registration only; the action (check.run.ts)
 * is loaded when the command runs.
 */
import type { Command } from 'commander';
import { CONFIG_FILES } from '../check/defaults.js';
import { CHECK_FORMAT_NAMES } from '../report/formatNames.js';
import type { CheckFlags } from './check.run.js';
import { addInputOptions, addJobsOption, collect } from './options.js';

export function registerCheck(program: Command): void {
  const cmd = addInputOptions(
    program
      .command('check')
      .description('the CI gate: score the export and exit 1 when a quality threshold fails or quality regressed from a baseline (docs/ci.md)')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-c, --config <file>', `check config (YAML); default: ${CONFIG_FILES[0]} in the working directory, if present`)
    .option('--no-config', `ignore any ${CONFIG_FILES[0]} in the working directory`)
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory); overrides the config (default: default)')
    .option('--min-rate <id=rate>', 'fail when a criterion is met in less than this share of the plans it applies to, e.g. A-child-views=0.8 or A-child-views=80% (repeatable)', collect)
    .option('--max-share <grade=share>', 'fail when more than this share of plans have the grade, e.g. Inadequate=0.05 or Inadequate=5% (repeatable)', collect)
    .option('--no-critical', 'fail when any plan does not meet a critical criterion (no_critical_not_met)')
    .option('--min-mean-score <n>', 'fail when the mean score (0-100) is below this')
    .option('--max-rejected <n>', 'fail when more than this many records are rejected as unreadable')
    .option('-b, --baseline <file>', "fail only on regressions from this baseline (written by 'ehcp-audit baseline write')")
    .option('--no-baseline', "ignore the config's baseline")
    .option('--tolerance <points>', 'with a baseline: how many percentage points a rate may drop (default 2)')
    .option('-f, --format <spec>', `output format, optionally format:path; repeatable (${CHECK_FORMAT_NAMES.join(', ')}; default summary)`, collect)
    .option('-q, --quiet', 'nothing on stderr but errors and warnings');
  addJobsOption(cmd)
    .action(async (file: string, flags: CheckFlags) => {
      const { runCheck } = await import('./check.run.js');
      await runCheck(file, flags);
    });
}
