/** The action of `ehcp-audit validate EXPORT` (registered in validate.ts): load and check records without scoring them. */
import { drain } from '../records/source.js';
import { parseFormatSpecs, writeChunks } from '../report/output.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { validationJsonChunks, validationTextChunks, type ValidationReport } from '../report/validation.js';
import { asOfFrom, openSource, type InputFlags } from './common.js';
import { intOption } from './options.js';
import { printWarnings } from './terminal.js';

export interface ValidateFlags extends InputFlags {
  format?: string[];
  maxWarnings: string;
}

export async function runValidate(file: string, flags: ValidateFlags): Promise<void> {
  const asOf = asOfFrom(flags.asOf);
  const specs = parseFormatSpecs(flags.format, ['table', 'json'], 'table');
  const maxWarnings = intOption('--max-warnings', flags.maxWarnings) ?? 50;
  const source = openSource(file, flags, asOf);
  refuseOverwrite(specs, { export: file, mapping: source.mappingFile });
  await drain(source);
  printWarnings(source.notices);
  const report: ValidationReport = {
    file: source.file,
    format: source.format ?? 'csv',
    encoding: source.encoding,
    delimiter: source.delimiter,
    mapping: source.mappingFile,
    asOf,
    stats: source.stats,
    rejections: source.rejections,
    warnings: source.warnings,
  };
  for (const spec of specs) {
    writeChunks(spec, spec.format === 'json' ? validationJsonChunks(report) : validationTextChunks(report, maxWarnings));
  }
  process.exitCode = source.stats.rejected > 0 ? 1 : 0;
}
