/**
 * Configuration files as the commands read them (src/util/yamlConfig.ts YamlSource.read): a
 * rubric saved in another encoding scores as the UTF-8 one does, and a plan export given where a
 * rubric, mapping or check config goes is refused in one line that quotes none of it, and so is
 * a file of more than 16 MiB.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-config-files-'));
const AS_OF = ['--as-of', '26/11/2026'];

describe('a rubric in another encoding', () => {
  // A vague phrase with a curly apostrophe: read as U+FFFD, it never matched, and the plan was met.
  const rubric = [
    'id: enc',
    'version: "1"',
    'criteria:',
    '  - id: F-discretion',
    '    title: Section F leaves nothing to the school’s discretion',
    '    section: F',
    '    source: s',
    '    check: { type: existence, fields: [f], match: [school’s discretion] }',
    '',
  ].join('\n');
  const plans = join(dir, 'plans.jsonl');
  writeFileSync(plans, `${JSON.stringify({ ref: 'P1', f: [{ text: 'Speech therapy at the school’s discretion' }] })}\n`);
  const files = {
    'utf-8': Buffer.from(rubric),
    'windows-1252': Buffer.from(rubric.replace(/’/g, '\x92'), 'latin1'),
    'utf-16le with BOM': Buffer.from(`\uFEFF${rubric}`, 'utf16le'),
  };

  it.each(Object.entries(files))('%s: the phrase is read as written, so the plan is rated as with UTF-8', (name, bytes) => {
    const f = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(f, bytes);
    const r = runCli(['audit', plans, '--rubric', f, ...AS_OF, '-q', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const c = (JSON.parse(r.stdout) as { criteria: { id: string; title: string; notMet: number; met: number }[] }).criteria[0]!;
    expect(c).toMatchObject({ id: 'F-discretion', title: 'Section F leaves nothing to the school’s discretion', notMet: 1, met: 0 });
  });
});

describe('a plan export given as a configuration file', () => {
  const EXPORT = fixture('example-export.csv');
  // Children's names in the fixtures' first records, which an error quoting a line would print.
  const NAMES = /Jack Brown|Leah Taylor|child|dob/i;

  it.each([
    ['--rubric', 'example-export.jsonl', 'a .jsonl file', 'rubric', '--rubric (or rubric: in a check config)'],
    ['--rubric', 'example-export.yaml', 'a list of 70 records', 'rubric', '--rubric (or rubric: in a check config)'],
    ['--map', 'example-export.yaml', 'a list of 70 records', 'mapping', '--map (or map: in a check config)'],
    ['--map', 'mapped/flat-export.json', 'a list of 6 records', 'mapping', '--map (or map: in a check config)'],
    // A second document's first line was quoted under 'Source contains multiple documents'.
    ['--map', 'mapped/flat-export.yaml', '6 YAML documents of flat records', 'mapping', '--map (or map: in a check config)'],
    ['--rubric', 'mapped/flat-export.yaml', '6 YAML documents of flat records', 'rubric', '--rubric (or rubric: in a check config)'],
  ])('audit %s %s: one line, exit 2, no line of the export', (flag, name, evidence, kind, how) => {
    const r = runCli(['audit', EXPORT, flag, fixture(name), ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${fixture(name)} looks like a plan export (${evidence}), not a ${kind}: the export is the first argument; give the ${kind} with ${how}\n`);
    expect(r.stderr).not.toMatch(NAMES);
  });

  it("one flat record (one plan's columns) as the mapping or rubric: refused as an export, its values not quoted (security QA: the schema's errors quoted 'Child Name: Jack Brown')", () => {
    const flow = join(dir, 'one-record.yaml');
    writeFileSync(flow, 'Child Name: Jack Brown\nDOB: 23/01/2019\nPlan Ref: EHCP-1\n');
    const snake = join(dir, 'one-record-snake.yaml');
    writeFileSync(snake, 'plan_ref: EHCP-1\nchild_name: Jack Brown\ndob: 23/01/2019\n');
    for (const [flag, file, kind, how] of [['--map', flow, 'mapping', '--map (or map: in a check config)'], ['--rubric', flow, 'rubric', '--rubric (or rubric: in a check config)'], ['--map', snake, 'mapping', '--map (or map: in a check config)']] as const) {
      const r = runCli(['audit', EXPORT, flag, file, ...AS_OF]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: ${file} looks like a plan export (a flat record: one plan's columns), not a ${kind}: the export is the first argument; give the ${kind} with ${how}\n`);
    }
    // A configuration file with one key mistyped is still a configuration file, with its errors located.
    const typo = join(dir, 'typo.map.yaml');
    writeFileSync(typo, 'Mapping: 1\n');
    const t = runCli(['audit', EXPORT, '--map', typo, ...AS_OF]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain(`error: ${typo}: invalid mapping`);
  });

  it('check with a config naming the export as its rubric, or given the export as its config', () => {
    const cfg = join(dir, 'gate.yaml');
    writeFileSync(cfg, `rubric: ${fixture('example-export.jsonl')}\nmap: ${fixture('example-export.map.yaml')}\n`);
    const r = runCli(['check', EXPORT, '--config', cfg, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*example-export\.jsonl looks like a plan export \(a \.jsonl file\), not a rubric: /);
    expect(r.stderr.split('\n')).toHaveLength(2);
    const c = runCli(['check', EXPORT, '--config', fixture('example-export.yaml'), ...AS_OF]);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe(`error: ${fixture('example-export.yaml')} looks like a plan export (a list of 70 records), not a check config: the export is the first argument; give the check config with --config\n`);
  });
});

describe('a configuration file that is a folder', () => {
  it('--map and --rubric say so, as for an export', () => {
    const d = join(dir, 'folder');
    mkdirSync(d);
    expect(runCli(['audit', fixture('example-export.csv'), '--map', d, ...AS_OF]).stderr).toBe(`error: ${d}: is a folder, not a mapping file\n`);
    expect(runCli(['rubric', 'validate', d]).stderr).toBe(`error: ${d}: is a folder, not a rubric file\n`);
  });
});

/**
 * A configuration file is read no further than 16 MiB (the shipped rubric is about 40 KB):
 * `--rubric /dev/zero` read 4.3 GB in 20 s and was then killed. A pipe still reads whole.
 */
