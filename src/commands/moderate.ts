/** `ehcp-audit moderate RATINGS.csv...`: agreement between auditors (and with the tool) on completed worksheets. */
import type { Command } from 'commander';
import { DEFAULT_WEAK, moderate, problemText, type KnownCriterion, type ModerationReport } from '../compare/moderate.js';
import { readReport } from '../compare/readReport.js';
import { readWorksheet } from '../compare/readWorksheet.js';
import type { FormatContext } from '../report/index.js';
import { formatModerateCsv } from '../report/moderateCsv.js';
import { formatModerateJson } from '../report/moderateJson.js';
import { formatModerateMarkdown } from '../report/moderateMarkdown.js';
import { formatModerateTable } from '../report/moderateTable.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { loadRubric } from '../rubric/load.js';
import { ConfigError, UsageError } from '../util/errors.js';
import { toolInfo } from './compare.js';
import { collect } from './common.js';
import { useColor } from './terminal.js';

export const MODERATE_FORMATS: Record<string, (r: ModerationReport, ctx: FormatContext) => string> = {
  table: (r, ctx) => formatModerateTable(r, ctx),
  markdown: (r) => formatModerateMarkdown(r),
  json: (r) => formatModerateJson(r),
  csv: (r) => formatModerateCsv(r),
};

interface ModerateFlags {
  report?: string;
  rubric: string;
  weak: string;
  lenient?: boolean;
  format?: string[];
  color?: boolean;
}

export function registerModerate(program: Command): void {
  program
    .command('moderate')
    .description("agreement between auditors' completed worksheets (Cohen's or Fleiss' kappa), and between the tool and the auditors (docs/moderation.md)")
    .argument('<worksheets...>', 'completed worksheets (CSV from sample --worksheet); one file per auditor, or several auditors in one')
    .option('--report <file>', "the sample's JSON report: checks plan references and adds the tool's own ratings as one more rater")
    .option('-r, --rubric <file>', 'rubric whose criterion ids the worksheets use, when no --report is given (a file, or a shipped rubric name)', 'default')
    .option('--weak <kappa>', "flag a criterion 'needs clearer guidance' when its kappa is below this", String(DEFAULT_WEAK))
    .option('--lenient', 'skip bad rows (listed in the report) instead of stopping')
    .option('-f, --format <spec>', `output format, optionally format:path; repeatable (${Object.keys(MODERATE_FORMATS).join(', ')})`, collect)
    .action(async (files: string[], flags: ModerateFlags) => {
      const weak = Number(flags.weak);
      if (!/^-?\d*\.?\d+$/.test(flags.weak.trim()) || !(weak >= -1 && weak <= 1)) throw new UsageError(`--weak must be a kappa between -1 and 1, e.g. 0.6 (got '${flags.weak}')`);
      const specs = parseFormatSpecs(flags.format, Object.keys(MODERATE_FORMATS), 'table');
      const report = flags.report !== undefined ? { file: flags.report, report: readReport(flags.report) } : undefined;
      let criteria: { source: string; list: KnownCriterion[] };
      if (report) criteria = { source: `the report ${report.file}`, list: report.report.criteria.map((c) => ({ id: c.id, title: c.title })) };
      else {
        const rubric = loadRubric(flags.rubric);
        criteria = { source: `rubric '${rubric.id}' version ${rubric.version}`, list: rubric.criteria.map((c) => ({ id: c.def.id, title: c.def.title })) };
      }
      const sheets = [];
      for (const f of files) sheets.push(await readWorksheet(f));
      const result = moderate({ sheets, criteria, ...(report ? { report } : {}), weak, tool: toolInfo() });
      if (result.problems.length > 0) {
        if (!flags.lenient) {
          const n = result.problems.length;
          throw new ConfigError(`${n} bad worksheet row${n === 1 ? '' : 's'}: fix ${n === 1 ? 'it' : 'them'}, or pass --lenient to skip ${n === 1 ? 'it' : 'them'}`, result.problems.map(problemText));
        }
        for (const p of result.problems) process.stderr.write(`ehcp-audit: skipped ${problemText(p)}\n`);
      }
      const ctx = { useColor: useColor(flags.color) };
      for (const spec of specs) writeOutput(spec, MODERATE_FORMATS[spec.format]!(result.report, ctx));
      for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} moderation report to ${spec.path}\n`);
      const r = result.report.rows;
      process.stderr.write(
        `ehcp-audit: ${r.read} worksheet rows read from ${files.length} file${files.length === 1 ? '' : 's'}: ${r.rated} rated, ${r.notRated} not rated yet${r.skipped ? `, ${r.skipped} skipped` : ''}\n`,
      );
    });
}
