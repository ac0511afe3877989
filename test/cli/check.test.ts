/**
 * `check` and `baseline write` end to end (dist/cli.js): exit codes 0 / 1 / 2, the config file
 * beside the export, every format, baselines, and the "done means" flow: a config file and one
 * `check` command pass on the example export and fail, with a readable list, on a degraded copy.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';
import { ANNOTATION, checkJunit, readExample, toCsv, writeDegraded } from '../check/helpers.js';

const AS_OF = ['--as-of', '26/11/2026'];
const BLANK = ['EHCP-2023-00001', 'EHCP-2023-00003', 'EHCP-2025-00004', 'EHCP-2024-00005', 'EHCP-2026-00006'];
const VAGUE = ['EHCP-2025-00007', 'EHCP-2015-00008', 'EHCP-2017-00009'];
const CONFIG = [
  '# ehcp-audit check configuration',
  'map: exports/nightly.map.yaml',
  'rubric: default',
  'thresholds:',
  '  min_rate:',
  '    A-child-views: 0.8',
  '    F-not-vague: 0.85',
  '  max_share: { Inadequate: 0.05, "Requires improvement": 0.3 }',
  '  min_mean_score: 70',
  '  max_rejected: 0',
  '',
].join('\n');

const { header, rows } = readExample();
const NAMES = rows.map((r) => r[header.indexOf('Child Name')]!).filter(Boolean);

/** A repository-like working directory: the config at the top, the export and its mapping under exports/. */
function workspace(config = CONFIG): string {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-check-'));
  mkdirSync(join(dir, 'exports'));
  copyFileSync(fixture('example-export.csv'), join(dir, 'exports', 'nightly.csv'));
  copyFileSync(fixture('example-export.map.yaml'), join(dir, 'exports', 'nightly.map.yaml'));
  if (config) writeFileSync(join(dir, '.ehcp-audit.yaml'), config);
  return dir;
}

function expectUserError(r: { code: number; stdout: string; stderr: string }, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(/);
}

function noPersonalData(text: string): void {
  for (const name of NAMES) expect(text).not.toContain(name);
}

