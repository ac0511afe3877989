/**
 * `thread`: "if A then B" links, the golden thread between needs, provision and advice, e.g.
 * "health needs in C -> health provision in G". A link applies when its `if` holds and is satisfied
 * when every `then` holds. Credit = satisfied / applicable; no link applies -> not applicable.
 * Broken links are named by label with the failed condition in words: "... : Section G is empty".
 */
import * as z from 'zod';
import { lazy } from '../../util/lazy.js';
import { defineCheck, type EvalContext } from '../types.js';
import type { PlanRecord } from '../../records/model.js';
import { compilePath, isNeedsSection, labelOf } from '../fields.js';
import { regexError } from '../patterns.js';
import { compileCondition, condition, conditionProblems, dateBoundIso, walkCondition, type Condition, type fieldCondition } from '../condition.js';
import { ukDate } from '../../records/dates.js';
import { fieldGetter, result, type OptionPath } from './util.js';

type FieldCondition = z.output<ReturnType<typeof fieldCondition>>;
const TESTS = ['present', 'eq', 'ne', 'in', 'gte', 'gt', 'lte', 'lt', 'contains', 'matches'] as const;
type TestKey = (typeof TESTS)[number];

const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));

/** A date bound of gte/gt/lte/lt in words: "the as-of date", "01/09/2024". */
function dateWords(b: string): string {
  const iso = dateBoundIso(b);
  return iso === undefined ? 'the as-of date' : ukDate(iso);
}

/** [text when the test holds, text when it fails], after the field label. */
function wording(key: TestKey, c: FieldCondition): [string, string] {
  switch (key) {
    case 'present':
      return c.present ? ['is filled in', 'is empty'] : ['is empty', 'is filled in'];
    case 'eq':
      return [`is ${show(c.eq)}`, `is not ${show(c.eq)}`];
    case 'ne':
      return [`is not ${show(c.ne)}`, `is ${show(c.ne)}`];
    case 'in': {
      const list = (c.in ?? []).map(show).join(', ');
      return [`is one of ${list}`, `is not one of ${list}`];
    }
    case 'gte':
      return typeof c.gte === 'string' ? [`is on or after ${dateWords(c.gte)}`, `is before ${dateWords(c.gte)}`] : [`is at least ${c.gte}`, `is below ${c.gte}`];
    case 'gt':
      return typeof c.gt === 'string' ? [`is after ${dateWords(c.gt)}`, `is not after ${dateWords(c.gt)}`] : [`is above ${c.gt}`, `is not above ${c.gt}`];
    case 'lte':
      return typeof c.lte === 'string' ? [`is on or before ${dateWords(c.lte)}`, `is after ${dateWords(c.lte)}`] : [`is at most ${c.lte}`, `is above ${c.lte}`];
    case 'lt':
      return typeof c.lt === 'string' ? [`is before ${dateWords(c.lt)}`, `is not before ${dateWords(c.lt)}`] : [`is below ${c.lt}`, `is not below ${c.lt}`];
    case 'contains':
      return [`includes ${show(c.contains)}`, `does not include ${show(c.contains)}`];
    case 'matches':
      return [`matches /${c.matches}/`, `does not match /${c.matches}/`];
  }
}

/**
 * Explain a condition against a record. With `want` true: why it does not hold (undefined when it
 * holds); with `want` false: why it holds (undefined when it does not).
 */
type Explain = (rec: PlanRecord, ctx: EvalContext, want: boolean) => string | undefined;

function explainer(c: Condition): Explain {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const parts = (isAll ? c.all : c.any).map(explainer);
    return (rec, ctx, want) => {
      const found = parts.map((p) => p(rec, ctx, want));
      const bad = found.filter((x): x is string => x !== undefined);
      // all/want or any/!want: one bad part is enough; any/want or all/!want: every part must be bad.
      if (isAll === want) return bad.length > 0 ? bad.join('; ') : undefined;
      return bad.length === parts.length ? bad.join(' and ') : undefined;
    };
  }
  if ('not' in c) {
    const inner = explainer(c.not);
    return (rec, ctx, want) => inner(rec, ctx, !want);
  }
  const get = compilePath(c.field);
  const label = labelOf(c.field);
  const tests = TESTS.filter((k) => c[k] !== undefined).map((key) => {
    const single = { field: c.field, [key]: c[key], ...(key === 'present' && c.none_counts !== undefined ? { none_counts: c.none_counts } : {}) } as FieldCondition;
    return { key, holds: compileCondition(single), words: wording(key, c) };
  });
  return (rec, ctx, want) => {
    const v = get(rec, ctx);
    if (want) {
      const failed = tests.filter((t) => !t.holds(rec, ctx));
      if (failed.length === 0) return undefined;
      return failed
        .map((t) => {
          if (t.key === 'present' && c.present && isNeedsSection(v) && v.none && !c.none_counts) {
            return `${label} has no items ('no needs in this area' does not count here)`;
          }
          if (t.key !== 'present' && t.key !== 'ne' && (v === undefined || v === null || v === '')) return `${label} not recorded`;
          return `${label} ${t.words[1]}`;
        })
        .join('; ');
    }
    if (!tests.every((t) => t.holds(rec, ctx))) return undefined;
    return tests.map((t) => `${label} ${t.words[0]}`).join(' and ');
  };
}

const link = lazy(() =>
  z
    .object({
      label: z.string().min(1),
      if: condition(),
      then: z.union([condition(), z.array(condition()).min(1)]),
    })
    .strict(),
);

/** The options of `thread` checks; built on first use (util/lazy.ts). */
const options = lazy(() => z.object({ links: z.array(link()).min(1) }).strict());

export const thread = defineCheck({
  type: 'thread',
  summary: 'Golden-thread links "if A then B": credit = share of applicable links whose then-conditions hold.',
  options,
  compile(o, env) {
    const validate = (c: Condition, at: OptionPath) =>
      walkCondition(c, (field, regex, p, leaf) => {
        if (field !== undefined && fieldGetter(field, env, [...at, ...p, 'field'])) {
          for (const cp of conditionProblems(leaf)) env.fail([...at, ...p, ...cp.path], cp.message);
        }
        const err = regex === undefined ? undefined : regexError(regex);
        if (err) env.fail([...at, ...p, 'matches'], `bad regular expression: ${err}`);
      });
    const links = o.links.map((l, i) => {
      validate(l.if, ['links', i, 'if']);
      const thens = Array.isArray(l.then) ? l.then : [l.then];
      thens.forEach((t, j) => validate(t, Array.isArray(l.then) ? ['links', i, 'then', j] : ['links', i, 'then']));
      return { label: l.label, applies: compileCondition(l.if), thens: thens.map(explainer) };
    });
    return (rec, ctx) => {
      let applicable = 0;
      let satisfied = 0;
      const reasons: string[] = [];
      for (const l of links) {
        if (!l.applies(rec, ctx)) continue;
        applicable++;
        // Every plan, every link: a link that holds allocates nothing.
        let failed: string[] | undefined;
        for (const t of l.thens) {
          const why = t(rec, ctx, true);
          if (why !== undefined) (failed ??= []).push(why);
        }
        if (failed === undefined) satisfied++;
        else reasons.push(`${l.label}: ${failed.join('; ')}`);
      }
      if (applicable === 0) return result('na', ['no link applies']);
      if (satisfied === applicable) return result('met', []);
      if (satisfied === 0) return result('not_met', reasons);
      return result('partly', reasons, undefined, satisfied / applicable);
    };
  },
});
