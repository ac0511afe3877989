/**
 * A YAML export nested millions deep (security review): 2,000,000 levels of `[` in a 4 MB file
 * took 23 s and 2.25 GB in the `yaml` package before it was refused. yamlNestingFault finds such a
 * document in one pass, before that parser sees it, and does not mistake text for nesting.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_NESTING, yamlNestingFault } from '../../src/records/loaders/yamlDepth.js';
import { repoRoot } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'ehcp-yaml-depth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const over = MAX_NESTING + 1;

describe('yamlNestingFault', () => {
  it('finds flow collections and compact entries nested past the limit, at their line and column', () => {
    expect(yamlNestingFault(`- ref: A\n  x: ${deep(over)}\n`)).toEqual({ line: 2, col: 6 + MAX_NESTING });
    expect(yamlNestingFault(`- ref: A\n  x: {a: ${'{a: '.repeat(over)}\n`)).toEqual({ line: 2, col: 6 + 4 * MAX_NESTING });
    expect(yamlNestingFault(`- ref: A\n  x:\n${'- '.repeat(over)}y\n`)).toEqual({ line: 3, col: 2 * MAX_NESTING + 1 });
    // A flow collection over lines is one collection.
    expect(yamlNestingFault(`ref: A\nx: [\n${'[\n'.repeat(MAX_NESTING)}]`)?.line).toBe(MAX_NESTING + 2);
  });

  it('lets a document nested as deep as the limit through', () => {
    expect(yamlNestingFault(`- ref: A\n  x: ${deep(MAX_NESTING)}\n`)).toBeUndefined();
    expect(yamlNestingFault(`- ref: A\n  x:\n${'- '.repeat(MAX_NESTING)}y\n`)).toBeUndefined();
  });

  it('reads brackets in quoted scalars, comments, block scalars and the middle of plain text as text', () => {
    const open = '['.repeat(over);
    const texts = [
      `- ref: A\n  f: "${open}"\n`,
      `- ref: A\n  f: '${open} it''s ${open}'\n`,
      `- ref: A\n  f: "a \\" ${open}\n    ${open}"\n  g: [x]\n`,
      `- ref: A # ${open}\n  f: x\n`,
      `- ref: A\n  f: |\n    ${open}\n\n    ${open}\n  g: ok\n`,
      `- ref: A\n  f: >-\n    ${open}\n- ref: B\n`,
      `- ref: A\n  f: see ${open}\n`,
      `- ref: A\n  f: &x !!str ${'[]'.repeat(over)}\n`,
      // Many plans, each with an unmatched bracket mid-text: none adds to another's.
      ...[Array.from({ length: over }, (_, i) => `- ref: P${i}\n  f: Outcome [Employment by July\n`).join('')],
    ];
    for (const t of texts) expect(yamlNestingFault(t), t.slice(0, 60)).toBeUndefined();
  });
});

describe('a YAML export nested millions deep', () => {
  const run = (file: string) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'validate', file, '--no-map'], { encoding: 'utf8', timeout: 20_000 });

  it('a single-document list is refused at the line, quickly', () => {
    const file = join(tmp, 'deep.yaml');
    writeFileSync(file, `- ref: A\n  x: ${deep(1_000_000)}\n`);
    const t = Date.now();
    const r = run(file);
    expect(r.stderr).toBe(`error: ${file}:2:${6 + MAX_NESTING}: not valid YAML: nested more than ${MAX_NESTING} levels deep (lists or mappings inside each other): a plan needs a few levels; check the export\n`);
    expect(r.status).toBe(2);
    expect(Date.now() - t).toBeLessThan(5000); // it took 10 s and more than a gigabyte
  });

  it('a document of a stream is one rejected plan; the others are read', () => {
    const file = join(tmp, 'deep-stream.yaml');
    writeFileSync(file, `---\nref: A\n---\nref: B\nx: ${'- '.repeat(1_000_000)}y\n---\nref: C\nx:\n${'- '.repeat(1_000_000)}y\n---\nref: D\n`);
    const r = run(file);
    expect(r.stdout).toContain('records read: 4   valid: 2   rejected: 2');
    expect(r.stdout).toContain(`deep-stream.yaml:5: not valid YAML at column ${2 * MAX_NESTING + 4}: nested more than ${MAX_NESTING} levels deep`);
    expect(r.stdout).toContain(`deep-stream.yaml:9: not valid YAML at column ${2 * MAX_NESTING + 1}: nested more than ${MAX_NESTING} levels deep`);
  });
});
