/**
 * Nothing lost, ever: a report path that is one of the command's inputs (the export, its mapping,
 * a weights file, a baseline, a config, a report to compare, a worksheet) or another output of the
 * same run is refused before any work (exit 2, one line), whatever its spelling, and every file is
 * left byte-identical. Each test works in its own temporary folder, a copy of the example export.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';

const AS_OF = ['--as-of', '26/11/2026'];
const dirs: string[] = [];

/** A folder holding victim.csv and victim.map.yaml (copies of the example export and its mapping). */
function victim(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-overwrite-'));
  dirs.push(dir);
  copyFileSync(fixture('example-export.csv'), join(dir, 'victim.csv'));
  copyFileSync(fixture('example-export.map.yaml'), join(dir, 'victim.map.yaml'));
  return dir;
}

/** Every file in the folder with its bytes, to show a refused run changed nothing. */
function snapshot(dir: string): Record<string, unknown> {
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => [e.name, e.isDirectory() ? snapshot(join(dir, e.name)) : readFileSync(join(dir, e.name)).toString('base64')]),
  );
}

/** Run in `cwd` (default `dir`); the run must be refused with `message` and leave `dir` as it was. */
function refused(dir: string, args: string[], message: string, cwd = dir): void {
  const before = snapshot(dir);
  const r = runCli(args, { cwd });
  expect(r.stderr).toBe(`error: ${message}\n`);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(snapshot(dir)).toEqual(before);
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a report path that is an input of the run', () => {
  it('refuses to write the report over the export', () => {
    const dir = victim();
    refused(dir, ['audit', join(dir, 'victim.csv'), ...AS_OF, '-f', `csv:${join(dir, 'victim.csv')}`], `-f csv:${join(dir, 'victim.csv')} would overwrite the export ${join(dir, 'victim.csv')}; write the report somewhere else`);
  });

  it('refuses to write the report over the mapping found beside the export', () => {
    const dir = victim();
    refused(dir, ['audit', join(dir, 'victim.csv'), ...AS_OF, '-f', `json:${join(dir, 'victim.map.yaml')}`], `-f json:${join(dir, 'victim.map.yaml')} would overwrite the mapping ${join(dir, 'victim.map.yaml')}; write the report somewhere else`);
  });

  it('sees through ./ and ../ spellings and relative against absolute paths', () => {
    const dir = victim();
    mkdirSync(join(dir, 'sub'));
    refused(dir, ['audit', './victim.csv', ...AS_OF, '-f', 'table', '-f', 'csv:sub/../victim.csv'], '-f csv:sub/../victim.csv would overwrite the export ./victim.csv; write the report somewhere else');
    const up = `../../${basename(dir)}/victim.csv`;
    refused(dir, ['audit', join(dir, 'victim.csv'), ...AS_OF, '-f', `csv:${up}`], `-f csv:${up} would overwrite the export ${join(dir, 'victim.csv')}; write the report somewhere else`, join(dir, 'sub'));
    refused(dir, ['sample', join(dir, 'victim.csv'), '--size', '5', '--seed', '1', ...AS_OF, '-f', 'json:./victim.map.yaml'], `-f json:./victim.map.yaml would overwrite the mapping ${join(dir, 'victim.map.yaml')}; write the report somewhere else`);
  });

  it('catches a symlink or a hard link to the export', () => {
    const dir = victim();
    symlinkSync('victim.csv', join(dir, 'link.csv'));
    refused(dir, ['audit', 'victim.csv', ...AS_OF, '-f', 'csv:link.csv'], '-f csv:link.csv would overwrite the export victim.csv; write the report somewhere else');
    linkSync(join(dir, 'victim.csv'), join(dir, 'hard.csv'));
    refused(dir, ['audit', 'hard.csv', ...AS_OF, '--map', 'victim.map.yaml', '-f', 'markdown:victim.csv'], '-f markdown:victim.csv would overwrite the export hard.csv; write the report somewhere else');
  });

  it('refuses a sample worksheet over the export', () => {
    const dir = victim();
    refused(dir, ['sample', 'victim.csv', '--size', '5', '--seed', '1', ...AS_OF, '--worksheet', 'victim.csv'], '--worksheet victim.csv would overwrite the export victim.csv; write the worksheet somewhere else');
  });

  it('priority: refuses the list over the weights file', () => {
    const dir = victim();
    writeFileSync(join(dir, 'weights.yaml'), 'factors:\n  looked_after: { weight: 9 }\n');
    refused(dir, ['priority', 'victim.csv', ...AS_OF, '--weights', 'weights.yaml', '-f', 'json:weights.yaml'], '-f json:weights.yaml would overwrite the weights file weights.yaml; write the report somewhere else');
  });

  it('check: refuses a report over the baseline it compares with, and over its config', () => {
    const dir = victim();
    const b = runCli(['baseline', 'write', 'victim.csv', ...AS_OF, '-o', 'baseline.json', '-q'], { cwd: dir });
    expect(b.code, b.stderr).toBe(0);
    refused(dir, ['check', 'victim.csv', ...AS_OF, '--baseline', 'baseline.json', '-f', 'junit:./baseline.json'], '-f junit:./baseline.json would overwrite the baseline baseline.json; write the report somewhere else');
    writeFileSync(join(dir, 'gate.yaml'), 'thresholds:\n  max_rejected: 0\n');
    refused(dir, ['check', 'victim.csv', ...AS_OF, '--config', 'gate.yaml', '-f', 'json:gate.yaml'], '-f json:gate.yaml would overwrite the config gate.yaml; write the report somewhere else');
  });

  it('baseline write: refuses to write the baseline over the mapping', () => {
    const dir = victim();
    refused(dir, ['baseline', 'write', 'victim.csv', ...AS_OF, '-o', 'victim.map.yaml'], '-o victim.map.yaml would overwrite the mapping victim.map.yaml; write the baseline somewhere else');
  });

  it('compare: refuses the comparison over either report it reads', () => {
    const dir = victim();
    const a = runCli(['audit', 'victim.csv', ...AS_OF, '-q', '-f', 'json:before.json'], { cwd: dir });
    expect(a.code, a.stderr).toBe(0);
    copyFileSync(join(dir, 'before.json'), join(dir, 'after.json'));
    refused(dir, ['compare', 'before.json', 'after.json', '-f', 'html:after.json'], '-f html:after.json would overwrite the current report after.json; write the report somewhere else');
    refused(dir, ['compare', 'before.json', 'after.json', '-f', 'json:before.json'], '-f json:before.json would overwrite the baseline report before.json; write the report somewhere else');
  });

  it('moderate: refuses the moderation report over a worksheet', () => {
    const dir = victim();
    const s = runCli(['sample', 'victim.csv', '--size', '3', '--seed', '1', ...AS_OF, '-q', '-f', 'json:sample.json', '--worksheet', 'sheet.csv'], { cwd: dir });
    expect(s.code, s.stderr).toBe(0);
    refused(dir, ['moderate', 'sheet.csv', '-f', 'csv:sheet.csv'], '-f csv:sheet.csv would overwrite the worksheet sheet.csv; write the report somewhere else');
  });

  it('validate and explain: refuse a report over the export or the mapping', () => {
    const dir = victim();
    refused(dir, ['validate', 'victim.csv', '-f', 'json:victim.csv'], '-f json:victim.csv would overwrite the export victim.csv; write the report somewhere else');
    refused(dir, ['explain', 'victim.csv', ...AS_OF, '--plan', 'NOPE', '-f', 'json:victim.map.yaml'], '-f json:victim.map.yaml would overwrite the mapping victim.map.yaml; write the report somewhere else');
  });

  it('init: never writes the mapping over the export, even with --force; --force still overwrites its own output', () => {
    const dir = victim();
    refused(dir, ['init', 'victim.csv', '-o', 'victim.csv', '--force'], '-o victim.csv would overwrite the export victim.csv; write the mapping somewhere else');
    const r = runCli(['init', 'victim.csv', '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('two outputs of one run', () => {
  it('refuses two reports to the same file, before writing either', () => {
    const dir = victim();
    refused(dir, ['audit', 'victim.csv', ...AS_OF, '-f', 'json:a.json', '-f', 'html:a.json'], '-f html:a.json and -f json:a.json are the same file, so one would overwrite the other; give each its own path');
    refused(dir, ['audit', 'victim.csv', ...AS_OF, '-f', 'json:out/a.json', '-f', 'csv:./out/../out/a.json'], '-f csv:./out/../out/a.json and -f json:out/a.json are the same file, so one would overwrite the other; give each its own path');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('still writes two reports to different files, and several to /dev/null', () => {
    const dir = victim();
    const r = runCli(['audit', 'victim.csv', ...AS_OF, '-q', '-f', 'json:out/a.json', '-f', 'csv:out/a.csv', '-f', 'table'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('EHC plan quality audit');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'a.json'), 'utf8'))).toMatchObject({ input: { records: { read: 70 } } });
    expect(readFileSync(join(dir, 'out', 'a.csv'), 'utf8').length).toBeGreaterThan(0);
    if (process.platform !== 'win32') {
      const n = runCli(['audit', 'victim.csv', ...AS_OF, '-q', '-f', 'json:/dev/null', '-f', 'html:/dev/null'], { cwd: dir });
      expect(n.code, n.stderr).toBe(0);
    }
  });
});

describe('standard input and output redirected to files', () => {
  /** Run the CLI in `dir` with stdin and stdout opened on files of `dir` (as `< in > out` would). */
  function redirected(dir: string, args: string[], io: { stdin?: string; stdout: string; append?: boolean }) {
    const stdin = io.stdin ? openSync(join(dir, io.stdin), 'r') : 'ignore';
    const stdout = openSync(join(dir, io.stdout), io.append ? 'a' : 'w');
    try {
      const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { cwd: dir, stdio: [stdin, stdout, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { code: r.status, stderr: r.stderr };
    } finally {
      if (typeof stdin === 'number') closeSync(stdin);
      closeSync(stdout);
    }
  }

  it('refuses a report path that is the file stdout goes to when another format writes to stdout', () => {
    const dir = victim();
    const r = redirected(dir, ['audit', 'victim.csv', ...AS_OF, '-q', '-f', 'table', '-f', 'json:out.txt'], { stdout: 'out.txt' });
    expect(r.stderr).toBe('error: -f json:out.txt is the file standard output goes to, where -f table writes too, so one would overwrite the other; give it another path\n');
    expect(r.code).toBe(2);
    if (process.platform !== 'win32') {
      const d = redirected(dir, ['audit', 'victim.csv', ...AS_OF, '-q', '-f', 'json:/dev/stdout', '-f', 'markdown'], { stdout: 'out2.txt' });
      expect(d.code, d.stderr).toBe(2);
    }
    // With nothing else on stdout, a report may go to that file.
    const ok = redirected(dir, ['audit', 'victim.csv', ...AS_OF, '-q', '-f', 'json:alone.txt'], { stdout: 'alone.txt' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'alone.txt'), 'utf8'))).toMatchObject({ input: { records: { read: 70 } } });
  });

  it('refuses a report over the export read from standard input, leaving it intact', () => {
    const dir = victim();
    const before = readFileSync(join(dir, 'victim.csv'));
    const r = redirected(dir, ['audit', '-', '--map', 'victim.map.yaml', '--input-format', 'csv', ...AS_OF, '-q', '-f', 'csv:victim.csv'], { stdin: 'victim.csv', stdout: 'out.txt' });
    expect(r.stderr).toBe('error: -f csv:victim.csv would overwrite the export (standard input); write the report somewhere else\n');
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'victim.csv'))).toEqual(before);
  });

  it('refuses standard output opened on an input while a report or listing goes there, leaving every file intact', () => {
    const dir = victim();
    copyFileSync(join(repoRoot, 'rubrics', 'default.yaml'), join(dir, 'rubric.yaml'));
    const b = runCli(['baseline', 'write', 'victim.csv', ...AS_OF, '-o', 'baseline.json', '-q'], { cwd: dir });
    expect(b.code, b.stderr).toBe(0);
    const before = snapshot(dir);
    const cases: [string[], string, string][] = [
      [['audit', 'victim.csv', ...AS_OF, '-q', '-f', 'json'], 'victim.csv', '-f json (standard output) would overwrite the export victim.csv; redirect standard output to another file, or give the report a path (-f json:FILE)'],
      [['audit', 'victim.csv', ...AS_OF, '-q'], 'victim.map.yaml', '-f table (standard output) would overwrite the mapping victim.map.yaml; redirect standard output to another file, or give the report a path (-f table:FILE)'],
      [['audit', 'victim.csv', ...AS_OF, '-q', '--rubric', 'rubric.yaml', '-f', 'csv'], 'rubric.yaml', '-f csv (standard output) would overwrite the rubric rubric.yaml; redirect standard output to another file, or give the report a path (-f csv:FILE)'],
      [['check', 'victim.csv', ...AS_OF, '-q', '--baseline', 'baseline.json'], 'baseline.json', '-f summary (standard output) would overwrite the baseline baseline.json; redirect standard output to another file, or give the report a path (-f summary:FILE)'],
      [['baseline', 'write', 'victim.csv', ...AS_OF, '-q', '-o', '-'], 'victim.csv', '-o - (standard output) would overwrite the export victim.csv; redirect standard output to another file, or give the baseline a path (-o FILE)'],
      [['init', 'victim.csv', '-o', '-'], 'victim.csv', '-o - (standard output) would overwrite the export victim.csv; redirect standard output to another file, or give the mapping a path (-o FILE)'],
      [['rubric', 'show', 'rubric.yaml'], 'rubric.yaml', 'standard output would overwrite the rubric rubric.yaml; redirect standard output to another file'],
      [['audit', '-', '--map', 'victim.map.yaml', '--input-format', 'csv', ...AS_OF, '-q', '-f', 'json'], 'victim.csv', '-f json (standard output) would overwrite the export (standard input); redirect standard output to another file, or give the report a path (-f json:FILE)'],
    ];
    for (const [args, out, message] of cases) {
      const r = redirected(dir, args, { stdout: out, append: true, ...(args.includes('-') ? { stdin: 'victim.csv' } : {}) });
      expect(r.stderr, args.join(' ')).toBe(`error: ${message}\n`);
      expect(r.code).toBe(2);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it("says a baseline standard output was redirected over with '>' is empty now", () => {
    const dir = victim();
    const b = runCli(['baseline', 'write', 'victim.csv', ...AS_OF, '-o', 'baseline.json', '-q'], { cwd: dir });
    expect(b.code, b.stderr).toBe(0);
    const r = redirected(dir, ['check', 'victim.csv', ...AS_OF, '-q', '--baseline', 'baseline.json'], { stdout: 'baseline.json' });
    expect(r.stderr).toBe("error: -f summary (standard output) would overwrite the baseline baseline.json (it is empty now: '>' empties its file before the run starts); redirect standard output to another file, or give the report a path (-f summary:FILE)\n");
    expect(r.code).toBe(2);
  });
});
