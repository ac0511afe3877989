/**
 * Options behave alike across commands: `-f FORMAT` takes one value and repeats, so it may come
 * before the export (`validate -f json export.csv` read the file name as a second format, then
 * said the export was missing).
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/commands/index.js';
import { intOption, jobsFrom } from '../../src/commands/options.js';
import { runCli } from '../helpers/cli.js';

const EXPORT = 'fixtures/example-export.csv';
const AS_OF = ['--as-of', '26/11/2026'];

describe('options', () => {
  it('no command has an option that swallows the arguments after it (variadic)', () => {
    const program = new Command();
    registerCommands(program);
    const variadic = program.commands.flatMap((c) => [c, ...c.commands]).flatMap((c) => c.options.filter((o) => o.variadic).map((o) => `${c.name()} ${o.flags}`));
    expect(variadic).toEqual([]);
  });

  for (const args of [
    ['validate', '-f', 'json', EXPORT, ...AS_OF, '-q'],
    ['explain', '-f', 'json', EXPORT, '--plan', 'EHCP-2023-00001', ...AS_OF, '-q'],
    ['audit', '-f', 'json', EXPORT, ...AS_OF, '-q'],
    ['priority', '-f', 'json', EXPORT, ...AS_OF, '-q'],
    ['sample', '-f', 'json', EXPORT, '--size', '5', '--seed', '1', ...AS_OF, '-q'],
  ]) {
    it(`${args[0]} -f json EXPORT: the format before the export`, () => {
      const r = runCli(args);
      expect(r.code, r.stderr).toBeLessThan(2);
      expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    });
  }
});

describe('whole-number options say their range', () => {
  it("a negative value is told the range, not only 'must be a whole number'", () => {
    expect(() => intOption('--top', '-1', 0, { zero: 'lists every plan' })).toThrow("--top must be a whole number, 0 or more; 0 lists every plan (got '-1')");
    expect(() => intOption('--min-n', '0', 1)).toThrow("--min-n must be a whole number, 1 or more (got '0')");
    expect(() => intOption('--size', '-1', 1, { or: "'auto'" })).toThrow("--size must be a whole number, 1 or more, or 'auto' (got '-1')");
    expect(() => jobsFrom('0')).toThrow("--jobs must be a whole number from 1 to 64 (got '0')");
    expect(() => jobsFrom('65')).toThrow("--jobs must be a whole number from 1 to 64 (got '65')");
    // A whole number too large to hold exactly is told the limit, not that it must be a whole number.
    expect(() => intOption('--top', '99999999999999999999', 0, { zero: 'lists every plan' })).toThrow("--top must be at most 9,007,199,254,740,991 (got '99999999999999999999')");
    expect(intOption('--top', '9007199254740991', 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(intOption('--top', '0', 0)).toBe(0);
    expect(intOption('--top', ' 7 ', 0)).toBe(7);
    expect(jobsFrom('64')).toBe(64);
  });

  for (const [args, message] of [
    [['priority', EXPORT, ...AS_OF, '--top', '-1'], "error: --top must be a whole number, 0 or more; 0 lists every plan (got '-1')"],
    [['validate', EXPORT, ...AS_OF, '--max-warnings=-3'], "error: --max-warnings must be a whole number, 0 or more; 0 lists none but counts them (got '-3')"],
    [['sample', EXPORT, ...AS_OF, '--size', '-1'], "error: --size must be a whole number, 1 or more, or 'auto' (got '-1')"],
    [['audit', EXPORT, ...AS_OF, '--jobs', '-1'], "error: --jobs must be a whole number from 1 to 64 (got '-1')"],
    [['compare', 'a.json', 'b.json', '--min-n', '-1'], "error: --min-n must be a whole number, 1 or more (got '-1')"],
    [['init', EXPORT, '--rows', '-1'], "error: --rows must be a whole number, 1 or more (got '-1')"],
    [['check', EXPORT, ...AS_OF, '--max-rejected', '-1'], "error: --max-rejected must be a whole number, 0 or more (got '-1')"],
  ] as const) {
    it(`${args[0]} ${args.at(-2)} ${args.at(-1)}: exit 2, '${message}'`, () => {
      const r = runCli([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(message);
    });
  }
});
