/** The action of `ehcp-audit moderate RATINGS.csv...` (registered in moderate.ts): agreement between auditors (and with the tool). */
import { capByCause } from '../compare/capList.js';
import { moderate, problemText, worksheetPlans, type KnownCriterion, type ModerationReport } from '../compare/moderate.js';
import { readReport } from '../compare/readReport.js';
import { readWorksheets } from '../compare/readWorksheet.js';
import type { ModerateFormatName } from '../report/formatNames.js';
import type { FormatContext } from '../report/index.js';
import { formatModerateCsv } from '../report/moderateCsv.js';
import { formatModerateJson } from '../report/moderateJson.js';
import { formatModerateMarkdown } from '../report/moderateMarkdown.js';
import { formatModerateTable } from '../report/moderateTable.js';
import { parseFormatSpecs, writeOutput } from '../report/output.js';
import { refuseOverwrite, rubricOf } from '../report/overwrite.js';
import { loadRubric } from '../rubric/load.js';
import { ConfigError, UsageError } from '../util/errors.js';
import { logLine } from '../util/safeText.js';
import { toolInfo } from '../util/toolInfo.js';
import { forOutput, printRubricWarnings, useColor } from './terminal.js';

export const MODERATE_FORMATS: Record<string, (r: ModerationReport, ctx: FormatContext) => string> = {
  table: (r, ctx) => formatModerateTable(r, ctx),
  markdown: (r) => formatModerateMarkdown(r),
  json: (r) => formatModerateJson(r),
  csv: (r) => formatModerateCsv(r),
} satisfies Record<ModerateFormatName, (r: ModerationReport, ctx: FormatContext) => string>;

export interface ModerateFlags {
  report?: string;
  rubric: string;
  weak: string;
  lenient?: boolean;
  format?: string[];
  color?: boolean;
}

export async function runModerate(files: string[], flags: ModerateFlags): Promise<void> {
  const weak = Number(flags.weak);
  if (!/^-?\d*\.?\d+$/.test(flags.weak.trim()) || !(weak >= -1 && weak <= 1)) throw new UsageError(`--weak must be a kappa between -1 and 1, e.g. 0.6 (got '${flags.weak}')`);
  const specs = parseFormatSpecs(flags.format, Object.keys(MODERATE_FORMATS), 'table');
  refuseOverwrite(specs, { worksheet: files, report: flags.report, rubric: flags.report === undefined ? rubricOf(flags.rubric) : undefined });
  const { sheets, warnings } = await readWorksheets(files);
  for (const w of warnings) process.stderr.write(`${logLine(`ehcp-audit: warning: ${w}`)}\n`);
  // Of the report's plans, only those the worksheets rate (a whole audit's report may hold
  // hundreds of thousands).
  const report = flags.report !== undefined ? { file: flags.report, report: readReport(flags.report, worksheetPlans(sheets)) } : undefined;
  let criteria: { source: string; list: KnownCriterion[] };
  if (report) criteria = { source: `the report ${report.file}`, list: report.report.criteria.map((c) => ({ id: c.id, title: c.title })) };
  else {
    const rubric = loadRubric(flags.rubric);
    printRubricWarnings(rubric);
    criteria = { source: `rubric '${rubric.id}' version ${rubric.version}`, list: rubric.criteria.map((c) => ({ id: c.def.id, title: c.def.title })) };
  }
  const result = moderate({ sheets, criteria, ...(report ? { report } : {}), weak, tool: toolInfo() });
  for (const n of result.auditorNotes) process.stderr.write(`${logLine(`ehcp-audit: ${n.warning ? 'warning: ' : ''}${n.text}`)}\n`);
  if (result.problems.length > 0) {
    if (!flags.lenient) {
      const n = result.problems.length;
      throw new ConfigError(`${n} bad worksheet row${n === 1 ? '' : 's'}: fix ${n === 1 ? 'it' : 'them'}, or pass --lenient to skip ${n === 1 ? 'it' : 'them'}`, capByCause(result.problems.map(problemText)));
    }
    for (const p of capByCause(result.problems.map(problemText))) process.stderr.write(`${logLine(`ehcp-audit: skipped ${p}`)}\n`);
  }
  const ctx = { useColor: useColor(flags.color) };
  for (const spec of specs) writeOutput(spec, MODERATE_FORMATS[spec.format]!(result.report, forOutput(ctx, spec)));
  for (const spec of specs) if (spec.path) process.stderr.write(`ehcp-audit: wrote ${spec.format} moderation report to ${spec.path}\n`);
  const r = result.report.rows;
  process.stderr.write(
    `ehcp-audit: ${r.read} worksheet rows read from ${files.length} file${files.length === 1 ? '' : 's'}: ${r.rated} rated, ${r.notRated} not rated yet${r.skipped ? `, ${r.skipped} skipped` : ''}\n`,
  );
}
