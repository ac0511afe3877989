/** JSON form of `ehcp-audit moderate`: the ModerationReport as it is. */
import type { ModerationReport } from '../compare/moderate.js';

export function formatModerateJson(r: ModerationReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
