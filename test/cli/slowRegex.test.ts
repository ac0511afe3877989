/**
 * A regular expression a user writes that takes exponential time on ordinary text (QA: `(.|\s)*as
 * required` hung the audit of the 70-plan example, with no warning and no end) is refused before
 * the run, exit 2, where it is written: in the rubric (file:line:col), the mapping's
 * `none_patterns`, or the --where expression. An ordinary one runs as before, in one thread or
 * several. Each refusal costs the probe's budget (250 ms), so there are few.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import { fixture, runCli, type CliResult } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-slow-regex-'));
const EXPORT = fixture('example-export.csv');
const AS_OF = ['--as-of', '26/11/2026'];
const ADVICE = String.raw`it can take exponential time on ordinary text, and the run would seem to hang. Avoid a repeated group whose parts can match the same text, such as (.|\s)* or (\w+\s?)+: write [\s\S]* (any text) or [\w\s]+ (words and spaces) instead`;

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
/** A rubric extending the default with one Section F criterion whose phrase list holds `re`. */
function rubricWith(name: string, re: string): string {
  return write(name, ['id: rp', 'version: "1"', 'extends: default', 'criteria:', '  - id: LA-re', '    title: t', '    section: F', '    source: test', `    check: { type: existence, fields: [f], match: [ { re: '${re}', label: x } ] }`, ''].join('\n'));
}
/** The example export's mapping, with `none_patterns` added at its end (line 58). */
function mappingWith(name: string, pattern: string): string {
  return write(name, `${readFileSync(fixture('example-export.map.yaml'), 'utf8')}none_patterns:\n  - '${pattern}'\n  - '^\\s*none\\b'\n`);
}
/** An audit of the example export; stopped after 20 s (a regression would otherwise hang the suite). */
function audit(args: string[], env: Record<string, string> = {}): CliResult {
  return runCli(['audit', EXPORT, ...AS_OF, '-q', ...args], { cwd: dir, env, timeout: 20_000 });
}

describe('a regular expression that runs too long on ordinary text', () => {
  it('in the rubric: audit refuses it at its place before reading the export', () => {
    const r = audit(['-r', rubricWith('rp.yaml', String.raw`(.|\s)*as required`), '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'error: rp.yaml: invalid rubric (1 problem)',
      String.raw`  rp.yaml:9:59: criterion 'LA-re': regular expression '(.|\s)*as required' ran for more than 250 ms on a run of 40 spaces and was stopped: ${ADVICE}, or list the wording as plain phrases`,
    ]);
  });

  it("in a mapping's none_patterns: refused at the entry", () => {
    const r = audit(['--map', mappingWith('slow.map.yaml', String.raw`^(\w+\s?)+x`), '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'error: slow.map.yaml: invalid mapping (1 problem)',
      String.raw`  slow.map.yaml:58:5: none_patterns: regular expression '^(\w+\s?)+x' ran for more than 250 ms on ordinary text (40 characters of words and spaces) and was stopped: ${ADVICE}`,
    ]);
  });

  it("in a field's pattern: refused at the pattern, naming the field", () => {
    // A field's pattern runs on every list item of every record, as none_patterns do (QA: it was not timed).
    const example = readFileSync(fixture('example-export.map.yaml'), 'utf8');
    const slow = String.raw`^(?<text>(\w+\s?)+)x`;
    const file = write('slow-field.map.yaml', example.replace(/pattern: '[^']*'/, `pattern: '${slow}'`));
    expect(readFileSync(join(dir, file), 'utf8')).toContain(slow);
    const r = audit(['--map', file, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'error: slow-field.map.yaml: invalid mapping (1 problem)',
      String.raw`  slow-field.map.yaml:39:41: e: pattern: regular expression '${slow}' ran for more than 250 ms on ordinary text (40 characters of words and spaces) and was stopped: ${ADVICE}`,
    ]);
  });

  it("in a field's pattern anchored on the outcome's bracketed area: refused (regression QA: it hung the audit, the probe texts having no '[')", () => {
    const example = readFileSync(fixture('example-export.map.yaml'), 'utf8');
    const slow = String.raw`^\[(?<area>[^\]]+)\]\s*(?<text>(\w+\s?)+)$`;
    // A function, not a string: the pattern's "$'" would be a replacement pattern.
    const file = write('slow-area.map.yaml', example.replace(/pattern: '[^']*'/, () => `pattern: '${slow}'`));
    const r = audit(['--map', file, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'error: slow-area.map.yaml: invalid mapping (1 problem)',
      String.raw`  slow-area.map.yaml:39:41: e: pattern: regular expression '${slow}' ran for more than 250 ms on 400 characters of words after a bracketed area and was stopped: ${ADVICE}`,
    ]);
  });

  it('in --where: refused, naming the expression', () => {
    const r = audit(['--where', String.raw`a.childViews~(\w+\s?)+x`, '--show-text', '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(String.raw`error: --where 'a.childViews~(\w+\s?)+x': regular expression '(\w+\s?)+x' ran for more than 250 ms on ordinary text (40 characters of words and spaces) and was stopped: ${ADVICE}` + '\n');
  });
});

describe('a regular expression that runs too long only on a text it almost matches (security QA: the probe texts, plan-like English, did not make it)', () => {
  // Its two options match the same 'qz': 'qzqz...qz!' backtracks through every way of splitting it.
  const trap = '(?:qz|q[z])+!x';
  const made = "a text made to test it: 'qz' 28 times";

  it('in the rubric, the mapping and --where: refused, saying what it ran on', () => {
    const rubric = audit(['-r', rubricWith('trap.yaml', trap), '-f', 'json']);
    expect(rubric.code).toBe(2);
    expect(rubric.stderr).toContain(`criterion 'LA-re': regular expression '${trap}' ran for more than 250 ms on ${made}`);
    const mapping = audit(['--map', mappingWith('trap.map.yaml', trap), '-f', 'json']);
    expect(mapping.code).toBe(2);
    expect(mapping.stderr).toContain(`none_patterns: regular expression '${trap}' ran for more than 250 ms on ${made}`);
    const where = audit(['--where', `child.district~${trap}`, '-f', 'json']);
    expect(where.code).toBe(2);
    expect(where.stderr).toContain(`regular expression '${trap}' ran for more than 250 ms on ${made}`);
  });
});

describe('ordinary regular expressions', () => {
  it('in the rubric, the mapping and --where run as before, in one thread or in several', () => {
    const args = ['-r', rubricWith('ok.yaml', String.raw`as\s+required`), '--map', mappingWith('ok.map.yaml', String.raw`^\s*no (\w+ )?needs\b`), '--where', 'extra.Caseworker~^CW0', '-f', 'json'];
    const one = audit(args);
    expect(one.code, one.stderr).toBeLessThan(2);
    expect(one.stderr).toBe('');
    const report = JSON.parse(one.stdout) as AuditReport;
    expect(report.input.records.scored).toBeGreaterThan(0);
    expect(report.input.records.filteredOut).toBeGreaterThan(0);
    const criterion = report.criteria.find((c) => c.id === 'LA-re')!;
    expect(criterion.notMet).toBeGreaterThan(0);
    // Worker threads load the rubric and mapping again (without probing them again): the same plans and ratings.
    const threads = audit([...args, '--jobs', '2'], { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '16384' });
    expect(threads.code, threads.stderr).toBe(one.code);
    const threaded = JSON.parse(threads.stdout) as AuditReport;
    expect(threaded.plans).toEqual(report.plans);
    expect(threaded.criteria).toEqual(report.criteria);
  });
});
