/**
 * `ehcp-audit explain EXPORT --plan REF`: one plan's scorecard, every criterion with its reasons.
 * Registration only; the action (explain.run.ts) is loaded when the command runs.
 */
import type { Command } from 'commander';
import type { ExplainFlags } from './explain.run.js';
import { addInputOptions, collect } from './options.js';

export function registerExplain(program: Command): void {
  addInputOptions(
    program
      .command('explain')
      .description("one plan's scorecard: every criterion's rating and the reasons, the grade and what limited it")
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .requiredOption('-p, --plan <ref>', 'the plan reference')
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory)', 'default')
    .option('-f, --format <spec>', 'output format, optionally format:path; repeatable (table, json; default table)', collect)
    .option('--show-text', "include the child's name and quoted plan text")
    .option('-q, --quiet', 'no progress line on stderr while the plan is looked for')
    .action(async (file: string, flags: ExplainFlags) => {
      const { runExplain } = await import('./explain.run.js');
      await runExplain(file, flags);
    });
}
