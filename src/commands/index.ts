/** The command registry: one line per command. */
import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerBaseline } from './baseline.js';
import { registerCheck } from './check.js';
import { registerCompare } from './compare.js';
import { registerExplain } from './explain.js';
import { registerInit } from './init.js';
import { registerModerate } from './moderate.js';
import { registerPriority } from './priority.js';
import { registerRubric } from './rubric.js';
import { registerValidate } from './validate.js';

export function registerCommands(program: Command): void {
  registerAudit(program);
  registerCheck(program);
  registerBaseline(program);
  registerCompare(program);
  registerModerate(program);
  registerValidate(program);
  registerInit(program);
  registerExplain(program);
  registerRubric(program);
  registerPriority(program);
}