describe('check: done means', () => {
  it('a config file and one command pass on the example export, then fail with a readable list on a degraded copy', () => {
    const dir = workspace();
    const args = ['check', 'exports/nightly.csv', ...AS_OF, '-f', 'summary', '-f', 'junit:out/ehcp.xml', '-f', 'github'];

    const ok = runCli(args, { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('ehcp-audit check: PASS: 6 thresholds hold over 70 plans (rubric default 1.4.0, as of 26/11/2026)\n');
    const passXml = checkJunit(readFileSync(join(dir, 'out', 'ehcp.xml'), 'utf8'));
    expect(passXml).toMatchObject({ tests: 6, failures: 0 });

    writeDegraded(join(dir, 'exports', 'nightly.csv'), { blankViews: BLANK, vagueF: VAGUE });
    const bad = runCli(args, { cwd: dir });
    expect(bad.code, bad.stderr).toBe(1);
    const lines = bad.stdout.split('\n');
    expect(lines[0]).toBe('ehcp-audit check: FAIL: 3 of 6 thresholds failed over 70 plans (rubric default 1.4.0, as of 26/11/2026)');
    expect(bad.stdout).toContain('  FAIL min_rate A-child-views: A-child-views met in 78.6% of the plans it applies to (55 of 70); limit: at least 80%');
    expect(bad.stdout).toContain('  FAIL min_rate F-not-vague: F-not-vague met in 82.9% of the plans it applies to (58 of 70); limit: at least 85%');
    expect(bad.stdout).toContain('  FAIL max_share Requires improvement: 25 plans of 70 (35.7%) graded Requires improvement; limit: at most 30%');
    expect(bad.stdout).toContain('  (3 other thresholds hold: max_share Inadequate, min_mean_score, max_rejected)');
    expect(bad.stdout).toMatch(/^ {2}EHCP-2023-00001 {2}exports\/nightly\.csv:2 +A-child-views$/m);
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) expect(a).toMatch(ANNOTATION);
    expect(annotations).toContain('::error title=threshold min_rate A-child-views::A-child-views met in 78.6%25 of the plans it applies to (55 of 70); limit: at least 80%25');
    const failXml = checkJunit(readFileSync(join(dir, 'out', 'ehcp.xml'), 'utf8'));
    expect(failXml.suites.thresholds).toMatchObject({ tests: 6, failures: 3 });
    noPersonalData(bad.stdout + bad.stderr + readFileSync(join(dir, 'out', 'ehcp.xml'), 'utf8'));
  });
});

describe('check: exit codes', () => {
  const dir = workspace();
  const run = (args: string[], cwd = dir) => runCli(['check', ...args], { cwd });

  it('0 when every threshold holds: one line on stdout, nothing on stderr', () => {
    const r = run(['exports/nightly.csv', ...AS_OF]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  });

  it('1 when a flag threshold fails; flags add to the config', () => {
    const r = run(['exports/nightly.csv', ...AS_OF, '--no-critical']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ehcp-audit check: FAIL: 1 of 7 thresholds failed/);
    expect(r.stdout).toContain('FAIL no_critical_not_met: 17 plans of 70 do not meet a critical criterion');
    expect(r.stdout).toContain('Plans not meeting a critical criterion (17):');
    noPersonalData(r.stdout);
  });

  it('flags alone work without a config', () => {
    const r = run([fixture('example-export.csv'), ...AS_OF, '--no-config', '--min-rate', 'A-child-views=0.9', '--max-share', 'Inadequate=0', '--min-mean-score', '90']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ehcp-audit check: FAIL: 1 of 3 thresholds failed/);
  });

  it('min_mean_score compares the unrounded mean (95.6457 on the example): not below 95.62, below 95.65', () => {
    const at = (limit: string) => run([fixture('example-export.csv'), ...AS_OF, '--no-config', '--min-mean-score', limit]);
    expect(at('95.62').code).toBe(0);
    const below = at('95.65');
    expect(below.code).toBe(1);
    expect(below.stdout).toContain('FAIL min_mean_score: mean score 95.6 over 70 graded plans; limit: at least 95.65');
    expect(at('95.6').code).toBe(0);
    // The limit is shown as given, not rounded to one decimal like the figures.
    const close = at('95.646');
    expect(close.code).toBe(1);
    expect(close.stdout).toContain('limit: at least 95.646');
  });

  it('rejected records are never passed over in silence: a warning without max_rejected, and their positions on failure', () => {
    const args = [fixture('bad', 'invalid-dates.csv'), '--map', fixture('example-export.map.yaml'), ...AS_OF, '--no-config'];
    const pass = run([...args, '--min-mean-score', '10']);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain("warning: 3 records of 4 were rejected and not checked (run 'ehcp-audit validate ");
    const gh = run([...args, '--min-mean-score', '10', '-f', 'github']);
    expect(gh.stdout).toMatch(/^::warning title=ehcp-audit check::3 records of 4 were rejected and not checked/m);
    const fail = run([...args, '--min-mean-score', '100']);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/Rejected records \(3; run 'ehcp-audit validate .*invalid-dates\.csv' for the reasons\):\n {2}.*invalid-dates\.csv:2/);
    // With max_rejected set, that threshold speaks for them.
    expect(run([...args, '--min-mean-score', '10', '--max-rejected', '5']).stdout).not.toContain('warning:');
  });

  it('2 with no thresholds at all, explaining how to set them', () => {
    const empty = workspace('');
    expectUserError(run(['exports/nightly.csv', ...AS_OF], empty), /no thresholds to check: put them in \.ehcp-audit\.yaml .*--min-rate/);
  });

  it('2 for an unreadable export', () => {
    expectUserError(run(['exports/missing.csv', ...AS_OF]), 'exports/missing.csv: no such file');
    expectUserError(run([fixture('bad', 'binary.csv'), ...AS_OF, '--map', fixture('example-export.map.yaml')]), /looks like a binary file/);
  });

  it('2 for an unknown criterion id in a flag or in the config (with file:line:col)', () => {
    expectUserError(run(['exports/nightly.csv', ...AS_OF, '--min-rate', 'A-child-veiws=0.8']), "--min-rate: unknown criterion id 'A-child-veiws' in rubric default: did you mean 'A-child-views'?");
    const bad = workspace(CONFIG.replace('F-not-vague: 0.85', 'F-not-vage: 0.85'));
    expectUserError(run(['exports/nightly.csv', ...AS_OF], bad), /\.ehcp-audit\.yaml:7:5: unknown criterion id 'F-not-vage'/);
  });

  it('2 for a config error, naming the file, line and column', () => {
    const bad = workspace(CONFIG.replace('min_mean_score: 70', 'min_mean_score: high').replace('rubric: default', 'rubric: default\nthresold: 1'));
    const r = run(['exports/nightly.csv', ...AS_OF], bad);
    expectUserError(r, 'error: .ehcp-audit.yaml: invalid check config (2 problems)');
    expect(r.stderr).toContain(".ehcp-audit.yaml:4:1: unknown key 'thresold'");
    expect(r.stderr).toMatch(/\.ehcp-audit\.yaml:10:19: thresholds\.min_mean_score: expected number/);
    expectUserError(run(['exports/nightly.csv', '--config', 'nope.yaml']), 'nope.yaml: no such file; check the path');
  });

  it('2 for format mistakes', () => {
    expectUserError(run(['exports/nightly.csv', '-f', 'xml']), "unknown format 'xml'");
    expectUserError(run(['exports/nightly.csv', '-f', 'json', '-f', 'junit']), 'only summary and github may share stdout');
    // The same format twice on stdout printed every annotation (or the whole summary) twice.
    for (const twice of [['-f', 'github', '-f', 'github'], ['-f', 'summary', '-f', 'github', '-f', 'SUMMARY:-'], ['-f', 'github', '-f', 'summary', '-f', 'github']]) {
      const r = run(['exports/nightly.csv', ...AS_OF, ...twice]);
      expect(r.stdout).toBe('');
      expectUserError(r, /^error: -f (github|summary) is given twice for stdout, which would print it twice; give it once\n$/);
    }
    // Once on stdout and once in a file is two outputs.
    expect(run(['exports/nightly.csv', ...AS_OF, '-f', 'github', '-f', 'github:out/gh.txt']).code).toBe(0);
  });

  it('never 0 when the rubric cannot be read', () => {
    expectUserError(run(['exports/nightly.csv', ...AS_OF, '--rubric', 'nope.yaml']), 'nope.yaml: rubric not found');
  });
});

describe('check: formats', () => {
  const dir = workspace();

  it('json: the verdict, thresholds and failing plans', () => {
    const r = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--no-critical', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { pass: boolean; rubric: { id: string; version: string }; asOf: string; thresholds: { name: string; pass: boolean }[]; failingPlans: { ref: string; file: string; line: number }[]; baseline: unknown };
    expect(j).toMatchObject({ pass: false, rubric: { id: 'default', version: '1.4.0' }, asOf: '2026-11-26', baseline: null });
    expect(j.thresholds.filter((t) => !t.pass).map((t) => t.name)).toEqual(['no_critical_not_met']);
    expect(j.failingPlans[0]).toEqual({ ref: 'EHCP-2017-00002', file: 'exports/nightly.csv', line: 12, criteria: ['G-health-provision'] });
    expect(r.stderr).toMatch(/^ehcp-audit check: FAIL/);
  });

  it('junit and github with no_critical_not_met: a testcase and an ::error per failing plan', () => {
    const r = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--no-critical', '-f', 'github', '-f', 'junit:out/j.xml', '-q'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(ANNOTATION);
    expect(lines).toContain(
      "::error file=exports/nightly.csv,line=12,title=G-health-provision::EHCP-2017-00002 does not meet critical criterion G-health-provision (Health needs are met by health provision in Section G)",
    );
    const j = checkJunit(readFileSync(join(dir, 'out', 'j.xml'), 'utf8'));
    expect(j.suites.plans).toMatchObject({ tests: 17, failures: 17 });
    expect(j.suites.thresholds).toMatchObject({ tests: 7, failures: 1 });
  });
});

describe('baselines', () => {
  it('baseline write, then check fails only on regressions and reports improvements', () => {
    const dir = workspace(CONFIG.replace('thresholds:', 'baseline: .ehcp-audit-baseline.json\nthresholds:'));
    const w = runCli(['baseline', 'write', 'exports/nightly.csv', ...AS_OF], { cwd: dir });
    expect(w.code, w.stderr).toBe(0);
    expect(w.stderr).toContain('ehcp-audit baseline: wrote .ehcp-audit-baseline.json: 29 criterion rates over 70 plans, 17 plans failing a critical criterion (rubric default 1.4.0, as of 26/11/2026)');
    const b = JSON.parse(readFileSync(join(dir, '.ehcp-audit-baseline.json'), 'utf8')) as Record<string, unknown>;
    expect(b).toMatchObject({ schemaVersion: 1, rubric: { id: 'default', version: '1.4.0' }, asOf: '2026-11-26', input: { file: 'exports/nightly.csv' } });

    // The same export: no regression, with the plans already failing accepted.
    const same = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--no-critical', '--no-config', '--baseline', '.ehcp-audit-baseline.json', '--map', 'exports/nightly.map.yaml'], { cwd: dir });
    expect(same.code, same.stdout).toBe(1); // --no-critical is absolute: still applies with a baseline
    const accepted = runCli(['check', 'exports/nightly.csv', ...AS_OF], { cwd: dir });
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(accepted.stdout).toBe('ehcp-audit check: PASS: 6 thresholds hold and no regression from baseline .ehcp-audit-baseline.json over 70 plans (rubric default 1.4.0, as of 26/11/2026)\n');

    // Degraded: 5 child views blanked, "as required" added to 3 Section Fs, one missing view written in.
    writeDegraded(join(dir, 'exports', 'nightly.csv'), { blankViews: BLANK, vagueF: VAGUE, fillViews: ['EHCP-2026-00020'] });
    const r = runCli(['check', 'exports/nightly.csv', ...AS_OF, '-f', 'summary', '-f', 'junit:out/b.xml', '-f', 'json:out/b.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      'ehcp-audit check: FAIL: 2 of 6 thresholds failed; 3 rates dropped more than 2 points and 8 plans newly failing a critical criterion since baseline .ehcp-audit-baseline.json over 70 plans (rubric default 1.4.0, as of 26/11/2026)',
    );
    expect(r.stdout).toContain('    FAIL A-child-views: 85.7% -> 80% (-5.7 points)');
    expect(r.stdout).toContain('    FAIL F-not-vague: 87.1% -> 82.9% (-4.3 points)');
    expect(r.stdout).toContain('  Plans newly failing a critical criterion (8):');
    expect(r.stdout).toMatch(/^ {4}EHCP-2025-00007 {2}exports\/nightly\.csv:\d+ +F-not-vague$/m);
    expect(r.stdout).toMatch(/Improved:\n {4}Plans no longer failing a critical criterion they failed in the baseline \(1\):\n {6}EHCP-2026-00020 /);
    expect(r.stdout).toContain('Accepted as in the baseline: 16 plans still failing the same critical criteria.');
    noPersonalData(r.stdout);
    const j = checkJunit(readFileSync(join(dir, 'out', 'b.xml'), 'utf8'));
    expect(j.suites.plans).toMatchObject({ tests: 8, failures: 8 });
    const json = JSON.parse(readFileSync(join(dir, 'out', 'b.json'), 'utf8')) as { pass: boolean; baseline: { newlyFailing: unknown[]; noLongerFailing: { ref: string }[]; accepted: number } };
    expect(json.pass).toBe(false);
    expect(json.baseline.newlyFailing).toHaveLength(8);
    expect(json.baseline.noLongerFailing.map((p) => p.ref)).toEqual(['EHCP-2026-00020']);

    // A wider tolerance accepts the rate drops, but not the plans newly failing.
    const wide = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--tolerance', '10'], { cwd: dir });
    expect(wide.code).toBe(1);
    expect(wide.stdout.split('\n')[0]).toMatch(/FAIL: 2 of 6 thresholds failed; 8 plans newly failing a critical criterion since baseline /);
    // With only the baseline (no absolute thresholds), the verdict is about regressions alone.
    const only = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--no-config', '--map', 'exports/nightly.map.yaml', '--baseline', '.ehcp-audit-baseline.json', '--tolerance', '10'], { cwd: dir });
    expect(only.code).toBe(1);
    expect(only.stdout.split('\n')[0]).toBe('ehcp-audit check: FAIL: 8 plans newly failing a critical criterion since baseline .ehcp-audit-baseline.json over 70 plans (rubric default 1.4.0, as of 26/11/2026)');
  });

  it('an improved export passes and says what improved', () => {
    const dir = workspace();
    expect(runCli(['baseline', 'write', 'exports/nightly.csv', ...AS_OF, '-o', 'base.json', '-q'], { cwd: dir }).code).toBe(0);
    writeDegraded(join(dir, 'exports', 'nightly.csv'), { fillViews: ['EHCP-2026-00020', 'EHCP-2020-00021'] });
    const r = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'base.json'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/PASS: 6 thresholds hold and no regression from baseline base\.json .*; improved since the baseline: 1 rate up, 2 plans no longer failing\n$/);
  });

  it('a baseline from another rubric is a config error; another version is a warning', () => {
    const dir = workspace();
    expect(runCli(['baseline', 'write', 'exports/nightly.csv', ...AS_OF, '-o', 'base.json', '-q'], { cwd: dir }).code).toBe(0);
    const b = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as { rubric: { id: string; version: string } };
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...b, rubric: { id: 'statutory', version: '1.0.0' } }));
    expectUserError(runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'other.json'], { cwd: dir }), /other\.json: the baseline was written with rubric 'statutory' but this check uses rubric 'default'/);
    writeFileSync(join(dir, 'older.json'), JSON.stringify({ ...b, rubric: { id: 'default', version: '0.9.0' } }));
    const r = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'older.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning: the baseline older\.json was written with rubric default version 0\.9\.0, this check uses version 1\.4\.0/m);
    const gh = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'older.json', '-f', 'github'], { cwd: dir });
    expect(gh.stdout).toMatch(/^::warning title=ehcp-audit check::the baseline older\.json was written with rubric default version 0\.9\.0/);
    expect(gh.stderr).toContain('warning: the baseline older.json');
  });

  it('a baseline recording criteria the rubric does not have passes with a warning naming them', () => {
    // 'foo', '__proto__' and 'constructor' under criteria passed silently, exit 0 (security QA).
    const dir = workspace();
    expect(runCli(['baseline', 'write', 'exports/nightly.csv', ...AS_OF, '-o', 'base.json', '-q'], { cwd: dir }).code).toBe(0);
    const counts = '{ "met": 1, "applicable": 2, "rate": 0.5 }';
    const text = readFileSync(join(dir, 'base.json'), 'utf8').replace('"criteria": {', `"criteria": { "foo": ${counts}, "__proto__": ${counts}, "constructor": ${counts},`);
    writeFileSync(join(dir, 'edited.json'), text);
    const warning = "warning: the baseline edited.json records 3 criteria that rubric default version 1.4.0 does not have ('foo', '__proto__', 'constructor'), which are not compared: write a new baseline with 'ehcp-audit baseline write' if the rubric no longer has them";
    const r = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'edited.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain(warning);
    const json = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'edited.json', '-f', 'json'], { cwd: dir });
    expect(json.stderr.split('\n')).toContain(warning);
    expect(JSON.parse(json.stdout)).toMatchObject({ baseline: { droppedCriteria: ['foo', '__proto__', 'constructor'] }, warnings: [warning.slice('warning: '.length)] });
  });

  it('plan references constructor, __proto__, toString and hasOwnProperty: baseline write and check, both ways', () => {
    const dir = workspace('');
    const renamed: [string, string][] = [
      ['EHCP-2017-00002', 'constructor'],
      ['EHCP-2021-00019', '__proto__'],
      ['EHCP-2026-00020', 'toString'],
      ['EHCP-2020-00021', 'hasOwnProperty'],
    ];
    writeDegraded(join(dir, 'exports', 'odd.csv'), { renameRefs: renamed });
    const map = ['--no-config', '--map', 'exports/nightly.map.yaml', ...AS_OF];
    expect(runCli(['baseline', 'write', 'exports/nightly.csv', ...map, '-o', 'orig.json', '-q'], { cwd: dir }).code).toBe(0);
    expect(runCli(['baseline', 'write', 'exports/odd.csv', ...map, '-o', 'odd.json', '-q'], { cwd: dir }).code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'odd.json'), 'utf8')) as { failingPlans: Record<string, string[]> };
    for (const [, to] of renamed) expect(Object.hasOwn(written.failingPlans, to), to).toBe(true);

    const same = runCli(['check', 'exports/odd.csv', ...map, '--baseline', 'odd.json'], { cwd: dir });
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^ehcp-audit check: PASS: no regression from baseline odd\.json/);

    const fresh = runCli(['check', 'exports/odd.csv', ...map, '--baseline', 'orig.json'], { cwd: dir });
    expect(fresh.code, fresh.stderr).toBe(1);
    expect(fresh.stdout).toContain('Plans newly failing a critical criterion (4):');
    for (const [, to] of renamed) expect(fresh.stdout).toMatch(new RegExp(`^ {4}${to} +exports/odd\\.csv:\\d+ `, 'm'));
    expect(fresh.stdout).toContain('4 plans failing in the baseline are not in this export.');

    const back = runCli(['check', 'exports/nightly.csv', ...map, '--baseline', 'odd.json'], { cwd: dir });
    expect(back.code, back.stderr).toBe(1);
    expect(back.stdout).toContain('Plans newly failing a critical criterion (4):');
    expect(back.stdout).toContain('4 plans failing in the baseline are not in this export.');
  });

  it('a missing or broken baseline is exit 2', () => {
    const dir = workspace();
    expectUserError(runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'none.json'], { cwd: dir }), "none.json: no such baseline file; write one with 'ehcp-audit baseline write");
    writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1}');
    expectUserError(runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'broken.json'], { cwd: dir }), 'broken.json: not an ehcp-audit baseline');
    // Hand-edited: 80 met of 70 applicable was compared as a rate of 114.3%.
    expect(runCli(['baseline', 'write', 'exports/nightly.csv', ...AS_OF, '-o', 'base.json', '-q'], { cwd: dir }).code).toBe(0);
    const b = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as { criteria: Record<string, { met: number; applicable: number }> };
    b.criteria['A-child-views']!.met = 80;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(b));
    const r = runCli(['check', 'exports/nightly.csv', ...AS_OF, '--baseline', 'edited.json'], { cwd: dir });
    expectUserError(r, "error: edited.json: not an ehcp-audit baseline (write one with 'ehcp-audit baseline write')\n  edited.json: criteria.A-child-views.met: 80 met is more than the 70 plans it applies to\n");
    expect(r.stdout).toBe('');
  });
});

