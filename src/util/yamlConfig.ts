/**
 * Load a YAML configuration file (rubric, mapping, check config) and validate it with zod, so that
 * every problem comes back at once as `file:line:col: message` with the offending line quoted.
 * The `yaml` package keeps node ranges; zod issue paths are walked back to those nodes.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';

export interface Located {
  line: number;
  col: number;
}

/** A parsed YAML file that can say where any path in it is. */
export class YamlSource {
  readonly lines: string[];
  private constructor(
    readonly file: string,
    readonly text: string,
    readonly doc: Document.Parsed,
    private readonly counter: LineCounter,
  ) {
    this.lines = text.split(/\r\n|\r|\n/);
  }

  static parse(file: string, text: string): YamlSource {
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
    const src = new YamlSource(file, text, doc, counter);
    if (doc.errors.length > 0) {
      const problems = doc.errors.map((e) => {
        const pos = counter.linePos(e.pos[0]);
        return src.format({ line: pos.line, col: pos.col }, e.message.split('\n')[0] ?? e.message);
      });
      throw new ConfigError(`${file}: not valid YAML`, problems);
    }
    return src;
  }

  static read(file: string): YamlSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return YamlSource.parse(file, text.replace(/^\uFEFF/, ''));
  }

  /** Plain JS value; aliases are limited so a "billion laughs" file is refused. */
  toJS(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new ConfigError(`${this.file}: ${(e as Error).message} (too many YAML aliases)`);
    }
  }

  /** Position of the node at `path` (or of the nearest ancestor that exists), for a key or a value. */
  locate(path: readonly PropertyKey[], preferKey = false): Located {
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

  /** `file:line:col: message` followed by the source line and a caret. */
  format(at: Located, message: string): string {
    const src = this.lines[at.line - 1] ?? '';
    const caret = ' '.repeat(Math.max(0, at.col - 1)) + '^';
    return `${this.file}:${at.line}:${at.col}: ${message}\n    ${src}\n    ${caret}`;
  }
}

/** Describe one zod issue in words a rubric author understands. */
export function describeZodIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} in ${where}`;
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? `${where}: missing (expected ${issue.expected})` : `${where}: expected ${issue.expected}`;
    case 'invalid_value':
      return `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${where}: ${issue.message}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/**
 * Validate `value` (from `src`) with `schema`; on failure throw a ConfigError listing every issue
 * with its position.
 */
export function validateYaml<S extends z.ZodType>(src: YamlSource, schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    const extra = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
    const at = src.locate(extra, issue.code === 'unrecognized_keys');
    return src.format(at, describeZodIssue(issue));
  });
  throw new ConfigError(`${src.file}: invalid ${what} (${problems.length} problem${problems.length > 1 ? 's' : ''})`, problems);
}
