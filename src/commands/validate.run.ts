/** The action of `ehcp-audit validate EXPORT` (registered in validate.ts): load and check records without scoring them. */
import { drain } from '../records/source.js';
import { parseFormatSpecs, writeChunks } from '../report/output.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { validationJsonChunks, validationTextChunks, type ValidationReport } from '../report/validation.js';
import { asOfFrom, openSource, type InputFlags } from './common.js';
import { intOption } from './options.js';
import { printWarnings, progressReporter } from './terminal.js';

export interface ValidateFlags extends InputFlags {
  format?: string[];
  maxWarnings: string;
  quiet?: boolean;
}

export async function runValidate(file: string, flags: ValidateFlags): Promise<void> {
  const asOf = asOfFrom(flags.asOf);
  const specs = parseFormatSpecs(flags.format, ['table', 'json'], 'table');
  const maxWarnings = intOption('--max-warnings', flags.maxWarnings, 0, { zero: 'lists none but counts them' }) ?? 50;
  const source = openSource(file, flags, asOf);
  refuseOverwrite(specs, { export: file, mapping: source.mappingFile });
  // A national export takes a while to read: a progress line on a terminal, as audit gives.
  const progress = flags.quiet ? undefined : progressReporter();
  let n = 0;
  await drain(source, progress ? () => ++n % 1000 === 0 && progress.update(source.stats.read, source.fraction) : undefined);
  progress?.done();
  printWarnings(source.notices);
  const report: ValidationReport = {
    file: source.file,
    format: source.format ?? 'csv',
    encoding: source.encoding,
    delimiter: source.delimiter,
    mapping: source.info().mapping ?? undefined,
    asOf,
    stats: source.stats,
    rejections: source.rejections,
    warnings: source.warnings,
  };
  for (const spec of specs) {
    writeChunks(spec, spec.format === 'json' ? validationJsonChunks(report) : validationTextChunks(report, maxWarnings));
  }
  if (!flags.quiet) {
    // With every report in a file, stdout shows nothing: the summary goes to stderr, as audit's does
    // (docs QA: `validate -f json:FILE` was silent, its exit code the only sign of rejections).
    const s = source.stats;
    if (specs.every((spec) => spec.path !== undefined)) {
      process.stderr.write(`ehcp-audit: ${s.read} records read, ${s.loaded} valid, ${s.rejected} rejected, ${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}\n`);
    }
    for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} report to ${spec.path}\n`);
  }
  process.exitCode = source.stats.rejected > 0 ? 1 : 0;
}
