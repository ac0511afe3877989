/**
 * `ehcp-audit init EXPORT`: read an export's header and its first rows, propose a column mapping
 * (src/records/mapping/infer.ts) and write it beside the export as EXPORT.map.yaml, where
 * `validate` and `audit` find it. Registration only; the action (init.run.ts) is loaded when the
 * command runs.
 */
import type { Command } from 'commander';
import type { InitFlags } from './init.run.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description("write a starter column mapping for an export: match its columns to plan-record fields by name, guess date formats, list separators and yes/no words from the first rows; review every line marked 'unsure'")
    .argument('<export>', 'the export: CSV, YAML, JSON or JSON Lines; - for stdin (then give -o)')
    .option('-o, --output <file>', 'where to write the mapping; - for stdout (default: EXPORT.map.yaml beside the export)')
    .option('--force', 'overwrite an existing mapping file')
    .option('--encoding <name>', 'CSV encoding: auto, utf-8, windows-1252, latin1, cp850 (Excel "CSV (MS-DOS)"), macintosh ("CSV (Macintosh)"), utf-16le, utf-16be', 'auto')
    .option('--delimiter <char>', 'CSV delimiter (default: detected among , ; tab |)')
    .option('--input-format <format>', 'csv, yaml, json or jsonl (default: from the extension)')
    .option('--rows <n>', 'rows to sample for dates, separators and yes/no words', '200')
    .action(async (file: string, flags: InitFlags) => {
      const { runInit } = await import('./init.run.js');
      await runInit(file, flags);
    });
}
