#!/usr/bin/env node
/**
 * `npm run bench`: the performance measurements of issue "Performance and scale", on this machine.
 *
 * Generates the exports with the project's seeded generator into bench-data/ (not committed), runs
 * each measurement several times and prints and writes docs/benchmarks.md: machine, Node version,
 * plans/s, MB/s, peak RSS, each ratio against its target, min/median/max. CI does not run it.
 *
 *   node scripts/bench.mjs [--runs 5] [--plans 100000] [--big 400000] [--skip-duckdb] [--out docs/benchmarks.md]
 *
 * DuckDB is the reference for "how fast can this file be read and checked": when the package
 * `@duckdb/node-api` can be installed (into bench-data/duckdb, outside the project's lockfile), the
 * benchmark times an SQL query that reads the same CSV and computes a count and two text checks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench-data');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('runs', '5'));
const PLANS = Number(opt('plans', '100000'));
const BIG = Number(opt('big', '400000'));
const OUT = opt('out', join(root, 'docs', 'benchmarks.md'));
const SKIP_DUCKDB = args.includes('--skip-duckdb');
const MAP = join(root, 'fixtures', 'example-export.map.yaml');
const AS_OF = '2026-11-26';

mkdirSync(data, { recursive: true });
const log = (s) => process.stderr.write(`${s}\n`);

function build() {
  log('building dist/ ...');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

function generate(plans, format, seed = 1) {
  const ext = format === 'csv' ? 'csv' : format === 'yaml' ? 'yaml' : 'jsonl';
  const file = join(data, `plans-${plans}-seed${seed}.${ext}`);
  if (!existsSync(file)) {
    log(`generating ${file} ...`);
    execFileSync(process.execPath, [join(root, 'scripts', 'generate-export.mjs'), '--plans', String(plans), '--seed', String(seed), '--format', format, '--out', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return file;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

/** Time a whole command (wall clock) `runs` times. */
function timeCommand(cmd, argv, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    times.push((performance.now() - t) / 1000);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`);
  }
  return stats(times);
}

/** Run the CLI in-process through bench-run.mjs to read its peak RSS as well as its time. */
function cliRun(cliArgs, runs = RUNS) {
  const times = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench-run.mjs'), ...cliArgs], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    times.push((performance.now() - t) / 1000);
    const m = /BENCH maxrss_kb=(\d+) wall_ms=[\d.]+ code=(\d+)/.exec(r.stderr.toString());
    if (!m || (m[2] !== '0' && m[2] !== '1')) throw new Error(`ehcp-audit ${cliArgs.join(' ')} failed:\n${r.stderr}`);
    rss.push(Number(m[1]) / 1024);
  }
  return { time: stats(times), rssMb: Math.max(...rss) };
}

/** Parse only, with the project's CSV reader (the parser the audit uses). */
function parseOnly(file, runs = RUNS) {
  const script = `
    import { createReadStream } from 'node:fs';
    import { openCsv } from ${JSON.stringify(join(root, 'dist', 'records', 'csv', 'index.js'))};
    const t = await openCsv(createReadStream(process.argv[1], { highWaterMark: 1 << 20 }), { file: 'bench' });
    let n = 0; for await (const _ of t.rows) n++;
    if (n === 0) process.exit(3);`;
  return timeCommand(process.execPath, ['--input-type=module', '-e', script, file], runs);
}

async function duckdb(file, runs = RUNS) {
  if (SKIP_DUCKDB) return { skipped: 'skipped (--skip-duckdb)' };
  const dir = join(data, 'duckdb');
  const pkg = join(dir, 'node_modules', '@duckdb', 'node-api');
  if (!existsSync(pkg)) {
    log('installing @duckdb/node-api into bench-data/duckdb (not part of the project) ...');
    mkdirSync(dir, { recursive: true });
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, '@duckdb/node-api'], { stdio: 'inherit' });
    if (r.status !== 0) return { skipped: 'not installable here' };
  }
  // A count and two text checks over the same file: the child's views present, vague Section F wording.
  const sql = `SELECT count(*) AS plans,
      count(*) FILTER (WHERE coalesce(trim("Child Views"), '') = '') AS no_child_views,
      count(*) FILTER (WHERE regexp_matches(lower("Sec F Provision"), '\\b(as required|access to|regular|up to|small group)\\b')) AS vague_f
    FROM read_csv(${JSON.stringify(file).replace(/"/g, "'")}, header = true, quote = '"', escape = '"', all_varchar = true)`;
  const script = `
    import { DuckDBInstance } from ${JSON.stringify(join(pkg, 'lib', 'index.js'))};
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const r = await c.runAndReadAll(${JSON.stringify(sql)});
    console.log(JSON.stringify(r.getRowObjectsJson()));`;
  try {
    const once = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (once.status !== 0) return { skipped: `failed: ${once.stderr.split('\n')[0]}` };
    return { time: timeCommand(process.execPath, ['--input-type=module', '-e', script], runs), result: once.stdout.trim() };
  } catch (e) {
    return { skipped: `failed: ${e.message.split('\n')[0]}` };
  }
}

const fmt = (s) => s.toFixed(2);
const row = (cells) => `| ${cells.join(' | ')} |`;

async function mainBench() {
  build();
  const csv = generate(PLANS, 'csv');
  const big = BIG > 0 ? generate(BIG, 'csv', 2) : undefined;
  const yaml = generate(10_000, 'yaml');
  const jsonl = generate(10_000, 'jsonl');
  const mb = statSync(csv).size / 1e6;
  const outJson = join(data, 'audit.json');

  log('timing cat ...');
  const cat = timeCommand('cat', [csv]);
  log('timing parse only ...');
  const parse = parseOnly(csv);
  log('timing DuckDB ...');
  const duck = await duckdb(csv);
  log('timing audit (100k) ...');
  const audit = cliRun(['audit', csv, '--map', MAP, '--as-of', AS_OF, '-q', '-f', `json:${outJson}`]);
  log('timing audit (100k, one thread) ...');
  const audit1 = cliRun(['audit', csv, '--map', MAP, '--as-of', AS_OF, '-q', '--jobs', '1', '-f', `json:${outJson}`], Math.min(RUNS, 3));
  const auditBig = big ? (log(`timing audit (${BIG}) ...`), cliRun(['audit', big, '--map', MAP, '--as-of', AS_OF, '-q', '-f', `json:${outJson}`], Math.min(RUNS, 3))) : undefined;
  log('timing sample and priority over 100k ...');
  const sample = cliRun(['sample', csv, '--map', MAP, '--as-of', AS_OF, '-q', '--size', '20', '--seed', '1', '-f', `json:${outJson}`]);
  log('timing YAML and JSON Lines ...');
  const yamlRun = cliRun(['audit', yaml, '--as-of', AS_OF, '-q', '-f', `json:${outJson}`]);
  const jsonlRun = cliRun(['audit', jsonl, '--as-of', AS_OF, '-q', '-f', `json:${outJson}`]);
  const yaml1 = cliRun(['audit', yaml, '--as-of', AS_OF, '-q', '--jobs', '1', '-f', `json:${outJson}`], Math.min(RUNS, 3));
  const jsonl1 = cliRun(['audit', jsonl, '--as-of', AS_OF, '-q', '--jobs', '1', '-f', `json:${outJson}`], Math.min(RUNS, 3));
  log('timing start-up ...');
  const version = timeCommand(process.execPath, [join(root, 'dist', 'cli.js'), '--version'], 10);
  const small = timeCommand(process.execPath, [join(root, 'dist', 'cli.js'), 'sample', join(root, 'fixtures', 'example-export.csv'), '--size', '20', '--seed', '1', '--as-of', AS_OF, '-q', '-f', `json:${outJson}`], 10);

  const lines = [];
  const target = (ok) => (ok ? 'met' : '**not met**');
  lines.push('# Benchmarks', '');
  lines.push('Written by `npm run bench` (scripts/bench.mjs). Times are wall-clock seconds over several runs (min / median / max); peak RSS is the largest of the runs.', '');
  lines.push(`- Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${process.platform} ${process.arch}`);
  lines.push(`- Export: ${PLANS.toLocaleString('en-GB')} plans in the example-export shape, ${mb.toFixed(0)} MB CSV (generated, seed 1); runs: ${RUNS}`);
  lines.push(`- Threads: \`audit\` uses --jobs ${availableParallelism()} (the default here: one per core; one worker thread plus the main thread on this machine); "one thread" rows use --jobs 1`);
  lines.push('');
  lines.push('## Audit of the large export', '');
  lines.push(row(['measurement', 'min', 'median', 'max', 'plans/s (median)', 'MB/s (median)', 'peak RSS']));
  lines.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  const r = (name, t, rss) => row([name, fmt(t.min), fmt(t.median), fmt(t.max), Math.round(PLANS / t.median).toLocaleString('en-GB'), (mb / t.median).toFixed(0), rss === undefined ? '' : `${rss.toFixed(0)} MB`]);
  lines.push(r('read the file (`cat`)', cat));
  lines.push(r('parse only (ehcp-audit CSV reader)', parse));
  if (duck.time) lines.push(r('DuckDB SQL: count + 2 text checks', duck.time));
  lines.push(r('`audit`, default rubric, JSON report to a file', audit.time, audit.rssMb));
  lines.push(r('`audit --jobs 1` (one thread), same', audit1.time, audit1.rssMb));
  lines.push(r('`sample --size 20` (one pass)', sample.time, sample.rssMb));
  lines.push('');
  lines.push('## Targets', '');
  lines.push(row(['target', 'measured', 'result']));
  lines.push(row(['---', '---', '---']));
  if (duck.time) {
    const ratio = audit.time.median / duck.time.median;
    lines.push(row(['audit <= 1.5 x DuckDB', `${ratio.toFixed(2)} x (${fmt(audit.time.median)} s / ${fmt(duck.time.median)} s)`, target(ratio <= 1.5)]));
  } else {
    lines.push(row(['audit <= 1.5 x DuckDB', `DuckDB ${duck.skipped}`, 'not measured']));
  }
  const pr = audit.time.median / parse.median;
  lines.push(row(['audit <= 2 x parse only', `${pr.toFixed(2)} x (${fmt(audit.time.median)} s / ${fmt(parse.median)} s)`, target(pr <= 2)]));
  lines.push(row([`peak RSS < 250 MB, ${PLANS.toLocaleString('en-GB')} plans`, `${audit.rssMb.toFixed(0)} MB`, target(audit.rssMb < 250)]));
  if (auditBig) lines.push(row([`peak RSS < 250 MB, ${BIG.toLocaleString('en-GB')} plans`, `${auditBig.rssMb.toFixed(0)} MB (median ${fmt(auditBig.time.median)} s)`, target(auditBig.rssMb < 250)]));
  lines.push(row(['YAML (multi-document), 10,000 plans: < 3 s and < 250 MB', `${fmt(yamlRun.time.median)} s, ${yamlRun.rssMb.toFixed(0)} MB`, target(yamlRun.time.median < 3 && yamlRun.rssMb < 250)]));
  lines.push(row(['JSON Lines, 10,000 plans: < 3 s and < 250 MB', `${fmt(jsonlRun.time.median)} s, ${jsonlRun.rssMb.toFixed(0)} MB`, target(jsonlRun.time.median < 3 && jsonlRun.rssMb < 250)]));
  lines.push(row(['`--version` < 0.3 s', `${fmt(version.median)} s (min ${fmt(version.min)})`, target(version.median < 0.3)]));
  lines.push(row(['20-plan `sample` < 0.3 s', `${fmt(small.median)} s (min ${fmt(small.min)})`, target(small.median < 0.3)]));
  lines.push('');
  lines.push('## YAML and JSON Lines, 10,000 plans', '');
  lines.push(row(['measurement', 'min', 'median', 'max', 'plans/s (median)', 'peak RSS']));
  lines.push(row(['---', '---:', '---:', '---:', '---:', '---:']));
  const r10k = (name, x) => row([name, fmt(x.time.min), fmt(x.time.median), fmt(x.time.max), Math.round(10_000 / x.time.median).toLocaleString('en-GB'), `${x.rssMb.toFixed(0)} MB`]);
  lines.push(r10k('`audit`, multi-document YAML', yamlRun));
  lines.push(r10k('`audit --jobs 1`, multi-document YAML', yaml1));
  lines.push(r10k('`audit`, JSON Lines', jsonlRun));
  lines.push(r10k('`audit --jobs 1`, JSON Lines', jsonl1));
  lines.push('');
  if (duck.result) lines.push(`DuckDB's answer on the same file (a sanity check that it read every row): \`${duck.result}\``, '');
  lines.push('Reproduce: `npm run bench` (add `--runs N`, `--plans N`, `--big 0` to skip the 400,000-plan run, `--skip-duckdb`).', '');
  const text = lines.join('\n');
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  process.stdout.write(`${text}\n`);
  log(`wrote ${OUT}`);
}

await mainBench();
