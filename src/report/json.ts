/** JSON report: the AuditReport as it is, keys in a fixed order, so the same inputs give the same bytes. */
import type { AuditReport } from '../audit/report.js';

export function formatJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
