/**
 * Load a YAML configuration file (rubric, mapping, check config) and validate it with zod, so that
 * every problem comes back at once as `file:line:col: message` with the offending line quoted.
 *
 * Two parsers, one result:
 * - The `yaml` package keeps node ranges; zod issue paths are walked back to those nodes, and its
 *   syntax errors carry positions. It is the reference: values and errors are always its own.
 * - js-yaml (CORE_SCHEMA, the same YAML 1.2 core schema as `yaml`'s default) only gives a value,
 *   but is much cheaper. Measured on fixtures/example-export.map.yaml, medians of 10 fresh `node`
 *   processes (two rounds): loading `yaml` 64-79 ms plus 22-27 ms to parse it, against 8-12 ms to
 *   load js-yaml's ES module build plus 3-4 ms. Its CommonJS entry, which a lazy createRequire
 *   would load, takes 35-40 ms, so js-yaml is imported statically. YamlSource.read on that file,
 *   checks included, takes about 21 ms instead of 95 ms (the whole `node` process: 305 -> 210 ms).
 * A file that misses the build-time cache (precompiledValue) is therefore read with js-yaml first
 * (parseFast), and `yaml` is loaded only when a position is needed (locate(), doc). The fast path
 * is taken only where both libraries are known to give the same value and `yaml` no error: a file
 * that js-yaml refuses, or that holds a construct on which they differ (anchors and aliases, tags,
 * some number forms, multi-line flow collections, ...; FAST_PATH_EXCLUSIONS and fastPathWatcher),
 * goes through `yaml` as before, so errors and values are unchanged
 * (test/util/yamlConfig-fast.test.ts).
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { CORE_SCHEMA, load as loadFast, type State as FastState } from 'js-yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { z } from 'zod';
import { byteOrderMark, countBreaksBytes, decodeWindows1252, firstInvalidUtf8, sniffUtf16 } from '../records/csv/decode.js';
import { isPersonalData } from '../records/mapping/personalData.js';
import { ConfigError } from './errors.js';
import { readBuildTable } from './paths.js';
import { safeParseCached } from './validationCache.js';

export interface Located {
  line: number;
  col: number;
}

/** What a configuration file is, for its messages. */
export type ConfigKind = 'rubric' | 'mapping' | 'check config' | 'priority weights file';

/** How the command line gives each kind of file (for a plan export given as one), and what it is called. */
const KINDS: Record<ConfigKind, { flag: string; file: string }> = {
  rubric: { flag: '--rubric (or rubric: in a check config)', file: 'a rubric file' },
  mapping: { flag: '--map (or map: in a check config)', file: 'a mapping file' },
  'check config': { flag: '--config', file: 'a check config file' },
  'priority weights file': { flag: '--weights', file: 'a priority weights file' },
};

/**
 * A configuration file's bytes as text, decided as the CSV reader's `--encoding auto` decides
 * (records/csv/decode.ts): UTF-8 when the bytes are valid UTF-8 (a UTF-8 byte order mark is
 * dropped), UTF-16 LE or BE when a byte order mark says so (Notepad's "Unicode", PowerShell 5.1),
 * else Windows-1252 (a file saved as "ANSI" on Windows). Read as UTF-8 regardless, a Windows-1252
 * rubric had every curly quote, dash and pound sign turned into U+FFFD, so its phrases never
 * matched a plan, and no error said so. Line and column in messages count in the decoded text.
 */
export function decodeConfigText(file: string, bytes: Uint8Array): string {
  const bom = byteOrderMark(bytes);
  if (bom && bom.encoding !== 'utf-8') return new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.bytes.length));
  const body = bom ? bytes.subarray(bom.bytes.length) : bytes;
  if (body.includes(0)) {
    const what = sniffUtf16(body) ? 'looks like UTF-16 text without a byte order mark' : 'is not a text file (it holds NUL bytes)';
    throw new ConfigError(`${file}: ${what}: save it as UTF-8`);
  }
  if (isUtf8(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  const line = () => 1 + countBreaksBytes(body, firstInvalidUtf8(body, true), false);
  if (bom) throw new ConfigError(`${file}:${line()}: invalid UTF-8, though the file starts with a UTF-8 byte order mark: save it as UTF-8`);
  // UTF-8 characters beside a byte that is not UTF-8 (a £ typed into a UTF-8 file by an editor
  // saving "ANSI"): read as Windows-1252, the UTF-8 ones would turn to mojibake and their phrases
  // never match, as silently as before (regression QA). Refused, as a CSV export so mixed is.
  if (hasUtf8Sequence(body)) throw new ConfigError(`${file}:${line()}: not UTF-8 here, though the file has UTF-8 characters elsewhere (two encodings mixed): save it as UTF-8`);
  return decodeWindows1252(body);
}

/** Does `b` hold a well-formed UTF-8 sequence of two or more bytes (rare by chance in Windows-1252 text)? */
function hasUtf8Sequence(b: Uint8Array): boolean {
  const cont = (i: number) => i < b.length && b[i]! >= 0x80 && b[i]! <= 0xbf;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0xc2 || c > 0xf4) continue;
    const need = c <= 0xdf ? 1 : c <= 0xef ? 2 : 3;
    let ok = true;
    for (let k = 1; k <= need; k++) ok &&= cont(i + k);
    if (ok) return true;
  }
  return false;
}

