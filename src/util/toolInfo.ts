/** The tool's name and version, as recorded in compare and moderation reports. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';

export function toolInfo(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: string };
    return { name: 'ehcp-audit', version: pkg.version ?? '0' };
  } catch {
    return { name: 'ehcp-audit', version: '0' };
  }
}
