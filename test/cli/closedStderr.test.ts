/**
 * A reader of stderr that stops early (`2>&1 | head -1`) closes the pipe under the run: the lines
 * still to come are lost, but the exit code stays the run's own. Unheard, the failed write threw
 * from an event handler and the process exited 1, which CI reads as "a quality threshold failed".
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot } from '../helpers/cli.js';

function exitWithStderrClosed(args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  child.stderr.destroy(); // closed before the run writes its first line
  return new Promise((done) => child.on('close', (code) => done(code)));
}

describe('stderr closed early', () => {
  it('a configuration error still exits 2', async () => {
    expect(await exitWithStderrClosed(['rubric', 'validate', join(repoRoot, 'no-such-rubric.yaml')])).toBe(2);
  });

  it('an audit that passes still exits 0 after its summary line is lost', async () => {
    expect(await exitWithStderrClosed(['audit', fixture('example-export.csv'), '--as-of', '26/11/2026'])).toBe(0);
  });
});
