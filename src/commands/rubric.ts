/**
 * `ehcp-audit rubric validate|show FILE`: check a rubric and list its criteria. Registration
 * only; the actions (rubric.run.ts) are loaded when a subcommand runs.
 */
import type { Command } from 'commander';

export function registerRubric(program: Command): void {
  const rubric = program.command('rubric').description('check a rubric file or list its criteria');
  rubric
    .command('validate')
    .description('check a rubric (and everything it extends); every problem is listed with file:line:col')
    .argument('[file]', 'rubric file or shipped name', 'default')
    .action(async (file: string) => {
      const { runRubricValidate } = await import('./rubric.run.js');
      runRubricValidate(file);
    });
  rubric
    .command('show')
    .description('list the criteria of a rubric: id, section, severity, weight, source')
    .argument('[file]', 'rubric file or shipped name', 'default')
    .option('--json', 'as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const { runRubricShow } = await import('./rubric.run.js');
      runRubricShow(file, flags);
    });
}
