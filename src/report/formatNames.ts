/**
 * The names of every output format, without the formatters: option help text and format parsing
 * need only the names, and loading the formatters (chalk, cli-table3, every report module) costs
 * start-up time. Each registry is checked against its list by the type checker (`satisfies`) and,
 * for order, by test/report/formatNames.test.ts.
 */

/** The audit/sample report formats, in the order of REPORT_FORMATS (src/report/index.ts). */
export const REPORT_FORMAT_NAMES = ['json', 'table', 'markdown', 'csv', 'html', 'sample-list', 'sample-json', 'sample-csv', 'sample-markdown'] as const;
export type ReportFormatName = (typeof REPORT_FORMAT_NAMES)[number];

/**
 * The plans each report format lists, which decides what the audit keeps of them
 * (audit/planStore.ts PlanKeeping): `all` (every plan: read them through `allPlans(report)`; the
 * run spools them to disk past 5,000), or `lowest` (`report.plans` holds every plan of a small
 * audit, but only the lowest-scoring of a large one: say so with `isPlanListPartial`, as the
 * text formats do). A new format must choose: a format that lists every plan while keeping only
 * the lowest would drop plans without a word.
 */
export const REPORT_FORMAT_PLANS = {
  json: 'all',
  table: 'lowest',
  markdown: 'lowest',
  csv: 'all',
  html: 'lowest',
  // --list-only: the picks of a sample, which are never more than the sample.
  'sample-list': 'lowest',
  'sample-json': 'lowest',
  'sample-csv': 'lowest',
  'sample-markdown': 'lowest',
} as const satisfies Record<ReportFormatName, 'all' | 'lowest'>;

/** Formats a report can be written in (the sample-* formats serve --list-only). */
export const MAIN_FORMATS: string[] = REPORT_FORMAT_NAMES.filter((f) => !f.startsWith('sample-'));

/** `sample --list-only`: the format each --format name writes (html has none: refused). */
export const LIST_ONLY_FORMATS: Readonly<Record<string, ReportFormatName>> = { table: 'sample-list', csv: 'sample-csv', markdown: 'sample-markdown', json: 'sample-json' };

/** `ehcp-audit check` output formats (CHECK_FORMATS in src/commands/check.run.ts). */
export const CHECK_FORMAT_NAMES = ['summary', 'junit', 'github', 'json'] as const;
export type CheckFormatName = (typeof CHECK_FORMAT_NAMES)[number];

/** `ehcp-audit compare` output formats (COMPARE_FORMATS in src/commands/compare.run.ts). */
export const COMPARE_FORMAT_NAMES = ['table', 'markdown', 'json', 'html'] as const;
export type CompareFormatName = (typeof COMPARE_FORMAT_NAMES)[number];

/** `ehcp-audit moderate` output formats (MODERATE_FORMATS in src/commands/moderate.run.ts). */
export const MODERATE_FORMAT_NAMES = ['table', 'markdown', 'json', 'csv'] as const;
export type ModerateFormatName = (typeof MODERATE_FORMAT_NAMES)[number];

/** `ehcp-audit priority` output formats (formatPriority in src/report/priority.ts). */
export const PRIORITY_FORMATS = ['table', 'csv', 'json', 'markdown'] as const;
export type PriorityFormat = (typeof PRIORITY_FORMATS)[number];