describe('a configuration file of more than 16 MiB', () => {
  it.skipIf(process.platform === 'win32')('--rubric and --map /dev/zero: one line, exit 2, at once', () => {
    for (const [flag, kind] of [
      ['--rubric', 'rubric'],
      ['--map', 'mapping'],
    ] as const) {
      const started = Date.now();
      const r = runCli(['audit', fixture('example-export.csv'), flag, '/dev/zero', ...AS_OF, '-q']);
      expect(r.stderr).toBe(`error: /dev/zero: a ${kind} file of more than 16 MiB is not a ${kind}: check the path\n`);
      expect(r.code).toBe(2);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });

  it.skipIf(process.platform === 'win32')('a rubric on a pipe (--rubric <(cat r.yaml)) is read whole', () => {
    const rubric = join(repoRoot, 'rubrics', 'default.yaml');
    // bash's process substitution: the rubric is /dev/fd/N, a pipe.
    const piped = spawnSync('bash', ['-c', 'exec "$0" "$1" audit "$2" --rubric <(cat "$3") --as-of 26/11/2026 -q -f json', process.execPath, join(repoRoot, 'dist', 'cli.js'), fixture('example-export.csv'), rubric], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(piped.status, piped.stderr).toBe(0);
    const named = runCli(['audit', fixture('example-export.csv'), '--rubric', rubric, ...AS_OF, '-q', '-f', 'json']);
    const scores = (out: string) => (JSON.parse(out) as { plans: { ref: string; score: number }[] }).plans.map((p) => [p.ref, p.score]);
    expect(scores(piped.stdout)).toHaveLength(70);
    expect(scores(piped.stdout)).toEqual(scores(named.stdout));
  });

  it.skipIf(process.platform === 'win32')('a mapping on a pipe, read in blocks with a worker thread: the main thread reads it once, as the workers do', () => {
    const map = fixture('example-export.map.yaml');
    const run = (jobs: string, env: Record<string, string>) =>
      spawnSync('bash', ['-c', 'exec "$0" "$1" audit "$2" --map <(cat "$3") --jobs "$4" --as-of 26/11/2026 -q -f json', process.execPath, join(repoRoot, 'dist', 'cli.js'), fixture('example-export.csv'), map, jobs], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        env: { ...process.env, ...env },
      });
    // Small blocks, so that the main thread also reads blocks itself (it read the mapping file a
    // second time for them: a pipe then had nothing left, 'the mapping is empty').
    const threaded = run('2', { EHCP_AUDIT_PARALLEL_MIN_BYTES: '1', EHCP_AUDIT_BLOCK_BYTES: '20000' });
    expect(threaded.status, threaded.stderr).toBe(0);
    const one = run('1', {});
    expect(one.status, one.stderr).toBe(0);
    expect(threaded.stdout).toBe(one.stdout);
  });
});

describe('a configuration file nested thousands deep', () => {
  it('is one line saying so, not the parser running out of stack (security QA)', () => {
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, `id: x\nversion: "1"\ncriteria: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const r = runCli(['rubric', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${file}:3: nested too deeply to read (lists or mappings inside each other hundreds deep): a rubric file needs a few levels; check the path\n`);
  });

  it('a block-indented mapping thousands deep: one line from check and priority too, not a process abort (regression QA)', () => {
    const file = join(dir, 'deep-block.yaml');
    writeFileSync(file, `a:\n${Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i + 1)}- \n`).join('')}`);
    for (const args of [['check', fixture('example-export.csv'), '-m', file, '--no-critical', ...AS_OF, '-q'], ['priority', fixture('example-export.csv'), '-m', file, ...AS_OF, '-q']]) {
      const r = runCli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: .*deep-block\.yaml:\d+: nested too deeply to read .* a mapping file needs a few levels; check the path\n$/);
    }
  });
});
