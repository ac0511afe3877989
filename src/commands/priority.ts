/** `ehcp-audit priority`: which plans to review first (docs/priority.md). Wiring only. */
import type { Command } from 'commander';
import { runPriority } from '../priority/rank.js';
import { loadWeights } from '../priority/weights.js';
import { formatPriority, PRIORITY_FORMATS, type PriorityFormat } from '../report/priority.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { loadRubric } from '../rubric/load.js';
import { addInputOptions, asOfFrom, collect, intOption, openSource, type InputFlags } from './common.js';
import { progressReporter, useColor } from './terminal.js';

interface PriorityFlags extends InputFlags {
  top: string;
  weights?: string;
  rubric: string;
  format?: string[];
  where?: string[];
  showText?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export function registerPriority(program: Command): void {
  addInputOptions(
    program
      .command('priority')
      .description('list the plans to review first: the most vulnerable children, key transitions, legacy plans, reviews overdue, low grades')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-n, --top <n>', 'how many plans to list; 0 lists every plan', '20')
    .option('--weights <file>', 'priority weights (YAML) over the defaults; see rubrics/priority-weights.yaml')
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory), for grades and critical criteria', 'default')
    .option('-f, --format <spec>', `output format, optionally format:path; repeatable (${PRIORITY_FORMATS.join(', ')})`, collect)
    .option('-w, --where <expr>', 'only plans where FIELD OP VALUE holds, e.g. child.district=Northmoor (repeatable)', collect)
    .option('--show-text', "include children's names (off by default: plans are identified by reference)")
    .option('-q, --quiet', 'no progress or summary lines on stderr')
    .action(async (file: string, flags: PriorityFlags) => {
      const asOf = asOfFrom(flags.asOf);
      const specs = parseFormatSpecs(flags.format, PRIORITY_FORMATS, 'table');
      const top = intOption('--top', flags.top, 0)!;
      const rubric = loadRubric(flags.rubric);
      const { file: weightsFile, weights } = loadWeights(flags.weights, { grades: rubric.grades.bands.map((b) => b.name) });
      const source = openSource(file, flags, asOf);
      const progress = flags.quiet ? undefined : progressReporter();
      const report = await runPriority({
        source,
        rubric,
        asOf,
        weights,
        weightsFile,
        where: flags.where ?? [],
        top,
        showText: flags.showText === true,
        ...(progress ? { onProgress: progress.update } : {}),
      });
      progress?.done();
      const ctx = { useColor: useColor(flags.color) };
      for (const spec of specs) writeOutput(spec, formatPriority(spec.format as PriorityFormat, report, ctx));
      if (!flags.quiet) {
        const r = report.input.records;
        process.stderr.write(
          `ehcp-audit: ${r.read} records read, ${r.scored} ranked, ${r.rejected} rejected${r.filteredOut ? `, ${r.filteredOut} filtered out` : ''}${r.ceased ? `, ${r.ceased} ceased` : ''}; listed ${report.rows.length}\n`,
        );
        for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} list to ${spec.path}\n`);
      }
    });
}
