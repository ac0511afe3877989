/**
 * The parallel CSV audit (src/audit/parallel/) against the one-thread audit, end to end through
 * the built CLI: for every input the report (stdout), the messages (stderr) and the exit code
 * must be byte-identical whether the export is read in one thread (--jobs 1) or cut into blocks
 * and read by worker threads (--jobs 2 or 3, EHCP_AUDIT_PARALLEL_MIN_BYTES=0 so that even small
 * files take the parallel path, EHCP_AUDIT_BLOCK_BYTES = 1 / 4096 (and 7 with --jobs 3) so that blocks are cut at
 * every row boundary, at most row boundaries, or every few rows).
 *
 * Inputs: the example export, every CSV in fixtures/bad/, and variants of the example export
 * written to a temp dir (line endings, faults in quoting, bad bytes, blank rows, windows-1252,
 * a duplicate reference in a later block, header only), plus --where and --show-text runs, runs
 * with a rubric that leaves most plan text unread, a
 * 6,000-plan export whose plans go through the on-disk spool, and `check`.
 *
 * Then YAML and JSON Lines (no mapping): the two fixtures, a multi-document copy of the YAML one,
 * and variants in the temp dir (markers, comments, broken documents and lines, line endings, bad
 * bytes, a NUL byte past the first 1 MiB), plus --where and --show-text on the YAML fixture.
 *
 * Last, warnings the main thread decides from what the blocks report (fixtures/mapped/): --where
 * values of an extra column that are not dates, and mapped keys no record of a flat export has.
 *
 * Every run also records, through a preload module (NODE_OPTIONS=--import), how many worker
 * threads it started, so a comparison cannot pass because the parallel path was never taken.
 *
 * The CLI runs are independent processes: they are started up front, a few at a time (see LIMIT),
 * and each test awaits the runs it compares. runCliAsync is runCli (test/helpers/cli.ts) without
 * blocking, so that the runs can overlap.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_LIMIT, LOWEST_SHOWN } from '../../src/audit/planStore.js';
import type { AuditReport } from '../../src/audit/report.js';
import { fixture, repoRoot, type CliResult } from '../helpers/cli.js';

const AS_OF = ['--as-of', '26/11/2026'];
const MAP = ['--map', 'fixtures/example-export.map.yaml'];
const BLOCK_SIZES = ['1', '4096'] as const;
const SPOOL_PLANS = 6000;

// ------------------------------------------------------------------------------------------------
// Running the CLI: a few processes at a time, each run once however many tests look at it.
// ------------------------------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'ehcp-parallel-'));
afterAll(async () => {
  // Let every run end (a test that failed early leaves some going) before removing their files.
  await Promise.allSettled(runs.values());
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Preload for every run: each worker thread appends a line to $EHCP_TEST_WORKER_MARK when it is
 * given its first message (the audit's setup: pool.ts configure). Counted at start-up instead, a
 * worker started early and then stopped unused (an export found empty, or UTF-16, after the
 * start), which is never set up, was counted or not by how fast it booted: the tests that expect
 * no worker failed now and then under load.
 */
const MARKER = join(dir, 'count-workers.mjs');
writeFileSync(
  MARKER,
  [
    "import { isMainThread, parentPort } from 'node:worker_threads';",
    "import { appendFileSync } from 'node:fs';",
    'const mark = process.env.EHCP_TEST_WORKER_MARK;',
    'if (!isMainThread && mark && parentPort) {',
    '  let counted = false;',
    "  parentPort.on('message', () => {",
    '    if (counted) return;',
    '    counted = true;',
    "    appendFileSync(mark, 'worker\\n');",
    '  });',
    '}',
    '',
  ].join('\n'),
);

/** A CLI run: exit code, stdout and stderr as text (UTF-8) and as the bytes written. */
interface RawRun extends CliResult {
  stdoutBytes: Buffer;
  stderrBytes: Buffer;
}

interface Run extends RawRun {
  /** Worker threads the run started. */
  workers: number;
  label: string;
}

/** runCli (test/helpers/cli.ts), asynchronous: same executable, working directory and environment. */
function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<RawRun> {
  return new Promise((resolve) => {
    const child: ChildProcess = execFile(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), ...args],
      // A run that hangs (a worker keeping the process alive) is stopped and fails its test.
      { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), stdoutBytes: stdout, stderrBytes: stderr });
      },
    );
    child.stdin?.end();
  });
}

const LIMIT = Math.max(1, Math.min(4, availableParallelism()));
let active = 0;
const waiting: (() => void)[] = [];
async function limited<T>(f: () => Promise<T>): Promise<T> {
  if (active >= LIMIT) await new Promise<void>((resolve) => waiting.push(resolve));
  active++;
  try {
    return await f();
  } finally {
    active--;
    waiting.shift()?.();
  }
}

const runs = new Map<string, Promise<Run>>();
let runNo = 0;

/**
 * The CLI run of `args` with `env` (memoised on both), counting its worker threads. `after`: a
 * promise to wait for first (a generated input).
 */
