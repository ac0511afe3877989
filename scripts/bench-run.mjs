#!/usr/bin/env node
/**
 * Runs the built CLI in this process and reports its peak memory: prints
 * `BENCH maxrss_kb=<n> wall_ms=<n> code=<n>` as the last line on stderr. Used by scripts/bench.mjs.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const start = performance.now();
const { main } = createRequire(import.meta.url)('../dist/main.cjs');
const code = await main(['node', 'ehcp-audit', ...process.argv.slice(2)]);
const wall = performance.now() - start;
process.stderr.write(`\nBENCH maxrss_kb=${process.resourceUsage().maxRSS} wall_ms=${wall.toFixed(1)} code=${code}\n`);
process.exitCode = code;
