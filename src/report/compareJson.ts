/** JSON form of `ehcp-audit compare`: the ComparisonReport as it is (thresholds, warnings and sentences included). */
import type { ComparisonReport } from '../compare/compare.js';

export function formatCompareJson(r: ComparisonReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
