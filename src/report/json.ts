/**
 * JSON report: the AuditReport as it is, keys in a fixed order, so the same inputs give the same
 * bytes. Indented two spaces, except that each entry of `plans` is one compact line (a national
 * audit has hundreds of thousands). Written in chunks, one plan at a time, so an audit of any
 * size streams to disk; so are the rejected records (every one of them: records/rejections.ts).
 */
import { inChunks } from './chunks.js';
import { allPlanJson, spooledPlanArrayBody } from '../audit/planStore.js';
import type { AuditReport } from '../audit/report.js';
import { allRejected } from '../records/rejections.js';
import { arrayPieces, prettyJsonChunks } from './prettyJson.js';

export function jsonChunks(report: AuditReport): Generator<string | Uint8Array> {
  return prettyJsonChunks(report, [
    { path: ['input', 'rejected'], items: allRejected(report) },
    { path: ['plans'], array: (indent) => planArray(report, indent) },
  ]);
}

/** The `plans` array: a compact line per plan. */
function* planArray(report: AuditReport, indent: string): Generator<string | Uint8Array> {
  const spooled = spooledPlanArrayBody(report);
  if (!spooled) {
    yield* inChunks(arrayPieces(allPlanJson(report), indent));
    return;
  }
  // A large audit: the spool already holds the plans as they print here (planStore.ts PLAN_SEP).
  yield '[';
  yield* spooled;
  yield `\n${indent}]`;
}

export function formatJson(report: AuditReport): string {
  const decoder = new TextDecoder();
  // Each chunk decoded as it comes: a byte chunk is good only until the next (report/index.ts).
  const parts: string[] = [];
  for (const c of jsonChunks(report)) parts.push(typeof c === 'string' ? c : decoder.decode(c, { stream: true }));
  return parts.join('');
}
