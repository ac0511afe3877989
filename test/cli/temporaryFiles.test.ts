/**
 * A run's temporary files (util/spool.ts) hold plan references and findings, and with --show-text
 * children's names: they are made in a private folder (mkdtemp, mode 0700) under the temporary
 * folder, never at a name another local user could predict and plant a link at, and the folder goes
 * when the run ends, whether it passes or fails (a signal: signals.test.ts).
 *
 * The export comes on stdin and stdin is left open, so the spool is caught while it exists (the
 * test waits for it, no timing); a `priority --top 0` list held past 10 entries is spilled to a
 * spool file (priority/spilledSort.ts).
 */
import { spawn } from 'node:child_process';
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, repoRoot, runCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'ehcp-tempfiles-'));
  dirs.push(d);
  return d;
}

const ours = (tmp: string) => readdirSync(tmp).filter((f) => f.startsWith('ehcp-audit-'));
const env = (tmp: string) => ({ TMPDIR: tmp, TMP: tmp, TEMP: tmp, EHCP_AUDIT_LIST_HELD: '10' });

describe.skipIf(process.platform === 'win32')('temporary files', () => {
  it.each(['hard link', 'symbolic link'] as const)(
    'a %s planted at every name the spool used to take is not written; the spool is in a 0700 folder, and gone at the end',
    async (kind) => {
      const tmp = scratch();
      // Another user's file (a hard link to it would receive the spool) or a file the victim may
      // write (a symbolic link would have it overwritten).
      const planted = join(tmp, 'planted');
      writeFileSync(planted, 'untouched');
      const child = spawn(
        process.execPath,
        [join(repoRoot, 'dist', 'cli.js'), 'priority', '-', '--input-format', 'csv', '--map', fixture('example-export.map.yaml'), '--top', '0', '--as-of', '26/11/2026', '-q', '-f', `json:${join(tmp, 'out.json')}`],
        { env: { ...process.env, ...env(tmp) }, stdio: ['pipe', 'ignore', 'ignore'] },
      );
      const ended = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      // The old name: ehcp-audit-priority-PID-TIME.jsonl, TIME being Date.now() in base 36 when
      // the spool was made, which is as soon as the export comes. Hard links are made in
      // microseconds: every millisecond of the next 10 s. Symbolic links take up to 2 ms each on
      // some file systems: every millisecond of a second 5 s ahead, and the export is sent then.
      // (Planting slower than that, the test passes without testing the old name, never fails.)
      const from = Date.now() + (kind === 'hard link' ? 0 : 5_000);
      for (let t = from; t < from + (kind === 'hard link' ? 10_000 : 1_000); t++) {
        const name = join(tmp, `ehcp-audit-priority-${child.pid}-${t.toString(36)}.jsonl`);
        if (kind === 'hard link') linkSync(planted, name);
        else symlinkSync(planted, name);
      }
      while (Date.now() < from) await new Promise((r) => setTimeout(r, 5));
      child.stdin.write(readFileSync(fixture('example-export.csv')));
      const folders = () => ours(tmp).filter((f) => !f.startsWith('ehcp-audit-priority-'));
      const touched = () => readFileSync(planted, 'utf8') !== 'untouched';
      for (let i = 0; i < 600 && folders().length === 0 && !touched(); i++) await new Promise((r) => setTimeout(r, 50));
      const seen = folders().map((f) => {
        const folder = join(tmp, f);
        const files = readdirSync(folder);
        return { mode: statSync(folder).mode & 0o777, files, fileModes: files.map((n) => statSync(join(folder, n)).mode & 0o777) };
      });
      child.stdin.end();
      expect(await ended).toBe(0);
      expect(touched()).toBe(false);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.mode).toBe(0o700);
      expect(seen[0]!.files).toEqual([expect.stringMatching(/^priority-[\w-]+\.jsonl$/)]);
      expect(seen[0]!.fileModes).toEqual([0o600]);
      expect(folders()).toEqual([]);
      const report = JSON.parse(readFileSync(join(tmp, 'out.json'), 'utf8')) as { considered: number; rows: unknown[] };
      expect(report.rows).toHaveLength(report.considered);
    },
    60_000,
  );

  it('no folder is left behind by a run that fails after spooling (a report that cannot be written)', () => {
    const tmp = scratch();
    const r = runCli(['priority', fixture('example-export.csv'), '--top', '0', '--as-of', '26/11/2026', '-q', '-f', 'json:/dev/full'], { env: env(tmp) });
    expect(r.stderr).toBe('error: cannot write the json report to /dev/full (ENOSPC); free some space\n');
    expect(r.code).toBe(2);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('no folder is left behind by a run that passes', () => {
    const tmp = scratch();
    const r = runCli(['priority', fixture('example-export.csv'), '--top', '0', '--as-of', '26/11/2026', '-q', '-f', `json:${join(tmp, 'out.json')}`], { env: env(tmp) });
    expect(r.code).toBe(0);
    expect(readdirSync(tmp)).toEqual(['out.json']);
  });
});
