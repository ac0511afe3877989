/** `ehcp-audit validate EXPORT`: load and check records without scoring them (like csvlint). */
import type { Command } from 'commander';
import { drain } from '../records/source.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { formatValidation, validationJson, type ValidationReport } from '../report/validation.js';
import { addInputOptions, asOfFrom, openSource, type InputFlags } from './common.js';

export function registerValidate(program: Command): void {
  addInputOptions(
    program
      .command('validate')
      .description('load an export and report every record that cannot be read (file, line, reason) without scoring; exit 1 if any record is rejected')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-f, --format <format...>', 'table or json, optionally format:path (repeatable)')
    .option('--max-warnings <n>', 'warnings to list in the table (all are counted)', '50')
    .action(async (file: string, flags: InputFlags & { format?: string[]; maxWarnings: string }) => {
      const asOf = asOfFrom(flags.asOf);
      const specs = parseFormatSpecs(flags.format, ['table', 'json'], 'table');
      const source = openSource(file, flags, asOf);
      await drain(source);
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
        writeOutput(spec, spec.format === 'json' ? validationJson(report) : formatValidation(report, Number(flags.maxWarnings) || 50));
      }
      process.exitCode = source.stats.rejected > 0 ? 1 : 0;
    });
}
