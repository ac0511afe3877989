/**
 * The formatter registry: one line per output format. A formatter is a pure function of the
 * report (Spectral's shape); `useColor` matters only to terminal output.
 */
import type { AuditReport } from '../audit/report.js';
import { formatJson } from './json.js';

export interface FormatContext {
  useColor: boolean;
}

export type Formatter = (report: AuditReport, ctx: FormatContext) => string;

export const REPORT_FORMATS: Record<string, Formatter> = {
  json: (r) => formatJson(r),
};
