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
import { MAX_NESTING, yamlNestingFault } from './yamlDepth.js';
import { CORE_SCHEMA, FAILSAFE_SCHEMA, load as loadYaml, Type as YamlType } from 'js-yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { InputError } from '../../util/errors.js';
import { utf8LineBatches, utf8Lines, utf8TextBatches } from '../input.js';
import { firstDuplicateKey } from './jsonDuplicates.js';
import { jsonFaultOffset } from './jsonFault.js';

export interface RawItem {
  value?: unknown;
  line: number;
  /** Set when this item could not be parsed at all, or gives a key twice. */
  error?: string;
  /**
   * The key an item gives twice (`error` says so), with `value` as parsed (the last value wins):
   * the rejection can still name the plan by its reference, unless that is the key given twice.
   */
  duplicateKey?: string;
  /**
   * YAML: the line of the value at `path` in this plan (of the deepest part of the path it has),
   * for a rejection's place. Found only when asked, by parsing the document again: valid plans,
   * nearly all of them, cost nothing more.
   */
  locate?: (path: readonly PropertyKey[]) => number | undefined;
}

/**
 * A document's locator: parses `text` (which starts on the file's line `firstLine`) with the
 * `yaml` package on the first call, and keeps it for the calls after (a list's other plans).
 * `prefix`: the plan's place in the document (its index in a list of plans).
 */
function documentLocator(text: string, firstLine: number): (prefix: readonly number[]) => NonNullable<RawItem['locate']> {
  let parsed: { doc: Document; counter: LineCounter } | undefined;
  return (prefix) => (path) => {
    if (!parsed) {
      const counter = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter: counter, prettyErrors: false }), counter };
    }
    let node: unknown = parsed.doc.contents;
    let at = startOf(node);
    for (const key of [...prefix, ...path]) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        node = pair.value;
        at = startOf(pair.value) ?? startOf(pair.key) ?? at;
      } else if (isSeq(node) && typeof key === 'number' && key < node.items.length) {
        node = node.items[key];
        at = startOf(node) ?? at;
      } else break;
    }
    return at === undefined ? undefined : parsed.counter.linePos(at).line + firstLine - 1;
  };
}

