/**
 * A minimal JSON Schema (draft 2020-12) checker for the keywords schemas/audit-report.schema.json
 * uses: type (one or a list), required, properties, additionalProperties (false or a schema),
 * items, enum, const, anyOf, oneOf, minimum, maximum, minItems, maxItems, pattern and local $ref
 * ("#/$defs/..."). Annotations ($schema, $id, title, description, $defs) are ignored. Any other
 * keyword throws, so the schema cannot lean on a rule this checker would silently skip.
 * Returns the list of problems, each "path: message"; empty means valid.
 */

type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs', '$comment']);
const KEYWORDS = new Set([
  'type', 'required', 'properties', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'oneOf',
  'minimum', 'maximum', 'minItems', 'maxItems', 'pattern', '$ref',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return typeOf(v) === t;
  }
}

function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`jsonSchemaLite: only local $ref is supported (got ${ref})`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`jsonSchemaLite: $ref ${ref} does not resolve`);
  return node as Schema;
}

export function validate(schema: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(schema, schema, value, '$', errors);
  return errors;
}

function check(root: Schema, s: Schema, v: unknown, path: string, errors: string[]): void {
  for (const k of Object.keys(s)) {
    if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`jsonSchemaLite: unsupported keyword '${k}' at ${path}`);
  }
  if (typeof s.$ref === 'string') check(root, resolve(root, s.$ref), v, path, errors);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(v, t))) {
      errors.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(v)}`);
      return;
    }
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) errors.push(`${path}: expected ${JSON.stringify(s.const)}, got ${JSON.stringify(v)}`);
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
  }
  if (Array.isArray(s.anyOf)) {
    const ok = (s.anyOf as Schema[]).some((sub) => subValid(root, sub, v));
    if (!ok) errors.push(`${path}: matches none of anyOf`);
  }
  if (Array.isArray(s.oneOf)) {
    const matches = (s.oneOf as Schema[]).filter((sub) => subValid(root, sub, v)).length;
    if (matches !== 1) errors.push(`${path}: matches ${matches} of oneOf (expected exactly 1)`);
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) errors.push(`${path}: ${v} is below the minimum ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) errors.push(`${path}: ${v} is above the maximum ${s.maximum}`);
  }
  if (typeof v === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) {
    errors.push(`${path}: '${v}' does not match ${s.pattern}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) errors.push(`${path}: more than ${s.maxItems} items`);
    if (s.items !== undefined) v.forEach((item, i) => check(root, s.items as Schema, item, `${path}[${i}]`, errors));
  }
  if (hasType(v, 'object')) {
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    if (Array.isArray(s.required)) {
      for (const k of s.required as string[]) if (!(k in obj)) errors.push(`${path}: missing required key '${k}'`);
    }
    for (const [k, val] of Object.entries(obj)) {
      const sub = props[k];
      if (sub) check(root, sub, val, `${path}.${k}`, errors);
      else if (s.additionalProperties === false) errors.push(`${path}: unexpected key '${k}'`);
      else if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) {
        check(root, s.additionalProperties as Schema, val, `${path}.${k}`, errors);
      }
    }
  }
}

function subValid(root: Schema, sub: Schema, v: unknown): boolean {
  const errs: string[] = [];
  check(root, sub, v, '$', errs);
  return errs.length === 0;
}
