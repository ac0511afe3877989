/** The action of `ehcp-audit explain EXPORT --plan REF` (registered in explain.ts): one plan's scorecard. */
import { rubricExtraColumns } from '../audit/where.js';
import { loadRubric } from '../rubric/load.js';
import { scorePlan } from '../rubric/score.js';
import { evalContext } from '../rubric/types.js';
import { formatScorecard, scorecardJson } from '../report/scorecard.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { refuseOverwrite } from '../report/overwrite.js';
import { InputError } from '../util/errors.js';
import { asOfFrom, openSource, type InputFlags } from './common.js';
import { printRubricWarnings, printWarnings, progressReporter, useColor } from './terminal.js';

export interface ExplainFlags extends InputFlags {
  plan: string;
  rubric: string;
  format?: string[];
  showText?: boolean;
  color?: boolean;
  quiet?: boolean;
}

export async function runExplain(file: string, flags: ExplainFlags): Promise<void> {
  const asOf = asOfFrom(flags.asOf);
  const specs = parseFormatSpecs(flags.format, ['table', 'json'], 'table');
  const rubric = loadRubric(flags.rubric);
  printRubricWarnings(rubric);
  const source = openSource(file, flags, asOf);
  refuseOverwrite(specs, { export: file, mapping: source.mappingFile, rubric: rubric.files });
  source.requireExtraColumns(rubricExtraColumns(rubric));
  const progress = flags.quiet ? undefined : progressReporter();
  let n = 0;
  for await (const loaded of source.records()) {
    if (progress && ++n % 1000 === 0) progress.update(source.stats.read, source.fraction);
    if (loaded.record.ref !== flags.plan) continue;
    progress?.done();
    const card = scorePlan(rubric, loaded.record, evalContext(asOf, source.dateFormat));
    const input = { rubric, input: source.info(), loaded, card, asOf, showText: flags.showText === true };
    for (const spec of specs) writeOutput(spec, spec.format === 'json' ? scorecardJson(input) : formatScorecard(input, useColor(flags.color) && spec.path === undefined));
    return;
  }
  // Read to the end without finding the plan: a mapped key no record has may be why.
  progress?.done();
  printWarnings(source.notices);
  const rejected = source.rejections.find((r) => r.ref === flags.plan);
  if (rejected) throw new InputError(`plan '${flags.plan}' (${rejected.file}:${rejected.line}) was rejected: ${rejected.reasons.join('; ')}`);
  // A row the CSV reader could not split into its columns (ragged, a stray quote) has no reference
  // to tell: the plan may be one of them.
  let unnamed = 0;
  for (const r of source.rejections) if (r.ref === undefined) unnamed++;
  const { read, loaded } = source.stats;
  const plans = (n: number) => `${n} plan${n === 1 ? '' : 's'}`;
  const counts = read === loaded ? `${plans(loaded)} read` : `${read} records read, ${plans(loaded)} loaded`;
  const maybe = unnamed > 0 ? `; ${unnamed} rejected record${unnamed === 1 ? ' has' : 's have'} no readable reference and may hold it: run 'ehcp-audit validate ${file}' to see them` : '; check the reference';
  throw new InputError(`no plan with reference '${flags.plan}' in ${source.file} (${counts})${maybe}`);
}
