#!/usr/bin/env node
/**
 * The `ehcp-audit` executable. `--version` is answered before anything heavy is loaded; every
 * other invocation loads the program (commands, schemas, rubric engine) on demand.
 */
import { readFileSync } from 'node:fs';
import module from 'node:module';

// Node 22.1 and later keep the compiled program on disk between runs (in the temp folder), which
// takes most of the parsing and compiling out of a start-up; Node 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv);
}
