/**
 * `check -f json`: the verdict for other programs. Keys in a fixed order, no timestamps, so the
 * same inputs give the same bytes. Bump CHECK_SCHEMA_VERSION on any incompatible change.
 *
 *   { schemaVersion, tool, input, rubric {id, version, title, files, fingerprint}, asOf, config,
 *     thresholds: [{name, kind, subject, limit, actual, pass, message}],
 *     failingPlans: [{ref, file, line, criteria}], gatingPlans, gatedBy,
 *     baseline: {file, rubric, asOf, tolerance, rates, newlyFailing, noLongerFailing, accepted,
 *                notInExport, droppedCriteria} | null,
 *     warnings, pass }
 */
import type { CheckOutcome } from '../check/thresholds.js';
import { prettyJsonChunks } from './prettyJson.js';

export const CHECK_SCHEMA_VERSION = 1;

export function checkJsonObject(o: CheckOutcome): Record<string, unknown> {
  const b = o.baseline;
  return {
    schemaVersion: CHECK_SCHEMA_VERSION,
    tool: o.tool,
    kind: 'check',
    input: o.input,
    rubric: o.rubric,
    asOf: o.asOf,
    config: o.config,
    plans: o.plans,
    thresholds: o.thresholds.map((r) => ({ name: r.name, kind: r.kind, subject: r.subject, limit: r.limit, actual: r.actual, pass: r.pass, message: r.message })),
    failingPlans: o.failingPlans,
    gatingPlans: o.gatingPlans,
    gatedBy: o.gatedBy,
    baseline: b
      ? {
          file: b.file,
          rubric: b.rubric,
          asOf: b.asOf,
          tolerance: b.tolerance,
          rates: b.rates,
          newlyFailing: b.newlyFailing,
          noLongerFailing: b.noLongerFailing,
          accepted: b.accepted,
          notInExport: b.notInExport,
          droppedCriteria: b.droppedCriteria,
        }
      : null,
    warnings: o.warnings,
    pass: o.pass,
  };
}

/**
 * The JSON text, in chunks: the lists that grow with the export (rejected records' positions, the
 * failing plans: 92,697 of 400,000 in the benchmark export) are written a chunk at a time, as
 * JSON.stringify(_, null, 2) would write them, rather than as one string of tens of MB.
 */
export function formatCheckJson(o: CheckOutcome): Iterable<string> {
  const long = [
    { path: ['input', 'rejected'], items: o.input.rejected },
    { path: ['failingPlans'], items: o.failingPlans },
    { path: ['gatingPlans'], items: o.gatingPlans },
    ...(o.baseline
      ? [
          { path: ['baseline', 'newlyFailing'], items: o.baseline.newlyFailing },
          { path: ['baseline', 'noLongerFailing'], items: o.baseline.noLongerFailing },
        ]
      : []),
  ];
  return prettyJsonChunks(checkJsonObject(o), long);
}
