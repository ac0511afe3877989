/**
 * The configuration files the build precomputes (scripts/precompile-yaml.mjs parses them,
 * scripts/precompile-validation.mjs validates them): the shipped rubrics and mappings, and the
 * example export's mapping (the quick start's, and the one docs/mapping.md starts LAs from).
 * Paths are relative to the package root.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const yamlIn = (root, dir, pattern) =>
  readdirSync(join(root, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => join(dir, f));

/** @param {string} root the package root */
export function configFiles(root) {
  return {
    /** Rubrics, and the priority weights beside them (YAML, but not a rubric). */
    rubrics: yamlIn(root, 'rubrics', /\.ya?ml$/),
    mappings: [...yamlIn(root, 'mappings', /\.map\.ya?ml$/), join('fixtures', 'example-export.map.yaml')],
  };
}
