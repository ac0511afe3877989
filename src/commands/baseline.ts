/**
 * `ehcp-audit baseline write EXPORT [-o FILE]`: record each criterion's rate and the plans failing
 * critical criteria, for `check --baseline FILE` (docs/ci.md). Wiring only: check/baseline.ts.
 */
import type { Command } from 'commander';
import { buildBaseline, DEFAULT_BASELINE_FILE, formatBaseline } from '../check/baseline.js';
import { CONFIG_FILES, resolveGateSettings, type GateFlags } from '../check/config.js';
import { ukDate } from '../records/dates.js';
import { writeOutput } from '../report/output.js';
import { scoreExport } from './check.js';
import { addInputOptions } from './common.js';

interface BaselineFlags extends GateFlags {
  output?: string;
  quiet?: boolean;
}

export function registerBaseline(program: Command): void {
  const cmd = program.command('baseline').description('record the current quality as a baseline, so check fails only on regressions');
  addInputOptions(
    cmd
      .command('write')
      .description('score the export and write the baseline: rate per criterion, plans failing critical criteria (JSON)')
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .option('-o, --output <file>', `where to write it; - for stdout (default: the config's baseline, else ${DEFAULT_BASELINE_FILE})`)
    .option('-c, --config <file>', `check config (YAML) for map, rubric and as_of; default: ${CONFIG_FILES[0]} in the working directory, if present`)
    .option('--no-config', `ignore any ${CONFIG_FILES[0]} in the working directory`)
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name (default, statutory); overrides the config (default: default)')
    .option('-q, --quiet', 'nothing on stderr but errors')
    .action(async (file: string, flags: BaselineFlags) => {
      const settings = resolveGateSettings(flags);
      const report = await scoreExport(file, settings, flags.quiet === true);
      const baseline = buildBaseline(report);
      const out = flags.output ?? settings.baseline ?? DEFAULT_BASELINE_FILE;
      writeOutput(out === '-' ? { format: 'json' } : { format: 'json', path: out }, formatBaseline(baseline));
      if (!flags.quiet) {
        const failing = Object.keys(baseline.failingPlans).length;
        process.stderr.write(
          `ehcp-audit baseline: wrote ${out === '-' ? 'the baseline to stdout' : out}: ${Object.keys(baseline.criteria).length} criterion rates over ${baseline.input.plans} plans, ${failing} plan${failing === 1 ? '' : 's'} failing a critical criterion (rubric ${baseline.rubric.id} ${baseline.rubric.version}, as of ${ukDate(baseline.asOf)})\n`,
        );
      }
    });
}
