/** The check types a rubric can use, by their `type:` name. */
import type { CheckType } from '../types.js';
import { present } from './present.js';
import { count } from './count.js';
import { existence } from './existence.js';
import { each } from './each.js';
import { dateWithin } from './date_within.js';
import { thread } from './thread.js';
import { all } from './all.js';
import { any } from './any.js';

export const CHECK_TYPES: Record<string, CheckType> = {
  present,
  count,
  existence,
  each,
  date_within: dateWithin,
  thread,
  all,
  any,
};
