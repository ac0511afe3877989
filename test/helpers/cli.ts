/** Run the built CLI (dist/cli.js) as a user would: arguments, stdin, exit code, stdout, stderr. */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = process.env.EHCP_SHARED ?? resolve(repoRoot, '..', 'shared');
export const fixture = (...p: string[]) => join(repoRoot, 'fixtures', ...p);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `timeout` (ms): the CLI is killed after it (code -1), for a test of something that once hung. */
export function runCli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], {
    cwd: opts.cwd ?? repoRoot,
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.timeout !== undefined ? { timeout: opts.timeout, killSignal: 'SIGKILL' as const } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
