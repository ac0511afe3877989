/**
 * `ehcp-audit baseline write EXPORT [-o FILE]`: record each criterion's rate and the plans failing
 * critical criteria, for `check --baseline FILE` (docs/ci.md). Registration only; the action
 * (baseline.run.ts) is loaded when the command runs.
 */
import type { Command } from 'commander';
import { CONFIG_FILES, DEFAULT_BASELINE_FILE } from '../check/defaults.js';
import type { BaselineFlags } from './baseline.run.js';
import { addInputOptions, addJobsOption } from './options.js';

export function registerBaseline(program: Command): void {
  const cmd = program.command('baseline').description('record the current quality as a baseline, so check fails only on regressions');
  const write = addInputOptions(
    cmd
      .command('write')
      .description('score the export and write the baseline: rate per criterion, plans failing critical criteria (JSON)')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-o, --output <file>', `where to write it; - for stdout (default: the config's baseline, else ${DEFAULT_BASELINE_FILE})`)
    .option('-c, --config <file>', `check config (YAML) for map, rubric and as_of; default: ${CONFIG_FILES[0]} in the working directory, if present`)
    .option('--no-config', `ignore any ${CONFIG_FILES[0]} in the working directory`)
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory); overrides the config (default: default)')
    .option('-q, --quiet', 'nothing on stderr but errors and warnings');
  addJobsOption(write)
    .action(async (file: string, flags: BaselineFlags) => {
      const { runBaselineWrite } = await import('./baseline.run.js');
      await runBaselineWrite(file, flags);
    });
}
