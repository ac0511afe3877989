/**
 * Record fields a sample's guaranteed groups and priority's factors are told by, against the
 * fields a mapping maps. A field the mapping leaves out is unset on every record, so a group or
 * factor that reads only such fields looks exactly like one that no plan meets: "looked after (0
 * picked of 0)", no looked-after points anywhere (QA: an export's 'Child in Care' column init did
 * not recognise). Said once, here for both commands: which field, and which mapping.
 */
import { displayPath } from '../util/paths.js';
import type { FieldPath } from './mapping/schema.js';
import type { PlanSource } from './source.js';

/** A group or factor (or a part of one) and the fields it is told by, any one of which is enough. */
export interface FieldNeed {
  /** What needs them, as the message names it: `the guaranteed group "looked after"`. */
  what: string;
  fields: readonly FieldPath[];
  /** What follows when none is mapped: `no plan can be found in it`. */
  effect: string;
}

/**
 * The needs the source's mapping file maps none of the fields of, each with its warning. None
 * without a mapping file: a native export (or a CSV whose header names the fields) holds the
 * fields it holds, and a blank value is the export's to explain.
 */
export function unmetNeeds<T extends FieldNeed>(source: PlanSource, needs: readonly T[]): (T & { message: string })[] {
  const mapped = source.mappedFields();
  if (mapped === undefined) return [];
  const file = displayPath(source.mappingFile!);
  return needs
    .filter((n) => n.fields.length > 0 && !n.fields.some((f) => mapped.has(f)))
    .map((n) => {
      const fields = n.fields.length === 1 ? n.fields[0]! : `${n.fields.slice(0, -1).join(', ')} or ${n.fields.at(-1)!}`;
      return {
        ...n,
        message: `${n.what} cannot be applied: the mapping ${file} maps no ${fields}, so ${n.effect}; map the export's column for it (docs/mapping.md), if it has one`,
      };
    });
}