function cli(args: string[], env: Record<string, string> = {}, after?: Promise<unknown>): Promise<Run> {
  const key = JSON.stringify([args, env]);
  let p = runs.get(key);
  if (!p) {
    const mark = join(dir, `workers-${++runNo}.txt`);
    const label = `${Object.entries(env)
      .map(([k, v]) => `${k}=${v} `)
      .join('')}ehcp-audit ${args.join(' ')}`;
    p = (async () => {
      try {
        await after;
      } catch (e) {
        const stderr = `could not prepare the input: ${String(e)}`;
        return { code: -1, stdout: '', stderr, stdoutBytes: Buffer.alloc(0), stderrBytes: Buffer.from(stderr), workers: 0, label };
      }
      const r = await limited(() =>
        runCliAsync(args, {
          ...env,
          EHCP_TEST_WORKER_MARK: mark,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(MARKER).href}`.trim(),
        }),
      );
      const workers = existsSync(mark) ? readFileSync(mark, 'utf8').split('\n').filter(Boolean).length : 0;
      return { ...r, workers, label };
    })();
    runs.set(key, p);
  }
  return p;
}

const parallelEnv = (blockBytes?: string): Record<string, string> => ({
  EHCP_AUDIT_PARALLEL_MIN_BYTES: '0',
  ...(blockBytes ? { EHCP_AUDIT_BLOCK_BYTES: blockBytes } : {}),
});

// ------------------------------------------------------------------------------------------------
// Comparing runs.
// ------------------------------------------------------------------------------------------------

/**
 * Where two outputs first differ: the line, and the two versions around the first differing
 * character; undefined when they are the same bytes.
 */
function firstDifference(a: string | Buffer, b: string | Buffer): string | undefined {
  if (typeof a !== 'string' || typeof b !== 'string') {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    if (x.equals(y)) return undefined;
    if (x.toString('utf8') === y.toString('utf8')) return 'the bytes differ, the text (read as UTF-8) does not';
    return firstDifference(x.toString('utf8'), y.toString('utf8'));
  }
  if (a === b) return undefined;
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  const x = la[i] ?? '<end of output>';
  const y = lb[i] ?? '<end of output>';
  let c = 0;
  while (c < x.length && c < y.length && x[c] === y[c]) c++;
  const around = (s: string): string => JSON.stringify(s.slice(Math.max(0, c - 150), c + 150));
  return `first difference on line ${i + 1} (of ${la.length} vs ${lb.length}), column ${c + 1}:\n  one thread: ${around(x)}\n  parallel:   ${around(y)}`;
}

/** The parallel run gives what the one-thread run gives, byte for byte. */
function expectSame(one: Run, par: Run): void {
  const what = `\n  one thread: ${one.label}\n  parallel:   ${par.label}\n`;
  expect.soft(par.code, `exit code${what}${par.stderr}`).toBe(one.code);
  expect.soft(firstDifference(one.stderrBytes, par.stderrBytes), `stderr${what}`).toBeUndefined();
  expect.soft(firstDifference(one.stdoutBytes, par.stdoutBytes), `stdout${what}`).toBeUndefined();
}

// ------------------------------------------------------------------------------------------------
// Inputs: variants of the example export.
// ------------------------------------------------------------------------------------------------

const exampleBytes = readFileSync(fixture('example-export.csv'));
const table = parse(exampleBytes, { bom: true }) as string[][];
const header = table[0]!;
/** The example's 70 records; most variants use the first VARIANT_RECORDS, to keep runs short. */
const records = table.slice(1);
const VARIANT_RECORDS = 24;
const col = (name: string): number => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in the example export`);
  return i;
};

/** A cell: a value (quoted as needed) or raw text written as it is. */
type Cell = string | { raw: string };
interface Style {
  delimiter?: string;
  /** Row ending (default CRLF, as the example). */
  eol?: string;
  /** Line breaks inside cells become this (default: as they are, LF). */
  cellEol?: string;
  quoteAll?: boolean;
  bom?: boolean;
  finalEol?: boolean;
}

function serialise(rows: Cell[][], style: Style = {}): string {
  const d = style.delimiter ?? ',';
  const eol = style.eol ?? '\r\n';
  const cell = (c: Cell): string => {
    if (typeof c !== 'string') return c.raw;
    const v = style.cellEol === undefined ? c : c.replace(/\r\n|\r|\n/g, style.cellEol);
    return style.quoteAll || v.includes(d) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const text = rows.map((r) => r.map(cell).join(d)).join(eol) + (style.finalEol === false ? '' : eol);
  return (style.bom === false ? '' : '\uFEFF') + text;
}

const quoted = (v: string): string => `"${v.replace(/"/g, '""')}"`;
/** Copies of the first n records (cells may then be replaced by raw text). */
const firstRecords = (n = VARIANT_RECORDS): Cell[][] => records.slice(0, n).map((r) => [...r]);

/** UTF-8 bytes of `text` with each `@@name@@` marker replaced by the given bytes. */
function withBytes(text: string, bytes: Record<string, number[]>): Buffer {
  let b = Buffer.from(text, 'utf8');
  for (const [name, value] of Object.entries(bytes)) {
    const marker = Buffer.from(`@@${name}@@`);
    const at = b.indexOf(marker);
    if (at < 0 || b.indexOf(marker, at + 1) >= 0) throw new Error(`marker @@${name}@@ must occur once`);
    b = Buffer.concat([b.subarray(0, at), Buffer.from(value), b.subarray(at + marker.length)]);
  }
  return b;
}

/** windows-1252 bytes of text (Latin-1 characters, plus the few cp1252 extras used here). */
function cp1252(text: string): Buffer {
  const extra: Record<string, number> = { '\u2019': 0x92, '\u2018': 0x91, '\u201C': 0x93, '\u201D': 0x94, '\u20AC': 0x80, '\u2013': 0x96 };
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (extra[ch] !== undefined) return extra[ch];
      if (c > 0xff || (c >= 0x80 && c < 0xa0)) throw new Error(`not in windows-1252: ${ch}`);
      return c;
    }),
  );
}

/** The first line break inside a cell becomes `by` (the cell must hold one). */
function replaceFirstBreak(value: string, by: string): string {
  const i = value.indexOf('\n');
  if (i < 0) throw new Error(`no line break in ${JSON.stringify(value.slice(0, 40))}`);
  return value.slice(0, i) + by + value.slice(i + 1);
}

interface Input {
  name: string;
  file: string;
  /** Arguments after the file (mapping, options). */
  args: string[];
  /** The exit code the one-thread audit must give (a check that the input does what it is for). */
  code?: number;
  /** The parallel path does not apply (an encoding it cannot cut): no worker threads. */
  oneThreadOnly?: boolean;
  /** No data rows: the worker thread may be stopped before it has loaded. */
  noData?: boolean;
}

function variant(name: string, content: string | Buffer, extra: Partial<Input> = {}): Input {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, content);
  return { name, file, args: MAP, ...extra };
}

const F_CHILD_NAME = col('Child Name');
const F_CHILD_VIEWS = col('Child Views');
const F_REF = col('Plan Ref');
const F_OUTCOMES = col('Sec E Outcomes');
const F_PROVISION = col('Sec F Provision');
const F_PRIMARY = col('Primary Need');
const F_CASEWORKER = col('Caseworker');

function variants(): Input[] {
  const out: Input[] = [];
  const all = [header, ...firstRecords()];

  out.push(variant('crlf-everywhere', serialise(all, { cellEol: '\r\n' })));
  // No LF at all: the scanner finds no boundary, so the whole file is one block.
  out.push(variant('cr-only', serialise(all, { eol: '\r', cellEol: '\r' })));
  out.push(variant('no-final-newline', serialise(all, { finalEol: false })));
  // Every field quoted, tab-delimited, no BOM: every row (every block) starts with a quote.
  out.push(variant('quoted-tab-delimited', serialise(all, { delimiter: '\t', quoteAll: true, bom: false })));

  {
    // Invalid UTF-8 inside a multi-line quoted cell, past the first 64 KiB (the sniffed head).
    const rows = [header, ...records.map((r) => [...r] as Cell[])];
    rows[40]![F_PROVISION] = { raw: quoted(replaceFirstBreak(records[39]![F_PROVISION]!, '\n@@BAD@@')) };
    out.push(variant('invalid-utf8-in-quoted-cell', withBytes(serialise(rows), { BAD: [0xff, 0xfe] }), { code: 2 }));
  }
  {
    // A NUL byte inside a multi-line quoted cell, after line breaks in it.
    const rows: Cell[][] = [header, ...firstRecords()];
    const v = records[17]![F_OUTCOMES]!;
    const lastBreak = v.lastIndexOf('\n');
    if (lastBreak < 0) throw new Error('Sec E of record 18 has no line break');
    rows[18]![F_OUTCOMES] = { raw: quoted(`${v.slice(0, lastBreak + 1)}@@NUL@@${v.slice(lastBreak + 1)}`) };
    out.push(variant('nul-in-quoted-cell', withBytes(serialise(rows), { NUL: [0] }), { code: 2 }));
  }
  {
    const rows: Cell[][] = [header, ...firstRecords()];
    // A stray quote inside an unquoted field.
    rows[3]![F_CHILD_NAME] = { raw: `Ja"ck ${records[2]![F_CHILD_NAME]!}` };
    // Text after the closing quote of a multi-line cell.
    rows[7]![F_OUTCOMES] = { raw: `${quoted(records[6]![F_OUTCOMES]!)}and more` };
    // A stray quote, then in the next field a proper quoted cell with a line break: a scanner that
    // took the stray quote for an opening one would pair the quotes the wrong way round.
    rows[9]![F_PRIMARY] = { raw: 'Speech "SLCN' };
    rows[9]![F_PRIMARY + 1] = { raw: quoted(`${records[8]![F_PRIMARY + 1]!}\nsecond line`) };
    // Text after a closing quote that holds a quote and a delimiter: the row is ragged.
    rows[12]![F_CHILD_VIEWS] = { raw: `"I like trains" "and, buses"` };
    // A quote as the last character of a row (an unquoted field): stray, so the row ends at the line break.
    rows[14]![F_CASEWORKER] = { raw: 'CW0"' };
    out.push(variant('stray-quotes', serialise(rows)));
  }
  {
    const rows: Cell[][] = [header, ...firstRecords()];
    // A lone CR inside a quoted field, and one just before the closing quote.
    rows[5]![F_OUTCOMES] = { raw: quoted(replaceFirstBreak(records[4]![F_OUTCOMES]!, '\r')) };
    rows[11]![F_CHILD_VIEWS] = { raw: quoted(`${records[10]![F_CHILD_VIEWS]!}\r`) };
    out.push(variant('lone-cr-in-quoted-cell', serialise(rows)));
  }
  {
    // A quote that opens the last field of the last record and never closes: the lines after it
    // (no quotes in them) are read into that field, up to the end of the file.
    const rows: Cell[][] = [header, ...firstRecords()];
    rows[rows.length - 1]![F_CASEWORKER] = { raw: `"${records[VARIANT_RECORDS - 1]![F_CASEWORKER]!}\r\nsee notes, line 1\r\nline 2` };
    out.push(variant('unclosed-quote-near-end', serialise(rows)));
  }
  {
    const blankRow = header.map(() => '');
    const rows: Cell[][] = [header, [], ...firstRecords(10), [], [], ...firstRecords(20).slice(10), blankRow, ['   '], [], ...firstRecords().slice(20), [], []];
    out.push(variant('blank-rows', serialise(rows)));
  }
  {
    // windows-1252 without a BOM: £ and é as single bytes, curly apostrophes (0x92) added.
    const rows: Cell[][] = [header, ...firstRecords()];
    for (const i of [1, 2, 9, 20]) rows[i]![F_CHILD_VIEWS] = (rows[i]![F_CHILD_VIEWS] as string).replace(/'/g, '\u2019') + ' \u201Cok\u201D \u2013 \u20AC5';
    const bytes = cp1252(serialise(rows, { bom: false }));
    out.push(variant('windows-1252', bytes));
  }
  {
    // The same reference 22 records apart: the duplicate is in a later block at every block size.
    const rows: Cell[][] = [header, ...firstRecords()];
    rows[23]![F_REF] = records[1]![F_REF]!;
    out.push(variant('duplicate-ref-far-apart', serialise(rows)));
  }
  {
    // A cell of 100 KB: past what a worker takes at these block sizes (64 KiB; src/audit/parallel/
    // pool.ts), so its block is read on the main thread, and the report is still the one-thread one.
    const rows: Cell[][] = [header, ...firstRecords()];
    rows[6]![F_CHILD_VIEWS] = { raw: quoted(`${records[5]![F_CHILD_VIEWS]!} ${'and then more words, '.repeat(5000)}`) };
    out.push(variant('long-cell', serialise(rows)));
  }
  {
    // References with an invisible character (warned of on the main thread as it accepts them), and
    // a record whose NC year is blank, so E-pfa applies by its date of birth (yearGroup): scored in
    // a worker at the as-of date the main thread was given.
    const rows: Cell[][] = [header, ...firstRecords()];
    rows[4]![F_REF] = `${records[3]![F_REF]!}\u200b`;
    rows[15]![F_REF] = (records[14]![F_REF] as string).replace('-', '\u00a0');
    rows[19]![col('NC Year')] = '';
    rows[19]![col('DOB')] = '01/03/2009';
    out.push(variant('invisible-refs-and-blank-nc-year', serialise(rows)));
  }
  // No data rows: nothing to send, so the pool may be closed before its worker has started.
  out.push(variant('header-only', serialise([header]), { noData: true }));
  return out;
}

const EXAMPLE: Input = { name: 'example export', file: 'fixtures/example-export.csv', args: [], code: 0 };
/**
 * Every CSV in fixtures/bad/, with the example's mapping. binary.csv is refused before any reading
 * and utf16le.csv cannot be cut into blocks (UTF-16): both are read in one thread whatever --jobs.
 */
const badCsv: Input[] = readdirSync(fixture('bad'))
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => ({
    name: `fixtures/bad/${f}`,
    file: `fixtures/bad/${f}`,
    args: MAP,
    ...(f === 'utf16le.csv' || f === 'binary.csv' ? { oneThreadOnly: true } : {}),
  }));

const INPUTS: Input[] = [
  EXAMPLE,
  { name: 'example export, --where child.district=Northmoor', file: EXAMPLE.file, args: ['--where', 'child.district=Northmoor'], code: 0 },
  { name: 'example export, --show-text', file: EXAMPLE.file, args: ['--show-text'], code: 0 },
  // Rubrics that leave plan text unread (rubric/fields.ts unreadPlanText), the workers too.
  { name: 'example export, a rubric that reads Sections A and F only', file: EXAMPLE.file, args: ['--rubric', 'scripts/bench-reference-rubric.yaml'], code: 0 },
  { name: 'example export, the same and --where on e[].area', file: EXAMPLE.file, args: ['--rubric', 'scripts/bench-reference-rubric.yaml', '--where', 'e[].area~employment'], code: 0 },
  ...badCsv,
  ...variants(),
];

/** Block sizes to compare; an input that is never cut into blocks needs only one parallel run. */
const blockSizes = (input: Input): readonly string[] => (input.oneThreadOnly ? ['1'] : BLOCK_SIZES);
const auditArgs = (input: Input, jobs: number, format = 'json'): string[] => ['audit', input.file, ...input.args, ...AS_OF, '-f', format, '--jobs', String(jobs)];

// The spooled case: a 6,000-plan export, generated (seeded) into the temp dir.
const BIG = join(dir, 'big-export.csv');
const generated = limited(
  () =>
    new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [join(repoRoot, 'scripts', 'generate-export.mjs'), '--plans', String(SPOOL_PLANS), '--seed', '2026', '--format', 'csv', '--out', BIG],
        { cwd: repoRoot },
        (err) => (err ? reject(err) : resolve()),
      );
    }),
);
const BIG_INPUT: Input = { name: `${SPOOL_PLANS}-plan export`, file: BIG, args: MAP, code: 0 };

