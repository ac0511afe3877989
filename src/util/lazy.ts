/**
 * A value built on first use and kept: `lazy(() => build())` is a getter that calls `build` once.
 *
 * Used for zod schemas: constructing them when their modules load was a noticeable share of
 * start-up, and the shipped rubrics are validated from the build-time table
 * (util/validationCache.ts), so most runs never need the schemas at all.
 */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
