/** Locations of files shipped with the package (rubrics, mappings, schemas), wherever it is installed. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function isPackageManifest(file: string): boolean {
  try {
    return typeof (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'string';
  } catch {
    return false;
  }
}

/**
 * The package root: the folder holding the package's package.json, whether running from src/
 * (tests) or dist/. dist/package.json, which only marks dist/ as CommonJS, has no name.
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && isPackageManifest(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
})();

export function shipped(kind: 'rubrics' | 'mappings' | 'schemas', name: string): string {
  return join(packageRoot, kind, name);
}

/** Shipped files are shown by their place in the package, so reports do not depend on where it is installed. */
export function displayPath(p: string): string {
  const root = packageRoot.endsWith(sep) ? packageRoot : packageRoot + sep;
  return p.startsWith(root) ? `(ehcp-audit) ${p.slice(root.length).split(sep).join('/')}` : p;
}
