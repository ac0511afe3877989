/** The action of `ehcp-audit baseline write` (registered in baseline.ts). Wiring only: check/baseline.ts. */
import { buildBaseline, DEFAULT_BASELINE_FILE, formatBaseline } from '../check/baseline.js';
import { resolveGateSettings, type GateFlags } from '../check/config.js';
import { printRubricWarnings } from './terminal.js';
import { ukDate } from '../records/dates.js';
import { writeOutput } from '../report/output.js';
import { mappingOf, refuseOverwrite } from '../report/overwrite.js';
import { prestartThreads } from '../audit/run.js';
import { scoreExport } from './check.run.js';
import { jobsFrom } from './options.js';

export interface BaselineFlags extends GateFlags {
  output?: string;
  quiet?: boolean;
  jobs?: string;
}

export async function runBaselineWrite(file: string, flags: BaselineFlags): Promise<void> {
  const jobs = jobsFrom(flags.jobs);
  await prestartThreads(file, flags.inputFormat, jobs);
  const settings = resolveGateSettings(flags);
  printRubricWarnings(settings.rubric);
  const out = flags.output ?? settings.baseline ?? DEFAULT_BASELINE_FILE;
  refuseOverwrite([{ flag: flags.output !== undefined ? '-o' : undefined, path: out, what: 'baseline' }], { export: file, mapping: mappingOf(file, settings.input), rubric: settings.rubric.files, config: settings.configFile });
  const report = await scoreExport(file, settings, flags.quiet === true, jobs);
  const baseline = buildBaseline(report);
  writeOutput(out === '-' ? { format: 'json' } : { format: 'json', path: out }, formatBaseline(baseline));
  if (!flags.quiet) {
    const failing = Object.keys(baseline.failingPlans).length;
    process.stderr.write(
      `ehcp-audit baseline: wrote ${out === '-' ? 'the baseline to stdout' : out}: ${Object.keys(baseline.criteria).length} criterion rates over ${baseline.input.plans} plans, ${failing} plan${failing === 1 ? '' : 's'} failing a critical criterion (rubric ${baseline.rubric.id} ${baseline.rubric.version}, as of ${ukDate(baseline.asOf)})\n`,
    );
  }
}
