/**
 * The `pattern` expressions the tool itself writes into mappings. They are timed once, in
 * test/util/regexProbe.test.ts, so a mapping holding one is not timed again at each run (the probe
 * starts a thread: about 50 ms of every command's start).
 */

/** `init`'s pattern for outcomes written as "[Area] outcome text". */
export const OUTCOME_AREA = String.raw`^\[(?<area>[^\]]+)\]\s*(?<text>.+)$`;

export const TOOL_PATTERNS: ReadonlySet<string> = new Set([OUTCOME_AREA]);