// Start every run now, in the order the tests below look at them.
for (const input of INPUTS) {
  void cli(auditArgs(input, 1));
  for (const x of blockSizes(input)) void cli(auditArgs(input, 2), parallelEnv(x));
  if (input === EXAMPLE) void cli(auditArgs(input, 3), parallelEnv('7'));
}
/**
 * A run writes the JSON report to stdout and the CSV report to a file of its own (in a directory
 * per --jobs, as the path shows in stderr): one run gives both reports.
 */
const bigRun = (jobs: number): Promise<Run> => {
  const out = join(dir, `big-jobs${jobs}`);
  return cli([...auditArgs(BIG_INPUT, jobs), '-f', `csv:${join(out, 'report.csv')}`], jobs > 1 ? parallelEnv() : {}, generated);
};
void bigRun(1);
void bigRun(2);

// ------------------------------------------------------------------------------------------------

describe('parallel audit = one-thread audit, byte for byte', () => {
  for (const input of INPUTS) {
    it(input.name, async () => {
      const one = await cli(auditArgs(input, 1));
      if (input.code !== undefined) expect(one.code, one.stderr).toBe(input.code);
      expect(one.workers).toBe(0);
      const par = await Promise.all(blockSizes(input).map((x) => cli(auditArgs(input, 2), parallelEnv(x))));
      if (input === EXAMPLE) par.push(await cli(auditArgs(input, 3), parallelEnv('7')));
      for (const p of par) {
        expectSame(one, p);
        // --jobs 2: one worker thread; --jobs 3 with more than one block: two. A file read in one
        // thread after all may have had its worker started early and stopped (prestartThreads).
        const workers = p.label.includes('--jobs 3') ? 2 : 1;
        if (input.noData || input.oneThreadOnly) expect.soft(p.workers, `worker threads started by ${p.label}`).toBeLessThanOrEqual(workers);
        else expect.soft(p.workers, `worker threads started by ${p.label}`).toBe(workers);
      }
    });
  }

  it('workers started early end with a run that fails before it reads (a bad rubric), or reads in one thread (UTF-16)', async () => {
    const bad = join(dir, 'bad-rubric.yaml');
    writeFileSync(bad, 'id: bad\ncriteria: [{id: a}]\n');
    const failed = await cli(['audit', EXAMPLE.file, '--rubric', bad, ...AS_OF, '--jobs', '2'], parallelEnv());
    expect(failed.code, failed.stderr).toBe(2);
    expect(failed.stderr).toContain("criterion 'a' has no 'check'");
    const check = await cli(['check', EXAMPLE.file, ...AS_OF, '--jobs', '2'], parallelEnv());
    expect(check.code, check.stderr).toBe(2);
    expect(check.stderr).toContain('no thresholds to check');
    const utf16 = await cli(['audit', 'fixtures/bad/utf16le.csv', ...MAP, ...AS_OF, '--jobs', '2'], parallelEnv());
    expect(utf16.code, utf16.stderr).toBe((await cli(auditArgs(badCsv.find((i) => i.file.endsWith('utf16le.csv'))!, 1))).code);
  });

  it('the inputs do what they are for', async () => {
    const json = async (name: string): Promise<AuditReport> => {
      const input = INPUTS.find((i) => i.name === name)!;
      const r = await cli(auditArgs(input, 1));
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout) as AuditReport;
    };
    expect((await json(EXAMPLE.name)).input.records).toMatchObject({ read: 70, scored: 70 });
    expect((await json('example export, --where child.district=Northmoor')).input.records).toMatchObject({ read: 70, scored: 12, filteredOut: 58 });
    expect((await json('duplicate-ref-far-apart')).input.records).toMatchObject({ read: VARIANT_RECORDS, rejected: 1 });
    const w = await json('windows-1252');
    expect(w.input.files[0]).toMatchObject({ encoding: 'windows-1252' });
    expect((await json('no-final-newline')).input.records).toMatchObject({ read: VARIANT_RECORDS });
    expect((await json('blank-rows')).input.records.blankRows).toBeGreaterThan(0);
    for (const name of ['crlf-everywhere', 'cr-only', 'quoted-tab-delimited', 'lone-cr-in-quoted-cell']) {
      expect((await json(name)).input.records, name).toMatchObject({ read: VARIANT_RECORDS });
    }
    expect((await json('quoted-tab-delimited')).input.files[0]).toMatchObject({ delimiter: '\t' });
    // A stray quote makes its row unreadable: the five rows with one are rejected, the rest scored.
    const stray = (await json('stray-quotes')).input;
    expect(stray.records).toMatchObject({ read: VARIANT_RECORDS, rejected: 5, scored: VARIANT_RECORDS - 5 });
    expect(stray.rejected.every((r) => r.reasons.some((x) => /stray quote/.test(x)))).toBe(true);
    const unclosed = (await json('unclosed-quote-near-end')).input;
    expect(unclosed.records).toMatchObject({ read: VARIANT_RECORDS, rejected: 1 });
    expect(unclosed.rejected[0]!.reasons.join(' ')).toMatch(/never closed/);
    expect((await json('header-only')).input.records).toMatchObject({ read: 0, scored: 0 });
    const hidden = await json('invisible-refs-and-blank-nc-year');
    expect(hidden.input.records).toMatchObject({ read: VARIANT_RECORDS, scored: VARIANT_RECORDS, warnings: 2 });
    const pfa = hidden.plans.find((p) => p.ref === records[18]![F_REF])!.results.find((r) => r.criterion === 'E-pfa')!;
    expect(pfa.rating).not.toBe('na');
    expect((await json('long-cell')).input.records).toMatchObject({ read: VARIANT_RECORDS, scored: VARIANT_RECORDS });
    for (const name of ['invalid-utf8-in-quoted-cell', 'nul-in-quoted-cell']) {
      const r = await cli(auditArgs(INPUTS.find((i) => i.name === name)!, 1));
      expect(r.stderr, name).toMatch(name.startsWith('nul') ? /NUL bytes \(line \d+\)/ : /invalid UTF-8 at line \d+/);
    }
  });
});

