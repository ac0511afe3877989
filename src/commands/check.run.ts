/**
 * The action of `ehcp-audit check EXPORT` (registered in check.ts): the CI gate (docs/ci.md).
 * Exit 0 when every threshold holds, 1 when any fails, 2 for usage, config and input errors.
 * Config and flags in check/config.ts, the verdict in check/thresholds.ts and check/baseline.ts,
 * output in report/.
 */
import type { AuditReport } from '../audit/report.js';
import { prestartThreads, runAudit } from '../audit/run.js';
import { baselineRefs, compareBaseline, readBaseline } from '../check/baseline.js';
import { CONFIG_FILES, resolveGateSettings, type GateFlags, type GateSettings } from '../check/config.js';
import { countThresholds, evaluateCheck, type CheckOutcome } from '../check/thresholds.js';
import { formatCheckJson } from '../report/checkJson.js';
import { formatCheckSummary, verdictLine } from '../report/checkSummary.js';
import type { CheckFormatName } from '../report/formatNames.js';
import { formatGithubAnnotations } from '../report/githubAnnotations.js';
import { formatJunit } from '../report/junit.js';
import { parseFormatSpecs, writeChunks, type FormatSpec } from '../report/output.js';
import { mappingOf, refuseOverwrite } from '../report/overwrite.js';
import { InputError, UsageError } from '../util/errors.js';
import { logLine } from '../util/safeText.js';
import { openSource } from './common.js';
import { jobsFrom } from './options.js';
import { printRubricWarnings, printWarnings, progressReporter } from './terminal.js';

export const CHECK_FORMATS: Record<string, (o: CheckOutcome) => string | Iterable<string>> = {
  summary: formatCheckSummary,
  junit: formatJunit,
  github: formatGithubAnnotations,
  json: formatCheckJson,
} satisfies Record<CheckFormatName, (o: CheckOutcome) => string | Iterable<string>>;

/** Formats that may share stdout: line-oriented text (GitHub reads workflow commands among other lines). */
const SHARES_STDOUT = ['summary', 'github'];

export function parseCheckFormats(specs: string[] | undefined): FormatSpec[] {
  const names = Object.keys(CHECK_FORMATS);
  const list = (specs && specs.length > 0 ? specs : ['summary']).flatMap((s) => parseFormatSpecs([s], names, 'summary'));
  const toStdout = list.filter((s) => s.path === undefined);
  if (toStdout.length > 1 && toStdout.some((s) => !SHARES_STDOUT.includes(s.format))) {
    throw new UsageError('only summary and github may share stdout; give the others a path (e.g. -f junit:out/ehcp.xml -f json:out/check.json)');
  }
  // The same format twice on stdout printed it twice (every annotation doubled), as two formats
  // naming the same file would overwrite one another (refuseOverwrite): both are usage errors.
  const twice = toStdout.find((s, i) => toStdout.findIndex((t) => t.format === s.format) !== i);
  if (twice) throw new UsageError(`-f ${twice.format} is given twice for stdout, which would print it twice; give it once`);
  return list;
}

/** Score the export with the settings' rubric, map and as-of date. Nothing scored is an input error. */
export async function scoreExport(file: string, settings: GateSettings, quiet: boolean, jobs: number, watch?: ReadonlySet<string>): Promise<AuditReport> {
  const source = openSource(file, settings.input, settings.asOf);
  const progress = quiet ? undefined : progressReporter();
  const report = await runAudit({
    source,
    rubric: settings.rubric,
    asOf: settings.asOf,
    showText: false,
    where: [],
    jobs,
    // What the gate asks of every plan, collected as the plans are scored; no plan list is
    // written, so no plan's JSON line is made or spooled (a 210 MB temporary file for 100,000 plans).
    gate: watch ? { refs: watch } : {},
    plans: 'none',
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.done();
  printWarnings(source.notices);
  const r = report.input.records;
  if (r.scored === 0) {
    throw new InputError(`${file}: no plan could be scored (${r.read} records read, ${r.rejected} rejected): nothing to check; run 'ehcp-audit validate ${file}' to see why`);
  }
  return report;
}

export interface CheckFlags extends GateFlags {
  format?: string[];
  quiet?: boolean;
  jobs?: string;
}

export async function runCheck(file: string, flags: CheckFlags): Promise<void> {
  const specs = parseCheckFormats(flags.format);
  const jobs = jobsFrom(flags.jobs);
  await prestartThreads(file, flags.inputFormat, jobs);
  const settings = resolveGateSettings(flags);
  printRubricWarnings(settings.rubric);
  refuseOverwrite(specs, { export: file, mapping: mappingOf(file, settings.input), rubric: settings.rubric.files, config: settings.configFile, baseline: settings.baseline });
  if (countThresholds(settings.thresholds) === 0 && settings.baseline === null) {
    throw new UsageError(
      `no thresholds to check: put them in ${CONFIG_FILES[0]} (thresholds: min_rate, max_share, no_critical_not_met, min_mean_score, max_rejected; see docs/ci.md), pass --config FILE, give flags such as --min-rate A-child-views=0.8 --no-critical --min-mean-score 70, or compare with --baseline FILE`,
    );
  }
  const baseline = settings.baseline !== null ? readBaseline(settings.baseline) : null;
  const report = await scoreExport(file, settings, flags.quiet === true, jobs, baseline ? baselineRefs(baseline) : undefined);
  const comparison = baseline && settings.baseline !== null ? compareBaseline(report, baseline, { file: settings.baseline, tolerance: settings.tolerance }) : null;
  const outcome = evaluateCheck(report, settings.thresholds, { config: settings.configFile, baseline: comparison });

  for (const spec of specs) writeChunks(spec, CHECK_FORMATS[spec.format]!(outcome));
  // The verdict and any warnings reach stderr unless the summary (which carries them) is on stdout.
  if (!specs.some((s) => s.format === 'summary' && s.path === undefined)) {
    if (!flags.quiet) process.stderr.write(`${logLine(verdictLine(outcome))}\n`);
    for (const w of outcome.warnings) process.stderr.write(`${logLine(`warning: ${w}`)}\n`);
  }
  if (!flags.quiet) for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} to ${spec.path}\n`);
  process.exitCode = outcome.pass ? 0 : 1;
}