/** A read failure in words, as for an export (util/errors.ts fileError). */
function readError(file: string, kind: ConfigKind, e: unknown): ConfigError {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new ConfigError(`${file}: no such file; check the path`);
  if (code === 'EISDIR') return new ConfigError(`${file}: is a folder, not ${KINDS[kind].file}`);
  if (code === 'EACCES' || code === 'EPERM') return new ConfigError(`${file}: permission denied; check the file's permissions`);
  return new ConfigError(`${file}: cannot read (${code ?? (e as Error).message}); check the path`);
}

/**
 * The largest configuration file read: the shipped default rubric is about 40 KB. Without a cap,
 * `--rubric /dev/zero` (or a disk image given by mistake) read 4.3 GB in 20 s and was then killed.
 */
export const CONFIG_MAX_BYTES = 16 << 20;

/** A file read up to CONFIG_MAX_BYTES: undefined when it holds more. */
function readCapped(file: string): Buffer | undefined {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR' });
    // A regular file of known size: one read. (Size 0 may be a /proc file that has text: read on.)
    if (st.isFile() && st.size > 0) {
      if (st.size > CONFIG_MAX_BYTES) return undefined;
      const buf = Buffer.allocUnsafe(st.size);
      let n = 0;
      while (n < buf.length) {
        const got = readSync(fd, buf, n, buf.length - n, null);
        if (got === 0) break; // cut short since the fstat
        n += got;
      }
      return n === buf.length ? buf : buf.subarray(0, n);
    }
    // A pipe (`--rubric <(cat r.yaml)`), a device or a file of unknown size: read until its end,
    // no further than one byte past the cap.
    const parts: Buffer[] = [];
    const buf = Buffer.allocUnsafe(1 << 20);
    let total = 0;
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, buf, 0, Math.min(buf.length, CONFIG_MAX_BYTES + 1 - total), null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue; // a non-blocking pipe with nothing yet
        throw e;
      }
      if (got === 0) break;
      parts.push(Buffer.from(buf.subarray(0, got))); // a copy: a pipe gives 64 KiB a read
      total += got;
      if (total > CONFIG_MAX_BYTES) return undefined;
    }
    return Buffer.concat(parts, total);
  } finally {
    closeSync(fd);
  }
}

/** Extensions only exports have (a configuration file is YAML). */
const EXPORT_EXTENSIONS = new Set(['.csv', '.tsv', '.jsonl', '.ndjson', '.xlsx', '.xls']);

