/** The action of `ehcp-audit compare BASELINE.json CURRENT.json` (registered in compare.ts). */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { AuditReport } from '../audit/report.js';
import { compareReports, type ComparisonReport } from '../compare/compare.js';
import { planRefs, readReport } from '../compare/readReport.js';
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
import { forOutput, printWarnings, useColor } from './terminal.js';

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

/** True when two files hold the same bytes (read a block at a time: a report may be hundreds of MB). */
function sameBytes(a: string, b: string): boolean {
  const fa = openSync(a, 'r');
  try {
    const fb = openSync(b, 'r');
    try {
      const ba = Buffer.alloc(1 << 20);
      const bb = Buffer.alloc(1 << 20);
      for (;;) {
        const na = readSync(fa, ba, 0, ba.length, null);
        const nb = readSync(fb, bb, 0, bb.length, null);
        if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
        if (na === 0) return true;
      }
    } finally {
      closeSync(fb);
    }
  } finally {
    closeSync(fa);
  }
}

/**
 * Comparing a report with itself (one path twice, a link to it, or a copy) would find every
 * criterion unchanged and, by the target alone, "sufficient progress": refused as a usage error.
 * A file that cannot be read is left to readReport, which says why.
 */
export function refuseSameReport(baselineFile: string, currentFile: string): void {
  let same: 'file' | 'bytes' | null = null;
  try {
    const a = statSync(baselineFile);
    const b = statSync(currentFile);
    if (!a.isFile() || !b.isFile()) return;
    // One file by any path (the same path, ./path, a link): stat follows links to it.
    if (a.dev === b.dev && a.ino === b.ino) same = 'file';
    else if (a.size === b.size && sameBytes(baselineFile, currentFile)) same = 'bytes';
  } catch {
    return;
  }
  if (same === 'file') {
    throw new UsageError(`${baselineFile} and ${currentFile} are the same file: give the baseline report first and a later audit's report second`);
  }
  if (same === 'bytes') {
    throw new UsageError(`${baselineFile} and ${currentFile} are the same report (identical contents): give the baseline report first and a later audit's report second`);
  }
}

/** The file name in a recorded path (either separator; a shipped '(ehcp-audit) rubrics/x.yaml' too). */
function fileName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/**
 * What makes two reports one audit, whatever the paths they record were spelt as: reports record
 * the export as it was given (`fixtures/x.csv`, `./fixtures/x.csv`, an absolute path, or relative
 * to another working folder), so every recorded export, mapping and plan path counts by its file
 * name alone. The rest must be equal: records read and rejected (where), rubric (its content
 * fingerprint where both have one, else id, version and file names), as-of date, options, sample,
 * every figure (summary, criteria, breakdowns, findings) and the plans' references in order. Two
 * different exports of one file name agree in all of that only if they hold the same plans with
 * the same results in every criterion and group, which a comparison could only call unchanged.
 * (The plans' own results are not read: compare reads references only, and a report read from a
 * pipe cannot be read again.)
 */
function auditIdentity(r: AuditReport): string {
  const { files, fingerprint, ...rubric } = r.rubric;
  const rubricKey = typeof fingerprint === 'string' ? { ...rubric, fingerprint } : { ...rubric, files: Array.isArray(files) ? files.map((f) => (typeof f === 'string' ? fileName(f) : f)) : files };
  const parts = [r.input, rubricKey, r.asOf, r.options, r.sample, r.summary, r.criteria, r.breakdowns, r.findings, planRefs(r)];
  // input.files[].path and .mapping, input.rejected[].file, sample.picks[].file.
  return JSON.stringify(parts, (key, value: unknown) => ((key === 'path' || key === 'mapping' || key === 'file') && typeof value === 'string' ? fileName(value) : value));
}

/**
 * The same audit under two names that the file checks miss: reformatted (a JSON pretty-printer),
 * read through a pipe (`<(cat a.json)`), run twice on the same day, or run on one export given by
 * two spellings of its path (auditIdentity). Comparing it with itself can only find no change.
 */
function refuseSameAudit(baselineFile: string, baseline: AuditReport, currentFile: string, current: AuditReport): void {
  if (auditIdentity(baseline) === auditIdentity(current)) {
    throw new UsageError(`${baselineFile} and ${currentFile} are reports of the same audit (the same export, as-of date, rubric and figures): give the baseline report first and a later audit's report second`);
  }
}

export function runCompare(baselineFile: string, currentFile: string, flags: CompareFlags): void {
  const thresholds: VerdictThresholds = {
    target: parseTarget(flags.target),
    minGain: parseMinGain(flags.minGain),
    minN: intOption('--min-n', flags.minN, 1)!,
  };
  const specs = parseFormatSpecs(flags.format, Object.keys(COMPARE_FORMATS), 'table');
  refuseOverwrite(specs, { 'baseline report': baselineFile, 'current report': currentFile });
  refuseSameReport(baselineFile, currentFile);
  // Compare reads the figures and the plans' references only (the plans in both reports).
  const baseline = readReport(baselineFile, 'refs');
  const current = readReport(currentFile, 'refs');
  refuseSameAudit(baselineFile, baseline, currentFile, current);
  const report = compareReports({ baseline, current, files: { baseline: baselineFile, current: currentFile }, thresholds, tool: toolInfo() });
  const ctx = { useColor: useColor(flags.color) };
  printWarnings(report.warnings);
  for (const spec of specs) writeOutput(spec, COMPARE_FORMATS[spec.format]!(report, forOutput(ctx, spec)));
  for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} comparison to ${spec.path}\n`);
  process.stderr.write(`ehcp-audit: ${report.summary.headline}\n`);
}
