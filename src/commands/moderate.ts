/**
 * `ehcp-audit moderate RATINGS.csv...`: agreement between auditors (and with the tool) on
 * completed worksheets. Registration only; the action (moderate.run.ts) is loaded when the command runs.
 */
import type { Command } from 'commander';
import { DEFAULT_WEAK } from '../compare/defaults.js';
import { MODERATE_FORMAT_NAMES } from '../report/formatNames.js';
import type { ModerateFlags } from './moderate.run.js';
import { collect } from './options.js';

export function registerModerate(program: Command): void {
  program
    .command('moderate')
    .description("agreement between auditors' completed worksheets (Cohen's or Fleiss' kappa), and between the tool and the auditors' consensus (docs/moderation.md)")
    .argument('<worksheets...>', 'completed worksheets (CSV from sample --worksheet); one file per auditor, or several auditors in one')
    .option('--report <file>', "the sample's JSON report: checks plan references, and compares the tool's own ratings with the auditors' consensus (the tool is not one of the raters)")
    .option('-r, --rubric <file>', 'rubric whose criterion ids the worksheets use, when no --report is given (a file, or a shipped rubric name)', 'default')
    .option('--weak <kappa>', "flag a criterion 'needs clearer guidance' when its kappa is below this", String(DEFAULT_WEAK))
    .option('--lenient', 'skip bad rows (listed in the report) instead of stopping')
    .option('-f, --format <spec>', `output format, optionally format:path; repeatable (${MODERATE_FORMAT_NAMES.join(', ')}; default table)`, collect)
    .action(async (files: string[], flags: ModerateFlags) => {
      const { runModerate } = await import('./moderate.run.js');
      await runModerate(files, flags);
    });
}