/** Text with each temp path under `dir` that names a --jobs output directory made the same. */
const sameOutDir = (r: Run): Run => {
  const stderr = r.stderr.replace(/(big|check)-jobs\d/g, '$1-jobs<N>');
  return { ...r, stderr, stderrBytes: Buffer.from(stderr) };
};

describe('a report of more than 5,000 plans (spooled to disk)', () => {
  it('-f json and -f csv: --jobs 2 = --jobs 1', async () => {
    expect(SPOOL_PLANS).toBeGreaterThan(DEFAULT_MEMORY_LIMIT);
    const one = await bigRun(1);
    const par = await bigRun(2);
    expect(one.code, one.stderr).toBe(0);
    expect((JSON.parse(one.stdout) as AuditReport).plans).toHaveLength(SPOOL_PLANS);
    expectSame(sameOutDir(one), sameOutDir(par));
    expect(par.workers).toBe(1);
    const csv = (jobs: number): Buffer => readFileSync(join(dir, `big-jobs${jobs}`, 'report.csv'));
    const csvOne = csv(1);
    expect(csvOne.toString('utf8').split('\n').length).toBeGreaterThan(SPOOL_PLANS);
    expect(firstDifference(csvOne, csv(2)), 'the CSV reports').toBeUndefined();
    // Its two runs are queued behind every run this file starts (at most LIMIT at a time), so on a
    // busy machine, or with -t picking this test alone, waiting took more than the default 60 s.
  }, 240_000);
});

