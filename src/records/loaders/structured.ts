/**
 * YAML, JSON and JSON Lines readers. Each yields one raw object per plan with the line it starts
 * on, or an error for that plan; they stream where the format allows:
 * - JSON Lines: one plan per line.
 * - YAML: a multi-document stream is split on `---` lines (a document marker at column 0 cannot
 *   occur inside a document, YAML 1.2 §9.1), so one document is parsed at a time; a single
 *   document holding a list is parsed whole.
 * - JSON: a top-level array is scanned element by element, so only one plan is held at a time.
 * Aliases are capped (maxAliasCount), so a "billion laughs" file is refused quickly.
 */
import { CORE_SCHEMA, FAILSAFE_SCHEMA, load as loadYaml, Type as YamlType } from 'js-yaml';
import { isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { InputError } from '../../util/errors.js';
import { utf8LineBatches, utf8Lines, utf8TextBatches } from '../input.js';
import { firstDuplicateKey } from './jsonDuplicates.js';

export interface RawItem {
  value?: unknown;
  line: number;
  /** Set when this item could not be parsed at all. */
  error?: string;
}

const MAX_ALIASES = 100;

/**
 * How a YAML export's scalars are read. `typed`: as YAML 1.2's core schema resolves them (numbers,
 * booleans, null), for the native record shape. `text`: as written, but for null (`~`, `null`, an
 * empty value), for a flat export read through a mapping, which reads text as it reads a CSV's
 * cells: resolved, `Plan Ref: 00123` was the number 123 (the plan '123'), `0x1F` 31, `URN: 0123456`
 * 123456, `1e3` 1000, `.inf` Infinity.
 */
export type YamlScalars = 'typed' | 'text';

/** The core schema's null (YAML 1.2 §10.3.2): a plain `~`, `null`, `Null`, `NULL` or nothing. */
const NULL_TYPE = new YamlType('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: string | null) => s === null || s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL',
  construct: () => null,
});

/** js-yaml's schema for `text`: every scalar a string, but for the core schema's nulls. */
const TEXT_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [NULL_TYPE] });

/**
 * `text` for the `yaml` package's documents: a plain scalar the core schema resolved to a number or
 * a boolean takes back its source text (a string, a quoted or a block scalar is kept as it is).
 */
function plainScalarsAsText(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (node.type === 'PLAIN' && node.value !== null && typeof node.value !== 'string' && node.source !== undefined) node.value = node.source;
    },
  });
}

/**
 * An export with no plans in it at all, as an empty CSV (no header row) is an input error: a
 * failed or truncated export, not a population of none. (`[]` says "no plans": it is read as
 * such, as a CSV with a header and no rows is.)
 */
function emptyExport(file: string, what: string): InputError {
  return new InputError(`${file} is empty: no plans, nothing but ${what}; check the export`);
}