/** Keys of a plan record (records/model.ts) besides `ref`; a record has `ref` and some of these. */
const RECORD_KEYS = new Set(['child', 'needs', 'setting', 'dates', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h1', 'h2', 'i', 'j', 'k', 'qa', 'extra']);

/** Why a parsed top level is a plan export's (a list of records, or one record), if it is. */
function exportShape(keys: readonly string[] | undefined, items: readonly (readonly string[] | undefined)[] | undefined): string | undefined {
  if (items !== undefined) {
    const records = items.filter((k) => k !== undefined).length;
    return records > 0 ? `a list of ${items.length} record${items.length > 1 ? 's' : ''}` : undefined;
  }
  if (keys !== undefined && keys.includes('ref') && keys.some((k) => RECORD_KEYS.has(k))) return 'a plan record: ref, child, ...';
  return undefined;
}

function objectKeys(v: unknown): string[] | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : undefined;
}

/** exportShape of a JavaScript value. */
function exportShapeOfValue(value: unknown): string | undefined {
  return Array.isArray(value) ? exportShape(undefined, value.map(objectKeys)) : exportShape(objectKeys(value), undefined);
}

/**
 * Text that YAML cannot read as a configuration file but that is evidently an export: JSON Lines
 * (its first two lines each a JSON object), or CSV (a first line of comma, semicolon or tab
 * separated names, with no `key:`).
 */
function exportText(text: string): string | undefined {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const object = (l: string | undefined): boolean => {
    if (l === undefined || !/^\s*\{.*\}\s*$/.test(l)) return false;
    try {
      return objectKeys(JSON.parse(l)) !== undefined;
    } catch {
      return false;
    }
  };
  if (object(lines[0]) && object(lines[1])) return 'JSON Lines: a JSON object a line';
  const first = lines[0] ?? '';
  if (!/:(?:\s|$)/.test(first) && !/^\s*[-[{?]/.test(first) && [',', ';', '\t'].some((d) => first.split(d).length >= 3)) return 'CSV: its first line is a header';
  return undefined;
}

/** exportShape of a parsed node. */
function exportShapeOfNode(node: unknown): string | undefined {
  const { isMap, isScalar, isSeq } = yaml();
  const keysOf = (n: unknown): string[] | undefined => (isMap(n) ? n.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : undefined);
  return isSeq(node) ? exportShape(undefined, node.items.map(keysOf)) : exportShape(keysOf(node), undefined);
}

/**
 * A mapping of scalars with a key that is an export's column, not a configuration file's: a key
 * a configuration file never has (every one is lower case: `id`, `as_of`, `priority_weights`), such
 * as `Plan Ref`, or one naming personal data (`dob`, `child_name`).
 */
function nodeKeys(node: unknown): string[] {
  const { isMap, isScalar } = yaml();
  return isMap(node) ? node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : [];
}

function flatRecord(node: unknown): boolean {
  const { isMap, isScalar } = yaml();
  if (!isMap(node) || node.items.length === 0 || !node.items.every((p) => isScalar(p.key) && (p.value === null || isScalar(p.value)))) return false;
  return node.items.some((p) => {
    const key = String((p.key as { value: unknown }).value);
    return !/^[a-z][a-z0-9_]*$/.test(key) || isPersonalData(key);
  });
}

/**
 * One document that is one flat record of an export (a mapping of plain values), by its keys: one
 * with a space or naming personal data (`Plan Ref`, `Child Name`, `DOB`), or two not in a
 * configuration file's lower case. Stricter than flatRecord's test, which another document backs
 * up: a configuration file with one mistyped key (`Rubric: x`) is not taken for an export.
 */
function flatRecordKeys(keys: readonly string[]): boolean {
  return keys.some((k) => /[ \t]/.test(k.trim()) || isPersonalData(k)) || keys.filter((k) => !/^[a-z][a-z0-9_]*$/.test(k)).length >= 2;
}

const FLAT_RECORD = "a flat record: one plan's columns";

/** FLAT_RECORD for a JavaScript value that is one (flatRecordKeys), else undefined. */
function flatRecordOfValue(value: unknown): string | undefined {
  const keys = objectKeys(value);
  if (keys === undefined || keys.length === 0) return undefined;
  const values = Object.values(value as object) as unknown[];
  return values.every((v) => v === null || typeof v !== 'object') && flatRecordKeys(keys) ? FLAT_RECORD : undefined;
}

function exportError(file: string, kind: ConfigKind, evidence: string): ConfigError {
  // No line of the file is quoted: an export holds children's names and plan text.
  return new ConfigError(`${file} looks like a plan export (${evidence}), not a ${kind}: the export is the first argument; give the ${kind} with ${KINDS[kind].flag}`);
}

/** Lines quoted under a message are cut to this many characters, around the caret. */
const SNIPPET_WIDTH = 120;

/**
 * Values of the YAML files shipped with the package (rubrics, mappings, weights), by their text,
 * written at build time by scripts/precompile-yaml.mjs. A file whose text matches is not parsed
 * again: its value comes from here, and the YAML is parsed only if an error must be located in
 * it. Any edit to the file changes its text, so a stale entry is never used. (Keyed by the text
 * itself rather than a hash of it: the crypto module alone took longer to load than the lookup.)
 */
let precompiled: Map<string, unknown> | undefined;
function precompiledValue(text: string): { found: boolean; value?: unknown } {
  if (precompiled === undefined) {
    precompiled = new Map();
    for (const [k, v] of readBuildTable('precompiled-yaml.json')) if (typeof k === 'string') precompiled.set(k, v);
  }
  return precompiled.has(text) ? { found: true, value: precompiled.get(text) } : { found: false };
}

/**
 * The `yaml` package, loaded on first use: the shipped rubric and mapping come from the build-time
 * cache and other files from js-yaml (parseFast), so a run with no error to locate and no file
 * outside the fast path never needs it (it is a fifth of a small run's start-up).
 */
let yamlLib: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

/**
 * Where a node (and so an anchor, alias, tag or `?` key indicator) can start: after a line start,
 * white space, `[`, `{`, `,` or `:` (`{"a":*b}`). Not after `-` or `?`: those indicators need white
 * space after them (`-*a` is a plain scalar), and leaving them out keeps regular expressions in
 * quoted strings (`-?`, `(?:`, `(?!`) on the fast path.
 */
const TOKEN_START = String.raw`(?:^|[\s\[{,:])`;

/**
 * Constructs that send a file to the `yaml` path before js-yaml is tried. Each test is
 * conservative: it may match text where the construct is not (inside a quoted string, a comment),
 * which only costs speed, but never misses it.
 * - Anchors and aliases: `yaml` caps alias expansion (toJS maxAliasCount, "billion laughs");
 *   js-yaml shares the aliased value. Tags: the two libraries treat unknown tags differently.
 *   Directives (`%YAML 1.1` switches `yaml` to the 1.1 schema). Explicit `? ` keys (a key can
 *   then be a collection, which the two write differently).
 * - Plain scalars that the two core schemas resolve differently: js-yaml also reads `0b1010`,
 *   signed `-0x1F` / `+0o7` / `-0b1`, and gives 0 for `-0`; `yaml` also reads `-.5`, and gives
 *   Infinity where js-yaml keeps a string (`1e400`, 400 digits: longRunExclusion).
 * - Syntax that js-yaml accepts and `yaml` refuses, or reads differently: an empty `-` item
 *   followed by a less indented `-` line, `---text`, block scalar indentation indicators (`|2`) and
 *   keep chomping (`|+`), a comment glued to a token (`"a"#c`, `[#c`), tabs, a byte order mark
 *   after the start, a carriage return that does not start a CRLF, a `\U` escape (js-yaml
 *   accepts one beyond U+10FFFF), an implicit key over 1024 characters (longRunExclusion).
 * Where a construct can be told apart only by parsing (multi-line flow collections and quoted
 * scalars, null and collection keys), fastPathWatcher does it while js-yaml parses.
 */
const FAST_PATH_EXCLUSIONS: readonly (readonly [string, RegExp])[] = [
  ['anchor or alias', new RegExp(`${TOKEN_START}[&*]\\S`)],
  ['tag', new RegExp(`${TOKEN_START}!`)],
  ['directive', /(?:^|[\r\n])%/],
  ['explicit key', new RegExp(`${TOKEN_START}\\?`)],
  ['signed 0b/0o/0x integer', /[-+]0[box]/],
  ['binary integer', /(?<![0-9A-Za-z])0b[01]/],
  ['signed float without a leading digit', /[-+]\.[0-9]/],
  ['-0', /-0(?![0-9.])/],
  ['exponent too large for a double', /[0-9.][eE][-+]?[0-9]{3}/],
  ['empty sequence item', /(?:^|[\r\n]) *(?:- +)*- *(?:#[^\r\n]*)?(?=[\r\n]|$)/],
  ['text glued to a document marker', /(?:^|[\r\n])(?:---|\.\.\.)\S/],
  ['block scalar indentation indicator', /[|>][-+]?[0-9]/],
  ['block scalar keep chomping', /[|>]\+/],
  ['comment glued to a token', /["'[\]{},:|>+\-0-9]#/],
  ['tab', /\t/],
  ['byte order mark', /\uFEFF/],
  ['carriage return without line feed', /\r(?!\n)/],
  ['\\U escape', /\\U/],
];

/**
 * Two more exclusions, counted in one pass (as regular expressions they cost milliseconds): a run
 * of 250 hexadecimal digits (a number too long for a double: Infinity for `yaml`, a string for
 * js-yaml) and a line of 1000 characters (`yaml` refuses an implicit key over 1024).
 */
function longRunExclusion(text: string): string | undefined {
  let line = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) line = 0;
    else if (++line >= 1000) return 'line over 1000 characters';
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) {
      if (++digits >= 250) return 'number too long for a double';
    } else digits = 0;
  }
  return undefined;
}

/** Index of the first character at or after `i` (and before `end`) that is not white space, a line break or a comment. */
function skipSeparation(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23) while (i < end && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    else break;
  }
  return i;
}

function hasLineBreak(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/**
 * A js-yaml `listener` that sees each node as it is closed (its text runs from where it was opened
 * to the parser's position) and records the first one the fast path must not take:
 * - a flow collection or quoted scalar over several lines: `yaml` requires continuation lines to
 *   be indented past the enclosing block, js-yaml does not;
 * - a key that is null (`~: a`, `{: a}`, `{null}`) or a collection (`[a]: b`, `{[a]}`): `yaml`
 *   turns a null key into "" and writes a collection key as YAML, js-yaml writes "null" and
 *   `String(value)`. A node is a key when `:` follows it on its line, or when it opens an entry of
 *   a flow mapping.
 */
function fastPathWatcher(text: string): { listener: (event: 'open' | 'close', state: FastState) => void; refused: () => string | undefined } {
  const open: number[] = [];
  let refused: string | undefined;
  const listener = (event: 'open' | 'close', state: FastState): void => {
    if (event === 'open') {
      open.push(state.position);
      return;
    }
    const from = open.pop() ?? 0;
    if (refused !== undefined) return;
    const end = state.position;
    const start = skipSeparation(text, from, end);
    const first = text[start];
    const scalar = state.kind === 'scalar';
    if ((scalar ? first === '"' || first === "'" : first === '[' || first === '{') && hasLineBreak(text, start, end)) {
      refused = scalar ? 'quoted scalar over several lines' : 'flow collection over several lines';
      return;
    }
    if (state.result !== null && typeof state.result !== 'object') return;
    let after = end;
    while (text[after] === ' ') after++;
    const parent = open[open.length - 1];
    let before = start - 1;
    while (before >= 0 && text[before] === ' ') before--;
    if (
      text[after] === ':' ||
      (parent !== undefined && (text[before] === '{' || text[before] === ',') && text[skipSeparation(text, parent, text.length)] === '{')
    ) {
      refused = state.result === null ? 'null key' : 'collection key';
    }
  };
  return { listener, refused: () => refused };
}

/**
 * The value of `text` read with js-yaml, or why it must be read with `yaml` instead: a construct
 * of FAST_PATH_EXCLUSIONS, longRunExclusion or fastPathWatcher, a js-yaml error (syntax, duplicate
 * key, ...), or a top level that is not a mapping or a sequence (an empty file is null for `yaml`
 * and undefined for js-yaml; a top-level block scalar is indented differently). Exported for tests.
 */
export function parseFast(text: string): { value: unknown } | { fallback: string } {
  for (const [name, re] of FAST_PATH_EXCLUSIONS) if (re.test(text)) return { fallback: name };
  const long = longRunExclusion(text);
  if (long !== undefined) return { fallback: long };
  const watcher = fastPathWatcher(text);
  let value: unknown;
  try {
    value = loadFast(text, { schema: CORE_SCHEMA, json: false, listener: watcher.listener });
  } catch (e) {
    return { fallback: `js-yaml: ${(e as Error).message.split('\n')[0]}` };
  }
  const refused = watcher.refused();
  if (refused !== undefined) return { fallback: refused };
  if (value === null || typeof value !== 'object') return { fallback: 'top level is not a mapping or a sequence' };
  return { value };
}

/**
 * The bytes of each configuration file this thread has read, by its path as given; and the bytes
 * a worker thread of the parallel audit was given for them. A worker reads the rubric and the
 * mapping the main thread read, byte for byte, not the files again: one edited (or saved
 * half-written) while the audit starts would have had the workers score with another rubric
 * than the one the report records.
 */
const CONFIG_FILES = { read: new Map<string, Buffer>(), given: new Map<string, Buffer>() };

/** The configuration files read so far in this thread, for a worker's setup (audit/parallel/pool.ts). */
export function configFilesRead(): [string, Uint8Array][] {
  return [...CONFIG_FILES.read];
}

/** In a worker thread: read these bytes for these paths instead of the files (configFilesRead). */
export function useConfigFiles(files: readonly [string, Uint8Array][]): void {
  for (const [file, bytes] of files) CONFIG_FILES.given.set(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/**
 * Run `f` reading these bytes for these paths instead of the files, then forget them: the main
 * thread's own block processor (audit/parallel/pool.ts) reads the mapping as a worker does, from
 * the bytes the run read (a mapping given through a pipe has nothing left to read a second time).
 */
export function withConfigFiles<T>(files: readonly [string, Uint8Array][], f: () => T): T {
  const before = new Map(CONFIG_FILES.given);
  useConfigFiles(files);
  try {
    return f();
  } finally {
    CONFIG_FILES.given.clear();
    for (const [k, v] of before) CONFIG_FILES.given.set(k, v);
  }
}

/** Whether a worker was given this path's bytes (a rubric's `extends` is looked for on disk otherwise). */
export function configFileGiven(file: string): boolean {
  return CONFIG_FILES.given.has(file);
}

/**
 * The line of a configuration file nested more than a few hundred levels deep (by indentation, or
 * by brackets), or undefined. Parsers recurse on nesting: thousands of levels ran out of stack, or
 * of memory (a process abort, security QA), before saying anything. A real rubric has a dozen.
 */
function tooDeep(text: string): number | undefined {
  const MAX_INDENT = 1000;
  const MAX_BRACKETS = 500;
  let line = 1;
  let indent = 0;
  let atLineStart = true;
  let dash = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      // A list item (`- `) that deep, with nothing after it, is nested too.
      if (atLineStart && dash && indent > MAX_INDENT) return line;
      line++;
      indent = 0;
      dash = false;
      atLineStart = true;
      continue;
    }
    if (atLineStart) {
      if (c === 32 || c === 45 || c === 9 || c === 13) {
        // Spaces and the dashes of nested list items (`- - - x`) are both levels.
        indent++;
        if (c === 45) dash = true;
        continue;
      }
      atLineStart = false;
      // Only a line with something on it is nested (a line of spaces, or a comment, is not).
      if (indent > MAX_INDENT && c !== 35) return line;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_BRACKETS) return line;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

/** A parsed YAML file that can say where any path in it is. */
export class YamlSource {
  readonly lines: string[];
  private parsed: { doc: Document.Parsed; counter: LineCounter } | undefined;
  private constructor(
    readonly file: string,
    readonly text: string,
    private readonly cached?: { value: unknown },
  ) {
    this.lines = text.split(/\r\n|\r|\n/);
  }

  /** The parsed document (parsed on first use when the value came from the build-time cache or js-yaml). */
  get doc(): Document.Parsed {
    return this.ensure().doc;
  }

  private get counter(): LineCounter {
    return this.ensure().counter;
  }

  private ensure(): { doc: Document.Parsed; counter: LineCounter } {
    if (!this.parsed) {
      const { LineCounter, parseDocument } = yaml();
      const counter = new LineCounter();
      const doc = parseDocument(this.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
      this.parsed = { doc, counter };
    }
    return this.parsed;
  }

  /**
   * Only the first syntax error is reported: the parser's recovery from one (a tab, a missing `}`)
   * makes a run of errors on the lines after it that go once it is fixed.
   */
  static parse(file: string, text: string, kind?: ConfigKind): YamlSource {
    const src = new YamlSource(file, text);
    const { doc, counter } = src.ensure();
    // A second document is reported before any syntax error, and without quoting its line: in a
    // configuration file it is most likely a YAML export's next record, a child's name and plan text.
    const second = doc.errors.find((e) => e.code === 'MULTIPLE_DOCS');
    if (second) {
      const at = counter.linePos(second.pos[0]);
      const what = kind === undefined ? 'a configuration file' : `a ${kind}`;
      throw new ConfigError(
        `${file}:${at.line}:${at.col}: a second YAML document starts here, and ${what} is one document: remove this line and the lines after it, or, if the file is a plan export, give it as the first argument`,
      );
    }
    const first = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
    if (first) {
      let message = first.message.split('\n')[0] ?? first.message;
      // The parser's own stack ran out (thousands of nested brackets): say what it means.
      if (/Maximum call stack size exceeded/.test(message)) message = 'nested too deeply to read (lists or mappings inside each other thousands deep): a configuration file needs a few levels';
      const opened = src.unclosedAt(first.pos[0], message);
      const at = counter.linePos(opened?.pos ?? first.pos[0]);
      throw new ConfigError(`${file}: not valid YAML`, [src.format({ line: at.line, col: at.col }, opened ? opened.message : message)]);
    }
    return src;
  }

  /**
   * For a missing closing quote, `}` or `]`, where the string or flow collection opened: the
   * parser reports it where it gave up (the end of the file, or the next line), not where to fix it.
   */
  private unclosedAt(errorPos: number, message: string): { pos: number; message: string } | undefined {
    const quote = /closing (["'])quote/.exec(message)?.[1];
    const flow = /^Flow (map|sequence)/.exec(message)?.[1];
    if (quote === undefined && flow === undefined) return undefined;
    const { isCollection, isScalar, visit } = yaml();
    let start: number | undefined = flow === undefined ? undefined : this.unclosedFlowStart(errorPos, flow === 'map' ? '{' : '[');
    if (start === undefined) visit(this.doc, (_key, node) => {
      const range = (node as { range?: [number, number, number] }).range;
      if (!range || range[0] > errorPos || range[2] < errorPos || (start !== undefined && range[0] <= start)) return;
      const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      if (quote !== undefined ? quoted && this.text[range[0]] === quote : isCollection(node) && node.flow) start = range[0];
    });
    if (start === undefined) return undefined;
    const closer = quote ?? (flow === 'map' ? '}' : ']');
    const what = quote !== undefined ? `the quoted text opened here has no closing ${quote}` : `the flow ${flow === 'map' ? 'mapping { opened here' : 'sequence [ opened here'} has no closing ${closer} (or a line in it is not indented past its key)`;
    return { pos: start, message: `${what} (the YAML parser: ${message})` };
  }

  /**
   * Where the innermost flow collection opened by `opener` before `errorPos` that is never closed
   * by its own bracket starts, from the parser's tokens. The document's nodes cannot say it: in
   * `fields: [f, g, match: [regular] }` the inner `[regular]` is closed, but its node's range
   * reaches the error as the unclosed `[` of `fields` does, and it starts later.
   */
  private unclosedFlowStart(errorPos: number, opener: '[' | '{'): number | undefined {
    const closer = opener === '[' ? ']' : '}';
    let best: number | undefined;
    const seen = new Set<object>();
    const visit = (t: unknown): void => {
      if (t === null || typeof t !== 'object' || seen.has(t)) return;
      seen.add(t);
      const tok = t as { type?: unknown; offset?: unknown; start?: { source?: unknown }; end?: { source?: unknown }[] };
      if (tok.type === 'flow-collection' && tok.start?.source === opener && typeof tok.offset === 'number' && tok.offset <= errorPos && !(tok.end ?? []).some((e) => e.source === closer)) {
        if (best === undefined || tok.offset > best) best = tok.offset;
      }
      for (const v of Object.values(t)) visit(v);
    };
    for (const token of new (yaml().Parser)().parse(this.text)) visit(token);
    return best;
  }

  /**
   * Read a configuration file of `kind`. A plan export given by mistake (`--rubric plans.jsonl`,
   * `--map plans.yaml`) is refused as one, by its name or its shape, without quoting any of it:
   * a syntax or schema error would quote a line of it, a child's name and plan text.
   */
  static read(file: string, kind: ConfigKind): YamlSource {
    let bytes: Buffer | undefined;
    try {
      bytes = CONFIG_FILES.given.get(file) ?? readCapped(file);
    } catch (e) {
      throw readError(file, kind, e);
    }
    const ext = extname(file).toLowerCase();
    if (EXPORT_EXTENSIONS.has(ext)) throw exportError(file, kind, `a ${ext} file`);
    if (bytes === undefined) throw new ConfigError(`${file}: ${KINDS[kind].file} of more than ${CONFIG_MAX_BYTES >> 20} MiB is not a ${kind}: check the path`);
    CONFIG_FILES.read.set(file, bytes);
    const text = decodeConfigText(file, bytes);
    const hit = precompiledValue(text);
    if (hit.found) return new YamlSource(file, text, { value: hit.value });
    const deep = tooDeep(text);
    if (deep !== undefined) throw new ConfigError(`${file}:${deep}: nested too deeply to read (lists or mappings inside each other hundreds deep): a ${kind} file needs a few levels; check the path`);
    const fast = parseFast(text);
    if ('value' in fast) {
      // A flat record's schema errors would quote its values: a child's name and date of birth.
      const shape = exportShapeOfValue(fast.value) ?? flatRecordOfValue(fast.value);
      if (shape !== undefined) throw exportError(file, kind, shape);
      return new YamlSource(file, text, { value: fast.value });
    }
    let src: YamlSource;
    try {
      src = YamlSource.parse(file, text, kind);
    } catch (e) {
      const evidence = exportText(text) ?? YamlSource.documentsShape(text);
      throw evidence !== undefined ? exportError(file, kind, evidence) : e;
    }
    const shape = src.nodeShape();
    if (shape !== undefined) throw exportError(file, kind, shape);
    return src;
  }

  /** exportShape of the parsed top level (without making its value: it may be an alias bomb), or exportText of a scalar. */
  private nodeShape(): string | undefined {
    const top = this.doc.contents;
    // A CSV file of simple cells is a multi-line plain scalar to YAML.
    if (!yaml().isCollection(top)) return exportText(this.text);
    return exportShapeOfNode(top) ?? (flatRecord(top) && flatRecordKeys(nodeKeys(top)) ? FLAT_RECORD : undefined);
  }

  /**
   * Several YAML documents, one of them a plan record or a list of them, or a flat record (an
   * export's columns: Python's yaml.safe_dump_all of a spreadsheet's rows): a YAML export of one
   * record a document. (Documents of other mappings may be a configuration file written twice;
   * that is refused too, by parse, quoting none of it.)
   */
  private static documentsShape(text: string): string | undefined {
    const docs = yaml().parseAllDocuments(text);
    if (!Array.isArray(docs) || docs.length < 2) return undefined;
    if (docs.some((d) => exportShapeOfNode(d.contents) !== undefined)) return `${docs.length} YAML documents of plan records`;
    return docs.some((d) => flatRecord(d.contents)) ? `${docs.length} YAML documents of flat records` : undefined;
  }

  /** Plain JS value; aliases are limited so a "billion laughs" file is refused. */
  toJS(): unknown {
    if (this.cached) return structuredClone(this.cached.value);
    try {
      return this.doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new ConfigError(`${this.file}: ${(e as Error).message} (too many YAML aliases)`);
    }
  }

  /** Position of the node at `path` (or of the nearest ancestor that exists), for a key or a value. */
  locate(path: readonly PropertyKey[], preferKey = false): Located {
    const { isMap, isPair, isScalar, isSeq } = yaml();
    let node: Node | null | undefined = this.doc.contents as Node | null;
    let best: [number, number] | undefined = node?.range ? [node.range[0], node.range[1]] : undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyNode = pair.key as Node;
        const valNode = pair.value as Node | null;
        if (keyNode?.range) best = [keyNode.range[0], keyNode.range[1]];
        if (!preferKey || seg !== path[path.length - 1]) {
          if (valNode?.range) best = [valNode.range[0], valNode.range[1]];
        }
        node = valNode;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        if (item.range) best = [item.range[0], item.range[1]];
        node = item;
      } else {
        break;
      }
    }
    if (!best) return { line: 1, col: 1 };
    const pos = this.counter.linePos(best[0]);
    return { line: pos.line, col: pos.col };
  }

  /** The scalar at `path` as written in the file (`2026.10`, which the value reads as 2026.1), if there is one. */
  scalarText(path: readonly PropertyKey[]): string | undefined {
    const node = this.doc.getIn(path, true);
    if (!yaml().isScalar(node) || !node.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]);
  }

  /**
   * `file:line:col: message` followed by the source line and a caret. A line longer than
   * SNIPPET_WIDTH is cut to that many characters around the caret: a long line is a one-line
   * flow collection or a file that is not YAML at all, and all of it says no more.
   */
  format(at: Located, message: string): string {
    const { text, col } = snippet(this.lines[at.line - 1] ?? '', at.col);
    const caret = ' '.repeat(Math.max(0, col - 1)) + '^';
    return `${this.file}:${at.line}:${at.col}: ${message}\n    ${text}\n    ${caret}`;
  }
}

/** The part of `line` quoted under a message, with the caret's column in it. */
function snippet(line: string, col: number): { text: string; col: number } {
  if (line.length <= SNIPPET_WIDTH) return { text: line, col };
  // Start a little before the caret, but never so late that the cut shows less than its width.
  let start = Math.max(0, Math.min(col - 1 - 40, line.length - SNIPPET_WIDTH));
  let end = Math.min(line.length, start + SNIPPET_WIDTH);
  // Not between the two halves of a surrogate pair.
  const low = (i: number) => i > 0 && i < line.length && (line.charCodeAt(i) & 0xfc00) === 0xdc00;
  if (low(start)) start++;
  if (low(end)) end--;
  const before = start > 0 ? '...' : '';
  return { text: `${before}${line.slice(start, end)}${end < line.length ? '...' : ''}`, col: col - start + before.length };
}

/** YAML 1.1's merge key, which the YAML 1.2 core schema read here takes as a plain key named `<<`. */
export const MERGE_KEY = '<<';

/** The message for a merge key found where the schema has no place for it (`where`: " in criteria.1", or ""). */
export function mergeKeyMessage(where: string): string {
  return `'<<'${where} is a YAML merge key (<<: *anchor), which is not supported: write the keys out in full`;
}

/** The value at `path` inside `root` (undefined where the path leaves it). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/**
 * Describe one zod issue in words a rubric author understands. `root` is the value the issue's
 * path starts from, when known: a boolean written as text (`present: yes`, which YAML 1.2 reads
 * as the word yes) is then named.
 */
export function describeZodIssue(issue: z.core.$ZodIssue, root?: unknown): string {
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      if (issue.keys.includes(MERGE_KEY)) return mergeKeyMessage(issue.path.length ? ` in ${where}` : '');
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} in ${where}`;
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return `${where}: missing (expected ${issue.expected})`;
      const got = valueAt(root, issue.path);
      if (issue.expected === 'boolean' && typeof got === 'string') {
        const text = got.length > 40 ? `${got.slice(0, 37)}...` : got;
        return `${where}: expected boolean ('${text}' is text here: write true or false${/^\s*(true|false)\s*$/i.test(got) ? ', without quotes' : ''})`;
      }
      return `${where}: expected ${issue.expected}`;
    }
    case 'invalid_value':
      return `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${where}: ${issue.message}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

type Branch = readonly z.core.$ZodIssue[];

/** The alternative's only complaint is the value's type (a union alternative: each of its own is). */
function wrongType(branch: Branch): boolean {
  return branch.length > 0 && branch.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_union' && i.errors.every(wrongType))));
}

/** The types a value of the wrong type could have been ("string, number or boolean"). */
function expectedTypes(branches: readonly Branch[]): string {
  const types = new Set<string>();
  const visit = (b: Branch) => {
    for (const i of b) {
      if (i.code === 'invalid_type') types.add(i.expected);
      else if (i.code === 'invalid_union') i.errors.forEach(visit);
    }
  };
  branches.forEach(visit);
  const list = [...types];
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]!}` : list.join('');
}

/** The alternative requires a key that the object `value` does not have. */
function missingKey(branch: Branch, value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return branch.some((i) => i.path.length > 0 && (value as Record<PropertyKey, unknown>)[i.path[0]!] === undefined);
}

/** The value's keys that the alternative has no place for (none when it is not a strict object). */
function unknownKeys(branch: Branch): readonly string[] {
  return branch.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : []));
}

/**
 * A union's issue ("Invalid input") in detail, where the value took the shape of exactly one of
 * its alternatives: that alternative's own issues, at their paths (`format: yyyy/dd/mm` in a
 * field written as an object: "must be one of dd/mm/yyyy, ...", not "Invalid input";
 * `{ field: c, present: yes }` as a condition: the field condition's "present: expected boolean").
 * `root` is the value validated, where the issue's path starts. An alternative the value never
 * tried to be is left out, step by step while more than one is left: one it is not even the type
 * of; then one requiring a key the value does not have (the condition `{ all: [...] }`, to a field
 * condition); then one with no place for some of its keys; then any but those with a place for
 * the most of them. A step that would leave none is skipped. A value of none of the alternatives'
 * types gets "expected string, number or boolean".
 */
export function unionDetail(issue: z.core.$ZodIssue, root: unknown): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  if (issue.errors.length > 0 && issue.errors.every(wrongType)) {
    return [{ code: 'custom', path: issue.path, message: `expected ${expectedTypes(issue.errors)}`, input: undefined } as z.core.$ZodIssue];
  }
  const value = valueAt(root, issue.path);
  let tried: Branch[] = issue.errors.filter((b) => b.length > 0 && !wrongType(b));
  const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).length : 0;
  const known = (b: Branch) => keys - unknownKeys(b).length;
  const steps: ((b: Branch, all: Branch[]) => boolean)[] = [
    (b) => missingKey(b, value),
    (b) => unknownKeys(b).length > 0,
    // Still none alone: the one that has a place for the most of the value's keys (`feild:` for `field:`).
    (b, all) => known(b) === 0 || known(b) < Math.max(...all.map(known)),
  ];
  for (const untried of steps) {
    if (tried.length <= 1) break;
    const all = tried;
    const rest = tried.filter((b) => !untried(b, all));
    if (rest.length > 0) tried = rest;
  }
  if (tried.length !== 1) return [issue];
  return tried[0]!.flatMap((i) => unionDetail({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, root));
}

/**
 * Validate `value` (from `src`) with `schema` (or a getter of it, called only if zod is needed:
 * util/validationCache.ts); on failure throw a ConfigError listing every issue with its position.
 */
export function validateYaml<S extends z.ZodType>(src: YamlSource, schema: S | (() => S), value: unknown, what: string): z.output<S> {
  const result = safeParseCached(what, schema, value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .flatMap((i) => unionDetail(i, value))
    .map((issue) => {
      const path = issue.path as PropertyKey[];
      const extra = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
      const at = src.locate(extra, issue.code === 'unrecognized_keys');
      return src.format(at, describeZodIssue(issue, value));
    });
  throw new ConfigError(`${src.file}: invalid ${what} (${problems.length} problem${problems.length > 1 ? 's' : ''})`, problems);
}
