/**
 * zod's answers for the configuration shipped with the package, recorded at build time.
 *
 * Validating the default rubric with zod (the file, each merged criterion, each check's options)
 * was about a tenth of a CPU profile of a 20-plan `sample` (issue 7: start-up under 0.3 s), and
 * gives the same answer on every run. So the build (scripts/precompile-validation.mjs) loads
 * every shipped rubric and mapping with `recordValidations` on and stores each successful output in
 * dist/precompiled-validation.json, keyed by the schema's name and the input as JSON (the text
 * itself: hashing it would load the crypto module, which costs more than the lookup saves).
 * At run time an input whose key is there gets that output back (a fresh copy) without calling
 * zod. Any other input, including any edit to a shipped file, is validated by zod as before.
 *
 * Only values that survive JSON unchanged are keyed or stored (jsonExact): plain objects, arrays,
 * strings, booleans, null and finite numbers other than -0, with no undefined anywhere. So a key
 * names exactly one input and a stored output comes back equal to zod's. The table is written by
 * the same build as the code reading it, so a schema change cannot meet an old entry.
 */
import type * as z from 'zod';
import { readBuildTable } from './paths.js';

export const VALIDATION_CACHE_FILE = 'precompiled-validation.json';

/** Stored outputs as JSON text, by key (name, NUL, input as JSON); read on first use. */
let table: Map<string, string> | undefined;
/** Set at build time only: where successful outputs are recorded instead of looked up. */
let recorder: Map<string, string> | undefined;

function loadTable(): Map<string, string> {
  if (table) return table;
  table = new Map();
  // Missing or damaged, the table is empty: everything is validated by zod.
  for (const [k, v] of readBuildTable(VALIDATION_CACHE_FILE)) if (typeof k === 'string' && typeof v === 'string') table.set(k, v);
  return table;
}

/** Build time: record every successful, JSON-exact validation into `into` (keys and output JSON). */
export function recordValidations(into: Map<string, string> | undefined): void {
  recorder = into;
}

/** True when JSON.parse(JSON.stringify(v)) gives back a value equal to `v` in every respect. */
export function jsonExact(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonExact(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key of Object.keys(v)) if (key === '__proto__' || !jsonExact((v as Record<string, unknown>)[key])) return false;
      return Object.getOwnPropertySymbols(v).length === 0;
    }
    default:
      return false;
  }
}

/**
 * `schema.safeParse(input)`, answered from the build-time table when this exact input was
 * validated by `name` at build time. `name` must identify the schema (different schemas, different
 * names). `schema` may be a getter (util/lazy.ts): it is called only when zod is needed, so a
 * run answered from the table never builds the schema.
 */
export function safeParseCached<S extends z.ZodType>(name: string, schema: S | (() => S), input: unknown): z.ZodSafeParseResult<z.output<S>> {
  const key = jsonExact(input) ? `${name}\0${JSON.stringify(input)}` : undefined;
  if (key !== undefined && recorder === undefined) {
    const hit = loadTable().get(key);
    if (hit !== undefined) return { success: true, data: JSON.parse(hit) as z.output<S> };
  }
  const result = (typeof schema === 'function' ? schema() : schema).safeParse(input);
  if (recorder !== undefined && key !== undefined && result.success && jsonExact(result.data)) recorder.set(key, JSON.stringify(result.data));
  return result;
}