function yamlDocToItems(file: string, text: string, firstLine: number, scalars: YamlScalars): RawItem[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = counter.linePos(e.pos[0]);
    throw new InputError(`${file}:${pos.line + firstLine - 1}:${pos.col}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  if (scalars === 'text') plainScalarsAsText(doc);
  const toJS = (node: unknown): unknown => {
    try {
      return (node as { toJS(doc: unknown, opts: unknown): unknown }).toJS(doc, { maxAliasCount: MAX_ALIASES });
    } catch (err) {
      const msg = (err as Error).message;
      if (/alias/i.test(msg)) {
        throw new InputError(`${file}: refused: too many YAML aliases (more than ${MAX_ALIASES}; a "billion laughs" expansion?)`);
      }
      throw err;
    }
  };
  const contents = doc.contents;
  if (contents === null) return [];
  if (isSeq(contents)) {
    return contents.items.map((node) => {
      const start = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
      return { value: toJS(node), line: counter.linePos(start).line + firstLine - 1 };
    });
  }
  const start = contents.range?.[0] ?? 0;
  // Skip leading comment lines so the reported line is the plan's first key.
  return [{ value: toJS(contents), line: counter.linePos(start).line + firstLine - 1 }];
}

/** Expanded nodes a document may hold: far above any plan, far below an alias bomb's 10^9. */
const MAX_EXPANDED_NODES = 200_000;

/**
 * Does `value` hold more than `budget` nodes once aliases (shared references) are expanded? Walks
 * with a budget, so an alias bomb is detected after `budget` steps, not after expanding it.
 */
function exceedsNodes(value: unknown, budget: number): boolean {
  const stack: unknown[] = [value];
  let seen = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++seen > budget) return true;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

/** A line that is neither blank nor a comment: where a document's content starts. */
const CONTENT_LINE = /^[^\S\n]*[^\s#]/m;

/**
 * One document of a multi-document stream: one plan. js-yaml's core schema (YAML 1.2: no
 * timestamps, yes/no are strings) parses a plan about twice as fast as the `yaml` package
 * (docs/benchmarks.md); a document that js-yaml refuses, or that holds a list, goes through the
 * `yaml` path, which gives positions for errors and list items.
 */
function streamedDoc(file: string, text: string, docStart: number, contentAt: number, scalars: YamlScalars): RawItem[] {
  let value: unknown;
  try {
    value = loadYaml(text, { schema: scalars === 'text' ? TEXT_SCHEMA : CORE_SCHEMA, json: false });
  } catch {
    try {
      return yamlDocToItems(file, text, docStart, scalars);
    } catch (e) {
      // A broken document is one broken plan: reject it and read on.
      if (e instanceof InputError) return [{ line: docStart, error: e.message.replace(/^.*?: not valid YAML: /, 'not valid YAML: ') }];
      throw e;
    }
  }
  if (Array.isArray(value)) return yamlDocToItems(file, text, docStart, scalars);
  if (exceedsNodes(value, MAX_EXPANDED_NODES)) {
    throw new InputError(`${file}:${docStart}: refused: the document expands to more than ${MAX_EXPANDED_NODES} values through YAML aliases (a "billion laughs" expansion?)`);
  }
  // The plan's line is its first line that is neither blank nor a comment (at `contentAt`).
  let offset = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < contentAt; i = text.indexOf('\n', i + 1)) offset++;
  return [{ value, line: docStart + offset }];
}

/** Is text[pos, end) (one line) a document marker: `---` or `...` alone or followed by white space? */
function isMarker(text: string, pos: number, end: number): boolean {
  if (!text.startsWith('---', pos) && !text.startsWith('...', pos)) return false;
  return pos + 3 === end || /\s/.test(text[pos + 3]!);
}

/**
 * A YAML export, one plan at a time: a stream of documents split at their markers, or one
 * document (a list of plans, parsed whole). The text is scanned line by line for markers without
 * cutting it into lines; each document's text is sliced out whole.
 *
 * `firstLine`: the physical line `src` starts on, when it is a block cut from a file just before
 * a document marker (audit/parallel/). Without it `src` is the whole file, which is refused when
 * it holds nothing but white space, comments and document markers (a block may hold only those).
 * `scalars`: read as YAML types (the native record shape) or as text (a mapped export).
 */
export async function* readYaml(file: string, src: AsyncIterable<Uint8Array>, firstLine?: number, scalars: YamlScalars = 'typed'): AsyncGenerator<RawItem> {
  // The current document's text, in pieces; each ends with a line break but perhaps the last.
  let parts: string[] = [];
  let docStart = firstLine ?? 1;
  let sawMarker = false;
  /** Has a line been added to the document (before the first marker, blank lines are skipped)? */
  let started = false;
  /** Has any document held content (a line that is not blank or a comment)? */
  let anyContent = false;
  function* documentItems(): Generator<RawItem> {
    const whole = parts.join('');
    // The document's lines joined by line breaks: without the last line's own break.
    const text = whole.endsWith('\n') ? whole.slice(0, -1) : whole;
    const content = CONTENT_LINE.exec(text);
    if (!content) return;
    anyContent = true;
    yield* sawMarker ? streamedDoc(file, text, docStart, content.index, scalars) : yamlDocToItems(file, text, docStart, scalars);
  }
  for await (const batch of utf8TextBatches(file, src, firstLine)) {
    // CRLF -> LF, as every line's CR is dropped.
    const text = batch.text.includes('\r') ? batch.text.replace(/\r(?=\n|$)/g, '') : batch.text;
    let line = batch.first;
    /** Where the current document's text starts in this batch. */
    let from = 0;
    for (let pos = 0; pos < text.length; line++) {
      const nl = text.indexOf('\n', pos);
      const end = nl < 0 ? text.length : nl;
      const next = nl < 0 ? text.length : nl + 1;
      const c = text.charCodeAt(pos);
      // Most lines are not markers: test the first character first.
      if ((c === 0x2d || c === 0x2e) && isMarker(text, pos, end)) {
        if (pos > from) parts.push(text.slice(from, pos));
        yield* documentItems();
        sawMarker = true;
        // Content may follow `--- ` on the same line.
        const rest = c === 0x2d ? text.slice(pos + 3, end) : '';
        started = rest.trim() !== '';
        parts = started ? [`${rest}\n`] : [];
        docStart = started ? line : line + 1;
        from = next;
      } else if (!started && !sawMarker && text.slice(pos, end).trim() === '') {
        docStart = line + 1;
        from = next;
      } else started = true;
      pos = next;
    }
    if (from < text.length) parts.push(text.slice(from));
  }
  yield* documentItems();
  if (firstLine === undefined && !anyContent) throw emptyExport(file, 'white space and comments');
}

/**
 * JSON Lines, one plan a line; blank lines are skipped. `firstLine`: as for readYaml (a block of
 * the file starts there); without it `src` is the whole file, refused when no line is filled.
 */
export async function* readJsonLines(file: string, src: AsyncIterable<Uint8Array>, firstLine?: number): AsyncGenerator<RawItem> {
  let any = false;
  for await (const batch of utf8LineBatches(file, src, firstLine)) for (let k = 0; k < batch.lines.length; k++) {
    const text = batch.lines[k]!;
    const line = batch.first + k;
    const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (t.trim() === '') continue;
    any = true;
    yield jsonItem(t, line);
  }
  if (firstLine === undefined && !any) throw emptyExport(file, 'white space');
}

/** One plan's JSON text as an item: its value, or why it cannot be read (not JSON; a key given twice). */
function jsonItem(text: string, line: number): RawItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { line, error: `not valid JSON: ${(e as Error).message}` };
  }
  const dup = firstDuplicateKey(text);
  if (dup !== undefined) return { line, error: `duplicate key '${dup}': an object gives it twice, so which value is meant cannot be told; keep one` };
  return { value, line };
}

/**
 * A top-level JSON array, one element at a time. The scanner tracks strings and nesting depth
 * only; each element's text is handed to JSON.parse, which does the real validation.
 */
export async function* readJsonArray(file: string, src: AsyncIterable<Uint8Array>): AsyncGenerator<RawItem> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let ended = false;
  let elem: string[] = [];
  let elemLine = 0;
  for await (const { text, line } of utf8Lines(file, src)) {
    const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    let segStart = -1;
    for (let i = 0; i < t.length; i++) {
      const ch = t.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === 0x5c) escaped = true;
        else if (ch === 0x22) inString = false;
        continue;
      }
      if (ch === 0x20 || ch === 0x09) continue;
      if (!started) {
        if (ch !== 0x5b) throw new InputError(`${file}:${line}: a JSON export must be an array of plans ([ ... ]); use .jsonl for one plan per line`);
        started = true;
        depth = 1;
        continue;
      }
      if (ended) throw new InputError(`${file}:${line}: unexpected text after the end of the JSON array`);
      if (depth === 1 && (ch === 0x2c || ch === 0x5d)) {
        if (segStart >= 0) elem.push(t.slice(segStart, i));
        const body = elem.join('\n').trim();
        if (body !== '') {
          yield jsonItem(body, elemLine);
        } else if (ch === 0x2c) {
          yield { line, error: 'empty element in the JSON array (two commas)' };
        }
        elem = [];
        segStart = -1;
        if (ch === 0x5d) {
          ended = true;
          depth = 0;
        }
        continue;
      }
      if (segStart < 0) {
        segStart = i;
        if (elem.length === 0) elemLine = line;
      }
      if (ch === 0x22) inString = true;
      else if (ch === 0x7b || ch === 0x5b) depth++;
      else if (ch === 0x7d || ch === 0x5d) depth--;
    }
    if (segStart >= 0) elem.push(t.slice(segStart));
    else if (elem.length > 0) elem.push('');
  }
  if (!started) throw emptyExport(file, 'white space');
  if (!ended) throw new InputError(`${file}: the JSON array is never closed (missing ']'); the file may be truncated`);
}
