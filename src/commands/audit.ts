/**
 * `ehcp-audit audit` and `ehcp-audit sample`: score plans and write the report in one or more
 * formats. Registration only; the actions (audit.run.ts) are loaded when the command runs.
 */
import type { Command } from 'commander';
import { MAIN_FORMATS } from '../report/formatNames.js';
import { DEFAULT_INCLUDE, DEFAULT_MARGIN, DEFAULT_STRATA } from '../sample/defaults.js';
import type { ReportFlags, SampleFlags } from './audit.run.js';
import { addInputOptions, addJobsOption, collect } from './options.js';

function addReportOptions(cmd: Command): Command {
  return addInputOptions(cmd)
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory)', 'default')
    .option('-f, --format <spec>', `report format, optionally format:path; repeatable (${MAIN_FORMATS.join(', ')}; default table)`, collect)
    .option('-w, --where <expr>', "only plans where FIELD OP VALUE holds (OP: = != < <= > >=, or ~ for a regular expression), e.g. child.district=Northmoor, dates.finalIssued>=01/01/2024 (dates as dd/mm/yyyy; an extra.<column> date is read in the export's date format; repeatable); filters are printed, so a name or plan text field (child.name, a.childViews, ...) needs --show-text", collect)
    .option('--show-text', "include children's names and quoted plan text in the report (off by default: plans are identified by reference)")
    .option('-q, --quiet', 'no progress or summary lines on stderr');
}

export function registerAudit(program: Command): void {
  addJobsOption(
    addReportOptions(
      program
        .command('audit')
        .description('score every plan in an export against the rubric and report the whole population')
        .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
    ),
  ).action(async (file: string, flags: ReportFlags) => {
    const { runAuditCommand } = await import('./audit.run.js');
    await runAuditCommand(file, flags);
  });

  addReportOptions(
    program
      .command('sample')
      .description('draw a seeded, stratified audit sample (as inspectors do), score it and report it')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-n, --size <n>', "sample size, or 'auto' for a +/- margin at 95% confidence", '20')
    .option('--margin <points>', `with --size auto: margin of error in percentage points (default: ${DEFAULT_MARGIN})`)
    .option('-s, --seed <seed>', 'seed for the random draw (a number or a word); without it one is chosen and printed')
    .option('--strata <fields>', `comma-separated fields to stratify by (default: ${DEFAULT_STRATA.join(',')}; 'none' for a simple random sample); strata are printed, so a name or plan text field (child.name, a.childViews, ...) needs --show-text`)
    .option('-i, --include <group>', `guarantee at least one plan from this group when it exists (repeatable; default: ${DEFAULT_INCLUDE.join(', ')}); a --where style expression also works (printed, so a name or plan text field needs --show-text)`, collect)
    .option('--no-include-default', 'do not guarantee the default groups')
    .option('--worksheet <file>', 'also write a blank auditor worksheet (CSV, one row per plan x criterion) for moderation; see docs/moderation.md')
    .option('--list-only', 'write only the sample (references, where each is in the export, and why it was picked) for human auditors: table, csv (a row per pick), markdown or json')
    .action(async (file: string, flags: SampleFlags) => {
      const { runSampleCommand } = await import('./audit.run.js');
      await runSampleCommand(file, flags);
    });
}
