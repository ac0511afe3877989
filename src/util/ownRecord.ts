/**
 * Objects keyed by text the tool does not choose: plan references (arbitrary export text),
 * criterion ids and grade names. A plain `{}` answers `o['constructor']` and `o['toString']` from
 * Object.prototype, and `o['__proto__'] = x` replaces its prototype rather than adding a key, so
 * such objects are made with no prototype (ownRecord) and read with Object.hasOwn (own).
 * zod's z.record leaves a `__proto__` key out of what it returns: ownRecordSchema keeps it.
 */
import * as z from 'zod';

/** A null-prototype object of `entries` (a key given twice keeps the last value, as Object.fromEntries does). */
export function ownRecord<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** `rec[key]` when it is the object's own key, else undefined (never Object.prototype's members). */
export function own<V>(rec: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * z.record(z.string(), value) that keeps every own key, `__proto__` included, and returns a
 * null-prototype object. Issues carry the key in their path, as z.record's do.
 */
export function ownRecordSchema<T extends z.ZodType>(value: T): z.ZodType<Record<string, z.output<T>>, unknown> {
  return z.unknown().transform((input, ctx) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: `expected an object, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}` });
      return z.NEVER;
    }
    const out = Object.create(null) as Record<string, z.output<T>>;
    for (const key of Object.keys(input)) {
      const r = value.safeParse((input as Record<string, unknown>)[key]);
      if (r.success) out[key] = r.data;
      else for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [key, ...issue.path] });
    }
    return out;
  }) as unknown as z.ZodType<Record<string, z.output<T>>, unknown>;
}
