#!/usr/bin/env node
/**
 * Build step: parse the YAML files shipped with the package (rubrics/, mappings/), and the example
 * export's mapping (fixtures/example-export.map.yaml, the quick start's), once and store
 * their values, each with the text it came from, in dist/precompiled-yaml.json, so the CLI does
 * not parse the default rubric on every run (src/util/yamlConfig.ts). Edited files simply miss
 * the cache.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { configFiles } from './config-files.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = [];
const { rubrics, mappings } = configFiles(root);
const files = [...rubrics, ...mappings];
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8').replace(/^\uFEFF/, '');
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) continue; // left to the CLI, which reports the error with its position
  out.push([text, doc.toJS({ maxAliasCount: 100 })]);
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'precompiled-yaml.json'), `${JSON.stringify(out)}\n`);
