/**
 * Build dist/ once before the CLI tests, so they run the real executable (the bundle users run).
 * The tests' temporary files go to a folder of their own (TMPDIR, which the test processes and
 * the CLI runs they start inherit), removed when the run ends: a test that audits in-process
 * leaves its plan spool behind (the spool is deleted when a process exits, and vitest ends its
 * test processes without that), some MB a run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): () => void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-audit-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
