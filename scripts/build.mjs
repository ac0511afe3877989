#!/usr/bin/env node
/**
 * Build dist/: bundle src/ with esbuild into a few ES modules, then precompile the shipped YAML.
 *
 * Why a bundle and not tsc's one file per module: start-up is a target (issue 7: a 20-plan
 * `sample` in under 0.3 s). Unbundled, a 20-plan `sample` made Node resolve, read and link 172
 * files (95 of them zod's, every locale included) before doing any work; bundled, it loads 34,
 * and zod is cut down to the parts the schemas use. Measured in the README (Design, Build).
 *
 * - Entry points: dist/cli.js (the executable), dist/main.js (the program, also used by
 *   scripts/bench-run.mjs) and dist/worker.js (the audit's worker threads, which
 *   src/audit/parallel/pool.ts finds as `./worker.js` beside the chunk it runs from: every output
 *   file is in dist/ itself).
 * - Code splitting keeps each command's pipeline in its own chunk, loaded when the command runs
 *   (src/commands/*.run.ts behind dynamic imports), as before.
 * - dist/meta.json is esbuild's map of which source files each output holds; the start-up test
 *   (test/cli/startup.test.ts) reads it to name the source modules a command loads.
 * - Type checking is `npm run typecheck` (tsc --noEmit): esbuild only strips types.
 */
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
rmSync(out, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', main: 'src/main.ts', worker: 'src/audit/parallel/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  // commander and cli-table3 are CommonJS and require Node's built-ins: give the ES module
  // bundle a `require` for them.
  banner: { js: "import { createRequire as __ehcpCreateRequire } from 'node:module'; const require = __ehcpCreateRequire(import.meta.url);" },
});
if (result.errors.length > 0) process.exit(1);
writeFileSync(join(out, 'meta.json'), `${JSON.stringify(result.metafile)}\n`);
chmodSync(join(out, 'cli.js'), 0o755);
execFileSync(process.execPath, [join(root, 'scripts', 'precompile-yaml.mjs')], { stdio: 'inherit' });