describe('records of several MB at the default block size (1 MiB), with --show-text', () => {
  // 3.9 MB goes to a worker (its heap is capped at 64 MB, and with --show-text the plan line
  // holds the text again, escaped); 4.5 MB is past the 4 MiB a worker takes, so the main thread
  // reads it. Both must give the one-thread report. The record's text is in five cells of under
  // a million characters each (a longer cell rejects the record: MAX_TEXT_CHARS).
  const bigRecord = (name: string, mb: number): string => {
    const rows: Cell[][] = [header, ...firstRecords()];
    const words = 'Sam says he likes trains, as required, and "regular" support. ';
    const filler = words.repeat(Math.ceil((mb * 1e6) / words.length / 5));
    for (const f of [F_CHILD_VIEWS, col('Parent Views'), col('Aspirations'), col('Sec B Education Needs'), F_PROVISION]) {
      rows[5]![f] = { raw: quoted(`${records[4]![f]!} ${filler}`) };
    }
    return variant(name, serialise(rows)).file;
  };
  const cases = [
    { name: 'a 3.9 MB record (read by a worker)', file: bigRecord('record-3.9mb', 3.9) },
    { name: 'a 4.5 MB record (read by the main thread)', file: bigRecord('record-4.5mb', 4.5) },
  ];
  const args = (file: string, jobs: number): string[] => ['audit', file, ...MAP, ...AS_OF, '--show-text', '-f', 'json', '--jobs', String(jobs)];
  for (const c of cases) {
    void cli(args(c.file, 1));
    void cli(args(c.file, 2), parallelEnv());
  }
  for (const c of cases) {
    it(c.name, async () => {
      const one = await cli(args(c.file, 1));
      expect(one.code, one.stderr).toBe(0);
      expect((JSON.parse(one.stdout) as AuditReport).input.records).toMatchObject({ read: VARIANT_RECORDS, scored: VARIANT_RECORDS });
      const par = await cli(args(c.file, 2), parallelEnv());
      expectSame(one, par);
      expect(par.workers).toBe(1);
    });
  }
});

describe('check: --jobs 2 = --jobs 1', () => {
  const GATE = ['--no-config', '--min-rate', 'A-child-views=0.8', '--min-mean-score', '70', '--no-critical', '--max-rejected', '0'];
  /** The summary on stdout and the JSON result in a file (per case and --jobs). */
  const checkRun = (name: string, file: string, args: string[], jobs: number, after?: Promise<unknown>): Promise<Run> =>
    cli(
      ['check', file, ...args, ...AS_OF, ...GATE, '-f', 'summary', '-f', `json:${join(dir, `check-jobs${jobs}`, `${name}.json`)}`, '--jobs', String(jobs)],
      jobs > 1 ? parallelEnv('7') : {},
      after,
    );
  const cases: { name: string; file: string; args: string[]; after?: Promise<unknown> }[] = [
    { name: 'example export', file: EXAMPLE.file, args: [] },
    { name: 'duplicate-ref-far-apart (a rejected record)', file: join(dir, 'duplicate-ref-far-apart.csv'), args: MAP },
    // More plans than the report keeps in memory: the failing plans are every plan's, not only
    // the lowest-scoring that report.plans holds (checked against the audit's JSON below).
    { name: `the ${SPOOL_PLANS}-plan export (spooled)`, file: BIG, args: MAP, after: generated },
  ];
  cases.forEach((c, i) => {
    void checkRun(`case${i}`, c.file, c.args, 1, c.after);
    void checkRun(`case${i}`, c.file, c.args, 2, c.after);
  });

  cases.forEach((c, i) => {
    it(c.name, async () => {
      const one = await checkRun(`case${i}`, c.file, c.args, 1, c.after);
      const par = await checkRun(`case${i}`, c.file, c.args, 2, c.after);
      expect([0, 1], one.stderr).toContain(one.code);
      expect(one.stdout).toMatch(/ehcp-audit check: (PASS|FAIL)/);
      expectSame(sameOutDir(one), sameOutDir(par));
      expect(par.workers).toBe(1);
      const json = (jobs: number): Buffer => readFileSync(join(dir, `check-jobs${jobs}`, `case${i}.json`));
      expect(firstDifference(json(1), json(2)), 'the JSON results').toBeUndefined();
      if (c.file !== BIG) return;
      // The plans not meeting a critical criterion, from every plan of the audit's JSON report.
      const audit = JSON.parse((await bigRun(1)).stdout) as AuditReport;
      const critical = audit.criteria.filter((x) => x.severity === 'critical').map((x) => x.id);
      const expected = audit.plans.flatMap((p) => {
        const criteria = critical.filter((id) => p.results.some((r) => r.criterion === id && r.rating === 'not_met'));
        return criteria.length > 0 ? [{ ref: p.ref, file: p.file, line: p.line, criteria }] : [];
      });
      expect(expected.length).toBeGreaterThan(LOWEST_SHOWN); // more than the text reports list
      const result = JSON.parse(json(1).toString('utf8')) as { failingPlans: unknown[]; gatingPlans: unknown[] };
      expect(result.failingPlans).toEqual(expected);
      expect(result.gatingPlans).toEqual(expected);
      expect(one.stdout).toContain(`Plans not meeting a critical criterion (${expected.length}):`);
    }, 240_000);
  });
});

describe('baseline write: --jobs 2 = --jobs 1', () => {
  const baselineRun = (file: string, args: string[], jobs: number, after?: Promise<unknown>): Promise<Run> =>
    cli(['baseline', 'write', file, ...args, ...AS_OF, '--no-config', '-o', '-', '--jobs', String(jobs)], jobs > 1 ? parallelEnv('7') : {}, after);
  const cases: { name: string; file: string; args: string[]; after?: Promise<unknown> }[] = [
    { name: 'example export', file: EXAMPLE.file, args: [] },
    { name: `the ${SPOOL_PLANS}-plan export`, file: BIG, args: MAP, after: generated },
  ];
  for (const c of cases) {
    void baselineRun(c.file, c.args, 1, c.after);
    void baselineRun(c.file, c.args, 2, c.after);
  }
  for (const c of cases) {
    it(c.name, async () => {
      const one = await baselineRun(c.file, c.args, 1, c.after);
      const par = await baselineRun(c.file, c.args, 2, c.after);
      expect(one.code, one.stderr).toBe(0);
      expect(Object.keys((JSON.parse(one.stdout) as { failingPlans: object }).failingPlans).length).toBeGreaterThan(0);
      expectSame(one, par);
      expect(par.workers).toBe(1);
    }, 240_000);
  }
});

