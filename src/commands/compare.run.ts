/** The action of `ehcp-audit compare BASELINE.json CURRENT.json` (registered in compare.ts). */
import { compareReports, type ComparisonReport } from '../compare/compare.js';
import { readReport } from '../compare/readReport.js';
import type { VerdictThresholds } from '../compare/verdict.js';
import { formatCompareHtml } from '../report/compareHtml.js';
import { formatCompareJson } from '../report/compareJson.js';
import { formatCompareMarkdown } from '../report/compareMarkdown.js';
import { formatCompareTable } from '../report/compareTable.js';
import type { CompareFormatName } from '../report/formatNames.js';
import type { FormatContext } from '../report/index.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { UsageError } from '../util/errors.js';
import { toolInfo } from '../util/toolInfo.js';
import { intOption } from './options.js';
import { printWarnings, useColor } from './terminal.js';

export const COMPARE_FORMATS: Record<string, (r: ComparisonReport, ctx: FormatContext) => string> = {
  table: (r, ctx) => formatCompareTable(r, ctx),
  markdown: (r) => formatCompareMarkdown(r),
  json: (r) => formatCompareJson(r),
  html: (r) => formatCompareHtml(r),
} satisfies Record<CompareFormatName, (r: ComparisonReport, ctx: FormatContext) => string>;

export interface CompareFlags {
  target: string;
  minGain: string;
  minN: string;
  format?: string[];
  color?: boolean;
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

export function runCompare(baselineFile: string, currentFile: string, flags: CompareFlags): void {
  const thresholds: VerdictThresholds = {
    target: parseTarget(flags.target),
    minGain: parseMinGain(flags.minGain),
    minN: intOption('--min-n', flags.minN, 1)!,
  };
  const specs = parseFormatSpecs(flags.format, Object.keys(COMPARE_FORMATS), 'table');
  refuseOverwrite(specs, { 'baseline report': baselineFile, 'current report': currentFile });
  // Compare reads the figures and the plans' references only (the plans in both reports).
  const baseline = readReport(baselineFile, 'refs');
  const current = readReport(currentFile, 'refs');
  const report = compareReports({ baseline, current, files: { baseline: baselineFile, current: currentFile }, thresholds, tool: toolInfo() });
  const ctx = { useColor: useColor(flags.color) };
  printWarnings(report.warnings);
  for (const spec of specs) writeOutput(spec, COMPARE_FORMATS[spec.format]!(report, ctx));
  for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} comparison to ${spec.path}\n`);
  process.stderr.write(`ehcp-audit: ${report.summary.headline}\n`);
}
