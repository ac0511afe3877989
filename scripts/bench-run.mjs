#!/usr/bin/env node
/**
 * Runs the built CLI in this process and reports its peak memory: prints
 * `BENCH maxrss_kb=<n> wall_ms=<n> code=<n>` as the last line on stderr. Used by scripts/bench.mjs.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * This process's peak RSS in KiB: Linux's VmHWM, the peak of this program's own memory (threads
 * included). Not getrusage's maxRSS, which on Linux starts from the RSS of the process that started
 * this one (kept across fork and exec): a benchmark process holding 600 MB made every command it
 * ran report at least 600 MB. maxRSS is the fallback where /proc is missing.
 */
function peakRssKb() {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

const start = performance.now();
const { main } = createRequire(import.meta.url)('../dist/main.cjs');
const code = await main(['node', 'ehcp-audit', ...process.argv.slice(2)]);
const wall = performance.now() - start;
process.stderr.write(`\nBENCH maxrss_kb=${peakRssKb()} wall_ms=${wall.toFixed(1)} code=${code}\n`);
process.exitCode = code;
