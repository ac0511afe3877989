/**
 * `priority` scenarios on the example export, run through the built CLI (dist/cli.js): exit codes,
 * the rows listed, JSON and CSV shapes, weights files and their errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { PriorityReport } from '../../src/priority/rank.js';
import { runCli } from '../helpers/cli.js';

const EXPORT = ['priority', 'fixtures/example-export.csv', '--as-of', '26/11/2026'];
const tmp = mkdtempSync(join(tmpdir(), 'ehcp-priority-cli-'));
const json = (args: string[]) => {
  const r = runCli([...EXPORT, ...args, '-f', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PriorityReport;
};
/** Table body rows: lines starting with a rank number in the first column. */
const tableRanks = (out: string) => out.split('\n').filter((l) => /^│\s+\d+ │/.test(l)).map((l) => Number(/^│\s+(\d+)/.exec(l)![1]));

describe('priority', () => {
  it('the default table lists the top 20 and exits 0', () => {
    const r = runCli(EXPORT);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('EHC plan review priority');
    expect(r.stdout).toContain('top 20 of 70 plans');
    expect(tableRanks(r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(r.stderr).toContain('ehcp-audit: 70 records read, 70 ranked, 0 rejected; listed 20');
  });

  it('--top 10 prints 10 rows', () => {
    const r = runCli([...EXPORT, '--top', '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(tableRanks(r.stdout)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('JSON: 10 rows, scores never rising, with the report metadata', () => {
    const j = json(['--top', '10']);
    expect(j.rows).toHaveLength(10);
    expect(j.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 1; i < j.rows.length; i++) expect(j.rows[i]!.score).toBeLessThanOrEqual(j.rows[i - 1]!.score);
    expect(j.rows[0]!.score).toBeGreaterThan(j.rows[9]!.score);
    expect(j).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'ehcp-audit' },
      kind: 'priority',
      input: { file: 'fixtures/example-export.csv', records: { read: 70, scored: 70, rejected: 0 } },
      rubric: { id: 'default' },
      asOf: '2026-11-26',
      weights: { file: null, factors: { looked_after: { weight: 5 } } },
      where: [],
      top: 10,
      considered: 70,
    });
    for (const row of j.rows) {
      expect(row.reasons.length).toBeGreaterThan(0);
      expect(row.name).toBeUndefined();
      expect(row.score).toBe(Math.round(row.factors.reduce((s, f) => s + f.points, 0) * 10) / 10);
    }
  });

  it('the seed letter\'s most vulnerable and key transitions appear with their reasons', () => {
    const rows = json(['--top', '0']).rows;
    expect(rows).toHaveLength(70);
    const byRef = new Map(rows.map((r) => [r.ref, r]));
    expect(byRef.get('EHCP-2026-00027')!.reasons).toContain('looked after');
    expect(byRef.get('EHCP-2025-00044')!.reasons).toContain('youth custody');
    expect(byRef.get('EHCP-2017-00009')!.reasons).toContain('transition Year 6 to 7 in September 2027: amended plan due by 15/02/2027 (in 11 weeks 4 days)');
    expect(byRef.get('EHCP-2023-00022')!.reasons).toContain('transition Year 11 to post-16 in September 2027: amended plan due by 31/03/2027');
    expect(byRef.get('EHCP-2015-00008')!.reasons).toContain('legacy plan: issued 22/05/2015, before 01/04/2018');
    // Issued on the cut-off day itself: not legacy.
    expect(byRef.get('EHCP-2017-00009')!.reasons.some((x) => x.startsWith('legacy'))).toBe(false);
  });

  it("names a critical criterion not met by its quoted title after the rating, in every format, never 'TITLE not met'", () => {
    // CSV doubles the quotes, JSON escapes them.
    const reason = /critical not met: (?:"|""|\\")Section F is free of vague wording(?:"|""|\\")/;
    for (const f of ['table', 'markdown', 'csv', 'json']) {
      const r = runCli([...EXPORT, '--top', '0', '-f', f]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.replace(/[\s│]+/g, ' '), f).toMatch(reason);
      expect(r.stdout, f).not.toMatch(/wording not met/);
    }
    expect(json(['--top', '0']).rows.flatMap((r) => r.reasons)).toContain('grade Requires improvement, critical not met: "Section F is free of vague wording"');
    // The statutory rubric: criteria worded as compliance, and no grade points.
    const statutory = runCli([...EXPORT, '--top', '0', '-r', 'statutory', '-q', '-f', 'json']);
    const reasons = (JSON.parse(statutory.stdout) as PriorityReport).rows.flatMap((r) => r.reasons).filter((x) => x.includes('critical'));
    expect(reasons.length).toBeGreaterThan(0);
    for (const x of reasons) expect(x).toMatch(/^critical not met: "[^"]+"(, "[^"]+")*$/);
    expect(reasons).toContain('critical not met: "The final plan names the school or other institution", "The plan was reviewed within the last 12 months"');
  });

  it('CSV parses with csv-parse, one row per plan, and no cell starts with = + - @', () => {
    const r = runCli([...EXPORT, '--top', '0', '-f', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout, { bom: true }) as string[][];
    expect(rows[0]).toEqual(expect.arrayContaining(['rank', 'ref', 'priority_score', 'grade', 'reasons', 'looked_after', 'quality']));
    expect(rows).toHaveLength(71);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('markdown and a file output', () => {
    const out = join(tmp, 'out', 'priority.md');
    const r = runCli([...EXPORT, '--top', '3', '-f', `markdown:${out}`, '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PriorityReport).rows).toHaveLength(3);
    expect(r.stderr).toContain(`wrote markdown list to ${out}`);
  });

  it('names only with --show-text', () => {
    expect(runCli([...EXPORT, '--top', '5']).stdout).not.toMatch(/Jack Brown|│ Name/);
    const j = json(['--top', '0', '--show-text']);
    expect(j.rows.find((r) => r.ref === 'EHCP-2023-00001')!.name).toBe('Jack Brown');
  });

  it('--top 0 past the plans held in memory (EHCP_AUDIT_LIST_HELD): every format the same bytes as a list held whole', () => {
    // 70 plans in sorted runs of 8 spilled to disk and merged back; one thread and threaded.
    const formats = (dir: string) => ['json', 'csv', 'markdown', 'table'].flatMap((f) => ['-f', `${f}:${join(dir, `list.${f}`)}`]);
    for (const extra of [[], ['--show-text'], ['--where', 'child.lookedAfter=false']]) {
      const whole = mkdtempSync(join(tmp, 'whole-'));
      const spilled = mkdtempSync(join(tmp, 'spilled-'));
      const a = runCli([...EXPORT, '--top', '0', ...extra, ...formats(whole)]);
      expect(a.code, a.stderr).toBe(0);
      const envs: Record<string, string>[] = [{ EHCP_AUDIT_LIST_HELD: '8' }, { EHCP_AUDIT_LIST_HELD: '8', EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '4096' }];
      for (const env of envs) {
        const b = runCli([...EXPORT, '--top', '0', '--jobs', '2', ...extra, ...formats(spilled)], { env });
        expect(b.code, b.stderr).toBe(0);
        expect(b.stderr).toBe(a.stderr.replaceAll(whole, spilled));
        for (const f of ['json', 'csv', 'markdown', 'table']) expect(readFileSync(join(spilled, `list.${f}`), 'utf8'), `${f} ${extra.join(' ')}`).toBe(readFileSync(join(whole, `list.${f}`), 'utf8'));
      }
      const rows = (JSON.parse(readFileSync(join(spilled, 'list.json'), 'utf8')) as PriorityReport).rows;
      expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
      if (extra[0] === '--show-text') expect(rows.find((r) => r.ref === 'EHCP-2023-00001')!.name).toBe('Jack Brown');
    }
  });

  it('--where narrows the plans considered', () => {
    const j = json(['--where', 'child.lookedAfter=true', '--top', '0']);
    expect(j.considered).toBeGreaterThan(0);
    expect(j.input.records.filteredOut + j.considered).toBe(70);
    expect(j.rows.every((r) => r.reasons.includes('looked after'))).toBe(true);
    expect(j.where).toEqual(['child.lookedAfter=true']);
  });

  it('a weights file changes the scores and is named in the report', () => {
    const file = join(tmp, 'lac-first.yaml');
    writeFileSync(file, 'factors:\n  looked_after: { weight: 50 }\n  youth_custody: { weight: 40 }\n');
    const j = json(['--weights', file, '--top', '3']);
    expect(j.weights.file).toBe(file);
    expect(j.rows[0]!.reasons).toContain('looked after');
    expect(j.rows.slice(0, 3).some((r) => r.reasons.includes('youth custody'))).toBe(true);
    // The same order from the same inputs.
    expect(json(['--weights', file, '--top', '3']).rows).toEqual(j.rows);
  });

  it('the shipped weights file gives the same list as no file', () => {
    expect(json(['--weights', 'rubrics/priority-weights.yaml', '--top', '0']).rows).toEqual(json(['--top', '0']).rows);
  });

  it('a bad weights file: exit 2 with file:line:col', () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'factors:\n  transition:\n    weight: -3\n  looked_afterr: { weight: 1 }\n');
    const r = runCli([...EXPORT, '--weights', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*bad\.yaml: invalid priority weights file \(2 problems\)/);
    expect(r.stderr).toContain(`${file}:3:13: factors.transition.weight`);
    expect(r.stderr).toContain(`${file}:4:3: unknown key 'looked_afterr'`);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
  });

  it('a review_overdue max_points below its weight: exit 2 at file:line:col, not a cap recorded and never applied', () => {
    const file = join(tmp, 'cap.yaml');
    writeFileSync(file, 'factors:\n  review_overdue: { weight: 3, per_month: 0.5, max_points: 2 }\n');
    const r = runCli([...EXPORT, '--weights', file, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*cap\.yaml: invalid priority weights file \(1 problem\)/);
    expect(r.stderr).toContain(`${file}:2:60: factors.review_overdue.max_points 2 is below its weight 3, the points every overdue review gets: set max_points to 3 or more, or lower the weight`);
  });

  it('says which factors cannot be applied because the mapping does not map their fields, rather than giving no points silently (QA W3)', () => {
    const map = join(tmp, 'no-cla.map.yaml');
    writeFileSync(map, readFileSync('fixtures/example-export.map.yaml', 'utf8').replace(/^ {2}child\.lookedAfter: CLA\n/m, '').replace(/^ {2}qa\.signedOff(?:By|Date): .*\n/gm, ''));
    const r = runCli([...EXPORT, '--map', map, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines).toContain(`ehcp-audit: warning: the priority factor "looked after" cannot be applied: the mapping ${map} maps no child.lookedAfter, so no plan gets its points; map the export's column for it (docs/mapping.md), if it has one`);
    expect(lines).toContain(
      `ehcp-audit: warning: the priority factor "legacy plan" (never QA signed off) cannot be applied: the mapping ${map} maps no qa.signedOffBy or qa.signedOffDate, so every plan counts as never signed off, and gets its points (set not_signed_off: false under factors.legacy in a weights file if the export holds no sign-off); map the export's column for it (docs/mapping.md), if it has one`,
    );
    expect(r.stderr).not.toContain('"youth custody" cannot');
    // A factor switched off needs nothing.
    const off = join(tmp, 'off.yaml');
    writeFileSync(off, 'factors:\n  looked_after: { weight: 0 }\n  legacy: { not_signed_off: false }\n');
    expect(runCli([...EXPORT, '--map', map, '--weights', off, '-q']).stderr).not.toContain('cannot be applied');
    expect(runCli([...EXPORT, '-q']).stderr).not.toContain('cannot be applied');
    // --where on a field the mapping leaves out, as audit and sample say it (regression QA).
    const w = runCli([...EXPORT, '--map', map, '--weights', off, '--where', 'child.lookedAfter=yes', '-q']);
    expect(w.stderr).toContain(`warning: --where 'child.lookedAfter=yes' cannot be applied: the mapping ${map} maps no child.lookedAfter, so every plan is tested as having none`);
  });

  it('usage errors exit 2', () => {
    expect(runCli([...EXPORT, '--top', 'ten']).stderr).toContain("--top must be a whole number, 0 or more; 0 lists every plan (got 'ten')");
    expect(runCli([...EXPORT, '--top', '-1']).code).toBe(2);
    expect(runCli([...EXPORT, '-f', 'html']).stderr).toContain("unknown format 'html'");
    expect(runCli([...EXPORT, '--weights', join(tmp, 'missing.yaml')]).stderr).toMatch(/missing\.yaml: no such file; check the path/);
  });

  it("says once when the rubric's grades have no points in the weights (grades named otherwise than the default's)", () => {
    const rubric = join(tmp, 'grades.yaml');
    writeFileSync(rubric, 'id: la-grades\nversion: "1"\ntitle: t\nextends: default\ngrades:\n  bands:\n    - { name: Exemplary, min: 90 }\n    - { name: Sound, min: 70 }\n    - { name: Weak, min: 0 }\n  limits: []\n');
    const warning = /warning: no grade of the rubric \(Exemplary, Sound, Weak\) has points in the priority weights/;
    const r = runCli([...EXPORT, '--rubric', rubric, '-q', '--top', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(new RegExp(warning.source, 'g'))).toHaveLength(1);
    const weights = join(tmp, 'la-weights.yaml');
    writeFileSync(weights, 'factors:\n  quality:\n    grades: { Weak: 4 }\n');
    expect(runCli([...EXPORT, '--rubric', rubric, '--weights', weights, '-q', '--top', '3']).stderr).not.toMatch(warning);
    expect(runCli([...EXPORT, '-q', '--top', '3']).stderr).not.toMatch(warning);
  });
});
