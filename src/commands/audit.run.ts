/** The actions of `ehcp-audit audit` and `ehcp-audit sample` (registered in audit.ts): score plans and write the report. */
import { chooseSeed, prestartThreads, runAudit, type SampleOptions } from '../audit/run.js';
import { excelRowsWarning } from '../report/csvCell.js';
import { LIST_ONLY_FORMATS, MAIN_FORMATS, REPORT_FORMAT_PLANS, type ReportFormatName } from '../report/formatNames.js';
import { loadFormatter } from '../report/loadFormatter.js';
import { parseFormatSpecs, writeChunks, writeOutput, type FormatSpec } from '../report/output.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { loadRubric } from '../rubric/load.js';
import { DEFAULT_INCLUDE, DEFAULT_MARGIN, DEFAULT_STRATA } from '../sample/defaults.js';
import { UsageError } from '../util/errors.js';
import { asOfFrom, openSource, refuseAllRejected, warningsClause, type InputFlags } from './common.js';
import { intOption, jobsFrom } from './options.js';
import { forOutput, outputContext, printRubricWarnings, printWarnings, progressReporter } from './terminal.js';

export interface ReportFlags extends InputFlags {
  rubric: string;
  format?: string[];
  showText?: boolean;
  where?: string[];
  quiet?: boolean;
  color?: boolean;
  /** sample only: also write a blank auditor worksheet (CSV) for moderation. */
  worksheet?: string;
  /** audit only: --jobs. */
  jobs?: string;
}

export interface SampleFlags extends ReportFlags {
  size: string;
  margin?: string;
  seed?: string;
  strata?: string;
  include?: string[];
  includeDefault: boolean;
  listOnly?: boolean;
}

