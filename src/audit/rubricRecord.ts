/**
 * What reports record of the rubric they scored with: id, version, title, its files (shipped ones
 * by their place in the package) and the fingerprint of the files' contents that loadRubric took
 * of the texts it parsed (rubric/fingerprint.ts).
 */
import type { Rubric } from '../rubric/load.js';
import { displayPath } from '../util/paths.js';

export interface RubricRecord {
  id: string;
  version: string;
  title: string;
  files: string[];
  fingerprint: string;
}

export function rubricRecord(rubric: Rubric): RubricRecord {
  return { id: rubric.id, version: rubric.version, title: rubric.title, files: rubric.files.map(displayPath), fingerprint: rubric.fingerprint };
}