// ------------------------------------------------------------------------------------------------
// YAML (multi-document: blocks cut just before a `---` line) and JSON Lines (blocks cut at any
// LF), read without a mapping. The same helpers and runs as above: one-thread run against
// --jobs 2 with EHCP_AUDIT_PARALLEL_MIN_BYTES=0 and blocks of 1 and 4096 bytes.
// ------------------------------------------------------------------------------------------------

interface StructuredInput extends Input {
  /** Block sizes to compare (default BLOCK_SIZES). */
  blocks?: readonly string[];
  /** Worker threads a parallel run starts (default 1; 0 when the file is refused before any). */
  workers?: number;
}

function structured(name: string, ext: 'yaml' | 'jsonl', content: string | Buffer, extra: Partial<StructuredInput> = {}): StructuredInput {
  const file = join(dir, `${name}.${ext}`);
  writeFileSync(file, content);
  return { name, file, args: [], ...extra };
}

/**
 * The YAML fixture is one document holding a list of the 70 plans (`- ref: ...`, the rest of
 * each item indented by two spaces): each item, unindented, is one plan as a document of its own.
 */
const yamlFixtureText = readFileSync(fixture('example-export.yaml'), 'utf8');
const yamlItems: string[] = yamlFixtureText
  .split(/^(?=- )/m)
  .slice(1)
  .map((s) => s.replace(/\n+$/, ''));
const yamlDocs: string[] = yamlItems.map((item, i) =>
  item
    .split('\n')
    .map((l, k) => {
      if (!(k === 0 ? l.startsWith('- ') : l.startsWith('  ') || l === '')) throw new Error(`item ${i + 1} of the YAML fixture: unexpected line ${JSON.stringify(l)}`);
      return l.slice(2);
    })
    .join('\n'),
);
const jsonLines: string[] = readFileSync(fixture('example-export.jsonl'), 'utf8').split('\n').filter(Boolean);
const YAML_HEAD = '# Synthetic EHC plans (see fixtures/README.md), one per document.\n';
/** Documents as a multi-document stream: `---` before each, LF line ends, a final LF. */
const multiDoc = (docs: string[]): string => YAML_HEAD + docs.map((d) => `---\n${d}\n`).join('');

function structuredVariants(): StructuredInput[] {
  const out: StructuredInput[] = [];
  const docs = yamlDocs.slice(0, VARIANT_RECORDS);
  const lines = jsonLines.slice(0, VARIANT_RECORDS);
  if (yamlDocs.length !== 70 || jsonLines.length !== 70) throw new Error('the YAML and JSON Lines fixtures hold 70 plans');

  // The 70 plans of the fixture, one per document: cut into blocks at every document.
  out.push(structured('yaml-multi-document', 'yaml', multiDoc(yamlDocs), { code: 0 }));
  {
    // Content before the first `---` (a plan, after comments and a blank line); comment and blank
    // lines between documents (some hold `---`, after the `#`); comments right after `---`;
    // content on the marker line (a whole plan as a flow mapping, a comment); a tab and trailing
    // spaces after `---`; `...` document-end markers (one followed by a document without a `---`,
    // one at the end of the file); a document holding a list of three plans (the fixture's items
    // as they are).
    let s = `${YAML_HEAD}\n${docs[0]}\n`;
    for (let i = 1; i < VARIANT_RECORDS; i++) {
      if (i === 3 || i === 15) s += `--- ${jsonLines[i]!}\n`;
      else if (i === 5) s += `--- # plan 6, a comment on the marker line\n${docs[i]}\n`;
      else if (i === 6) s += `...\n# plan 7 follows an end marker without a '---'\n${docs[i]}\n`;
      else if (i === 8) s += `---\t\n${docs[i]}\n`;
      else if (i === 10) s += `---   \n${docs[i]}\n`;
      else if (i === 12) {
        s += `---\n${yamlItems.slice(12, 15).join('\n')}\n`;
        i = 14;
      } else s += `---\n${i % 3 === 0 ? `# plan ${i + 1}\n` : ''}${docs[i]}\n`;
      if (i % 4 === 1) s += `\n# --- between plans ${i + 1} and ${i + 2} ---\n\n`;
      if (i % 5 === 2) s += '...\n';
      if (i % 5 === 3) s += '...\n# after an end marker\n\n';
    }
    out.push(structured('yaml-markers-and-comments', 'yaml', `${s}...\n`));
  }
  {
    // A document that is not valid YAML (an unclosed flow sequence) between two good ones.
    const bad = [...docs];
    bad[11] = `${docs[11]}\nnotes: [unclosed, flow`;
    out.push(structured('yaml-broken-document', 'yaml', multiDoc(bad)));
  }
  out.push(structured('yaml-crlf', 'yaml', multiDoc(docs).replace(/\n/g, '\r\n')));
  // CR line ends only (it was read as no plan at all, and 'OK'), and CR, LF and CRLF mixed around a broken document.
  // No LF to cut a block after: read in one thread, no worker started.
  out.push(structured('yaml-cr-only', 'yaml', multiDoc(docs).replace(/\n/g, '\r'), { workers: 0 }));
  {
    const bad = [...docs];
    bad[9] = `${docs[9]}\nnotes: [unclosed, flow`;
    let k = 0;
    out.push(structured('yaml-cr-lf-crlf-mixed', 'yaml', multiDoc(bad).replace(/\n/g, () => ['\r', '\n', '\r\n'][k++ % 3]!)));
  }

  // JSON Lines.
  {
    // Blank lines (empty, spaces, a tab, CR) at the start, between lines and at the end; a line
    // that is not JSON; a line holding a JSON array (of two plans); the reference of line 2 again
    // on the last plan.
    const rows = [...lines];
    const last = JSON.parse(rows[VARIANT_RECORDS - 1]!) as { ref: string };
    last.ref = (JSON.parse(rows[1]!) as { ref: string }).ref;
    rows[VARIANT_RECORDS - 1] = JSON.stringify(last);
    rows.splice(8, 0, `${rows[8]!.slice(0, 200)}, "broken`);
    rows.splice(15, 0, `[${jsonLines[40]!},${jsonLines[41]!}]`);
    const blank = ['', '   ', '\t', '\r', ' \r'];
    let s = '\n \n';
    rows.forEach((l, i) => {
      s += `${l}\n`;
      if (i % 3 === 1) s += `${blank[i % blank.length]}\n`;
      if (i === 9) s += '\n\n\n';
    });
    out.push(structured('jsonl-blank-lines-and-faults', 'jsonl', `${s}\n  \n`));
  }
  // CRLF line ends, and none after the last line.
  out.push(structured('jsonl-crlf-no-final-newline', 'jsonl', lines.join('\r\n')));
  // CR line ends only (old Mac OS; it was read as one record), and CR, LF and CRLF mixed, with a broken line.
  out.push(structured('jsonl-cr-only', 'jsonl', `${lines.join('\r')}\r`));
  out.push(structured('jsonl-cr-lf-crlf-mixed', 'jsonl', lines.map((l, i) => (i === 7 ? '{"broken' : l) + ['\r', '\n', '\r\n'][i % 3]!).join('')));
  {
    // Invalid UTF-8 (0xFF 0xFE) inside a string on line 13.
    const rows = [...lines];
    rows[12] = rows[12]!.replace('"childViews":"', '"childViews":"@@BAD@@');
    if (!rows[12].includes('@@BAD@@')) throw new Error('line 13 has no childViews');
    out.push(structured('jsonl-invalid-utf8', 'jsonl', withBytes(`${rows.join('\n')}\n`, { BAD: [0xff, 0xfe] }), { code: 2 }));
  }
  {
    // Just over 1 MiB (the fixture's lines again and again, with new references), with a NUL byte
    // inside a string on the first line that starts after the first 1 MiB. Every line is longer
    // than the 1 KiB that 1 KiB blocks read at a time, so they cut after every line, as 1-byte
    // blocks do, without reading the file a byte at a time (5 s).
    const rows: string[] = [];
    let size = 0;
    let nulRow = -1;
    for (let copy = 0; nulRow < 0 || rows.length < nulRow + 20; copy++) {
      for (const l of jsonLines) {
        if (nulRow >= 0 && rows.length >= nulRow + 20) break;
        const plan = JSON.parse(l) as { ref: string };
        if (copy > 0) plan.ref = `${plan.ref}-${copy}`;
        const text = JSON.stringify(plan);
        if (Buffer.byteLength(text) <= 1024) throw new Error('a JSON line of 1 KiB or less');
        if (size >= 1 << 20 && nulRow < 0) {
          nulRow = rows.length;
          rows.push(text.replace('"childViews":"', '"childViews":"@@NUL@@'));
        } else rows.push(text);
        size += Buffer.byteLength(text) + 1;
      }
    }
    out.push(structured('jsonl-nul-after-1mib', 'jsonl', withBytes(`${rows.join('\n')}\n`, { NUL: [0] }), { blocks: ['1024', '4096'] }));
  }
  {
    // A NUL byte inside the first 1 MiB but past the first block: the whole file is refused as
    // binary in both (the parallel reader checks the head before cutting; it once did not).
    const rows = [...jsonLines];
    rows[29] = rows[29]!.replace('"childViews":"', '"childViews":"@@NUL@@');
    if (!rows[29].includes('@@NUL@@')) throw new Error('line 30 has no childViews');
    out.push(structured('jsonl-nul-in-first-mib-past-first-block', 'jsonl', withBytes(`${rows.join('\n')}\n`, { NUL: [0] }), { code: 2, blocks: ['4096'], workers: 0 }));
  }
  // UTF-16 with a byte order mark (Windows PowerShell 5.1): decoded by the one-thread reader only
  // (blocks are cut at LF bytes), so no worker is started and the report is the same.
  const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  out.push(structured('jsonl-utf16le', 'jsonl', utf16le(`${lines.join('\r\n')}\r\n`), { code: 0, blocks: ['4096'], workers: 0 }));
  out.push(structured('yaml-utf16le', 'yaml', utf16le(multiDoc(docs)), { code: 0, blocks: ['4096'], workers: 0 }));
  // Nothing in the file: the one-thread reader's input error, in both.
  out.push(structured('jsonl-blank', 'jsonl', '\n  \n', { code: 2, blocks: ['4096'], workers: 0 }));
  out.push(structured('yaml-comments-only', 'yaml', `${YAML_HEAD}---\n# no plans\n`, { code: 2, blocks: ['1'], workers: 0 }));
  return out;
}

