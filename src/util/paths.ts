/** Locations of files shipped with the package (rubrics, mappings, schemas), wherever it is installed. */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A package.json that names a package, or undefined (missing, unreadable, or dist/package.json). */
function readManifest(file: string): { name: string; version?: string } | undefined {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: string } | null;
    return typeof m?.name === 'string' ? (m as { name: string; version?: string }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package root: the folder holding the package's package.json, whether running from src/
 * (tests) or dist/. dist/package.json, which only marks dist/ as CommonJS, has no name. The
 * manifest found is kept (util/toolInfo.ts takes the version from it), so it is read once.
 */
const found: { root: string; manifest: { name: string; version?: string } | undefined } = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest) return { root: dir, manifest };
    dir = dirname(dir);
  }
  return { root: resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), manifest: undefined };
})();

export const packageRoot: string = found.root;
export const packageManifest: { name: string; version?: string } | undefined = found.manifest;

/**
 * A table written into dist/ by the build (a JSON array of [key, value] pairs: the precompiled
 * YAML values, the recorded validations). Missing or damaged, it is empty: the table only saves
 * work, and everything it would answer is then computed as usual.
 */
export function readBuildTable(name: string): [unknown, unknown][] {
  try {
    const rows: unknown = JSON.parse(readFileSync(join(packageRoot, 'dist', name), 'utf8'));
    return Array.isArray(rows) ? rows.filter((r): r is [unknown, unknown] => Array.isArray(r) && r.length === 2) : [];
  } catch {
    return [];
  }
}

export function shipped(kind: 'rubrics' | 'mappings' | 'schemas', name: string): string {
  return join(packageRoot, kind, name);
}

/**
 * A path as reports record it and messages name it: as given, tidied (`./a/../a/x.csv` is
 * `a/x.csv`, as path.join makes the mapping found beside an export), never made absolute (a
 * report should not carry the analyst's home folder). `-` (stdin) and '' are left alone.
 */
export function tidyPath(p: string): string {
  if (p === '-' || p === '') return p;
  const tidy = normalize(p);
  // `./-` names a file called '-' (the usual way to), and '-' alone means standard input.
  return tidy === '-' ? `.${sep}-` : tidy;
}

/**
 * Shipped files are shown by their place in the package, so reports do not depend on where it is
 * installed; others tidied (tidyPath).
 */
export function displayPath(p: string): string {
  const root = packageRoot.endsWith(sep) ? packageRoot : packageRoot + sep;
  return p.startsWith(root) ? `(ehcp-audit) ${p.slice(root.length).split(sep).join('/')}` : tidyPath(p);
}
