/**
 * Terminal concerns (src/commands/terminal.ts): a report written to a terminal is fitted to its
 * width, one written to a file or a pipe is not; the progress line stays on one screen row.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fitLine, progressReporter, terminalWidth } from '../../src/commands/terminal.js';
import { repoRoot } from '../helpers/cli.js';

/** Set a stream's isTTY and columns for one test (restored after each). */
const restore: (() => void)[] = [];
function pretend(stream: NodeJS.WriteStream, isTTY: boolean, columns: number | undefined): void {
  const saved = { isTTY: Object.getOwnPropertyDescriptor(stream, 'isTTY'), columns: Object.getOwnPropertyDescriptor(stream, 'columns') };
  Object.defineProperty(stream, 'isTTY', { value: isTTY, configurable: true, writable: true });
  Object.defineProperty(stream, 'columns', { value: columns, configurable: true, writable: true });
  restore.push(() => {
    for (const key of ['isTTY', 'columns'] as const) {
      const d = saved[key];
      if (d) Object.defineProperty(stream, key, d);
      else delete (stream as unknown as Record<string, unknown>)[key];
    }
  });
}
afterEach(() => {
  while (restore.length) restore.pop()!();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('terminalWidth', () => {
  it("is the terminal's width for a report written to stdout on a terminal, and undefined for a file or a pipe", () => {
    pretend(process.stdout, true, 80);
    expect(terminalWidth({})).toBe(80);
    expect(terminalWidth({ path: 'report.txt' })).toBeUndefined();
    pretend(process.stdout, false, undefined);
    expect(terminalWidth({})).toBeUndefined();
  });
});

describe('progress line', () => {
  it('is cut to one column short of the terminal, so that clearing its row clears all of it', () => {
    expect(fitLine('ehcp-audit: 5,000 records (43%), 3,255 plans/s, 1.5 s, about 2 s left', 40)).toBe('ehcp-audit: 5,000 records (43%), 3,255 ');
    expect(fitLine('short', 40)).toBe('short');
    expect(fitLine('not cut where the width is unknown', undefined)).toBe('not cut where the width is unknown');

    vi.useFakeTimers();
    pretend(process.stderr, true, 40);
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const progress = progressReporter()!;
    vi.advanceTimersByTime(1500);
    progress.update(5000, 0.43);
    progress.done();
    expect(written).toHaveLength(2);
    const clear = '\r\x1b[K';
    expect(written[0]!.startsWith(`${clear}ehcp-audit: 5,000 records (43%)`)).toBe(true);
    expect(written[0]!.length - clear.length).toBe(39);
  });
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('a report written to a terminal (util-linux script)', () => {
  /** The CLI run on a pseudo-terminal `cols` wide: what it wrote there, CRs removed (colour too, unless `color`). */
  function onTerminal(cols: number, args: string, color = false): string {
    const cli = join(repoRoot, 'dist', 'cli.js');
    const out = execFileSync('script', ['-qec', `stty cols ${cols}; ${color ? '' : 'NO_COLOR=1 '}'${process.execPath}' '${cli}' ${args}`, '/dev/null'], { cwd: repoRoot, encoding: 'utf8' });
    return out.replace(/\r/g, '');
  }
  const sample = 'sample fixtures/example-export.csv --size 20 --seed 2026 --as-of 26/11/2026 -q';

  it('is fitted to a narrower terminal, and to 100 columns in a wider one, as in a pipe', () => {
    const golden = readFileSync(join(repoRoot, 'test', 'golden', 'sample-seed2026.txt'), 'utf8');
    expect(onTerminal(120, sample)).toBe(golden);
    const narrow = onTerminal(80, sample);
    expect(narrow).not.toBe(golden);
    // Only the tables of many numbers (criteria, breakdowns) are wider than the terminal.
    const wide = narrow.split('\n').filter((l) => l.length > 80);
    expect(wide.length).toBeGreaterThan(0);
    for (const l of wide) expect(l).toMatch(/^[┌│├└]/);
    for (const l of wide) expect(l.length).toBeLessThanOrEqual(100);
    expect(narrow).toContain('│ Criterion ');
  });

  it('is in colour on the terminal, and a table written to a file in the same run is plain, 100 columns wide (it was full of colour codes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-terminal-'));
    try {
      const file = join(dir, 'table.txt');
      const shown = onTerminal(80, `${sample} -f table -f table:${file}`, true);
      expect(shown).toContain('\x1b[');
      expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(repoRoot, 'test', 'golden', 'sample-seed2026.txt'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
