#!/usr/bin/env node
/**
 * Build dist/: bundle src/ with esbuild, precompile the shipped configuration, then train the
 * compiled-code cache.
 *
 * Why a bundle and not tsc's one file per module: start-up is a target (issue 7: a 20-plan
 * `sample` in under 0.3 s). Unbundled, a 20-plan `sample` made Node resolve, read and link 172
 * files (95 of them zod's, every locale included) before doing any work. Why CommonJS: Node 20
 * keeps no compiled code between runs for its module loaders, but vm.Script takes V8's code cache
 * (`cachedData`), and a CommonJS bundle can be run through vm.Script
 * (src/util/loadProgram.ts). Measured in the README (Design, Build).
 *
 * - dist/cli.js: the executable, which answers --version itself and otherwise loads dist/main.cjs
 *   through src/util/loadProgram.ts. It is CommonJS (dist/package.json), so Node does not set up
 *   its ES module loader for it.
 * - dist/main.cjs: the whole program (src/main.ts) in one CommonJS file. Each command's pipeline
 *   still runs its modules' code only when the command runs: esbuild turns the dynamic imports
 *   of src/commands/*.run.ts into lazily initialised modules (`__esm`).
 * - dist/worker.cjs: the audit's worker threads (src/audit/parallel/worker.ts), loaded in each
 *   thread by dist/thread.js (src/audit/parallel/thread.ts), which src/audit/parallel/pool.ts
 *   finds beside dist/main.cjs.
 * - dist/meta.json: esbuild's map of which source files dist/main.cjs holds; the start-up test
 *   (test/cli/startup.test.ts) reads it.
 * - dist/precompiled-yaml.json, dist/precompiled-validation.json: the shipped rubrics' and
 *   mappings' values and zod's outputs for them (scripts/precompile-*.mjs).
 * - dist/main.cjs.cache: V8's compiled code for dist/main.cjs after a 20-plan `sample` of the
 *   example export (the code the commands share: loading, mapping, scoring, reporting). Written
 *   by that run itself (EHCP_AUDIT_SAVE_CODE_CACHE=1). Without it the CLI compiles as usual.
 * - dist/worker.cjs.cache: the same for dist/worker.cjs, after a threaded audit of the example
 *   export (EHCP_AUDIT_SAVE_WORKER_CACHE=1).
 * - Type checking is `npm run typecheck` (tsc --noEmit): esbuild only strips types.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // EHCP_AUDIT_BUILD_READABLE=1: one statement a line, so a CPU profile's line numbers tell functions apart.
  minifyWhitespace: !process.env.EHCP_AUDIT_BUILD_READABLE,
  minifySyntax: true,
  charset: 'ascii',
};
/**
 * commander requires node:child_process when it loads, for stand-alone executable subcommands,
 * which this CLI does not have; loading it (with net, dgram and more) took about 9 ms of the
 * 250 ms a CPU profile of a 20-plan `sample` covers. This plugin makes that one require lazy: the
 * module is loaded if `spawn` is ever used.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) return { contents: text, loader: 'js', warnings: [{ text: 'commander no longer requires node:child_process as expected: it is loaded eagerly' }] };
      return { contents: text.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

// The CommonJS bundles give import.meta.url its ES module meaning (the file's own URL), which
// src/util/paths.ts, src/util/yamlConfig.ts and src/audit/parallel/pool.ts rely on.
const commonJs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__ehcpImportMetaUrl' },
  // "use strict" first: the banner would otherwise come before esbuild's own directive and leave
  // the bundle in sloppy mode, where the ES modules it was built from were strict.
  banner: { js: "'use strict'; var __ehcpImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess],
};

const program = await build({ ...commonJs, entryPoints: { main: 'src/main.ts', worker: 'src/audit/parallel/worker.ts' }, outdir: 'dist', metafile: true });
const launcher = await build({ ...commonJs, entryPoints: { cli: 'src/cli.ts', thread: 'src/audit/parallel/thread.ts' }, outdir: 'dist', outExtension: { '.js': '.js' } });
if (program.errors.length > 0 || launcher.errors.length > 0) process.exit(1);
writeFileSync(join(out, 'meta.json'), `${JSON.stringify(program.metafile)}\n`);
// dist/cli.js is CommonJS: Node then does not set up its ES module loader for the executable.
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
chmodSync(join(out, 'cli.js'), 0o755);
execFileSync(process.execPath, [join(root, 'scripts', 'precompile-yaml.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'scripts', 'precompile-validation.mjs')], { stdio: 'inherit' });

// Train the code cache on the example export (a clone has it; an installed package may not, and
// then the cache holds the program's top level only, from a --help run). A run that fails leaves
// no cache: the CLI then compiles at start-up as usual, and the tests show what broke.
const example = join(root, 'fixtures', 'example-export.csv');
const scratch = mkdtempSync(join(tmpdir(), 'ehcp-build-'));
try {
  const args = existsSync(example) ? ['sample', example, '--size', '20', '--seed', '1', '--as-of', '01/06/2026', '-q', '-f', `json:${join(scratch, 'sample.json')}`] : ['--help'];
  execFileSync(process.execPath, [join(out, 'cli.js'), ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, EHCP_AUDIT_SAVE_CODE_CACHE: '1' } });
} catch (e) {
  rmSync(join(out, 'main.cjs.cache'), { force: true });
  process.stderr.write(`build: warning: no compiled-code cache (the training run failed: ${e.message.split('\n')[0]})\n`);
}
// The worker threads' cache (dist/worker.cjs.cache, src/audit/parallel/thread.ts): a threaded
// audit of the same export, in blocks small enough that the worker scores several.
try {
  if (existsSync(example)) {
    const env = { ...process.env, EHCP_AUDIT_SAVE_WORKER_CACHE: '1', EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '16384' };
    delete env.EHCP_AUDIT_SAVE_CODE_CACHE;
    execFileSync(process.execPath, [join(out, 'cli.js'), 'audit', example, '--jobs', '2', '--as-of', '01/06/2026', '-q', '-f', `json:${join(scratch, 'audit.json')}`], { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
} catch (e) {
  rmSync(join(out, 'worker.cjs.cache'), { force: true });
  process.stderr.write(`build: warning: no compiled-code cache for worker threads (the training run failed: ${e.message.split('\n')[0]})\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
