/**
 * Exports joined one after another, each with its header (`cat la1.csv la2.csv`): the header row
 * again in the same column order is one rejected row saying what it is, the rest read right; in
 * another order it is an input error at its line, since every row after it would be scored from
 * the wrong columns (national-scale QA: a second LA's Section F criteria all came out not met,
 * exit 0). The same on the one-thread and the threaded reader.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { csvDocument } from '../../src/report/csvCell.js';
import { fixture, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-joined-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = parse(readFileSync(fixture('example-export.csv')), { bom: true }) as string[][];
const header = rows[0]!;
// The second LA's plans, with references of their own.
const second = rows.slice(1).map((r) => r.map((c, i) => (i === 0 ? `LA2-${c}` : c)));

function joined(name: string, order: number[]): string {
  const file = join(dir, `${name}.csv`);
  const pick = (r: string[]) => order.map((i) => r[i]!);
  // csvDocument writes a BOM at the head of each part: the second one's is removed, as `cat` of
  // two files from one system would leave it mid-file only if they had one.
  writeFileSync(file, readFileSync(fixture('example-export.csv'), 'utf8') + csvDocument(pick(header), second.map(pick)).replace(/^\uFEFF/, ''));
  copyFileSync(fixture('example-export.map.yaml'), join(dir, `${name}.map.yaml`));
  return file;
}

const same = header.map((_, i) => i);
const swapped = [...same];
for (const [a, b] of [['Child Views', 'Parent Views'], ['Sec E Outcomes', 'Sec F Provision']] as const) {
  const i = header.indexOf(a);
  const j = header.indexOf(b);
  [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
}
// The second header's physical line: after every line of the fixture (its cells hold line breaks).
const line = (readFileSync(fixture('example-export.csv'), 'utf8').match(/\r\n|\r|\n/g) ?? []).length + 1;

const threads = { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '4096' };

describe('exports joined one after another', () => {
  for (const [how, env, jobs] of [['one thread', {}, '1'], ['threads', threads, '2']] as const) {
    it(`${how}: the header again in the same order is one rejected row, the rest scored`, () => {
      const file = joined(`same-${jobs}`, same);
      const r = runCli(['audit', file, '--as-of', '26/11/2026', '--jobs', jobs, '-q', '-f', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as AuditReport;
      expect(report.input.records).toMatchObject({ read: 2 * second.length + 1, scored: 2 * second.length, rejected: 1 });
      expect(report.input.rejected).toEqual([
        { file, line, ref: null, reasons: ['this row is the header again: the export looks like files joined one after another; the rows after it are read in the same columns'] },
      ]);
    });

    it(`${how}: the header again in another order is an input error at its line`, () => {
      const file = joined(`swapped-${jobs}`, swapped);
      const r = runCli(['audit', file, '--as-of', '26/11/2026', '--jobs', jobs, '-q', '-f', 'json'], { env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `error: ${file}:${line}: this row is the header again, with its columns in another order: the export looks like files joined one after another, and the rows after it would be read into the wrong fields. Audit each file on its own, or join them with one header row and the same columns in the same order\n`,
      );
    });
  }
});

describe('several exports in one run', () => {
  it('is a usage error that says how to audit several exports', () => {
    const r = runCli(['audit', fixture('example-export.csv'), fixture('example-export.csv'), '--as-of', '26/11/2026']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error: too many arguments for 'audit'. Expected 1 argument but got 2.");
    expect(r.stderr).toContain('ehcp-audit: one export a run: audit each file on its own, or join them into one file with one header row and the same columns in the same order');
    // compare takes two reports: no such hint.
    expect(runCli(['compare', 'a.json', 'b.json', 'c.json']).stderr).not.toContain('one export a run');
  });
});