describe('figures never contradict the verdict beside their limits', () => {
  const thresholds = (args: string[]) => {
    const r = runCli(['check', 'fixtures/example-export.csv', '--no-config', ...AS_OF, '-q', '-f', 'json', ...args]);
    return (JSON.parse(r.stdout) as { thresholds: { limit: number; actual: number; pass: boolean; message: string }[] }).thresholds[0]!;
  };

  it('the mean score (95.646 of 70 plans) is printed past a limit of 95.64 it passes, not as 95.6', () => {
    const m = thresholds(['--min-mean-score', '95.64']);
    expect(m.pass).toBe(true);
    expect(m.message).toBe('mean score 95.65 over 70 graded plans; limit: at least 95.64');
    expect(thresholds(['--min-mean-score', '95.65']).message).toBe('mean score 95.6 over 70 graded plans; limit: at least 95.65');
  });

  it("the mean score's JSON actual is rounded like the rates' (4 places, more where 4 would cross the limit), and limits print as given", () => {
    expect(thresholds(['--min-mean-score', '95.64'])).toMatchObject({ limit: 95.64, actual: 95.6457, pass: true });
    expect(thresholds(['--min-mean-score', '95.64571'])).toMatchObject({ limit: 95.64571, actual: 95.64571, pass: true, message: 'mean score 95.65 over 70 graded plans; limit: at least 95.64571' });
    expect(thresholds(['--min-mean-score', '95.64572'])).toMatchObject({ limit: 95.64572, actual: 95.6457, pass: false, message: 'mean score 95.6 over 70 graded plans; limit: at least 95.64572' });
    // 60 of 70 (85.714286%) against 85.71429%: the limit with all its digits, not "85.7143%".
    expect(thresholds(['--min-rate', 'A-child-views=85.71429%'])).toMatchObject({ pass: false, message: 'A-child-views met in 85.7% of the plans it applies to (60 of 70); limit: at least 85.71429%' });
  });

  it("a rate's JSON actual is on its limit's side (60 of 70 against 0.85714 is 0.85714, not 0.8571), and 85.715% is 0.85715", () => {
    expect(thresholds(['--min-rate', 'A-child-views=0.85714'])).toMatchObject({ limit: 0.85714, actual: 0.85714, pass: true });
    expect(thresholds(['--min-rate', 'A-child-views=85.715%'])).toMatchObject({ limit: 0.85715, actual: 0.8571, pass: false });
  });
});