function startOf(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
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

/** Where a YAML document cannot be read, in the file: its line and column, and why. */
interface YamlFault {
  line: number;
  col: number;
  reason: string;
}

/** The message a key given twice is rejected with: in a YAML `mapping` or a JSON `object`. */
function duplicateKeyError(key: string, within: 'a mapping' | 'an object'): string {
  return `duplicate key '${key}': ${within} gives it twice, so which value is meant cannot be told; keep one`;
}

/**
 * Where a document the `yaml` package found a syntax error in goes wrong. js-yaml, which stops at
 * the first fault, places it better (`bad indentation` at the over-indented key, where the `yaml`
 * package blames the line before): its place and words are taken when it refuses the text too.
 */
function syntaxFault(text: string, firstLine: number, e: YAMLError, counter: LineCounter): YamlFault {
  try {
    loadYaml(text, { schema: FAILSAFE_SCHEMA, json: false });
  } catch (err) {
    const x = err as { reason?: string; mark?: { line: number; column: number } };
    if (x.mark && x.reason && !/duplicated mapping key/.test(x.reason)) {
      // js-yaml reads the text with a line break added: a fault at its end is placed past the
      // document's last line (on the next document's marker), so it is put at that line's end.
      const lastLine = counter.lineStarts.length - 1;
      if (x.mark.line > lastLine) return { line: lastLine + firstLine, col: text.length - counter.lineStarts[lastLine]! + 1, reason: x.reason };
      return { line: x.mark.line + firstLine, col: x.mark.column + 1, reason: x.reason };
    }
  }
  const pos = counter.linePos(e.pos[0]);
  return { line: pos.line + firstLine - 1, col: pos.col, reason: e.message.split('\n')[0]! };
}

/**
 * The path of the key whose node starts at `at`, as the JSON readers name one: `ref`,
 * `child.ncYear`, `e[].area`. The list of plans a single-document export holds is not part of it.
 */
function keyPathAt(doc: Document, at: number): string {
  let found = '';
  visit(doc, {
    Pair(_key, pair, path) {
      const key = pair.key as { range?: [number, number, number]; value?: unknown } | null;
      if (key?.range?.[0] !== at) return undefined;
      const names: string[] = [];
      for (const node of path) {
        if (isPair(node)) names.push(String((node.key as { value?: unknown } | null)?.value));
        else if (isSeq(node) && node !== doc.contents) names.push('[]');
      }
      names.push(String(key.value));
      found = names.join('.').replace(/\.\[\]/g, '[]');
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * One YAML document's plans (one, or a list of them), or the fault that stops it being read. A
 * key given twice spoils only the plan it is in: that plan is an error at the key's line, naming
 * the key, and a list's other plans are read (a duplicate in one item stopped a whole file).
 */
function yamlDocument(file: string, text: string, firstLine: number, scalars: YamlScalars): RawItem[] | YamlFault {
  // The `yaml` package takes gigabytes to parse a document nested millions deep: refused first.
  const deep = yamlNestingFault(text);
  if (deep) return { line: deep.line + firstLine - 1, col: deep.col, reason: `nested more than ${MAX_NESTING} levels deep (lists or mappings inside each other): a plan needs a few levels; check the export` };
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const fileLine = (pos: number): number => counter.linePos(pos).line + firstLine - 1;
  const syntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  if (syntax) return syntaxFault(text, firstLine, syntax, counter);
  const duplicates = doc.errors.map((e) => ({ at: e.pos[0], line: fileLine(e.pos[0]), key: keyPathAt(doc, e.pos[0]) }));
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
  // This document is parsed again to locate a rejected plan's fault: the parse here is not kept,
  // as most plans are valid and its nodes take more memory than their values.
  const locator = documentLocator(text, firstLine);
  /** The node's plan, or its first key given twice. */
  const item = (node: unknown, start: number, end: number, prefix: readonly number[]): RawItem => {
    const dup = duplicates.find((d) => d.at >= start && d.at < end);
    if (dup) return { line: dup.line, error: duplicateKeyError(dup.key, 'a mapping'), duplicateKey: dup.key, value: toJS(node) };
    return { value: toJS(node), line: fileLine(start), locate: locator(prefix) };
  };
  const contents = doc.contents;
  if (contents === null) return [];
  if (isSeq(contents)) {
    return contents.items.map((node, i) => {
      const range = (node as { range?: [number, number, number] }).range ?? [0, 0, 0];
      return item(node, range[0], range[2], [i]);
    });
  }
  // The plan's line is its first key's (leading comment lines are not part of its range).
  const range = contents.range ?? [0, 0, 0];
  return [item(contents, range[0], Math.max(range[2], text.length), [])];
}

/** A document read whole (the file holds one, perhaps a list of plans): a syntax error stops the file. */
function yamlDocToItems(file: string, text: string, firstLine: number, scalars: YamlScalars): RawItem[] {
  return yamlItems(file, text, firstLine, scalars, false);
}

/**
 * The plans of YAML text the `yaml` package reads (yamlDocument). A fault is one rejected plan,
 * at its line, when `streamed` (a document after a marker, or an item of a list in one: reading
 * goes on); in a file of one document it stops the file.
 */
function yamlItems(file: string, text: string, firstLine: number, scalars: YamlScalars, streamed: boolean): RawItem[] {
  const got = yamlDocument(file, text, firstLine, scalars);
  if (Array.isArray(got)) return got;
  if (streamed) return [{ line: got.line, error: `not valid YAML at column ${got.col}: ${got.reason}` }];
  throw new InputError(`${file}:${got.line}:${got.col}: not valid YAML: ${got.reason}`);
}

/** Line breaks in text[0, index): the line `index` is on, from the text's first (0). */
function linesBefore(text: string, index: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
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
    // A broken document is one broken plan: rejected at the fault's line, and reading goes on.
    return yamlItems(file, text, docStart, scalars, true);
  }
  if (Array.isArray(value)) return yamlDocToItems(file, text, docStart, scalars);
  if (exceedsNodes(value, MAX_EXPANDED_NODES)) {
    throw new InputError(`${file}:${docStart}: refused: the document expands to more than ${MAX_EXPANDED_NODES} values through YAML aliases (a "billion laughs" expansion?)`);
  }
  // The plan's line is its first line that is neither blank nor a comment (at `contentAt`).
  return [{ value, line: docStart + linesBefore(text, contentAt), locate: documentLocator(text, docStart)([]) }];
}

/**
 * One item of a document that is a list of plans at column 0 (`- ref: ...` and its lines), read
 * alone: js-yaml reads it as a list of one plan, as streamedDoc reads a document; anything else
 * (a syntax error, a key given twice, a list of another length) goes through the `yaml` path,
 * which gives the same items and errors as the whole document would, at the file's lines; but
 * after a document marker a broken item is one rejected plan, where the whole list was.
 * `unitStart`: the file's line `text` starts on (comment lines before the item may come first).
 */
function listItem(file: string, text: string, unitStart: number, scalars: YamlScalars, streamed: boolean): RawItem[] {
  let value: unknown;
  try {
    value = loadYaml(text, { schema: scalars === 'text' ? TEXT_SCHEMA : CORE_SCHEMA, json: false });
  } catch {
    value = undefined;
  }
  // After a document marker a broken item is one rejected plan, as a broken document is
  // (streamedDoc); in a file of one document, a syntax error stops the file, as it did read whole.
  if (!Array.isArray(value) || value.length !== 1 || exceedsNodes(value, MAX_EXPANDED_NODES)) return yamlItems(file, text, unitStart, scalars, streamed);
  // The plan's line is its first value's, after the `-` (as the whole parse places a list's
  // items): the same line, or a later one for `-` alone on its line, or followed by a comment.
  const content = CONTENT_LINE.exec(text);
  AFTER_DASH.lastIndex = content ? text.indexOf('-', content.index) + 1 : 0;
  AFTER_DASH.exec(text);
  return [{ value: value[0], line: unitStart + linesBefore(text, AFTER_DASH.lastIndex), locate: documentLocator(text, unitStart)([0]) }];
}

/** White space, line breaks and comments after a list item's `-`, up to its value (sticky: from lastIndex). */
const AFTER_DASH = /(?:[ \t\n]|#[^\n]*)*/y;

/** An anchor (`&name`) in YAML text: an item holding one may be referred to by the items after it. */
const ANCHOR = /(?:^|[\s[\]{},:-])&[^\s[\]{},]/;

/** Does text[pos, end) (a line starting with `-`) start an item of a list at column 0: `- ...` or `-` alone? */
function itemDash(text: string, pos: number, end: number): boolean {
  return pos + 1 === end || text.charCodeAt(pos + 1) === 0x20 || text.charCodeAt(pos + 1) === 0x09;
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
 * `lists`: a document that is a list of plans at column 0 is read an item at a time, or (`whole`,
 * for the tests that compare the two) parsed whole.
 */
export async function* readYaml(file: string, src: AsyncIterable<Uint8Array>, firstLine?: number, scalars: YamlScalars = 'typed', lists: 'items' | 'whole' = 'items'): AsyncGenerator<RawItem> {
  // The current document's text, in pieces; each ends with a line break but perhaps the last.
  let parts: string[] = [];
  let docStart = firstLine ?? 1;
  let sawMarker = false;
  /** Has a line been added to the document (before the first marker, blank lines are skipped)? */
  let started = false;
  /** Has any document held content (a line that is not blank or a comment)? */
  let anyContent = false;
  /**
   * Is the current document a list of plans at column 0 (its first content line `- ...`)? Then
   * its items are read one at a time, as a stream's documents are: parsed whole, a 10,000-plan
   * list (38 MB) took 9.3 s and 1.4 GB. `parts` then hold the current item, from `docStart`.
   * `whole`: an item held an anchor, so the rest of the document is read as one (an alias in a
   * later item may refer to it).
   */
  let list: boolean | undefined;
  let whole = false;
  /** Has the current item's `- ` line been read? */
  let inItem = false;
  function* documentItems(): Generator<RawItem> {
    const joined = parts.join('');
    // The document's lines joined by line breaks: without the last line's own break.
    const text = joined.endsWith('\n') ? joined.slice(0, -1) : joined;
    const content = CONTENT_LINE.exec(text);
    if (!content) return;
    anyContent = true;
    if (list === true && !whole) yield* listItem(file, text, docStart, scalars, sawMarker);
    else yield* sawMarker ? streamedDoc(file, text, docStart, content.index, scalars) : yamlDocToItems(file, text, docStart, scalars);
  }
  /** Lone CRs read so far: line breaks utf8TextBatches, which counts LFs, did not count. */
  let loneCRs = 0;
  for await (const batch of utf8TextBatches(file, src, firstLine)) {
    // CRLF -> LF; and a lone CR ends a line too, as in a CSV or JSON Lines (a file saved with CR
    // line endings was one line: 70 plans read as none, and "OK").
    let text = batch.text;
    let crs = 0;
    if (text.includes('\r')) {
      text = text.replace(/\r\n/g, '\n').replace(/\r/g, () => {
        crs++;
        return '\n';
      });
    }
    let line = batch.first + loneCRs;
    loneCRs += crs;
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
        // Content after the marker is not at column 0: the document is not read item by item.
        list = started ? false : undefined;
        whole = false;
        inItem = false;
      } else if (!started && !sawMarker && text.slice(pos, end).trim() === '') {
        docStart = line + 1;
        from = next;
      } else {
        started = true;
        if (c === 0x2d && list !== false && lists === 'items' && itemDash(text, pos, end)) {
          if (list === undefined) list = true;
          else if (inItem && !whole) {
            // The next item: the one before it is read now, unless it holds an anchor.
            if (pos > from) parts.push(text.slice(from, pos));
            from = pos;
            if (ANCHOR.test(parts.join(''))) whole = true;
            else {
              yield* documentItems();
              parts = [];
              docStart = line;
            }
          }
          inItem = true;
        } else if (list === undefined && CONTENT_LINE.test(text.slice(pos, end))) list = false;
      }
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

/** Where an offset into a plan's text is in the file. */
type TextPlace = (offset: number) => { line: number; col: number };

/**
 * One plan's JSON text as an item: its value, or why it cannot be read (not JSON; a key given
 * twice). `line`: where the text starts; `place`: where an offset into it is, when the text is
 * not one line from its first column (JSON Lines).
 */
function jsonItem(text: string, line: number, place?: TextPlace): RawItem {
  // JSON.parse builds every level of a text nested millions deep (2,000,000 `[` in a 4 MB line:
  // 285 MB) before anything can refuse it. A plan's text is a few KB: only a long one is scanned.
  if (text.length > DEPTH_SCAN_FROM) {
    const deep = jsonNestingFault(text);
    if (deep !== undefined) {
      const at = place ? place(deep) : { line, col: deep + 1 };
      return { line: at.line, error: `nested more than ${MAX_NESTING} levels deep at column ${at.col} (lists or objects inside each other): a plan needs a few levels; check the export` };
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return notJson(text, line, (e as Error).message, place);
  }
  const dup = firstDuplicateKey(text);
  if (dup !== undefined) return { line, error: duplicateKeyError(dup, 'an object'), duplicateKey: dup, value };
  return { value, line };
}

/** Plan texts longer than this are scanned for nesting before JSON.parse (a plan is a few KB; 64 KiB nests at most 32,768 deep). */
const DEPTH_SCAN_FROM = 65_536;

/** The offset in JSON text where it first nests more than MAX_NESTING levels (strings skipped), or undefined. */
function jsonNestingFault(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // To the string's closing quote, past escaped characters.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/**
 * V8 quotes the text it refused (`Unexpected token 'o', "{"ref": oops}" is not valid JSON`, or the
 * first 10 or so characters and `...` for a longer one): a plan's own words, a child's name, in
 * a rejection reason every report prints. The quote goes; the fault's line and column say where.
 */
export function withoutQuotedText(message: string): string {
  return message.replace(/, (?:\.\.\.)?".*?(?:"|\.\.\.) is not valid JSON$/s, '');
}

/**
 * A plan JSON.parse refused, at the line and column of the fault (it was the plan's first line,
 * and the message's position an offset from the plan's start): `syn.json:7: not valid JSON at
 * column 7: Expected ',' or '}' after property value`. The message's own position is dropped.
 */
function notJson(text: string, line: number, message: string, place?: TextPlace): RawItem {
  const why = withoutQuotedText(message).replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, '');
  const offset = jsonFaultOffset(text);
  if (offset === undefined) return { line, error: `not valid JSON: ${why}` };
  const at = place ? place(offset) : { line, col: offset + 1 };
  return { line: at.line, error: `not valid JSON at column ${at.col}: ${why}` };
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
  // Where each piece of `elem` is in the file (its line, and column from 1), for a fault's place.
  let pieceLines: number[] = [];
  let pieceCols: number[] = [];
  /** Where an offset into the element's text (its pieces joined by line breaks) is in the file. */
  const place = (lines: number[], cols: number[], pieces: string[]): TextPlace => (offset) => {
    let from = 0;
    for (let k = 0; k < pieces.length; k++) {
      const len = pieces[k]!.length;
      if (offset <= from + len || k === pieces.length - 1) return { line: lines[k]!, col: cols[k]! + offset - from };
      from += len + 1;
    }
    return { line: elemLine, col: 1 };
  };
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
        if (segStart >= 0) {
          elem.push(t.slice(segStart, i));
          pieceLines.push(line);
          pieceCols.push(segStart + 1);
        }
        const body = elem.join('\n').trim();
        if (body !== '') {
          yield jsonItem(body, elemLine, place(pieceLines, pieceCols, elem));
        } else if (ch === 0x2c) {
          yield { line, error: 'empty element in the JSON array (two commas)' };
        }
        elem = [];
        pieceLines = [];
        pieceCols = [];
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
    if (segStart >= 0) {
      elem.push(t.slice(segStart));
      pieceLines.push(line);
      pieceCols.push(segStart + 1);
    } else if (elem.length > 0) {
      elem.push('');
      pieceLines.push(line);
      pieceCols.push(1);
    }
  }
  if (!started) throw emptyExport(file, 'white space');
  if (!ended) throw new InputError(`${file}: the JSON array is never closed (missing ']'); the file may be truncated`);
}
