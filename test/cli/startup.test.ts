/**
 * Start-up cost: the program registers every command, so registration must load only light
 * modules (commander, option definitions, format names, defaults); each command loads its own
 * pipeline when it runs (src/commands/*.run.ts). The built CLI runs under a module-load hook
 * that lists every file it loads; dist/ is a bundle (scripts/build.mjs), so each file loaded is
 * turned back into the source modules it holds (esbuild's dist/meta.json), named as tsc would
 * have built them (src/x.ts -> dist/x.js) and packages by name (node_modules/<package>).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const HOOK = `export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;

/** esbuild's map of the bundle: for each output file, the source files it holds. */
const bundle = JSON.parse(readFileSync(join(repoRoot, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };

/** The files (relative to the repository: dist/... or node_modules/<package>) the CLI loads for these arguments. */
function loaded(args: string[]): { code: number; stderr: string; files: string[] } {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, join(repoRoot, 'dist', 'cli.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const root = new URL(`file://${repoRoot}/`).href;
  const files = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice('LOADED '.length))
    .map((u) => (u.startsWith(root) ? u.slice(root.length) : u))
    .flatMap((f) => (bundle.outputs[f] ? Object.keys(bundle.outputs[f].inputs) : [f]))
    .map((f) => f.replace(/^src\/(.*)\.ts$/, 'dist/$1.js'))
    .map((f) => f.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1'));
  return { code: r.status ?? -1, stderr: r.stderr.split('\n').filter((l) => !l.startsWith('LOADED ')).join('\n'), files: [...new Set(files)].sort() };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ehcp-startup-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('--help loads only the program, the command registrations and their light helpers', () => {
    const r = loaded(['--help']);
    expect(r.code, r.stderr).toBe(0);
    const registrations = ['audit', 'baseline', 'check', 'compare', 'explain', 'init', 'moderate', 'priority', 'rubric', 'validate'].map((c) => `dist/commands/${c}.js`);
    expect(r.files).toEqual(
      [
        'dist/cli.js',
        'dist/main.js',
        'dist/commands/index.js',
        ...registrations,
        'dist/commands/options.js',
        'dist/report/formatNames.js',
        'dist/sample/defaults.js',
        'dist/check/defaults.js',
        'dist/compare/defaults.js',
        'dist/audit/parallel/defaults.js',
        'dist/util/errors.js',
        'dist/util/paths.js',
        'dist/util/toolInfo.js',
        'node_modules/commander',
      ].sort(),
    );
  });

  it('sample -f json loads its own pipeline and the JSON formatter only', () => {
    const r = loaded(['sample', 'fixtures/example-export.csv', '--size', '20', '--seed', '1', '--as-of', '26/11/2026', '-q', '-f', `json:${join(dir, 'sample.json')}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.files).toContain('dist/commands/audit.run.js');
    expect(r.files).toContain('dist/report/json.js');
    const unexpected = r.files.filter(
      (f) =>
        /^dist\/commands\/(?!audit\.run\.js$)[^/]+\.run\.js$/.test(f) ||
        /^dist\/report\/(index|table|html|markdown|csv|sampleList)\.js$/.test(f) ||
        (/^dist\/(check|priority)\//.test(f) && !f.endsWith('/defaults.js')) ||
        /^dist\/compare\/(?!defaults\.js$)/.test(f) ||
        /^dist\/audit\/parallel\/(?!defaults\.js$)/.test(f) ||
        ['node_modules/chalk', 'node_modules/cli-table3'].includes(f),
    );
    expect(unexpected).toEqual([]);
  });

  it('each command loads only its own runner', () => {
    const runs: [string[], string][] = [
      [['rubric', 'validate'], 'rubric'],
      [['compare', 'nonexistent-a.json', 'nonexistent-b.json'], 'compare'],
      [['validate', 'fixtures/example-export.csv', '--as-of', '26/11/2026', '-f', `json:${join(dir, 'validate.json')}`], 'validate'],
    ];
    for (const [args, name] of runs) {
      const r = loaded(args);
      const runners = r.files.filter((f) => /^dist\/commands\/[^/]+\.run\.js$/.test(f));
      expect(runners, args.join(' ')).toEqual([`dist/commands/${name}.run.js`]);
    }
  });
});