describe('the summary lists 100 plans and says where the rest are; the JSON lists every one', () => {
  type Listed = { ref: string; file: string; line: number };
  /** The plan lines under `heading` in the summary, and the line after them. */
  const listUnder = (summary: string, heading: RegExp): { lines: string[]; after: string | undefined } => {
    const all = summary.split('\n');
    const at = all.findIndex((l) => heading.test(l));
    expect(at, summary.slice(0, 2000)).toBeGreaterThanOrEqual(0);
    const lines: string[] = [];
    let i = at + 1;
    for (; i < all.length && /^ {2,}\S+ +\S+:\d+ /.test(all[i]!); i++) lines.push(all[i]!);
    return { lines, after: all[i] };
  };

  it('plans not meeting a critical criterion, plans newly failing since a baseline, rejected records', () => {
    const dir = workspace('');
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', '1500', '--seed', '7', '--format', 'csv', '--out', join(dir, 'exports', 'big.csv')], { stdio: 'pipe' });
    const map = ['--no-config', '--map', 'exports/nightly.map.yaml', ...AS_OF];
    const r = runCli(['check', 'exports/big.csv', ...map, '--no-critical', '-f', 'summary', '-f', 'json:out/c.json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(readFileSync(join(dir, 'out', 'c.json'), 'utf8')) as { failingPlans: Listed[]; gatingPlans: Listed[] };
    const n = j.failingPlans.length;
    expect(n).toBeGreaterThan(100);
    expect(j.gatingPlans).toHaveLength(n);
    const listed = listUnder(r.stdout, new RegExp(`^Plans not meeting a critical criterion \\(${n}\\):$`));
    expect(listed.lines).toHaveLength(100);
    expect(listed.lines.map((l) => l.trim().split(/ +/)[0])).toEqual(j.failingPlans.slice(0, 100).map((p) => p.ref));
    expect(listed.after).toBe(`  ... and ${n - 100} more (write -f json:FILE for the full list)`);

    // Against the example export's baseline, every failing plan of this export is new.
    expect(runCli(['baseline', 'write', 'exports/nightly.csv', ...map, '-o', 'small.json', '-q'], { cwd: dir }).code).toBe(0);
    const b = runCli(['check', 'exports/big.csv', ...map, '--baseline', 'small.json', '--tolerance', '100', '-f', 'summary', '-f', 'json:out/b.json'], { cwd: dir });
    expect(b.code, b.stderr).toBe(1);
    const jb = JSON.parse(readFileSync(join(dir, 'out', 'b.json'), 'utf8')) as { baseline: { newlyFailing: Listed[] } };
    const fresh = jb.baseline.newlyFailing.length;
    expect(fresh).toBeGreaterThan(100);
    const newly = listUnder(b.stdout, new RegExp(`^ {2}Plans newly failing a critical criterion \\(${fresh}\\):$`));
    expect(newly.lines).toHaveLength(100);
    expect(newly.after).toBe(`    ... and ${fresh - 100} more (write -f json:FILE for the full list)`);

    // 105 records with no plan reference: rejected, 100 listed, and the rest's count says where they are.
    const { header: h, rows: rs } = readExample();
    const blank = rs[0]!.map((v, i) => (i === h.indexOf('Plan Ref') ? '' : v));
    writeFileSync(join(dir, 'exports', 'rejects.csv'), toCsv([h, ...rs, ...Array.from({ length: 105 }, () => blank)]));
    const x = runCli(['check', 'exports/rejects.csv', ...map, '--max-rejected', '0', '-f', 'summary', '-f', 'json:out/x.json'], { cwd: dir });
    expect(x.code, x.stderr).toBe(1);
    const jx = JSON.parse(readFileSync(join(dir, 'out', 'x.json'), 'utf8')) as { input: { rejected: unknown[] } };
    expect(jx.input.rejected).toHaveLength(105);
    const lines = x.stdout.split('\n');
    const at = lines.indexOf("Rejected records (105; run 'ehcp-audit validate exports/rejects.csv' for the reasons):");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 101]).toBe('  ... and 5 more (write -f json:FILE for the full list)');
  });
});
