/**
 * Long arrays of a JSON report written in chunks, byte for byte as `JSON.stringify(report, null, 2)`
 * writes them: a national export's lists (every plan ranked, every record rejected) would otherwise
 * be one string of hundreds of MB, held in memory twice over while it is written.
 */
import { inChunks } from './chunks.js';

/**
 * An array of JSON texts, each already serialised (its own line breaks indented to fit), laid out
 * as JSON.stringify(_, null, 2) lays out an array nested `indent` spaces deep.
 */
export function* arrayPieces(texts: Iterable<string>, indent: string): Generator<string> {
  let first = true;
  for (const t of texts) {
    yield `${first ? '[' : ','}\n${indent}  ${t}`;
    first = false;
  }
  yield first ? '[]' : `\n${indent}]`;
}

function* pretty(items: Iterable<unknown>, indent: string): Generator<string> {
  // JSON text has no raw line break inside a string, so each line break starts a line of the item.
  for (const item of items) yield JSON.stringify(item, null, 2).replace(/\n/g, `\n${indent}  `);
}

/** `items` as JSON.stringify(_, null, 2) writes an array nested `indent` spaces deep, in chunks (chunks.ts). */
export function prettyArray(items: Iterable<unknown>, indent: string): Generator<string> {
  return inChunks(arrayPieces(pretty(items, indent), indent));
}

/**
 * A long array of a document: at `path` (keys from the top, e.g. ['input', 'rejected']), its
 * `items` pretty-printed, or its whole text as `array` makes it for the given indent (a report
 * whose entries are laid out otherwise, such as the audit's compact plan lines).
 */
export type LongArray = { path: readonly string[] } & ({ items: Iterable<unknown> } | { array: (indent: string) => Iterable<string | Uint8Array> });

/**
 * `value` as JSON.stringify(value, null, 2) writes it, in chunks, with the arrays at the given
 * paths taken from `long` and written a chunk at a time. Each such key must hold an array in
 * `value` (its entries are not used); list them in the order they come in the document.
 */
export function prettyJsonChunks(value: object, long: { path: readonly string[]; items: Iterable<unknown> }[]): Generator<string>;
export function prettyJsonChunks(value: object, long: LongArray[]): Generator<string | Uint8Array>;
export function* prettyJsonChunks(value: object, long: LongArray[]): Generator<string | Uint8Array> {
  const marks = long.map((_, i) => `\u0000long${i}\u0000`);
  let stub: unknown = value;
  long.forEach(({ path }, i) => {
    stub = replaceAt(stub, path, marks[i]!);
  });
  const text = JSON.stringify(stub, null, 2);
  let from = 0;
  for (let i = 0; i < long.length; i++) {
    const mark = JSON.stringify(marks[i]);
    const at = text.indexOf(mark, from);
    if (at < 0) throw new Error(`prettyJsonChunks: no array at ${long[i]!.path.join('.')}`);
    yield text.slice(from, at);
    const a = long[i]!;
    const indent = ' '.repeat(2 * a.path.length);
    yield* 'items' in a ? prettyArray(a.items, indent) : a.array(indent);
    from = at + mark.length;
  }
  yield `${text.slice(from)}\n`;
}

/** A copy of `obj` with the array at `path` replaced by `mark` (the rest shared). */
function replaceAt(obj: unknown, path: readonly string[], mark: string): unknown {
  const [key, ...rest] = path;
  if (key === undefined || typeof obj !== 'object' || obj === null || !Array.isArray((obj as Record<string, unknown>)[key]) && rest.length === 0) {
    throw new Error(`prettyJsonChunks: no array at ${path.join('.')}`);
  }
  const o = obj as Record<string, unknown>;
  return { ...o, [key]: rest.length === 0 ? mark : replaceAt(o[key], rest, mark) };
}
