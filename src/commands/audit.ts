/** `ehcp-audit audit` and `ehcp-audit sample`: score plans and write the report in one or more formats. */
import type { Command } from 'commander';
import { chooseSeed, DEFAULT_STRATA, runAudit, type SampleOptions } from '../audit/run.js';
import { buildWorksheet } from '../compare/worksheet.js';
import { REPORT_FORMATS } from '../report/index.js';
import { parseFormatSpecs, writeChunks, writeOutput, type FormatSpec } from '../report/output.js';
import { loadRubric } from '../rubric/load.js';
import { DEFAULT_INCLUDE } from '../sample/groups.js';
import { UsageError } from '../util/errors.js';
import { addInputOptions, asOfFrom, collect, intOption, openSource, type InputFlags } from './common.js';
import { progressReporter, useColor } from './terminal.js';

interface ReportFlags extends InputFlags {
  rubric: string;
  format?: string[];
  showText?: boolean;
  where?: string[];
  quiet?: boolean;
  color?: boolean;
  /** sample only: also write a blank auditor worksheet (CSV) for moderation. */
  worksheet?: string;
}

interface SampleFlags extends ReportFlags {
  size: string;
  margin: string;
  seed?: string;
  strata?: string;
  include?: string[];
  includeDefault: boolean;
  listOnly?: boolean;
}

/** Formats a report can be written in (sample-list / sample-json serve --list-only). */
const MAIN_FORMATS = Object.keys(REPORT_FORMATS).filter((f) => !f.startsWith('sample-'));

function addReportOptions(cmd: Command): Command {
  return addInputOptions(cmd)
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory)', 'default')
    .option('-f, --format <spec>', `report format, optionally format:path; repeatable (${MAIN_FORMATS.join(', ')}; default table)`, collect)
    .option('-w, --where <expr>', 'only plans where FIELD OP VALUE holds, e.g. child.district=Northmoor, dates.finalIssued>=01/01/2024 (repeatable)', collect)
    .option('--show-text', "include children's names and quoted plan text in the report (off by default: plans are identified by reference)")
    .option('-q, --quiet', 'no progress or summary lines on stderr');
}

async function report(file: string, flags: ReportFlags, sample: SampleOptions | undefined, listOnly = false): Promise<void> {
  const asOf = asOfFrom(flags.asOf);
  const specs: FormatSpec[] = parseFormatSpecs(flags.format, MAIN_FORMATS, 'table');
  const rubric = loadRubric(flags.rubric);
  const source = openSource(file, flags, asOf);
  const progress = flags.quiet ? undefined : progressReporter();
  const result = await runAudit({
    source,
    rubric,
    asOf,
    showText: flags.showText === true,
    where: flags.where ?? [],
    ...(sample ? { sample } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.done();
  const ctx = { useColor: useColor(flags.color) };
  for (const spec of specs) {
    const fmt = listOnly ? (spec.format === 'json' ? 'sample-json' : 'sample-list') : spec.format;
    const formatter = REPORT_FORMATS[fmt];
    if (!formatter) throw new UsageError(`--list-only supports table, csv, markdown and json, not ${spec.format}`);
    writeChunks(spec, formatter(result, ctx));
  }
  if (flags.worksheet !== undefined) writeOutput({ format: 'csv', path: flags.worksheet }, buildWorksheet(result, rubric.criteria.map((c) => c.def)));
  if (!flags.quiet) {
    const r = result.input.records;
    process.stderr.write(
      `ehcp-audit: ${r.read} records read, ${r.scored} ${sample ? 'sampled and scored' : 'scored'}, ${r.rejected} rejected${r.filteredOut ? `, ${r.filteredOut} filtered out` : ''}${sample ? `; seed ${String(sample.seed)}` : ''}\n`,
    );
    for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} report to ${spec.path}\n`);
    if (flags.worksheet !== undefined) process.stderr.write(`ehcp-audit: wrote auditor worksheet (${result.plans.length} plans x ${rubric.criteria.length} criteria) to ${flags.worksheet}\n`);
  }
}

export function registerAudit(program: Command): void {
  addReportOptions(
    program
      .command('audit')
      .description('score every plan in an export against the rubric and report the whole population')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  ).action(async (file: string, flags: ReportFlags) => report(file, flags, undefined));

  addReportOptions(
    program
      .command('sample')
      .description('draw a seeded, stratified audit sample (as inspectors do), score it and report it')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-n, --size <n>', "sample size, or 'auto' for a +/- margin at 95% confidence", '20')
    .option('--margin <points>', 'with --size auto: margin of error in percentage points', '10')
    .option('-s, --seed <seed>', 'seed for the random draw (a number or a word); without it one is chosen and printed')
    .option('--strata <fields>', `comma-separated fields to stratify by (default: ${DEFAULT_STRATA.join(',')}; 'none' for a simple random sample)`)
    .option('-i, --include <group>', `guarantee at least one plan from this group when it exists (repeatable; default: ${DEFAULT_INCLUDE.join(', ')}); a --where style expression also works`, collect)
    .option('--no-include-default', 'do not guarantee the default groups')
    .option('--worksheet <file>', 'also write a blank auditor worksheet (CSV, one row per plan x criterion) for moderation; see docs/moderation.md')
    .option('--list-only', 'write only the sample (references, where each is in the export, and why it was picked) for human auditors')
    .action(async (file: string, flags: SampleFlags) => {
      let size: number | 'auto';
      if (flags.size.trim().toLowerCase() === 'auto') size = 'auto';
      else size = intOption('--size', flags.size, 1)!;
      const marginPts = Number(flags.margin);
      if (!(marginPts > 0 && marginPts < 50)) throw new UsageError(`--margin must be between 0 and 50 percentage points (got '${flags.margin}')`);
      const seed = flags.seed === undefined ? chooseSeed() : /^\d{1,15}$/.test(flags.seed.trim()) ? Number(flags.seed.trim()) : flags.seed;
      if (flags.seed === undefined && !flags.quiet) process.stderr.write(`ehcp-audit: no --seed given; using seed ${seed} (pass --seed ${seed} to draw this sample again)\n`);
      const strata = flags.strata === undefined ? DEFAULT_STRATA : flags.strata.trim() === 'none' ? [] : flags.strata.split(',').map((s) => s.trim()).filter(Boolean);
      const include = [...(flags.includeDefault ? DEFAULT_INCLUDE : []), ...(flags.include ?? [])];
      await report(file, flags, { size, margin: marginPts / 100, seed, strata, include: [...new Set(include)] }, flags.listOnly === true);
    });
}
