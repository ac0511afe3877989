/**
 * What reports record of the rubric they scored with: id, version, title, its files (shipped ones
 * by their place in the package) and a fingerprint of the files' contents.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Rubric } from '../rubric/load.js';
import { ConfigError } from '../util/errors.js';
import { displayPath } from '../util/paths.js';
import { decodeConfigText } from '../util/yamlConfig.js';

export interface RubricRecord {
  id: string;
  version: string;
  title: string;
  files: string[];
  fingerprint: string;
}

const FINGERPRINTS = new WeakMap<Rubric, string>();

/**
 * The first 16 hex digits of the SHA-256 of the rubric's files, in order (the file given, then
 * each it extends), each as UTF-8 text with LF line ends and no byte order mark, preceded by its
 * length. A copy under another name, or a checkout with CRLF line ends (git on Windows), has the
 * same fingerprint; an edit of any file (a criterion's months changed, id and version kept) gives
 * another, which `compare` warns of. The files were read moments before by loadRubric; a few KB.
 */
export function rubricFingerprint(rubric: Rubric): string {
  const known = FINGERPRINTS.get(rubric);
  if (known !== undefined) return known;
  const hash = createHash('sha256');
  for (const file of rubric.files) {
    let text: string;
    try {
      // Decoded as loadRubric decoded it: read as UTF-8, two Windows-1252 rubrics differing only
      // in a curly quote or a pound sign had one fingerprint (both bytes became U+FFFD).
      text = decodeConfigText(displayPath(file), readFileSync(file));
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(`${displayPath(file)}: cannot read the rubric file again to record it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const lf = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    hash.update(`${Buffer.byteLength(lf)}\n`).update(lf);
  }
  const fingerprint = hash.digest('hex').slice(0, 16);
  FINGERPRINTS.set(rubric, fingerprint);
  return fingerprint;
}

export function rubricRecord(rubric: Rubric): RubricRecord {
  return { id: rubric.id, version: rubric.version, title: rubric.title, files: rubric.files.map(displayPath), fingerprint: rubricFingerprint(rubric) };
}
