/** The tool's name and version, as recorded in compare and moderation reports. */
import { packageManifest } from './paths.js';

export function toolInfo(): { name: string; version: string } {
  return { name: 'ehcp-audit', version: packageManifest?.version ?? '0' };
}
