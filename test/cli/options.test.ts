/**
 * Options behave alike across commands: `-f FORMAT` takes one value and repeats, so it may come
 * before the export (`validate -f json export.csv` read the file name as a second format, then
 * said the export was missing).
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/commands/index.js';
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
