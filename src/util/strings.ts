/**
 * A string that owns its characters. Values sliced from a large decoded chunk of an export keep the
 * whole chunk alive for as long as they live; anything kept past one record (map keys, the plans
 * a report lists) is detached first, so memory does not grow with the export.
 */
export function detach(s: string): string;
export function detach(s: string | undefined): string | undefined;
export function detach(s: string | null): string | null;
export function detach(s: string | null | undefined): string | null | undefined {
  return typeof s === 'string' ? Buffer.from(s, 'utf8').toString('utf8') : s;
}
