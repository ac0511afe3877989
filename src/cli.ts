#!/usr/bin/env node
/**
 * The `ehcp-audit` executable. `--version` is answered before anything heavy is loaded; every
 * other invocation loads the program (commands, schemas, rubric engine) on demand.
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv);
}
