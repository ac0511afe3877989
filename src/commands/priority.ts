/**
 * `ehcp-audit priority`: which plans to review first (docs/priority.md). Registration only; the
 * action (priority.run.ts) is loaded when the command runs.
 */
import type { Command } from 'commander';
import { PRIORITY_FORMATS } from '../report/formatNames.js';
import { addInputOptions, addJobsOption, collect } from './options.js';
import type { PriorityFlags } from './priority.run.js';

export function registerPriority(program: Command): void {
  const cmd = addInputOptions(
    program
      .command('priority')
      .description('list the plans to review first: the most vulnerable children, key transitions, legacy plans, reviews overdue, low grades')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-n, --top <n>', 'how many plans to list; 0 lists every plan', '20')
    .option('--weights <file>', 'priority weights (YAML) over the defaults; see rubrics/priority-weights.yaml')
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory), for grades and critical criteria', 'default')
    .option('-f, --format <spec>', `output format, optionally format:path; repeatable (${PRIORITY_FORMATS.join(', ')}; default table)`, collect)
    .option('-w, --where <expr>', 'only plans where FIELD OP VALUE holds (OP: = != < <= > >=, or ~ for a regular expression), e.g. child.district=Northmoor (repeatable); filters are printed, so a name or plan text field (child.name, a.childViews, ...) needs --show-text', collect)
    .option('--show-text', "include children's names (off by default: plans are identified by reference)")
    .option('-q, --quiet', 'no progress or summary lines on stderr');
  addJobsOption(cmd).action(async (file: string, flags: PriorityFlags) => {
    const { runPriorityCommand } = await import('./priority.run.js');
    await runPriorityCommand(file, flags);
  });
}
