/**
 * Where a YAML export's document is nested too deeply for the `yaml` package to be given it.
 * That parser builds a node for every level before it says anything: 2,000,000 levels of `[`
 * (a 4 MB file) took 23 s and 2.25 GB, and as many `- ` on one line 8 s and 1.2 GB, to be
 * refused in the end (security review). js-yaml, which reads the plans of a multi-document
 * stream, stops at 100 levels by itself; this scan stands before the `yaml` package (a
 * single-document export, and a document js-yaml refused).
 *
 * One pass over the characters, counting what can nest within one line or across lines without
 * indentation: flow collections (`[`, `{`) and compact block entries at a line's start (`- - - x`,
 * `? ? x`). Brackets inside quoted scalars, comments and block scalars (`|`, `>`) are text, and so
 * is a bracket in the middle of a plain scalar (`See [1`). Nesting by indentation needs a line a
 * level, so a file cannot hold many levels of it.
 */

/** Levels past which a YAML document, or a JSON plan (structured.ts jsonItem), is refused: a plan has about five; js-yaml stops at 100. */
export const MAX_NESTING = 1000;

const NL = 10;
const SPACE = 32;
const TAB = 9;

/** Where `text` first nests more than MAX_NESTING levels: its 1-based line and column, or undefined. */
export function yamlNestingFault(text: string): { line: number; col: number } | undefined {
  const n = text.length;
  const at = (pos: number) => {
    let line = 1;
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return { line, col: pos - start + 1 };
  };
  /** The end of a quoted scalar opening at `i` (past its closing quote), or the text's end. */
  const quoted = (i: number): number => {
    const q = text.charCodeAt(i);
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (q === 34 && c === 92) j++; // "\" escapes the next character in double quotes
      else if (c === q) {
        if (q === 39 && text.charCodeAt(j + 1) === 39) j++; // '' is a quote in single quotes
        else return j + 1;
      }
    }
    return n;
  };
  const lineEnd = (i: number): number => {
    const e = text.indexOf('\n', i);
    return e < 0 ? n : e;
  };
  const blank = (c: number) => c === SPACE || c === TAB || c === NL || c === 13 || Number.isNaN(c);

  let depth = 0;
  let blockLineIndent = 0;
  /** Compact entries on this line so far. */
  let compact = 0;
  /** The indentation of the line a block scalar's indicator is on; its content is indented more. */
  let blockIndent = -1;
  /** Where a value may start: a bracket there opens a flow collection, a quote a quoted scalar. */
  let valueStart = false;
  let lineStart = true;
  let i = 0;
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      let indent = 0;
      while (text.charCodeAt(i + indent) === SPACE) indent++;
      if (blockIndent >= 0) {
        const c = text.charCodeAt(i + indent);
        if (c === NL || c === 13 || i + indent >= n || indent > blockIndent) {
          i = lineEnd(i) + 1;
          lineStart = true;
          continue;
        }
        blockIndent = -1;
      }
      i += indent;
      if (depth > 0) continue; // a flow collection's lines go on as one
      compact = 0;
      valueStart = true;
      // The line's indentation, for a block scalar starting on it.
      blockLineIndent = indent;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === NL) {
      lineStart = true;
      i++;
      continue;
    }
    if ((c === 34 || c === 39) && (depth > 0 || valueStart)) {
      i = quoted(i); // it may run over lines: scanning goes on after it, mid-line
      valueStart = false;
      continue;
    }
    if (c === 35 && (i === 0 || blank(text.charCodeAt(i - 1)))) {
      i = lineEnd(i); // a comment
      continue;
    }
    if (depth > 0) {
      if (c === 91 || c === 123) {
        if (++depth > MAX_NESTING) return at(i);
      } else if (c === 93 || c === 125) depth--;
    } else if (valueStart) {
      // Compact entries (`- - - x`, `? x`, `: x`), each a level; after a key too (`x: - - y`,
      // which is not valid YAML, but the parser nests it before saying so).
      if ((c === 45 || c === 63 || c === 58) && blank(text.charCodeAt(i + 1))) {
        if (++compact > MAX_NESTING) return at(i);
        i++;
        continue;
      }
      if (c === 91 || c === 123) depth = 1;
      else if (c === 124 || c === 62) {
        blockIndent = blockLineIndent;
        i = lineEnd(i);
        continue;
      } else if (c === 38 || c === 33) {
        // An anchor or a tag before the value: the value starts after it.
        while (i < n && !blank(text.charCodeAt(i))) i++;
        continue;
      }
      if (c !== SPACE && c !== TAB) valueStart = false;
    } else if (c === 58 && blank(text.charCodeAt(i + 1))) valueStart = true; // `key: value`
    i++;
  }
  return undefined;
}
