/**
 * `ehcp-audit validate EXPORT`: load and check records without scoring them (like csvlint).
 * Registration only; the action (validate.run.ts) is loaded when the command runs.
 */
import type { Command } from 'commander';
import { addInputOptions, collect } from './options.js';
import type { ValidateFlags } from './validate.run.js';

export function registerValidate(program: Command): void {
  addInputOptions(
    program
      .command('validate')
      .description('load an export and report every record that cannot be read (file, line, reason) without scoring; exit 1 if any record is rejected')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-f, --format <spec>', 'output format, optionally format:path; repeatable (table, json; default table)', collect)
    .option('--max-warnings <n>', 'warnings to list in the table (all are counted)', '50')
    .option('-q, --quiet', 'no progress or summary lines on stderr')
    .action(async (file: string, flags: ValidateFlags) => {
      const { runValidate } = await import('./validate.run.js');
      await runValidate(file, flags);
    });
}
