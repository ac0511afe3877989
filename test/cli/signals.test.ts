/**
 * A run ended by a signal (Ctrl-C, a CI job's time-out, a closed terminal) leaves no temporary
 * file behind: the spools hold plan references and findings, and with --show-text children's names
 * and plan text (util/spool.ts). The process still ends as the signal ends it.
 *
 * The export comes on stdin and stdin is left open, so the run is caught mid-way for certain:
 * the test waits until the spool file exists (no timing), then sends the signal.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, repoRoot } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * The run's temporary folders (ehcp-audit-XXXXXX, util/spool.ts) in `tmp`, each with the files it
 * holds: `ehcp-audit-XXXXXX/priority-RANDOM.jsonl`. Empty when the run left nothing behind.
 */
function spoolsIn(tmp: string): string[] {
  return readdirSync(tmp)
    .filter((f) => f.startsWith('ehcp-audit-'))
    .flatMap((d) => {
      const files = readdirSync(join(tmp, d));
      return files.length === 0 ? [d] : files.map((f) => `${d}/${f}`);
    });
}

async function interrupted(signal: NodeJS.Signals): Promise<{ signal: NodeJS.Signals | null; left: string[]; seen: string[] }> {
  const tmp = mkdtempSync(join(tmpdir(), 'ehcp-signal-'));
  dirs.push(tmp);
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'dist', 'cli.js'), 'priority', '-', '--input-format', 'csv', '--map', fixture('example-export.map.yaml'), '--top', '0', '--as-of', '26/11/2026', '-q', '-f', `json:${join(tmp, 'out.json')}`],
    // A list held past 10 entries is spilled to a spool file (priority/spilledSort.ts).
    { env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, EHCP_AUDIT_LIST_HELD: '10' }, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  const ended = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, sig) => done(sig)));
  child.stdin.write(readFileSync(fixture('example-export.csv')));
  const spools = () => spoolsIn(tmp);
  let seen: string[] = [];
  for (let i = 0; i < 600 && seen.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    seen = spools();
  }
  child.kill(signal);
  const sig = await ended;
  return { signal: sig, left: spools(), seen };
}

describe('a run ended by a signal', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s: the spool file and its folder are deleted and the process ends by the signal', async (signal) => {
    const r = await interrupted(signal);
    expect(r.seen).toEqual([expect.stringMatching(/^ehcp-audit-\w+\/priority-[\w-]+\.jsonl$/)]);
    expect(r.left).toEqual([]);
    expect(r.signal).toBe(signal);
  }, 60_000);
});

/**
 * A signal that comes while a report is being written (synchronously) waits for the event loop;
 * when the run ended straight after, the loop had nothing left to wait for and the process exited
 * 0 with the signal never dispatched (QA: SIGTERM during a large report's write, then exit 0).
 * The report goes to a FIFO, whose opening blocks the run, synchronously, until a reader comes:
 * the signal is sent while it waits, then the FIFO is read. (Sent before the run reaches the
 * write, the signal ends it at once: the test then passes without testing the wait, never fails.)
 */
describe('a signal while a report is written', () => {
  it.skipIf(process.platform === 'win32')('still ends the run by the signal, the spool deleted', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ehcp-signal-'));
    dirs.push(tmp);
    const fifo = join(tmp, 'report.json');
    execFileSync('mkfifo', [fifo]);
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'dist', 'cli.js'), 'priority', fixture('example-export.csv'), '--top', '0', '--as-of', '26/11/2026', '-q', '-f', `json:${fifo}`],
      { env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, EHCP_AUDIT_LIST_HELD: '10' }, stdio: ['ignore', 'ignore', 'ignore'] },
    );
    const ended = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, sig) => done(sig)));
    const spools = () => spoolsIn(tmp);
    for (let i = 0; i < 600 && spools().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(spools()).toHaveLength(1);
    // 70 plans are ranked in milliseconds: by now the run waits to open the FIFO.
    await new Promise((r) => setTimeout(r, 1000));
    child.kill('SIGTERM');
    const reader = createReadStream(fifo);
    reader.resume();
    expect(await ended).toBe('SIGTERM');
    reader.destroy();
    expect(spools()).toEqual([]);
  }, 60_000);
});
