/**
 * A sample of a large export holds, past SAMPLE_HELD_BYTES of kept records, each further record by
 * its line and reference only, and reads the file again for the picks (audit/run.ts readAgain).
 * Held here: with the limit at 0 (every kept record held by its place), every fixture export (CSV
 * and JSON Lines read again; YAML and JSON held in memory), rejected and duplicate rows, --where,
 * --show-text and the worksheet give the same bytes as a sample held in memory; stdin, which
 * cannot be read twice, is held in memory whatever the limit; and a file replaced between the two
 * reads is an error, not a sample of two exports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run.js';
import { PlanSource } from '../../src/records/source.js';
import { loadRubric } from '../../src/rubric/load.js';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';

const AS_OF = ['--as-of', '26/11/2026'];
const tmp = mkdtempSync(join(tmpdir(), 'ehcp-second-pass-'));
const REREAD = { EHCP_AUDIT_SAMPLE_HELD_BYTES: '0' };

const EXPORTS: [string, string?][] = [
  ['example-export.csv'],
  ['example-export.yaml'],
  ['example-export.jsonl'],
  ['mapped/flat-export.json', 'mapped/flat-export.map.yaml'],
  ['mapped/extra-dates.csv', 'mapped/extra-dates.map.yaml'],
  ['bad/windows-1252.csv', 'example-export.map.yaml'],
  ['bad/duplicate-refs.csv', 'example-export.map.yaml'],
  ['bad/invalid-dates.csv', 'example-export.map.yaml'],
  ['bad/ragged-row.csv', 'example-export.map.yaml'],
];

/** The sample's JSON, Markdown and worksheet, as one run writes them into `dir`. */
function sample(file: string, map: string | undefined, args: string[], dir: string, env: Record<string, string> = {}) {
  const r = runCli(
    ['sample', fixture(file), ...(map ? ['--map', fixture(map)] : []), ...AS_OF, ...args, '-f', `json:${join(dir, 's.json')}`, '-f', `markdown:${join(dir, 's.md')}`, '--worksheet', join(dir, 'w.csv')],
    { env },
  );
  expect(r.code, r.stderr).toBe(0);
  return ['s.json', 's.md', 'w.csv'].map((f) => readFileSync(join(dir, f), 'utf8').replaceAll(dir, '<dir>'));
}

describe('a sample read again for its picks', () => {
  it.each(EXPORTS)('%s: the same bytes as a sample held in memory', (file, map) => {
    for (const args of [['--size', '5', '--seed', '1'], ['--size', '20', '--seed', 'plans', '--show-text'], ['--size', 'auto', '--seed', '9', '--where', 'needs.primary!=ASD']]) {
      const held = sample(file, map, args, mkdtempSync(join(tmp, 'held-')));
      const again = sample(file, map, args, mkdtempSync(join(tmp, 'again-')), REREAD);
      expect(again, `${file} ${args.join(' ')}`).toEqual(held);
    }
  });

  it('stdin cannot be read twice: its records are held in memory whatever the limit', () => {
    const csv = readFileSync(fixture('example-export.csv'));
    const args = ['--map', fixture('example-export.map.yaml'), ...AS_OF, '--size', '10', '--seed', '3', '-f', 'json', '-q'];
    const fromStdin = runCli(['sample', '-', ...args], { input: csv, env: REREAD });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    const fromFile = runCli(['sample', fixture('example-export.csv'), ...args], { env: REREAD });
    const picks = (out: string) => (JSON.parse(out) as { sample: { picks: { ref: string; line: number }[] } }).sample.picks.map((p) => [p.ref, p.line]);
    expect(picks(fromStdin.stdout)).toEqual(picks(fromFile.stdout));
    expect(picks(fromStdin.stdout)).toHaveLength(10);
  });

  describe('a file replaced between the two reads', () => {
    const saved = process.env.EHCP_AUDIT_SAMPLE_HELD_BYTES;
    afterEach(() => {
      if (saved === undefined) delete process.env.EHCP_AUDIT_SAMPLE_HELD_BYTES;
      else process.env.EHCP_AUDIT_SAMPLE_HELD_BYTES = saved;
    });

    it('is an error naming the line whose plan changed', async () => {
      const file = join(tmp, 'plans.csv');
      execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', '2500', '--seed', '4', '--out', file], { stdio: 'ignore' });
      // The same plans in another order: every line now holds another plan.
      const [header, ...rows] = readFileSync(file, 'utf8').split(/\r?\n(?=EHCP-)/);
      writeFileSync(`${file}.next`, [header, ...rows.reverse()].join('\r\n'));
      process.env.EHCP_AUDIT_SAMPLE_HELD_BYTES = '0';
      let replaced = false;
      const run = runAudit({
        source: new PlanSource({ file, asOf: '2026-11-26', map: fixture('example-export.map.yaml') }),
        rubric: loadRubric('default'),
        asOf: '2026-11-26',
        showText: false,
        where: [],
        sample: { size: 20, margin: 0.1, seed: 1, strata: ['phase'], include: [] },
        // Called every 1,000 records read: the export is replaced while the first read goes on
        // (the first read keeps the file it opened; the second opens the new one).
        onProgress: () => {
          if (!replaced) renameSync(`${file}.next`, file);
          replaced = true;
        },
      });
      await expect(run).rejects.toThrow(/plans\.csv: the export changed while the sample was drawn \(line \d+ held EHCP-\S+ and now holds EHCP-\S+\): draw the sample again/);
      expect(replaced).toBe(true);
    });
  });
});
