#!/usr/bin/env node
/**
 * The `ehcp-audit` executable (built as CommonJS: dist/package.json says so, and Node then skips
 * setting up its ES module loader). `--version` is answered before anything heavy is loaded;
 * every other invocation loads the program (dist/main.cjs: commands, schemas, rubric engine) with
 * its compiled-code cache (util/loadProgram.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadProgram } from './util/loadProgram.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  const loaded = loadProgram(fileURLToPath(new URL('./main.cjs', import.meta.url)));
  void loaded.program.main(process.argv).then((code) => {
    process.exitCode = code;
    // Set by scripts/build.mjs only: this run trains the compiled-code cache.
    if (process.env.EHCP_AUDIT_SAVE_CODE_CACHE === '1') loaded.saveCache();
  });
}
