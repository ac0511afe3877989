/**
 * Text from the export that is hostile or broken, end to end (dist/cli.js): JSON Lines keep refs,
 * names and districts as they are (no trimming), so a spreadsheet formula can hide behind white
 * space and a terminal escape, CR or LF can sit inside a reference. No CSV cell may be read as a
 * formula, no text output may carry a control character raw, and `check` may not print a line
 * GitHub Actions runs as a workflow command.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';
import { RAW_CONTROL, columnTexts, withoutColour, workflowCommands } from '../report/helpers.js';

const AS_OF = ['--as-of', '26/11/2026'];
const ESCAPES = 'EHCP-\x1b]0;pwned\x07\x1b[31mRED';

/** The first 21 plans of the example export, edited; plans 2, 19 and 20 fail a critical criterion. */
function hostileExport(): string {
  const plans = readFileSync(fixture('example-export.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 21)
    .map((l) => JSON.parse(l) as { ref: string; child: { name: string; district: string }; dates: { finalIssued: string } });
  plans[0]!.ref = ESCAPES;
  plans[0]!.child.name = '\u00a0=2+2';
  plans[0]!.child.district = '\n=3+3';
  plans[1]!.ref = 'EHCP-2\n::error title=forged::x';
  plans[2]!.child.district = 'Dist\x1b[2J\r## Heading';
  plans[3]!.ref = 'EHCP-R\x1b[5mX';
  plans[3]!.dates.finalIssued = 'never';
  plans[18]!.ref = '::error title=forged2::y';
  plans[19]!.ref = ' =1+1';
  const file = join(mkdtempSync(join(tmpdir(), 'ehcp-hostile-')), 'export.jsonl');
  writeFileSync(file, plans.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return file;
}

const file = hostileExport();

function ok(args: string[], env: Record<string, string> = {}): string {
  const r = runCli([...args, ...AS_OF], { env });
  expect(r.code, r.stderr).toBeLessThan(2);
  return r.stdout;
}

const cells = (csv: string) => (parse(csv, { bom: true }) as string[][]).flat();
const formulaLike = (cell: string) => /^[\s\u0085]*[=+\-@]/.test(cell) || /^[\t\r]/.test(cell);

describe('hostile text from a JSON Lines export', () => {
  it('CSV (audit, worksheet, priority): a formula behind white space gets the apostrophe', () => {
    const worksheet = join(mkdtempSync(join(tmpdir(), 'ehcp-ws-')), 'sheet.csv');
    const audit = cells(ok(['sample', file, '--seed', '1', '--size', '21', '--show-text', '-f', 'csv', '--worksheet', worksheet]));
    expect(audit).toEqual(expect.arrayContaining(["' =1+1", "'\u00a0=2+2"]));
    const sheet = cells(readFileSync(worksheet, 'utf8'));
    expect(sheet).toContain("' =1+1");
    const priority = cells(ok(['priority', file, '--show-text', '--top', '0', '-f', 'csv']));
    expect(priority).toEqual(expect.arrayContaining(["' =1+1", "'\u00a0=2+2"]));
    for (const cell of [...audit, ...sheet, ...priority]) expect(formulaLike(cell), JSON.stringify(cell)).toBe(false);
  });

  it('the terminal formats (audit, sample list, priority, validate) print no control character raw', () => {
    const outputs = {
      audit: ok(['audit', file, '--show-text']),
      sample: ok(['sample', file, '--seed', '1', '--size', '21', '--list-only']),
      priority: ok(['priority', file, '--show-text', '--top', '0']),
      validate: ok(['validate', file]),
    };
    for (const [command, out] of Object.entries(outputs)) {
      expect(out, command).not.toMatch(RAW_CONTROL);
      expect(workflowCommands(out), command).toEqual([]);
    }
    // The references are shown escaped: in table cells (wrapped or not) and in rejected records.
    const shown = (out: string) => (columnTexts(out).join('') + out).replace(/\s/g, '');
    for (const out of [outputs.sample, outputs.priority]) expect(shown(out)).toContain('EHCP-\\x1b]0;pwned\\x07\\x1b[31mRED');
    for (const out of [outputs.audit, outputs.validate]) expect(shown(out)).toContain('[EHCP-R\\x1b[5mX]');
    // With colour on, the only escape codes are the tool's own.
    const coloured = ok(['audit', file], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured).toContain('\x1b[');
    expect(withoutColour(coloured)).not.toMatch(RAW_CONTROL);
  });

  it('check: no control character and no line GitHub Actions would run as a command', () => {
    const r = runCli(['check', file, ...AS_OF, '--no-config', '--no-critical', '--max-rejected', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(workflowCommands(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('  EHCP-2\\x0a::error title=forged::x  ');
    expect(r.stdout).toContain('  \\x3a:error title=forged2::y  ');
    expect(r.stdout).toMatch(/export\.jsonl:4 {2}EHCP-R\\x1b\[5mX$/m);
  });
});
