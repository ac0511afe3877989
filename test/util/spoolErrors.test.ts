/**
 * A temporary folder that is full, missing or not writable is the user's to fix, not a bug: a
 * spool's system errors are one line naming TMPDIR and what to do (util/spool.ts temporaryError),
 * and the spool's file still goes. A full disk cannot be had without privileges (a small tmpfs),
 * so writeSync is made to fail here; a missing TMPDIR is tested through the CLI too.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';

const failWith = vi.hoisted(() => ({ code: undefined as string | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (failWith.code !== undefined) throw Object.assign(new Error(`${failWith.code}: failed, write`), { code: failWith.code });
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

const { Spool, spoolFolder } = await import('../../src/util/spool.js');
const { InputError } = await import('../../src/util/errors.js');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => {
  failWith.code = undefined;
});

describe('a spool that cannot be written', () => {
  it.each([
    ['ENOSPC', 'free some space there, or set TMPDIR to a folder with room (a large audit spools about 2 KB a plan)'],
    ['EDQUOT', 'free some space there, or set TMPDIR to a folder with room (a large audit spools about 2 KB a plan)'],
    ['EIO', 'set TMPDIR to another folder'],
  ])('%s: one line naming the temporary folder and what to do; the file goes when the spool is closed', (code, hint) => {
    const s = new Spool('test');
    s.text('x'.repeat(1000));
    const folder = spoolFolder()!;
    failWith.code = code;
    let thrown: unknown;
    try {
      s.text('y'.repeat(2_000_000)); // past the buffer: written at once
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toBe(`cannot write temporary files in ${tmpdir()} (${code}): ${hint}`);
    s.close();
    expect(existsSync(folder)).toBe(false);
  });
});

describe.skipIf(process.platform === 'win32')('a TMPDIR that does not exist', () => {
  it('priority --top 0: one line, exit 2, and nothing left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-spool-errors-'));
    dirs.push(dir);
    const missing = join(dir, 'nonexist');
    const r = runCli(['priority', fixture('example-export.csv'), '--top', '0', '--as-of', '26/11/2026', '-q', '-f', `json:${join(dir, 'p.json')}`], {
      env: { TMPDIR: missing, TMP: missing, TEMP: missing, EHCP_AUDIT_LIST_HELD: '10' },
    });
    expect(r.stderr).toBe(`error: cannot write temporary files in ${missing} (ENOENT): there is no such folder: create it, or set TMPDIR to a folder that exists\n`);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
