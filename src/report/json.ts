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
import { arrayPieces, prettyArray } from './prettyJson.js';

const PLANS = '\u0000plans\u0000';
const REJECTED = '\u0000rejected\u0000';

export function* jsonChunks(report: AuditReport): Generator<string | Uint8Array> {
  const text = JSON.stringify({ ...report, input: { ...report.input, rejected: REJECTED }, plans: PLANS }, null, 2);
  const rejectedAt = text.indexOf(JSON.stringify(REJECTED));
  const plansAt = text.indexOf(JSON.stringify(PLANS));
  yield text.slice(0, rejectedAt);
  yield* prettyArray(allRejected(report), '    ');
  yield text.slice(rejectedAt + JSON.stringify(REJECTED).length, plansAt);
  const tail = `${text.slice(plansAt + JSON.stringify(PLANS).length)}\n`;
  const spooled = spooledPlanArrayBody(report);
  if (spooled) {
    // A large audit: the spool already holds the plans as they print here (planStore.ts).
    yield '[';
    yield* spooled;
    yield '\n  ]';
    yield tail;
    return;
  }
  yield* inChunks(arrayPieces(allPlanJson(report), '  '));
  yield tail;
}

export function formatJson(report: AuditReport): string {
  const decoder = new TextDecoder();
  // Each chunk decoded as it comes: a byte chunk is good only until the next (report/index.ts).
  const parts: string[] = [];
  for (const c of jsonChunks(report)) parts.push(typeof c === 'string' ? c : decoder.decode(c, { stream: true }));
  return parts.join('');
}