/**
 * The YAML fixture holds no `---`: one document, a list of plans, which the one-thread reader
 * reads an item at a time; cut into blocks it would be one block, held whole. So it is read in one
 * thread, no worker started (compared with 4 KiB blocks only).
 */
const YAML_FIXTURE: StructuredInput = { name: 'YAML fixture (one document holding a list)', file: 'fixtures/example-export.yaml', args: [], code: 0, blocks: ['4096'], workers: 0 };
const STRUCTURED: StructuredInput[] = [
  YAML_FIXTURE,
  { ...YAML_FIXTURE, name: 'YAML fixture, --where child.district=Northmoor', args: ['--where', 'child.district=Northmoor'] },
  { ...YAML_FIXTURE, name: 'YAML fixture, --show-text', args: ['--show-text'] },
  { name: 'JSON Lines fixture', file: 'fixtures/example-export.jsonl', args: [], code: 0 },
  ...structuredVariants(),
];
const structuredBlocks = (input: StructuredInput): readonly string[] => input.blocks ?? BLOCK_SIZES;
for (const input of STRUCTURED) {
  void cli(auditArgs(input, 1));
  for (const x of structuredBlocks(input)) void cli(auditArgs(input, 2), parallelEnv(x));
}

describe('YAML and JSON Lines: parallel audit = one-thread audit, byte for byte', () => {
  for (const input of STRUCTURED) {
    it(input.name, async () => {
      const one = await cli(auditArgs(input, 1));
      if (input.code !== undefined) expect(one.code, one.stderr).toBe(input.code);
      expect(one.workers).toBe(0);
      for (const x of structuredBlocks(input)) {
        const par = await cli(auditArgs(input, 2), parallelEnv(x));
        expectSame(one, par);
        expect.soft(par.workers, `worker threads started by ${par.label}`).toBe(input.workers ?? 1);
      }
    });
  }

  it('the inputs do what they are for', async () => {
    const byName = (name: string): StructuredInput => {
      const input = STRUCTURED.find((i) => i.name === name);
      if (!input) throw new Error(`no input ${name}`);
      return input;
    };
    const json = async (name: string): Promise<AuditReport> => {
      const r = await cli(auditArgs(byName(name), 1));
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout) as AuditReport;
    };
    expect((await json(YAML_FIXTURE.name)).input.records).toMatchObject({ read: 70, scored: 70 });
    expect((await json('YAML fixture, --where child.district=Northmoor')).input.records).toMatchObject({ read: 70, scored: 12, filteredOut: 58 });
    expect((await json('JSON Lines fixture')).input.records).toMatchObject({ read: 70, scored: 70 });
    // One plan per document gives the fixture's report (but for the file's name and the plans' lines).
    const multi = await cli(auditArgs(byName('yaml-multi-document'), 1));
    const list = await cli(auditArgs(YAML_FIXTURE, 1));
    const same = (s: string): string =>
      s
        .split(join(dir, 'yaml-multi-document.yaml'))
        .join(YAML_FIXTURE.file)
        .replace(/"line":\d+/g, '"line":0');
    expect(firstDifference(same(list.stdout), same(multi.stdout)), 'the multi-document YAML against the fixture (but for line numbers)').toBeUndefined();

    for (const name of ['yaml-markers-and-comments', 'yaml-crlf', 'jsonl-crlf-no-final-newline', 'jsonl-utf16le', 'yaml-utf16le', 'jsonl-cr-only']) {
      expect((await json(name)).input.records, name).toMatchObject({ read: VARIANT_RECORDS, scored: VARIANT_RECORDS, rejected: 0 });
    }
    const mixed = (await json('jsonl-cr-lf-crlf-mixed')).input;
    expect(mixed.records).toMatchObject({ read: VARIANT_RECORDS, scored: VARIANT_RECORDS - 1, rejected: 1 });
    expect(mixed.rejected[0]).toMatchObject({ line: 8 });
    const broken = (await json('yaml-broken-document')).input;
    expect(broken.records).toMatchObject({ read: VARIANT_RECORDS, rejected: 1, scored: VARIANT_RECORDS - 1 });
    expect(broken.rejected[0]!.reasons.join(' ')).toMatch(/not valid YAML/);
    const faults = (await json('jsonl-blank-lines-and-faults')).input;
    expect(faults.records).toMatchObject({ read: VARIANT_RECORDS + 2, rejected: 3, scored: VARIANT_RECORDS - 1 });
    const reasons = faults.rejected.map((r) => r.reasons.join(' ')).join('\n');
    expect(reasons).toMatch(/not valid JSON/);
    expect(reasons).toMatch(/found a list/);
    expect(reasons).toMatch(/duplicate|already/i);

    for (const name of ['jsonl-blank', 'yaml-comments-only']) {
      expect((await cli(auditArgs(byName(name), 1))).stderr, name).toMatch(new RegExp(`^error: .*${name}\\.(jsonl|yaml) is empty: no plans`));
    }
    const utf8 = await cli(auditArgs(byName('jsonl-invalid-utf8'), 1));
    expect(utf8.stderr).toMatch(/jsonl-invalid-utf8\.jsonl:13: invalid UTF-8/);
    // Past the first 1 MiB a NUL byte is not taken for a binary file: its line is one rejected plan.
    const nul = await cli(auditArgs(byName('jsonl-nul-after-1mib'), 1));
    expect(nul.code, nul.stderr).toBe(0);
    expect((JSON.parse(nul.stdout) as AuditReport).input.records.rejected).toBe(1);
  });
});

