/**
 * Load a YAML configuration file (rubric, mapping, check config) and validate it with zod, so that
 * every problem comes back at once as `file:line:col: message` with the offending line quoted.
 * The `yaml` package keeps node ranges; zod issue paths are walked back to those nodes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { packageRoot } from './paths.js';

export interface Located {
  line: number;
  col: number;
}

/**
 * Values of the YAML files shipped with the package (rubrics, mappings, weights), by SHA-256 of
 * their text, written at build time by scripts/precompile-yaml.mjs. A file whose text matches is
 * not parsed again: its value comes from here, and the YAML is parsed only if an error must be
 * located in it. Any edit to the file changes its hash, so a stale entry is never used.
 */
let precompiled: Map<string, unknown> | undefined;
function precompiledValue(text: string): { found: boolean; value?: unknown } {
  if (precompiled === undefined) {
    precompiled = new Map();
    const file = join(packageRoot, 'dist', 'precompiled-yaml.json');
    if (existsSync(file)) {
      try {
        for (const [k, v] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)) precompiled.set(k, v);
      } catch {
        // A damaged cache is ignored: the YAML is parsed as usual.
      }
    }
  }
  if (precompiled.size === 0) return { found: false };
  const key = createHash('sha256').update(text).digest('hex');
  return precompiled.has(key) ? { found: true, value: precompiled.get(key) } : { found: false };
}

/**
 * The `yaml` package, loaded on first use: the shipped rubric and mapping come from the build-time
 * cache, so a run that reads only those never needs it (it is a fifth of a small run's start-up).
 */
let yamlLib: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
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

  /** The parsed document (parsed on first use when the value came from the build-time cache). */
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

  static parse(file: string, text: string): YamlSource {
    const src = new YamlSource(file, text);
    const { doc, counter } = src.ensure();
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
    text = text.replace(/^\uFEFF/, '');
    const hit = precompiledValue(text);
    if (hit.found) return new YamlSource(file, text, { value: hit.value });
    return YamlSource.parse(file, text);
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
