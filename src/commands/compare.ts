/** `ehcp-audit compare BASELINE.json CURRENT.json`: has sufficient progress been made, criterion by criterion? */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareReports, type ComparisonReport } from '../compare/compare.js';
import { readReport } from '../compare/readReport.js';
import { DEFAULT_THRESHOLDS, type VerdictThresholds } from '../compare/verdict.js';
import { formatCompareHtml } from '../report/compareHtml.js';
import { formatCompareJson } from '../report/compareJson.js';
import { formatCompareMarkdown } from '../report/compareMarkdown.js';
import { formatCompareTable } from '../report/compareTable.js';
import type { FormatContext } from '../report/index.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { UsageError } from '../util/errors.js';
import { packageRoot } from '../util/paths.js';
import { collect, intOption } from './common.js';
import { useColor } from './terminal.js';

export const COMPARE_FORMATS: Record<string, (r: ComparisonReport, ctx: FormatContext) => string> = {
  table: (r, ctx) => formatCompareTable(r, ctx),
  markdown: (r) => formatCompareMarkdown(r),
  json: (r) => formatCompareJson(r),
  html: (r) => formatCompareHtml(r),
};

interface CompareFlags {
  target: string;
  minGain: string;
  minN: string;
  format?: string[];
  color?: boolean;
}

export function toolInfo(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: string };
    return { name: 'ehcp-audit', version: pkg.version ?? '0' };
  } catch {
    return { name: 'ehcp-audit', version: '0' };
  }
}

/** --target: a proportion (0.8) or a percentage (80%). */
export function parseTarget(raw: string): number {
  const s = raw.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(s);
  const v = pct ? Number(pct[1]) / 100 : /^\d*\.?\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!(v > 0 && v <= 1)) throw new UsageError(`--target must be a rate above 0 and at most 1, e.g. 0.8 or 80% (got '${raw}')`);
  return v;
}

export function parseMinGain(raw: string): number {
  const s = raw.trim();
  const v = /^\d*\.?\d+$/.test(s) ? Number(s) : Number.NaN;
  if (!(v >= 0 && v <= 100)) throw new UsageError(`--min-gain must be a number of percentage points from 0 to 100 (got '${raw}')`);
  return v;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare a current audit with a baseline: has sufficient progress been made, criterion by criterion? (docs/compare.md)')
    .argument('<baseline>', 'the baseline report (JSON from audit or sample -f json:FILE)')
    .argument('<current>', 'the current report (JSON)')
    .option('--target <rate>', 'a current rate at or above this is sufficient on its own (0.8 or 80%)', String(DEFAULT_THRESHOLDS.target))
    .option('--min-gain <points>', 'otherwise a rise of at least this many percentage points, with a 95% interval above zero, is sufficient', String(DEFAULT_THRESHOLDS.minGain))
    .option('--min-n <plans>', 'fewest applicable plans on each side to judge a criterion', String(DEFAULT_THRESHOLDS.minN))
    .option('-f, --format <spec>', `output format, optionally format:path; repeatable (${Object.keys(COMPARE_FORMATS).join(', ')})`, collect)
    .action((baselineFile: string, currentFile: string, flags: CompareFlags) => {
      const thresholds: VerdictThresholds = {
        target: parseTarget(flags.target),
        minGain: parseMinGain(flags.minGain),
        minN: intOption('--min-n', flags.minN, 1)!,
      };
      const specs = parseFormatSpecs(flags.format, Object.keys(COMPARE_FORMATS), 'table');
      const baseline = readReport(baselineFile);
      const current = readReport(currentFile);
      const report = compareReports({ baseline, current, files: { baseline: baselineFile, current: currentFile }, thresholds, tool: toolInfo() });
      const ctx = { useColor: useColor(flags.color) };
      for (const w of report.warnings) process.stderr.write(`ehcp-audit: warning: ${w}\n`);
      for (const spec of specs) writeOutput(spec, COMPARE_FORMATS[spec.format]!(report, ctx));
      for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} comparison to ${spec.path}\n`);
      process.stderr.write(`ehcp-audit: ${report.summary.headline}\n`);
    });
}
