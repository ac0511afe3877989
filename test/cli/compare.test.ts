/**
 * `ehcp-audit compare` end to end: baseline and current reports are made by the real CLI from
 * fixtures/example-export.csv (as of 26/11/2026) into a temporary folder, then compared.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/audit/report.js';
import type { ComparisonReport } from '../../src/compare/compare.js';
import { judge } from '../../src/compare/verdict.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const EXPORT = ['fixtures/example-export.csv', '--as-of', '26/11/2026', '-q'];
let dir = '';
const p = (name: string) => join(dir, name);

function make(args: string[], out: string): void {
  const r = runCli([...args, '-f', `json:${p(out)}`]);
  expect(r.code, r.stderr).toBe(0);
}

function edit(from: string, to: string, change: (r: AuditReport) => void): string {
  const r = JSON.parse(readFileSync(p(from), 'utf8')) as AuditReport;
  change(r);
  writeFileSync(p(to), JSON.stringify(r));
  return p(to);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ehcp-compare-'));
  make(['audit', ...EXPORT, '--where', 'child.district=Northmoor'], 'northmoor.json');
  make(['audit', ...EXPORT, '--where', 'child.district = northmoor'], 'northmoor-spaced.json');
  make(['audit', ...EXPORT], 'all.json');
  make(['sample', ...EXPORT, '--seed', '1', '--size', '20'], 'sample1.json');
  make(['sample', ...EXPORT, '--seed', '2', '--size', '20'], 'sample2.json');
  make(['audit', 'fixtures/example-export.csv', '--as-of', '01/06/2026', '-q'], 'june.json');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const json = (args: string[]): { code: number; report: ComparisonReport; stderr: string } => {
  const r = runCli(['compare', ...args, '-f', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return { code: r.code, report: JSON.parse(r.stdout) as ComparisonReport, stderr: r.stderr };
};

describe('compare', () => {
  it('compares two full audits: a table with the headline, the rule and the thresholds; exit 0', () => {
    const r = runCli(['compare', p('northmoor.json'), p('all.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/Sufficient progress has been made in addressing \w+ of the \d+ weaknesses found at the baseline \(criteria below the target of 80%\)\./);
    expect(r.stdout).toContain('Thresholds: target 80%; minimum gain 10 points; minimum 10 applicable plans on each side');
    expect(r.stdout).toContain('Findings, criterion by criterion');
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/The baseline audit \(as of 26 November 2026\) found it met in \d+ of the \d+ plans it applies to/);
    // The filters differ, and the Northmoor plans are in both: warnings in the report and on stderr.
    expect(r.stderr).toContain('ehcp-audit: warning: the reports were filtered differently (baseline: child.district=Northmoor; current: no filter)');
    expect(r.stderr).toContain('ehcp-audit: warning: 12 plans are in both reports');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('the reports were filtered differently');
  });

  it('JSON: every figure comes from the two reports and every verdict from the rule', () => {
    const { report } = json([p('northmoor.json'), p('all.json')]);
    const base = JSON.parse(readFileSync(p('northmoor.json'), 'utf8')) as AuditReport;
    const curr = JSON.parse(readFileSync(p('all.json'), 'utf8')) as AuditReport;
    expect(report.thresholds).toMatchObject({ target: 0.8, minGain: 10, minN: 10, confidence: 0.95 });
    expect(report.criteria).toHaveLength(29);
    for (const c of report.criteria) {
      const b = base.criteria.find((x) => x.id === c.id)!;
      const n = curr.criteria.find((x) => x.id === c.id)!;
      expect(c.baseline).toMatchObject({ met: b.met, applicable: b.applicable });
      expect(c.current).toMatchObject({ met: n.met, applicable: n.applicable });
      expect(c.verdict).toBe(judge(b, n, report.thresholds).verdict);
    }
    const s = report.summary;
    expect(s.sufficient + s.notSufficient + s.notEnoughEvidence).toBe(29);
    // The headline judges the weaknesses Northmoor's audit found: the criteria below the target there.
    const weak = report.criteria.filter((c) => c.baseline!.applicable > 0 && c.baseline!.met < 0.8 * c.baseline!.applicable);
    expect(report.criteria.filter((c) => c.weakness).map((c) => c.id)).toEqual(weak.map((c) => c.id));
    expect(s.weaknesses).toBe(weak.length);
    expect(s.weaknessesSufficient).toBe(weak.filter((c) => c.verdict === 'sufficient progress').length);
    expect(weak.length).toBeGreaterThan(1);
    expect(s.headline).toMatch(new RegExp(`^Sufficient progress has been made in addressing (none|\\w+) of the ${weak.length} weaknesses found at the baseline \\(criteria below the target of 80%\\)\\.$`));
    // Northmoor has 12 plans: criteria that apply to fewer than 10 of them cannot be judged.
    const pfa = report.criteria.find((c) => c.id === 'E-pfa')!;
    expect(pfa.baseline!.applicable).toBeLessThan(10);
    expect(pfa.verdict).toBe('not enough evidence');
  });

  it('compares two samples, in Markdown and to an HTML file', () => {
    const html = p('out/compare.html');
    const r = runCli(['compare', p('sample1.json'), p('sample2.json'), '-f', 'markdown', '-f', `html:${html}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('# EHC plan quality: progress since the baseline audit');
    expect(r.stdout).toContain('a sample of 20 of 70 plans, seed 1, as of 26 November 2026');
    expect(r.stdout).toMatch(/\| A-child-views \| A \| \d+% \(\d+\/20\) \|/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('id="table-compare"');
    expect(r.stderr).toContain(`wrote html comparison to ${html}`);
    // Both samples record that their rates are not population estimates: compare says so (QA).
    expect(r.stderr).toContain(`ehcp-audit: warning: both samples (${p('sample1.json')} and ${p('sample2.json')}) were drawn to cover groups and strata, not with the same chance for every plan`);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('the verdicts and intervals treat each as a simple random sample, so they do not judge the whole population');
  });

  it('records other thresholds, and they change the verdicts', () => {
    const strict = json([p('sample1.json'), p('sample2.json'), '--target', '100%', '--min-gain', '0', '--min-n', '1']).report;
    expect(strict.thresholds).toMatchObject({ target: 1, minGain: 0, minN: 1 });
    expect(strict.summary.notEnoughEvidence).toBe(0);
    const lax = json([p('sample1.json'), p('sample2.json'), '--target', '0.5']).report;
    expect(lax.summary.sufficient).toBeGreaterThan(strict.summary.sufficient);
  });

  it('a reader that stops early (| head) ends the run quietly, never with a stack trace', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'compare', p('sample1.json'), p('all.json'), '-f', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy(); // as `| head -c 0` does: the pipe closes before the report is written
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/\n\s+at .*\(|EPIPE/);
    expect(code).not.toBe(2);
  });

  it('prints a rate next to its target with the decimals it takes (79.6%, not "80% is below the target of 80%"), in every format', () => {
    const counts = (met: number) => (r: AuditReport) => {
      const c = r.criteria.find((x) => x.id === 'A-child-views')!;
      Object.assign(c, { met, partly: 0, notMet: 250 - met, applicable: 250, rate: met / 250, ci95: null });
    };
    const base = edit('all.json', 'y-base.json', counts(195));
    const curr = edit('all.json', 'y-curr.json', counts(199));
    const reason = 'the current rate of 79.6% is below the target of 80% and the rise of 1.6 points is less than the 10 required';
    const html = p('out/y.html');
    const r = runCli(['compare', base, curr, '-f', 'table', '-f', `html:${html}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ A-child-views\s+│ 78\.0% \(195\/250\) │ 79\.6% \(199\/250\) │/);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(reason);
    expect(readFileSync(html, 'utf8')).toContain(reason);
    const md = runCli(['compare', base, curr, '-f', 'markdown']);
    expect(md.stdout).toContain('| A-child-views | A | 78.0% (195/250) | 79.6% (199/250) | +1.6 |');
    expect(md.stdout).toContain(reason);
    expect(json([base, curr]).report.criteria.find((c) => c.id === 'A-child-views')!.current).toMatchObject({ met: 199, applicable: 250, rate: 0.796 });
  });

  it('does not warn that two audits were filtered differently when their filters differ only in spacing and letter case', () => {
    const { report, stderr } = json([p('northmoor.json'), p('northmoor-spaced.json')]);
    expect(report.baseline.where).toEqual(['child.district=Northmoor']);
    expect(report.current.where).toEqual(['child.district = northmoor']);
    expect(report.warnings.some((w) => w.includes('filtered differently'))).toBe(false);
    expect(stderr).not.toContain('filtered differently');
  });

  it('does not say criteria that cannot be judged have not fallen back, and names a fall clear of zero on too few plans (regression QA)', () => {
    make(['audit', ...EXPORT, '--where', 'child.district!=Kellbrook'], 'not-kellbrook.json');
    make(['audit', 'fixtures/example-export.csv', '--as-of', '27/11/2026', '-q', '--where', 'child.district=Kellbrook'], 'kellbrook.json');
    const { report } = json([p('not-kellbrook.json'), p('kellbrook.json'), '--target', '0.9']);
    // A-child-views: 56/62 (90%) to 4/8 (50%), 95% CI -69.3 to -10.2 points; every criterion has too few plans.
    expect(report.summary.notEnoughEvidence).toBe(29);
    expect(report.summary.sentences).toEqual([
      'There is not enough evidence to judge whether any of the 23 criteria at or above the target at the baseline has fallen back (too few plans to which they apply).',
      'Though there are too few plans to judge them, two criteria fell, with the 95% interval for the change wholly below zero: A-child-views, E-pfa.',
    ]);
  });

  it('warns when the rubric version differs', () => {
    const other = edit('all.json', 'v2.json', (r) => {
      r.rubric.version = '2.0.0';
    });
    const { report, stderr } = json([p('sample1.json'), other]);
    expect(report.warnings).toContain('the rubric version differs (baseline 1.4.0, current 2.0.0): a criterion with the same id may have changed meaning between versions');
    expect(stderr).toContain('ehcp-audit: warning: the rubric version differs (baseline 1.4.0, current 2.0.0)');
  });

  it("warns when the rubric's files differ at the same id and version (a copy edited), and not for a copy with other line ends", () => {
    const shipped = readFileSync(join(repoRoot, 'rubrics', 'default.yaml'), 'utf8');
    const edited = shipped.replace('to: as_of, max_months: 12, missing: not_met', 'to: as_of, max_months: 3, missing: not_met');
    expect(edited).not.toBe(shipped);
    writeFileSync(p('same.yaml'), edited);
    writeFileSync(p('crlf.yaml'), shipped.replace(/\n/g, '\r\n'));
    make(['audit', 'fixtures/example-export.csv', '--as-of', '01/12/2026', '-q', '--rubric', p('same.yaml')], 'edited-rubric.json');
    make(['audit', 'fixtures/example-export.csv', '--as-of', '01/12/2026', '-q', '--rubric', p('crlf.yaml')], 'crlf-rubric.json');
    const read = (name: string) => JSON.parse(readFileSync(p(name), 'utf8')) as AuditReport;
    const [base, edit1, crlf] = [read('all.json'), read('edited-rubric.json'), read('crlf-rubric.json')];
    expect(base.rubric.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(crlf.rubric.fingerprint).toBe(base.rubric.fingerprint);
    expect(edit1.rubric.fingerprint).not.toBe(base.rubric.fingerprint);
    const warning = `both reports name rubric 'default' version 1.4.0, but the contents of its files differ (baseline (ehcp-audit) rubrics/default.yaml, fingerprint ${base.rubric.fingerprint}; current ${p('same.yaml')}, fingerprint ${edit1.rubric.fingerprint!}): a criterion with the same id may have changed meaning (was the rubric edited without a new version?)`;
    const { report, stderr } = json([p('all.json'), p('edited-rubric.json')]);
    expect(report.warnings).toContain(warning);
    expect(stderr).toContain(`ehcp-audit: warning: ${warning}`);
    expect(json([p('all.json'), p('crlf-rubric.json')]).report.warnings.filter((w) => w.includes('rubric'))).toEqual([]);
    // Reports without a fingerprint (from earlier builds): the files recorded are compared.
    const old = (from: string, to: string) =>
      edit(from, to, (r) => {
        delete r.rubric.fingerprint;
      });
    const warned = json([old('all.json', 'old-all.json'), old('edited-rubric.json', 'old-edited.json')]).report.warnings;
    expect(warned).toContain(`both reports name rubric 'default' version 1.4.0, but the reports record different rubric files (baseline (ehcp-audit) rubrics/default.yaml; current ${p('same.yaml')}): a criterion with the same id may have changed meaning (was the rubric edited without a new version?)`);
  });

  it('compares two different exports of one file name at one as-of date (warning of the date), never calling them one audit', () => {
    const other = mkdtempSync(join(tmpdir(), 'ehcp-compare-other-'));
    // The same plans, the first last reviewed two years earlier (so no longer in date): other figures.
    const csv = readFileSync(join(repoRoot, 'fixtures', 'example-export.csv'), 'utf8');
    const changed = csv.replace(',27/06/2023,18/06/2026,', ',27/06/2023,18/06/2024,');
    expect(changed).not.toBe(csv);
    writeFileSync(join(other, 'example-export.csv'), changed);
    copyFileSync(join(repoRoot, 'fixtures', 'example-export.map.yaml'), join(other, 'example-export.map.yaml'));
    make(['audit', join(other, 'example-export.csv'), '--as-of', '26/11/2026', '-q'], 'other-export.json');
    const { report } = json([p('all.json'), p('other-export.json')]);
    expect(report.warnings.some((w) => w.startsWith('both reports are as of 26 November 2026'))).toBe(true);
    rmSync(other, { recursive: true, force: true });
  });

  it('warns when the current report is dated before the baseline', () => {
    const { report, stderr } = json([p('all.json'), p('june.json')]);
    expect(report.warnings.some((w) => w.includes('as of 1 June 2026) is earlier than the baseline'))).toBe(true);
    expect(stderr).toContain('are BASELINE and CURRENT the right way round?');
  });

  it('warns when the two reports have the same as-of date, on stderr and in the report', () => {
    const r = runCli(['compare', p('northmoor.json'), p('all.json'), '-f', 'markdown']);
    expect(r.code, r.stderr).toBe(0);
    const warning = `both reports are as of 26 November 2026 (${p('northmoor.json')} and ${p('all.json')}): they describe the same moment, not progress over time; is CURRENT the later audit's report?`;
    expect(r.stderr).toContain(`ehcp-audit: warning: ${warning}`);
    expect(r.stdout).toContain('## Warnings');
    expect(r.stdout).toContain('both reports are as of 26 November 2026');
    expect(json([p('june.json'), p('all.json')]).report.warnings.some((w) => w.startsWith('both reports are as of'))).toBe(false);
  });

  it('lists criteria on one side only', () => {
    const renamed = edit('all.json', 'renamed.json', (r) => {
      r.criteria = r.criteria.map((c) => (c.id === 'qa-signed-off' ? { ...c, id: 'qa-signed-off-v2' } : c));
    });
    const { report } = json([p('sample1.json'), renamed]);
    expect(report.criteria.find((c) => c.id === 'qa-signed-off')!.verdict).toBe('only in baseline');
    expect(report.criteria.find((c) => c.id === 'qa-signed-off-v2')!.verdict).toBe('only in current');
    expect(report.summary).toMatchObject({ compared: 28, onlyInBaseline: 1, onlyInCurrent: 1 });
  });

  const errors: { name: string; args: () => string[]; stderr: RegExp }[] = [
    { name: 'a CSV instead of a report', args: () => ['fixtures/example-export.csv', p('all.json')], stderr: /^error: fixtures\/example-export\.csv: not JSON \(.*\); expected the JSON written by 'ehcp-audit audit -f json:FILE'/ },
    { name: 'JSON that is not an ehcp-audit report', args: () => [p('all.json'), 'package.json'], stderr: /^error: package\.json: not an ehcp-audit report \(expected the JSON written by/ },
    {
      name: 'another schemaVersion',
      args: () => [edit('all.json', 'v9.json', (r) => (r.schemaVersion = 9)), p('all.json')],
      stderr: /^error: .*v9\.json: report schemaVersion 9 is not supported: this ehcp-audit reads schemaVersion 1/,
    },
    {
      name: "a baseline ('baseline write') given as the baseline report",
      args: () => {
        const r = runCli(['baseline', 'write', ...EXPORT, '-o', p('baseline.json')], { cwd: repoRoot });
        expect(r.code, r.stderr).toBe(0);
        return [p('baseline.json'), p('all.json')];
      },
      stderr: /^error: .*baseline\.json: is a baseline \('ehcp-audit baseline write', read by 'check --baseline'\), not a report; expected the JSON written by 'ehcp-audit audit -f json:FILE'/,
    },
    {
      name: "a sample list ('sample --list-only -f json')",
      args: () => {
        make(['sample', ...EXPORT, '--seed', '1', '--list-only'], 'list.json');
        return [p('all.json'), p('list.json')];
      },
      stderr: /^error: .*list\.json: is a sample list \('sample --list-only -f json': the picks, no scores\), not a report; /,
    },
    {
      name: "a validation ('validate -f json')",
      args: () => {
        const r = runCli(['validate', ...EXPORT, '-f', 'json'], { cwd: repoRoot });
        expect(r.code, r.stderr).toBe(0);
        writeFileSync(p('validation.json'), r.stdout);
        return [p('validation.json'), p('all.json')];
      },
      stderr: /^error: .*validation\.json: is a validation \('validate -f json': the records read and rejected, no scores\), not a report; /,
    },
    { name: 'a missing file', args: () => [p('nope.json'), p('all.json')], stderr: /^error: .*nope\.json: no such file; check the path$/ },
    { name: 'a bad --target', args: () => [p('all.json'), p('all.json'), '--target', '1.5'], stderr: /^error: --target must be a rate above 0 and at most 1/ },
    { name: 'one report given twice', args: () => [p('all.json'), p('all.json')], stderr: /^error: .*all\.json and .*all\.json are the same file: give the baseline report first and a later audit's report second$/ },
    { name: 'one report by two paths', args: () => [p('all.json'), `${dir}/./all.json`], stderr: /are the same file: / },
    {
      name: 'a report and a link to it',
      args: () => {
        symlinkSync(p('all.json'), p('link.json'));
        return [p('link.json'), p('all.json')];
      },
      stderr: /link\.json and .*all\.json are the same file: /,
    },
    {
      name: 'a report and a copy of it',
      args: () => {
        copyFileSync(p('all.json'), p('copy.json'));
        return [p('all.json'), p('copy.json')];
      },
      stderr: /^error: .*all\.json and .*copy\.json are the same report \(identical contents\): give the baseline report first and a later audit's report second$/,
    },
    {
      name: 'a report and a reformatted copy of it (the same audit)',
      args: () => {
        writeFileSync(p('pretty.json'), JSON.stringify(JSON.parse(readFileSync(p('all.json'), 'utf8')), null, 1));
        return [p('all.json'), p('pretty.json')];
      },
      stderr: /^error: .*all\.json and .*pretty\.json are reports of the same audit \(the same export, as-of date, rubric and figures\): give the baseline report first and a later audit's report second$/,
    },
    ...[
      ['the export by its absolute path', ['audit', join(repoRoot, 'fixtures', 'example-export.csv'), '--as-of', '26/11/2026', '-q'], 'all.json'],
      ['the export from another working folder', ['audit', 'example-export.csv', '--as-of', '26/11/2026', '-q'], 'all.json', 'fixtures'],
      ['a sample of the export by its absolute path', ['sample', join(repoRoot, 'fixtures', 'example-export.csv'), '--as-of', '26/11/2026', '-q', '--seed', '1', '--size', '20'], 'sample1.json'],
    ].map(([what, args, same, cwd], i) => ({
      name: `two reports of one audit whose export path was spelt differently (${what as string})`,
      args: () => {
        const r = runCli([...(args as string[]), '-f', `json:${p(`spelt${i}.json`)}`], { cwd: join(repoRoot, (cwd as string | undefined) ?? '') });
        expect(r.code, r.stderr).toBe(0);
        return [p(same as string), p(`spelt${i}.json`)];
      },
      stderr: new RegExp(`^error: .*${same as string} and .*spelt${i}\\.json are reports of the same audit \\(the same export, as-of date, rubric and figures\\)`),
    })),
    {
      // Recorded tidied (fixtures/example-export.csv), so the report is the same bytes.
      name: 'two reports of one audit, the export given as ./fixtures/...',
      args: () => {
        make(['audit', './fixtures/example-export.csv', '--as-of', '26/11/2026', '-q'], 'dot-slash.json');
        return [p('all.json'), p('dot-slash.json')];
      },
      stderr: /^error: .*all\.json and .*dot-slash\.json are the same report \(identical contents\)/,
    },
    { name: 'a bad --min-n', args: () => [p('all.json'), p('all.json'), '--min-n', '0'], stderr: /^error: --min-n must be a whole number, 1 or more \(got '0'\)$/ },
  ];
  for (const e of errors) {
    it(`exit 2 with one line for ${e.name}`, () => {
      const r = runCli(['compare', ...e.args()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(e.stderr);
    });
  }
});
