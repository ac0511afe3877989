/**
 * The rubric fingerprint reports record (audit/rubricRecord.ts) is of the text as the rubric was
 * loaded: read as UTF-8, two Windows-1252 rubrics differing only in one curly quote had one
 * fingerprint (both bytes became U+FFFD), and compare took two audits by them for the same audit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rubricRecord } from '../../src/audit/rubricRecord.js';
import { loadRubric } from '../../src/rubric/load.js';
import { configFilesRead, useConfigFiles } from '../../src/util/yamlConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-fingerprint-'));
const RUBRIC = (phrase: string) =>
  `id: la\nversion: '1'\ncriteria:\n  - id: F-x\n    title: t\n    section: F\n    source: s\n    check: { type: existence, fields: [f], match: ['${phrase}'] }\n`;

function fingerprint(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return loadRubric(file).fingerprint;
}

describe('rubric fingerprint', () => {
  it('Windows-1252 rubrics differing in one byte differ; a UTF-8 and a Windows-1252 copy of one rubric agree', () => {
    const right = fingerprint('right.yaml', Buffer.from(RUBRIC('school\u2019s discretion'), 'utf8'));
    const ansiRight = fingerprint('ansi-right.yaml', Buffer.from(RUBRIC('school\x92s discretion'), 'latin1'));
    const ansiLeft = fingerprint('ansi-left.yaml', Buffer.from(RUBRIC('school\x91s discretion'), 'latin1'));
    expect(ansiRight).toBe(right);
    expect(ansiLeft).not.toBe(ansiRight);
  });

  it('is of the text the rubric was loaded from: a file edited during the run does not change what the report records', () => {
    const file = join(dir, 'edited.yaml');
    writeFileSync(file, RUBRIC('access to'));
    const rubric = loadRubric(file);
    writeFileSync(file, RUBRIC('regular'));
    const edited = loadRubric(file).fingerprint;
    expect(edited).not.toBe(rubric.fingerprint);
    expect(rubricRecord(rubric).fingerprint).toBe(rubric.fingerprint);
  });

  it("a worker thread loads the rubric from the bytes the main thread read, not the file again (audit/parallel)", () => {
    const file = join(dir, 'worker.yaml');
    writeFileSync(file, RUBRIC('access to'));
    const main = loadRubric(file);
    const read = configFilesRead().filter(([f]) => f === file);
    expect(read).toHaveLength(1);
    writeFileSync(file, RUBRIC('regular'));
    // What worker.ts does with its setup's configFiles.
    useConfigFiles(read);
    const worker = loadRubric(file);
    expect(worker.fingerprint).toBe(main.fingerprint);
    expect(JSON.stringify(worker.criteria[0]!.def.check)).toContain('access to');
  });
});
