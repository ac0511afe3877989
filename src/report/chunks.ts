/**
 * Long reports (every plan, every rejection, every ranked plan) are written in pieces, never built
 * as one string: a national export's would be hundreds of MB, held twice over while written.
 *
 * CHUNK_CHARS, the size of a piece (UTF-16 code units), is small enough that a piece and the
 * strings it is built from stay in V8's young generation: a 1 MB piece is flattened into a large
 * object, which goes straight to the old generation, so writing a 100,000-row rejected list made
 * old garbage faster than the collector took it and peak RSS reached 321 MB (audit) and 269 MB
 * (validate). It is large enough that the writes stay few (about 2,000 for a 120 MB list).
 */
export const CHUNK_CHARS = 64 << 10;

/** `pieces` joined, in chunks of about CHUNK_CHARS (the last whatever is left, maybe empty). */
export function* inChunks(pieces: Iterable<string>): Generator<string> {
  let buf = '';
  for (const p of pieces) {
    buf += p;
    if (buf.length > CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  yield buf;
}
