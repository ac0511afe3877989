#!/usr/bin/env node
/**
 * Build step, after the bundle: validate every shipped rubric (rubrics/) and mapping (mappings/),
 * and the example export's mapping (fixtures/example-export.map.yaml: the quick start's, and the
 * one docs/mapping.md starts LAs from), with the program's own loaders while src/util/validationCache.ts records zod's outputs, and
 * store them in dist/precompiled-validation.json. The CLI then answers those validations from the
 * table instead of calling zod (a tenth of a 20-plan `sample`). Inputs that differ in any way,
 * such as an edited copy of the default rubric, are validated by zod as before.
 *
 * The loaders are bundled from src/ for this run (esbuild), into a file in dist/ that is removed
 * afterwards.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { configFiles } from './config-files.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const files = configFiles(root);
const rubrics = files.rubrics.filter((f) => !basename(f).startsWith('priority-weights'));
const mappings = files.mappings;
const entry = `
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMapping } from './src/records/mapping/load.ts';
import { loadRubric } from './src/rubric/load.ts';
import { packageRoot } from './src/util/paths.ts';
import { recordValidations, VALIDATION_CACHE_FILE } from './src/util/validationCache.ts';
const recorded = new Map();
recordValidations(recorded);
for (const f of ${JSON.stringify(rubrics)}) loadRubric(join(packageRoot, f));
for (const f of ${JSON.stringify(mappings)}) readMapping(join(packageRoot, f));
recordValidations(undefined);
const out = [...recorded].sort(([a], [b]) => (a < b ? -1 : 1));
writeFileSync(join(packageRoot, 'dist', VALIDATION_CACHE_FILE), JSON.stringify(out) + '\\n');
`;
const script = join(root, 'dist', '.precompile-validation.mjs');
await build({
  absWorkingDir: root,
  stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'precompile-validation-entry.ts' },
  outfile: script,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __ehcpCreateRequire } from 'node:module'; const require = __ehcpCreateRequire(import.meta.url);" },
});
try {
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
} finally {
  rmSync(script, { force: true });
}
