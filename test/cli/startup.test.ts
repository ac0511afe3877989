/**
 * Start-up cost: the program registers every command, so registration must load only light
 * modules (commander, option definitions, format names, defaults); each command loads its own
 * pipeline when it runs (src/commands/*.run.ts). dist/main.cjs holds the whole program in one
 * file (scripts/build.mjs), so "loads" means "runs the module's code": esbuild wraps each module
 * that is not needed at once in an initialiser (`__esm` for ES modules, `__commonJS` for
 * CommonJS packages) that runs on first use. The test runs the built bundle as dist/cli.js does
 * (util/loadProgram.ts), with those two helpers made to report each module they initialise;
 * modules outside any initialiser run whenever the bundle loads. Modules are named by source path
 * (src/x.ts) and packages by name (node_modules/<package>).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const bundleFile = join(repoRoot, 'dist', 'main.cjs');
const bundleText = readFileSync(bundleFile, 'utf8');

/** The initialisers' heads as esbuild writes them (minified), and the same with a report added. */
const HOOKS: [string, string][] = [
  ['var __esm=(fn,res,err)=>function(){', 'var __esm=(fn,res,err)=>function(){fn&&__trace(__getOwnPropNames(fn)[0]);'],
  ['var __commonJS=(cb,mod)=>function(){', 'var __commonJS=(cb,mod)=>function(){mod||__trace(__getOwnPropNames(cb)[0]);'],
];

/** Every source file in the bundle (esbuild's dist/meta.json). */
const meta = JSON.parse(readFileSync(join(repoRoot, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
const inputs = Object.keys(meta.outputs['dist/main.cjs']!.inputs);
/** The source files inside an initialiser; the others run as soon as the bundle loads. */
const wrapped = new Set([...bundleText.matchAll(/__(?:esm|commonJS)\(\{"([^"]+)"\(/g)].map((m) => m[1]!));
const eager = inputs.filter((f) => !wrapped.has(f));

const RUNNER = `
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');
const [file, hooks, ...args] = process.argv.slice(1);
let text = readFileSync(file, 'utf8');
for (const [from, to] of JSON.parse(hooks)) {
  if (!text.includes(from)) { process.stderr.write('HOOK NOT FOUND ' + from + '\\n'); process.exit(3); }
  text = text.replace(from, to);
}
globalThis.__trace = (name) => process.stderr.write('INIT ' + name + '\\n');
const init = new vm.Script('(function (exports, require, module, __filename, __dirname) { var __trace = globalThis.__trace; ' + text + '\\n})', { filename: file }).runInThisContext();
const mod = { exports: {} };
init(mod.exports, createRequire(file), mod, file, dirname(file));
mod.exports.main(['node', 'ehcp-audit', ...args]).then((code) => { process.exitCode = code; });
`;

/** The modules (src/... or node_modules/<package>) the CLI runs for these arguments. */
function loaded(args: string[]): { code: number; stderr: string; files: string[] } {
  const r = spawnSync(process.execPath, ['-e', RUNNER, bundleFile, JSON.stringify(HOOKS), ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const initialised = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('INIT '))
    .map((l) => l.slice('INIT '.length));
  const files = [...eager, ...initialised].map((f) => f.replace(/^node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1'));
  return { code: r.status ?? -1, stderr: r.stderr.split('\n').filter((l) => !l.startsWith('INIT ')).join('\n'), files: [...new Set(files)].sort() };
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
    const registrations = ['audit', 'baseline', 'check', 'compare', 'explain', 'init', 'moderate', 'priority', 'rubric', 'validate'].map((c) => `src/commands/${c}.ts`);
    expect(r.files).toEqual(
      [
        'src/main.ts',
        'src/commands/index.ts',
        ...registrations,
        'src/commands/options.ts',
        'src/report/formatNames.ts',
        'src/sample/defaults.ts',
        'src/check/defaults.ts',
        'src/compare/defaults.ts',
        'src/audit/parallel/defaults.ts',
        'src/util/errors.ts',
        'src/util/paths.ts',
        'src/util/safeText.ts',
        'src/util/toolInfo.ts',
        'node_modules/commander',
      ].sort(),
    );
  });

  it('sample -f json loads its own pipeline and the JSON formatter only', () => {
    const r = loaded(['sample', 'fixtures/example-export.csv', '--size', '20', '--seed', '1', '--as-of', '26/11/2026', '-q', '-f', `json:${join(dir, 'sample.json')}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.files).toContain('src/commands/audit.run.ts');
    expect(r.files).toContain('src/report/json.ts');
    const unexpected = r.files.filter(
      (f) =>
        /^src\/commands\/(?!audit\.run\.ts$)[^/]+\.run\.ts$/.test(f) ||
        /^src\/report\/(index|table|html|markdown|csv|sampleList)\.ts$/.test(f) ||
        (/^src\/(check|priority)\//.test(f) && !f.endsWith('/defaults.ts')) ||
        /^src\/compare\/(?!defaults\.ts$)/.test(f) ||
        /^src\/audit\/parallel\/(?!defaults\.ts$)/.test(f) ||
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
      const runners = r.files.filter((f) => /^src\/commands\/[^/]+\.run\.ts$/.test(f));
      expect(runners, args.join(' ')).toEqual([`src/commands/${name}.run.ts`]);
    }
  });
});

describe('the bundle', () => {
  it('runs in strict mode, as the ES modules it is built from did', () => {
    expect(bundleText.startsWith("'use strict';")).toBe(true);
  });

  it('is ASCII, so V8 holds it one byte per character', () => {
    // eslint-disable-next-line no-control-regex
    const at = bundleText.search(/[^\x00-\x7f]/);
    expect(at, at >= 0 ? bundleText.slice(Math.max(0, at - 60), at + 20) : '').toBe(-1);
  });
});