async function report(file: string, flags: ReportFlags, sample: SampleOptions | undefined, listOnly = false): Promise<void> {
  const asOf = asOfFrom(flags.asOf);
  const jobs = sample ? 1 : jobsFrom(flags.jobs);
  const specs: FormatSpec[] = parseFormatSpecs(flags.format, MAIN_FORMATS, 'table');
  const notListed = listOnly ? specs.find((s) => !Object.hasOwn(LIST_ONLY_FORMATS, s.format)) : undefined;
  if (notListed) throw new UsageError(`--list-only supports ${Object.keys(LIST_ONLY_FORMATS).join(', ')}, not ${notListed.format}`);
  await prestartThreads(file, flags.inputFormat, jobs);
  const rubric = loadRubric(flags.rubric);
  printRubricWarnings(rubric);
  const source = openSource(file, flags, asOf);
  refuseOverwrite([...specs, { flag: '--worksheet', path: flags.worksheet, what: 'worksheet' }], { export: file, mapping: source.mappingFile, rubric: rubric.files });
  const progress = flags.quiet ? undefined : progressReporter();
  const whereWarnings: string[] = [];
  const result = await runAudit({
    source,
    rubric,
    asOf,
    showText: flags.showText === true,
    where: flags.where ?? [],
    ...(sample ? { sample } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    jobs,
    // Only some formats (and a worksheet) list every plan (REPORT_FORMAT_PLANS); the text reports
    // list the lowest-scoring of a large audit, which need no spool (a 210 MB file for 100,000 plans).
    plans: !listOnly && flags.worksheet === undefined && specs.every((s) => REPORT_FORMAT_PLANS[s.format as ReportFormatName] !== 'all') ? 'lowest' : 'all',
    onWarning: (w) => whereWarnings.push(w),
  });
  progress?.done();
  const csvRows = !listOnly && specs.some((s) => s.format === 'csv') ? (await import('../report/csv.js')).csvRowCount(result) : 0;
  const tooLong = excelRowsWarning('the CSV report', csvRows, "narrow it with --where (child.district=..., needs.primary=...), or read it with a tool made for long files (the JSON report holds the same)");
  printWarnings([...source.notices, ...whereWarnings, ...(tooLong ? [tooLong] : [])]);
  // What Excel would change in a CSV report or the worksheet: said once, however many were written with it.
  const { ctx, printOutputWarnings } = outputContext(flags.color);
  for (const spec of specs) {
    const formatter = await loadFormatter(listOnly ? LIST_ONLY_FORMATS[spec.format]! : spec.format);
    if (!formatter) throw new Error(`no formatter for ${spec.format}`);
    writeChunks(spec, formatter(result, forOutput(ctx, spec)));
  }
  if (flags.worksheet !== undefined) {
    const { buildWorksheet } = await import('../compare/worksheet.js');
    writeOutput({ format: 'csv', path: flags.worksheet }, buildWorksheet(result, rubric.criteria.map((c) => c.def), ctx.warn));
  }
  printOutputWarnings();
  if (!flags.quiet) {
    const r = result.input.records;
    process.stderr.write(
      `ehcp-audit: ${r.read} records read, ${r.scored} ${sample ? 'sampled and scored' : 'scored'}, ${r.rejected} rejected${r.filteredOut ? `, ${r.filteredOut} filtered out` : ''}${warningsClause(r.warnings)}${sample ? `; seed ${String(sample.seed)}` : ''}\n`,
    );
    for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} report to ${spec.path}\n`);
    if (flags.worksheet !== undefined) process.stderr.write(`ehcp-audit: wrote auditor worksheet (${result.summary.plans} plans x ${rubric.criteria.length} criteria) to ${flags.worksheet}\n`);
  }
  refuseAllRejected(source.file, result.input.records, result.input.rejected);
}

/** `ehcp-audit audit EXPORT`. */
export async function runAuditCommand(file: string, flags: ReportFlags): Promise<void> {
  await report(file, flags, undefined);
}

/** `ehcp-audit sample EXPORT`. */
export async function runSampleCommand(file: string, flags: SampleFlags): Promise<void> {
  let size: number | 'auto';
  if (flags.size.trim().toLowerCase() === 'auto') size = 'auto';
  else size = intOption('--size', flags.size, 1, { or: "'auto'" })!;
  // --margin sets the size only with --size auto: with a fixed size it would be ignored, so it is refused.
  if (flags.margin !== undefined && size !== 'auto') throw new UsageError(`--margin ${flags.margin} applies only with --size auto (the sample size is ${size})`);
  const margin = flags.margin ?? String(DEFAULT_MARGIN);
  const marginPts = Number(margin);
  if (!(marginPts > 0 && marginPts < 50)) throw new UsageError(`--margin must be between 0 and 50 percentage points (got '${margin}')`);
  // An empty or blank value (--seed "$SEED" with SEED unset) would be a fixed seed nobody chose.
  if (flags.seed !== undefined && flags.seed.trim() === '') {
    throw new UsageError(`--seed '${flags.seed}': give a number or a word (e.g. --seed 2026), or leave the option out to have one chosen and printed`);
  }
  const seed = flags.seed === undefined ? chooseSeed() : /^\d{1,15}$/.test(flags.seed.trim()) ? Number(flags.seed.trim()) : flags.seed;
  if (flags.seed === undefined && !flags.quiet) process.stderr.write(`ehcp-audit: no --seed given; using seed ${seed} (pass --seed ${seed} to draw this sample again)\n`);
  if (flags.strata !== undefined && flags.strata.split(',').every((s) => s.trim() === '')) {
    throw new UsageError(`--strata '${flags.strata}': give field paths separated by commas (e.g. phase,needs.primary), or none for a simple random sample`);
  }
  const strata = flags.strata === undefined ? DEFAULT_STRATA : flags.strata.trim() === 'none' ? [] : flags.strata.split(',').map((s) => s.trim()).filter(Boolean);
  const include = [...(flags.includeDefault ? DEFAULT_INCLUDE : []), ...(flags.include ?? [])];
  await report(file, flags, { size, margin: marginPts / 100, seed, strata, include: [...new Set(include)] }, flags.listOnly === true);
}
