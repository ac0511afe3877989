/**
 * The size (UTF-16 code units) of the pieces long reports are written in (prettyJson.ts, json.ts,
 * csv.ts, priority.ts, validation.ts). Small enough that a piece and the strings it is built from
 * stay in V8's young generation: a 1 MB piece is flattened into a large object, which goes
 * straight to the old generation, so writing a 100,000-row rejected list made old garbage faster
 * than the collector took it and peak RSS reached 321 MB (audit) and 269 MB (validate). Large
 * enough that the writes stay few (64 KiB: about 2,000 for a 120 MB list).
 */
export const CHUNK_CHARS = 64 << 10;
