/** Locations of files shipped with the package (rubrics, mappings, schemas), wherever it is installed. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the folder holding package.json, whether running from src/ (tests) or dist/. */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
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
