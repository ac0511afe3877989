/**
 * An export that changes while it is read is an input error at its end, not an audit of part of
 * it (records/fileChange.ts): a CI gate passed a file truncated under it (QA, 150,000 plans).
 */
import { appendFileSync, mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changedWhileRead, fileState } from '../../src/records/fileChange.js';
import { openBytes } from '../../src/records/input.js';
import { InputError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-change-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of 3 MiB (3 reads of 1 MiB), its first chunk read, then `change` done to it, then read to the end. */
async function readAcross(name: string, change: (file: string) => void): Promise<number> {
  const file = join(dir, name);
  writeFileSync(file, Buffer.alloc(3 << 20, 'a'));
  const it = openBytes(file)[Symbol.asyncIterator]();
  let total = (await it.next()).value!.length;
  change(file);
  for (let r = await it.next(); !r.done; r = await it.next()) total += r.value.length;
  return total;
}

describe('an export changed while it is read', () => {
  it('truncated: an InputError naming the file and both sizes', async () => {
    const err = await readAcross('cut.csv', (f) => truncateSync(f, 2 << 20)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`${join(dir, 'cut.csv')}: the export changed while it was read (it was 3,145,728 bytes when the read began and is 2,097,152 bytes now): run again once the file is complete`);
  });

  it('grown (still being written): an InputError', async () => {
    const err = await readAcross('grow.csv', (f) => appendFileSync(f, 'EHCP-1,more\r\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/is 3,145,741 bytes now\): run again once the file is complete$/);
  });

  it('rewritten in place at the same size: an InputError', async () => {
    const err = await readAcross('same.csv', (f) => {
      writeFileSync(f, Buffer.alloc(3 << 20, 'b'));
      // A clock that has not moved on between the two writes would hide it: move the time on.
      utimesSync(f, new Date(), new Date(Date.now() + 5000));
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/\(its modification time changed during the read: it was written to, or touched\)/);
  });

  it('unchanged: read whole, no error', async () => {
    expect(await readAcross('still.csv', () => undefined)).toBe(3 << 20);
  });

  it('compares only regular files: a pipe or device has no size to hold it to', () => {
    const device = { isFile: () => false, size: 0, mtimeMs: 0 };
    expect(fileState(device)).toBeUndefined();
    expect(changedWhileRead('/dev/stdin', fileState(device), fileState(device), 1234)).toBeUndefined();
    // A regular file that says it is empty and holds more (procfs, some FUSE mounts): not compared.
    const pseudo = { isFile: () => true, size: 0, mtimeMs: 5 };
    expect(fileState(pseudo)).toBeUndefined();
    const a = { size: 10, mtimeMs: 1 };
    expect(changedWhileRead('x.csv', a, a, 10)).toBeUndefined();
    expect(changedWhileRead('x.csv', a, a, 7)?.message).toBe('x.csv: the export changed while it was read (7 of its 10 bytes were read): run again once the file is complete');
  });
});
