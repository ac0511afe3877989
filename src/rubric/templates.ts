/**
 * A criterion's `message` and `finding` templates (docs/rubrics.md): the placeholders each takes,
 * filled in by one function, and refused when the rubric loads if a template names any other (an
 * unknown one used to be printed as written: "Bad {reason}").
 */

/** `message`: shown by `explain` for a plan that does not meet the criterion. */
export const MESSAGE_PLACEHOLDERS = ['reasons', 'title'] as const;
/** `finding`: the criterion's key-finding sentence in reports. */
export const FINDING_PLACEHOLDERS = ['met', 'n', 'scope', 'rate', 'low', 'high'] as const;

/** A placeholder: one word in braces. Braces around anything else are text, kept as written. */
const PLACEHOLDER = /\{(\w+)\}/g;
/** What the check refuses: also a word with spaces inside the braces, which looks meant as one. */
const LOOKS_LIKE_PLACEHOLDER = /\{\s*(\w+)\s*\}/g;

/**
 * The template with each placeholder replaced by its value, in one pass: a value is never read
 * for placeholders (a reason quoting "{title}" stays as it is).
 */
export function fillTemplate<K extends string>(template: string, values: Readonly<Record<K, string>>): string {
  return template.replace(PLACEHOLDER, (all, name: string) => (Object.hasOwn(values, name) ? values[name as K] : all));
}

/** Why the template is refused (it names a placeholder not in `allowed`), or undefined. */
export function templateError(template: string, allowed: readonly string[]): string | undefined {
  const unknown = new Set<string>();
  for (const m of template.matchAll(LOOKS_LIKE_PLACEHOLDER)) if (m[0] !== `{${m[1]!}}` || !allowed.includes(m[1]!)) unknown.add(m[0]);
  if (unknown.size === 0) return undefined;
  const list = (xs: readonly string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]!}` : xs.join(''));
  return `unknown placeholder${unknown.size > 1 ? 's' : ''} ${list([...unknown])}: the placeholders here are ${list(allowed.map((a) => `{${a}}`))}`;
}
