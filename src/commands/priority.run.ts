/** The action of `ehcp-audit priority` (registered in priority.ts): which plans to review first (docs/priority.md). */
import { listedCount, runPriority } from '../priority/rank.js';
import { loadWeights } from '../priority/weights.js';
import { priorityChunks, PRIORITY_FORMATS, type PriorityFormat } from '../report/priority.js';
import { excelRowsWarning } from '../report/csvCell.js';
import { parseFormatSpecs, writeChunks } from '../report/output.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { loadRubric } from '../rubric/load.js';
import { asOfFrom, openSource, refuseAllRejected, warningsClause, type InputFlags } from './common.js';
import { intOption, jobsFrom } from './options.js';
import { prestartThreads } from '../audit/run.js';
import { forOutput, outputContext, printRubricWarnings, printWarnings, progressReporter } from './terminal.js';

export interface PriorityFlags extends InputFlags {
  top: string;
  weights?: string;
  rubric: string;
  format?: string[];
  where?: string[];
  showText?: boolean;
  quiet?: boolean;
  color?: boolean;
  jobs?: string;
}

export async function runPriorityCommand(file: string, flags: PriorityFlags): Promise<void> {
  const asOf = asOfFrom(flags.asOf);
  const specs = parseFormatSpecs(flags.format, PRIORITY_FORMATS, 'table');
  const top = intOption('--top', flags.top, 0, { zero: 'lists every plan' })!;
  const jobs = jobsFrom(flags.jobs);
  // Threads for a large file load while the rubric and weights do (audit/run.ts prestartThreads).
  await prestartThreads(file, flags.inputFormat, jobs);
  const rubric = loadRubric(flags.rubric);
  printRubricWarnings(rubric);
  const { file: weightsFile, weights } = loadWeights(flags.weights, { grades: rubric.grades.bands.map((b) => b.name) });
  const source = openSource(file, flags, asOf);
  refuseOverwrite(specs, { export: file, mapping: source.mappingFile, rubric: rubric.files, 'weights file': weightsFile });
  const progress = flags.quiet ? undefined : progressReporter();
  const whereWarnings: string[] = [];
  const report = await runPriority({
    source,
    rubric,
    asOf,
    weights,
    weightsFile,
    where: flags.where ?? [],
    top,
    showText: flags.showText === true,
    jobs,
    ...(progress ? { onProgress: progress.update } : {}),
    onWarning: (w) => whereWarnings.push(w),
  });
  progress?.done();
  const tooLong = specs.some((s) => s.format === 'csv') ? excelRowsWarning('the CSV list', listedCount(report) + 1, 'list fewer with --top N or --where') : undefined;
  printWarnings([...source.notices, ...whereWarnings, ...(tooLong ? [tooLong] : []), ...unweightedGrades(rubric.grades.bands.map((b) => b.name), weights.quality.grades)]);
  // What Excel would change in a CSV list: said once, however many were written.
  const { ctx, printOutputWarnings } = outputContext(flags.color);
  for (const spec of specs) writeChunks(spec, priorityChunks(spec.format as PriorityFormat, report, forOutput(ctx, spec)));
  printOutputWarnings();
  if (!flags.quiet) {
    const r = report.input.records;
    process.stderr.write(
      `ehcp-audit: ${r.read} records read, ${r.scored} ranked, ${r.rejected} rejected${r.filteredOut ? `, ${r.filteredOut} filtered out` : ''}${r.ceased ? `, ${r.ceased} ceased` : ''}${warningsClause(r.warnings)}; listed ${listedCount(report)}\n`,
    );
    for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} list to ${spec.path}\n`);
  }
  refuseAllRejected(source.file, report.input.records, report.input.rejected);
}

/**
 * A rubric whose grades have other names than the default's (Exemplary, Weak) gets no points for
 * a low grade unless the weights file gives them (docs/priority.md): said once, not left to be
 * noticed in the list.
 */
export function unweightedGrades(grades: readonly string[], points: Readonly<Record<string, number>>): string[] {
  if (grades.some((g) => (points[g] ?? 0) > 0)) return [];
  return [
    `no grade of the rubric (${grades.join(', ')}) has points in the priority weights, so a low grade adds nothing to a plan's priority: give the low grades points under factors.quality.grades in a weights file (--weights FILE; docs/priority.md)`,
  ];
}