// ------------------------------------------------------------------------------------------------
// fixtures/mapped/: warnings the main thread decides from what the blocks report. Their runs start
// in the tests, behind every run started above (the spooled test's runs wait for those queued
// before them).
// ------------------------------------------------------------------------------------------------

describe('warnings decided on the main thread: parallel audit = one-thread audit, byte for byte', () => {
  const FLAT_MAP = ['--map', 'fixtures/mapped/flat-export.map.yaml'];
  const cases: Input[] = [
    // Values of an extra column that are not dates (one warning with a count), and a duplicate
    // reference holding one: counted once the main thread has accepted the record, as in one thread.
    { name: 'extra-dates.csv, --where on an extra.<column> date', file: 'fixtures/mapped/extra-dates.csv', args: ['--where', 'extra.Review Due<01/06/2026'] },
    // Flat records read with a mapping that names two keys no record has: each block says which
    // mapped keys its thread saw, and the main thread warns of the others at the end.
    { name: 'flat JSON Lines with --map (mapped keys no record has)', file: 'fixtures/mapped/flat-export.jsonl', args: FLAT_MAP },
    { name: 'flat multi-document YAML with --map (mapped keys no record has)', file: 'fixtures/mapped/flat-export.yaml', args: FLAT_MAP },
  ];
  for (const input of cases) {
    it(input.name, async () => {
      const [one, ...par] = await Promise.all([cli(auditArgs(input, 1)), ...BLOCK_SIZES.map((x) => cli(auditArgs(input, 2), parallelEnv(x)))]);
      expect(one!.code, one!.stderr).toBe(0);
      expect(one!.stderr).toMatch(/^ehcp-audit: warning: /m);
      for (const p of par) {
        expectSame(one!, p);
        expect.soft(p.workers, `worker threads started by ${p.label}`).toBe(1);
      }
    });
  }
});

// ------------------------------------------------------------------------------------------------
// priority: worker threads rank the plans (audit/parallel/block.ts with setup.priority); the list,
// its counts and its messages are the same, byte for byte, as the one-thread list's.
// ------------------------------------------------------------------------------------------------

describe('priority: --jobs 2 = --jobs 1', () => {
  // Plans that ceased before the as-of date are counted, not ranked: every fourth plan here.
  const ceasedCol = col('Ceased Date');
  const ceased = variant('priority-ceased', serialise([header, ...records.map((r, i) => (i % 4 === 1 ? r.map((c, k) => (k === ceasedCol ? '31/08/2025' : c)) : r))]));
  const yaml = structured('priority-multi-document', 'yaml', multiDoc(yamlDocs));
  const cases: { name: string; file: string; args: string[]; blocks: string; after?: Promise<unknown> }[] = [
    { name: 'example export, a block per row', file: EXAMPLE.file, args: [], blocks: '1' },
    { name: 'example export, --where and --show-text', file: EXAMPLE.file, args: ['--where', 'child.district=Northmoor', '--show-text'], blocks: '4096' },
    { name: 'plans that ceased', file: ceased.file, args: MAP, blocks: '7' },
    { name: 'duplicate-ref-far-apart (a rejected record)', file: join(dir, 'duplicate-ref-far-apart.csv'), args: MAP, blocks: '4096' },
    { name: 'YAML, one plan per document', file: yaml.file, args: [], blocks: '4096' },
    { name: `the ${SPOOL_PLANS}-plan export`, file: BIG, args: MAP, blocks: '65536', after: generated },
  ];
  const csvPath = (i: number, jobs: number): string => join(dir, `priority-case${i}-jobs${jobs}.csv`);
  const priorityRun = (i: number, jobs: number): Promise<Run> => {
    const c = cases[i]!;
    return cli(['priority', c.file, ...c.args, ...AS_OF, '--top', '0', '-f', 'json', '-f', `csv:${csvPath(i, jobs)}`, '--jobs', String(jobs)], jobs > 1 ? parallelEnv(c.blocks) : {}, c.after);
  };
  cases.forEach((_, i) => {
    void priorityRun(i, 1);
    void priorityRun(i, 2);
  });
  cases.forEach((c, i) => {
    it(c.name, async () => {
      const one = await priorityRun(i, 1);
      const par = await priorityRun(i, 2);
      expect(one.code, one.stderr).toBe(0);
      const list = JSON.parse(one.stdout) as { rows: unknown[]; input: { records: { scored: number; ceased: number } } };
      expect(list.rows.length).toBeGreaterThan(0);
      if (c.file === ceased.file) expect(list.input.records.ceased).toBe(records.filter((_, k) => k % 4 === 1).length);
      // The JSON list (stdout) and the messages; then the CSV lists, whose paths differ only by name.
      expect.soft(par.code).toBe(one.code);
      expect.soft(firstDifference(one.stdoutBytes, par.stdoutBytes), 'the JSON list').toBeUndefined();
      expect.soft(firstDifference(one.stderr.replace(csvPath(i, 1), 'LIST'), par.stderr.replace(csvPath(i, 2), 'LIST')), 'stderr').toBeUndefined();
      expect(firstDifference(readFileSync(csvPath(i, 1)), readFileSync(csvPath(i, 2))), 'the CSV lists').toBeUndefined();
      expect(par.workers).toBe(1);
    }, 240_000);
  });
});
