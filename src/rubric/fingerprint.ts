/**
 * The fingerprint reports record of a rubric's contents (audit/rubricRecord.ts), so that `compare`
 * can tell two rubrics apart that share an id and version (a criterion's months edited, the
 * version not bumped).
 */
import { createHash } from 'node:crypto';

/**
 * The first 16 hex digits of the SHA-256 of the rubric's files' texts, in order (the file given,
 * then each it extends), each as decoded when it was loaded (a Windows-1252 rubric's curly quote
 * is its character, not U+FFFD), with LF line ends and no byte order mark, preceded by its length.
 * A copy under another name, or a checkout with CRLF line ends (git on Windows), has the same
 * fingerprint; an edit of any file gives another.
 */
export function rubricFingerprint(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) {
    const lf = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    hash.update(`${Buffer.byteLength(lf)}\n`).update(lf);
  }
  return hash.digest('hex').slice(0, 16);
}
