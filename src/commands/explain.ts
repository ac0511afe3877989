/** `ehcp-audit explain EXPORT --plan REF`: one plan's scorecard, every criterion with its reasons. */
import type { Command } from 'commander';
import { dayNumber } from '../records/dates.js';
import { loadRubric } from '../rubric/load.js';
import { scorePlan } from '../rubric/score.js';
import { formatScorecard, scorecardJson } from '../report/scorecard.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { InputError } from '../util/errors.js';
import { addInputOptions, asOfFrom, openSource, type InputFlags } from './common.js';
import { useColor } from './terminal.js';

export function registerExplain(program: Command): void {
  addInputOptions(
    program
      .command('explain')
      .description("one plan's scorecard: every criterion's rating and the reasons, the grade and what limited it")
      .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin'),
  )
    .requiredOption('-p, --plan <ref>', 'the plan reference')
    .option('-r, --rubric <file>', 'rubric file, or a shipped rubric name', 'default')
    .option('-f, --format <spec...>', 'table or json, optionally format:path')
    .option('--show-text', "include the child's name and quoted plan text")
    .action(async (file: string, flags: InputFlags & { plan: string; rubric: string; format?: string[]; showText?: boolean; color?: boolean }) => {
      const asOf = asOfFrom(flags.asOf);
      const specs = parseFormatSpecs(flags.format, ['table', 'json'], 'table');
      const rubric = loadRubric(flags.rubric);
      const source = openSource(file, flags, asOf);
      for await (const loaded of source.records()) {
        if (loaded.record.ref !== flags.plan) continue;
        const card = scorePlan(rubric, loaded.record, { asOf, asOfDay: dayNumber(asOf) });
        const input = { rubric, loaded, card, asOf, showText: flags.showText === true };
        for (const spec of specs) writeOutput(spec, spec.format === 'json' ? scorecardJson(input) : formatScorecard(input, useColor(flags.color)));
        return;
      }
      const rejected = source.rejections.find((r) => r.ref === flags.plan);
      if (rejected) throw new InputError(`plan '${flags.plan}' (${rejected.file}:${rejected.line}) was rejected: ${rejected.reasons.join('; ')}`);
      throw new InputError(`no plan with reference '${flags.plan}' in ${source.file} (${source.stats.loaded} plans read); check the reference`);
    });
}
