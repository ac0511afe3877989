/**
 * The names of every output format, without the formatters: option help text and format parsing
 * need only the names, and loading the formatters (chalk, cli-table3, every report module) costs
 * start-up time. Each registry is checked against its list by the type checker (`satisfies`) and,
 * for order, by test/report/formatNames.test.ts.
 */

/** The audit/sample report formats, in the order of REPORT_FORMATS (src/report/index.ts). */
export const REPORT_FORMAT_NAMES = ['json', 'table', 'markdown', 'csv', 'html', 'sample-list', 'sample-json', 'sample-csv', 'sample-markdown'] as const;
export type ReportFormatName = (typeof REPORT_FORMAT_NAMES)[number];

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
