/**
 * An export truncated or grown while it is read, end to end through the threaded reader: exit 2
 * with a one-line error (a CI gate passed a file cut under it: QA, 150,000 plans). The change is
 * made by a preload module at a fixed read of the export (fs.readSync, which the threaded reader
 * uses), so the test does not depend on timing. The one-thread reader's check is tested in
 * test/records/fileChange.test.ts.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-change-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// On the export's 3rd read by fs.readSync (the threaded reader's), cut the file to half, or add a row.
const PRELOAD = join(dir, 'change.mjs');
writeFileSync(
  PRELOAD,
  `import fs from 'node:fs';
const file = process.env.CHANGE_FILE, how = process.env.CHANGE_HOW;
const readSync = fs.readSync;
let reads = 0;
fs.readSync = function (fd, ...rest) {
  const n = readSync.call(this, fd, ...rest);
  try {
    if (fs.realpathSync('/proc/self/fd/' + fd) === fs.realpathSync(file) && ++reads === 3) {
      if (how === 'cut') fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
      else fs.appendFileSync(file, 'EHCP-LATE,late\\r\\n');
    }
  } catch {}
  return n;
};
`,
);

function exportCopy(name: string): string {
  const file = join(dir, name);
  copyFileSync(fixture('example-export.csv'), file);
  copyFileSync(fixture('example-export.map.yaml'), join(dir, name.replace(/\.csv$/, '.map.yaml')));
  return file;
}

describe.runIf(process.platform === 'linux')('an export changed while it is read (threaded reader)', () => {
  for (const how of ['cut', 'grow'] as const) {
    it(`${how}: exit 2, one line naming the file and what to do`, () => {
      const file = exportCopy(`${how}.csv`);
      const r = runCli(['check', file, '--no-config', '--as-of', '26/11/2026', '--max-rejected', '100', '--jobs', '2', '-q'], {
        env: {
          EHCP_AUDIT_PARALLEL_MIN_BYTES: '0',
          EHCP_AUDIT_BLOCK_BYTES: '4096',
          CHANGE_FILE: file,
          CHANGE_HOW: how,
          NODE_OPTIONS: `--import=${pathToFileURL(PRELOAD).href}`,
        },
      });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the export changed while it was read \\(it was [\\d,]+ bytes when the read began and is [\\d,]+ bytes now\\): run again once the file is complete\\n$`));
    });
  }

  it('unchanged, with the same preload idle: the check runs (exit 0 or 1, never 2)', () => {
    const file = exportCopy('still.csv');
    const r = runCli(['check', file, '--no-config', '--as-of', '26/11/2026', '--max-rejected', '100', '--jobs', '2', '-q'], {
      env: { EHCP_AUDIT_PARALLEL_MIN_BYTES: '0', EHCP_AUDIT_BLOCK_BYTES: '4096', CHANGE_FILE: join(dir, 'another.csv'), CHANGE_HOW: 'cut', NODE_OPTIONS: `--import=${pathToFileURL(PRELOAD).href}` },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
