/**
 * Load a rubric: read the file and everything it `extends`, merge criteria by id, then compile each
 * criterion's check. Every problem in every file is collected and thrown together as one
 * ConfigError, each located `file:line:col` with the offending line.
 */
import { existsSync } from 'node:fs';
import type * as z from 'zod';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { displayPath, shipped } from '../util/paths.js';
import { closest, thousands } from '../util/strings.js';
import { firstUnsafe } from '../util/safeText.js';
import { safeParseCached } from '../util/validationCache.js';
import { configFileGiven, describeZodIssue, MERGE_KEY, mergeKeyMessage, unionDetail, YamlSource } from '../util/yamlConfig.js';
import { CHECK_TYPES } from './checks/index.js';
import { compileCondition, conditionProblems, walkCondition, type Predicate } from './condition.js';
import { checkPath, pathsCompiledBy } from './fields.js';
import { entryLabel, entryRegexError, MAX_GROUPS, nestedQuantifier, regexError, type PatternEntry } from './patterns.js';
import { probeRegexes, slowRegexMessage } from '../util/regexProbe.js';
import { criterion, DEFAULT_GRADES, rubricFile, type Criterion, type CriterionPatch, type GradeLimit, type Grades, type RubricFile } from './schema.js';
import { rubricFingerprint } from './fingerprint.js';
import { NOT_GRADED } from './score.js';
import { FINDING_PLACEHOLDERS, MESSAGE_PLACEHOLDERS, templateError } from './templates.js';
import type { CompileEnv, CompiledCheck } from './types.js';

export interface CompiledCriterion {
  def: Criterion;
  applies: Predicate | undefined;
  check: CompiledCheck;
}

export interface Rubric {
  id: string;
  version: string;
  title: string;
  description: string;
  /** The file given, then each file it extends. */
  files: string[];
  /**
   * The first 16 hex digits of the SHA-256 of those files' texts as they were read and parsed here
   * (rubricFingerprint), so a report records the rubric it scored with even when a file is edited
   * while a long audit runs.
   */
  fingerprint: string;
  partlyCredit: number | 'measured';
  grades: Grades;
  lexicons: Record<string, readonly PatternEntry[]>;
  criteria: CompiledCriterion[];
  /** The record paths the criteria read (rubric/fields.ts pathsCompiledBy). */
  reads: ReadonlySet<string>;
  /**
   * Each `extra.<column>` path the criteria read, with where the first criterion reading it is
   * written ("la.yaml:12:5: criterion 'LA-interpreter'"), for an export that lacks the column.
   */
  extraReads: readonly { path: string; where: string }[];
  /** Located warnings (`file:line:col: warning: ...` and the line): the rubric loads, but a command should print them. */
  warnings: string[];
}

export const SHIPPED_RUBRICS = ['default', 'statutory'];

/** The keys a criterion needs beyond its id (schema.ts criterion), which an override of one need not give. */
const NEW_CRITERION_KEYS = ['title', 'section', 'source', 'check'] as const;

/**
 * The file a rubric name or path means: a path `extends` gives is relative to the extending file,
 * joined to its path as given (`rubrics/la.yaml` extending `./base.yaml` is `rubrics/base.yaml`),
 * never made absolute: reports record it (docs: Reproducibility).
 */
export function resolveRubricPath(nameOrPath: string, relativeTo?: string): string {
  const base = relativeTo && !isAbsolute(nameOrPath) ? join(dirname(relativeTo), nameOrPath) : nameOrPath;
  if (configFileGiven(base) || existsSync(base)) return base;
  if (SHIPPED_RUBRICS.includes(nameOrPath.replace(/\.ya?ml$/, ''))) return shipped('rubrics', `${nameOrPath.replace(/\.ya?ml$/, '')}.yaml`);
  throw new ConfigError(`${nameOrPath}: rubric not found (give a path, or a shipped rubric: ${SHIPPED_RUBRICS.join(', ')})`);
}

interface Origin {
  src: YamlSource;
  /** Path of the criterion inside its file. */
  path: (string | number)[];
}

class Problems {
  private readonly items: { file: string; line: number; col: number; text: string }[] = [];
  /** Each file's place in the 'extends' chain, the user's own file first. */
  private readonly rank = new Map<string, number>();
  /** Files ranked in the order first noted: readChain notes the given file, then what it extends. */
  noteFile(file: string): void {
    if (!this.rank.has(file)) this.rank.set(file, this.rank.size);
  }
  add(src: YamlSource, path: (string | number)[], message: string, preferKey = false): void {
    this.noteFile(src.file);
    const at = src.locate(path, preferKey);
    this.items.push({ file: src.file, line: at.line, col: at.col, text: src.format(at, message) });
  }
  /**
   * The user's own file's problems first, then each file it extends, each in line and column order.
   * Not by path: where the shipped rubrics sort against the user's folder depends on the install.
   */
  get list(): string[] {
    const rank = (file: string) => this.rank.get(file) ?? 0;
    return [...this.items].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.col - b.col).map((x) => x.text);
  }
}

function readChain(file: string, problems: Problems, seen: string[] = []): { src: YamlSource; data: RubricFile }[] {
  const abs = resolve(file);
  if (seen.includes(abs)) throw new ConfigError(`${file}: 'extends' loops back to itself (${[...seen, abs].join(' -> ')})`);
  const src = YamlSource.read(file, 'rubric');
  problems.noteFile(src.file);
  const value = src.toJS();
  // Empty, or comments only: said as such, not as a rubric with no 'id'.
  if (value === null || value === undefined) {
    problems.add(src, [], "the rubric is empty: write its id, version and criteria (docs/rubrics.md), or extend a shipped rubric (extends: default)");
    return [{ src, data: {} }];
  }
  const raw = value;
  const parsed = safeParseCached('rubric file', rubricFile, raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.flatMap((i) => unionDetail(i, raw))) {
      const path = issue.path as (string | number)[];
      const at = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
      const message = issue.code === 'unrecognized_keys' ? unknownKeyMessage(issue.keys, path, rubricFile(), 'key') : describeZodIssue(issue, raw);
      problems.add(src, at, message, issue.code === 'unrecognized_keys');
    }
    // Still report duplicate ids, so every problem in the file comes back at once.
    const raw_criteria = (raw as { criteria?: unknown }).criteria;
    if (Array.isArray(raw_criteria)) reportDuplicateIds(raw_criteria, src, problems);
    return [{ src, data: {} }];
  }
  const data = parsed.data;
  checkIdentity(src, raw as { version?: unknown }, data, problems);
  const chain = [{ src, data }];
  if (data.extends) {
    let parent: string;
    try {
      parent = resolveRubricPath(data.extends, file);
    } catch (e) {
      problems.add(src, ['extends'], (e as Error).message);
      return chain;
    }
    // A loop is a problem at the `extends` that closes it (located, with the file's other problems).
    const visited = [...seen, abs];
    if (visited.includes(resolve(parent))) {
      problems.add(src, ['extends'], `'extends' loops back to ${data.extends} (${[...visited, resolve(parent)].join(' -> ')})`);
      return chain;
    }
    chain.push(...readChain(parent, problems, visited));
  }
  return chain;
}

/**
 * A file's own name for itself. An extending rubric gives its own id and version: the base's would
 * name it as the base in every report, and baselines and comparisons could not tell them apart. A
 * version YAML reads as a number has lost what was written (2026.10 is 2026.1, 1.10 is 1.1).
 */
function checkIdentity(src: YamlSource, raw: { version?: unknown }, data: RubricFile, problems: Problems): void {
  // A whole number read back as written (version: 2) has lost nothing; 2026.10, 1.0 or 01 have.
  if (typeof raw.version === 'number') {
    const written = src.scalarText(['version']) ?? String(raw.version);
    if (written !== String(raw.version)) {
      problems.add(src, ['version'], `write the version in quotes ('${written}'): unquoted, YAML reads it as a number and drops trailing zeros (${written} is read as ${String(raw.version)})`);
    }
  }
  // Reports, baselines, comparisons and CI logs record the version: a control character in it (an
  // escape sequence written "\e[2J") is never meant, and a log or terminal could act on it.
  const unsafe = data.version === undefined ? undefined : firstUnsafe(data.version);
  if (unsafe !== undefined) problems.add(src, ['version'], `the version holds a control or invisible character (${unsafe}): write it as plain text, e.g. version: "1.0"`);
  // A blank version is none (regression QA: version: "" was recorded as "").
  if (data.version !== undefined && data.version.trim() === '') problems.add(src, ['version'], 'the version is blank: give one, e.g. version: "1.0" (in quotes): reports record it', true);
  if (data.extends === undefined) {
    // Reports, baselines and comparisons record the version: without one a change to the rubric
    // could not be told from a change in the plans.
    if (data.version === undefined) problems.add(src, ['id'], 'give the rubric a version, e.g. version: "1.0" (in quotes): reports record it, so each result can be traced to the rubric that gave it', true);
    return;
  }
  if (data.id === undefined) problems.add(src, ['extends'], `a rubric that extends another gives its own 'id' (without one, reports, baselines and comparisons would name it as ${data.extends})`, true);
  if (data.version === undefined) problems.add(src, ['extends'], `a rubric that extends another gives its own 'version', in quotes (version: '1'): without one, reports would give the version of ${data.extends}`, true);
}

/** The warning for a regular expression with a repeat inside a repeated group (patterns.ts nestedQuantifier), if it has one. */
function slowRegexWarning(re: string): string | undefined {
  const group = nestedQuantifier(re);
  if (group === undefined) return undefined;
  return `warning: regular expression '${re}': the group '${group}' repeats something that itself repeats, which can take exponential time on a long text that almost matches (the audit seems to hang): rewrite it without a repeat inside a repeated group ((a+)+ is a+; (\\w+\\s?)+ is much like [\\w\\s]+)`;
}

/** A regular expression as written in a rubric file: where, and the flags it may run with. */
interface WrittenRegex {
  src: YamlSource;
  path: (string | number)[];
  /** "lexicon 'name': " or "criterion 'id': ", for the message. */
  what: string;
  re: string;
  /**
   * A list entry (`re`) runs with `i`, or with `iu` when its list needs `u` (patterns.ts
   * compileMatcher), so it is timed with both; a condition's `matches` with `iu` (condition.ts).
   */
  flags: string[];
}

/** The regular expressions written anywhere in a check or condition: pattern entries' `re` and conditions' `matches`. */
function collectRegexes(value: unknown, src: YamlSource, path: (string | number)[], what: string, into: WrittenRegex[]): void {
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(k) : k];
    if ((k === 're' || k === 'matches') && typeof v === 'string') into.push({ src, path: at, what, re: v, flags: k === 're' ? ['i', 'iu'] : ['iu'] });
    else collectRegexes(v, src, at, what, into);
  }
}

/** A rubric shipped with the tool: its expressions are known to be fast (test/util/regexProbe.test.ts), so they are not timed at each run. */
function isShippedRubric(src: YamlSource): boolean {
  return SHIPPED_RUBRICS.some((name) => resolve(src.file) === resolve(shipped('rubrics', `${name}.yaml`)));
}

/**
 * The regular expressions written in the rubric's own files (not the shipped ones), timed on
 * ordinary text (util/regexProbe.ts): one that runs too long is an error where it is written, as
 * the audit would never end. The nested-repeat scan stays a warning for those that pass (and for
 * the shipped files' expressions): the probe texts cannot show every text an expression is slow on.
 */
function checkRegexTimes(written: readonly WrittenRegex[], problems: Problems, warnings: Problems): void {
  const probe = written
    .map((w) => ({ w, flags: w.flags.filter((f) => regexError(w.re, f) === undefined) }))
    .filter((x) => x.flags.length > 0 && !isShippedRubric(x.w.src));
  const slow = probeRegexes(probe.map((x) => ({ source: x.w.re, flags: x.flags })));
  const slowAt = new Map(probe.map((x, i) => [x.w, slow[i]]));
  for (const w of written) {
    const text = slowAt.get(w);
    if (text !== undefined) {
      problems.add(w.src, w.path, `${w.what}${slowRegexMessage(w.re, text, w.path.includes('matches') ? '' : ', or list the wording as plain phrases')}`);
      continue;
    }
    const warning = slowRegexWarning(w.re) ?? literalRegexWarning(w.re);
    if (warning) warnings.add(w.src, w.path, warning);
  }
}

/**
 * A pattern written as a JavaScript regular expression literal ('/as required/gi'): the slashes
 * and flags are read as text to match, so it never matches what was meant (security QA). Every
 * pattern already runs case-insensitively.
 */
function literalRegexWarning(re: string): string | undefined {
  const m = /^\/(.+)\/([a-zA-Z]*)$/s.exec(re);
  if (!m) return undefined;
  return `warning: regular expression '${re}' is written with slashes${m[2] ? ` and flags (${m[2]})` : ''}, which are matched as text: write the pattern alone ('${m[1]}'); every pattern is matched case-insensitively`;
}

/**
 * A lexicon's entries less those whose regular expression does not compile, each reported where
 * it is written (in the file that defines it, used or not). Left in, a bad entry would be reported
 * only by the checks that use the lexicon, at each of them and as the whole compiled list.
 */
function checkedEntries(entries: readonly PatternEntry[], src: YamlSource, path: (string | number)[], name: string, problems: Problems): PatternEntry[] {
  return entries.filter((e, i) => {
    if (typeof e === 'string') return true;
    const err = entryRegexError(e.re);
    if (err) problems.add(src, [...path, i, 're'], `lexicon '${name}': bad regular expression: ${err}`);
    return err === undefined;
  });
}

function reportDuplicateIds(criteria: unknown[], src: YamlSource, problems: Problems): void {
  const seen = new Map<string, number>();
  criteria.forEach((c, i) => {
    const id = (c as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) problems.add(src, ['criteria', i, 'id'], `duplicate criterion id '${id}' (also criteria[${first}] in this file)`);
    else seen.set(id, i);
  });
}

export function loadRubric(nameOrPath: string): Rubric {
  const file = resolveRubricPath(nameOrPath);
  const problems = new Problems();
  const chain = readChain(file, problems);
  const files = chain.map((c) => c.src.file);
  const fingerprint = rubricFingerprint(chain.map((c) => c.src.text));

  // Merge base-first: later (extending) files override.
  const merged = new Map<string, { patch: CriterionPatch; origin: Origin }>();
  const lexicons: Record<string, PatternEntry[]> = {};
  // The rubric's name is its own file's: id and version are required of an extending file
  // (checkIdentity), and a title or description not given is not the base's, which describes the base.
  const meta = chain[0]!.data;
  let partly: number | 'measured' = 0.5;
  // '@name' references written inside lexicons, checked once every file's lexicons are merged (a
  // reference to a lexicon no check uses is otherwise never expanded, so a typo there was silent).
  const lexiconRefs: { ref: string; src: YamlSource; path: (string | number)[] }[] = [];
  const warnings = new Problems();
  for (const f of files) warnings.noteFile(f);
  const regexes: WrittenRegex[] = [];
  for (const { src, data } of [...chain].reverse()) {
    if (data.scoring?.partly_credit !== undefined) partly = data.scoring.partly_credit;
    for (const [name, lex] of Object.entries(data.lexicons ?? {})) {
      const written = Array.isArray(lex) ? { list: lex, path: ['lexicons', name] } : { list: lex.add, path: ['lexicons', name, 'add'] };
      written.list.forEach((e, i) => {
        if (typeof e === 'string' && e.startsWith('@')) lexiconRefs.push({ ref: e.slice(1), src, path: [...written.path, i] });
      });
      collectRegexes(written.list, src, written.path, `lexicon '${name}': `, regexes);
      if (Array.isArray(lex)) lexicons[name] = checkedEntries(lex, src, ['lexicons', name], name, problems);
      else {
        // An entry is removed by its phrase, or a regular expression entry by its label (the phrase a
        // report shows for it); a remove that matches no entry is a typo (or an entry since renamed),
        // which would leave the phrase in silently.
        const key = (e: PatternEntry) => entryLabel(e).trim().toLowerCase();
        const before = lexicons[name] ?? [];
        const present = new Set(before.map(key));
        lex.remove.forEach((r, i) => {
          if (!present.has(r.trim().toLowerCase())) {
            const listed = before.map(entryLabel);
            problems.add(src, ['lexicons', name, 'remove', i], `lexicon '${name}': remove: no entry '${r}' to remove${listed.length > 0 ? ` (its entries: ${listed.join(', ')})` : ' (no rubric this one extends defines it)'}`);
          }
        });
        const drop = new Set(lex.remove.map((r) => r.trim().toLowerCase()));
        const kept = before.filter((e) => !drop.has(key(e)));
        lexicons[name] = [...kept, ...checkedEntries(lex.add, src, ['lexicons', name, 'add'], name, problems)];
      }
      // Said here, in the file that made the list so long: the checks that use it may be in a
      // shipped rubric the author cannot edit (security QA: a default lexicon given 33,000 phrases).
      const size = lexicons[name]!.length;
      if (size > MAX_GROUPS) {
        problems.add(src, written.path, `lexicon '${name}' has ${thousands(size)} entries, more than one check can take: a check's list is one regular expression, which holds at most ${thousands(MAX_GROUPS)} entries; split it into two lexicons and give each to a check of its own`);
      }
    }
    const idsInFile = new Map<string, number>();
    (data.criteria ?? []).forEach((patch, i) => {
      const path = ['criteria', i];
      // Checked as written, in the file that writes them (an override may replace one later).
      for (const [key, allowed] of [['message', MESSAGE_PLACEHOLDERS], ['finding', FINDING_PLACEHOLDERS]] as const) {
        const err = patch[key] === undefined ? undefined : templateError(patch[key], allowed);
        if (err) problems.add(src, [...path, key], `criterion '${patch.id}': ${key}: ${err}`);
      }
      collectRegexes({ check: patch.check, applies_when: patch.applies_when }, src, path, `criterion '${patch.id}': `, regexes);
      const dup = idsInFile.get(patch.id);
      if (dup !== undefined) {
        problems.add(src, [...path, 'id'], `duplicate criterion id '${patch.id}' (also criteria[${dup}] in this file)`);
        return;
      }
      idsInFile.set(patch.id, i);
      const prev = merged.get(patch.id);
      // Switching off a criterion that no extended rubric has is a mistake (a misspelt id), not a
      // no-op: the criterion the author meant would stay on.
      if (!prev && patch.enabled === false && patch.check === undefined) {
        const guess = closest(patch.id, [...merged.keys()]);
        problems.add(src, [...path, 'id'], `'${patch.id}' is switched off, but no rubric this one extends has a criterion with that id${guess ? `: did you mean '${guess}'?` : ''}`);
        return;
      }
      // In a rubric that extends another, an entry with none of a new criterion's keys was meant to
      // change one of the base's (a misspelt id): said once, not as four missing keys.
      if (!prev && data.extends !== undefined && NEW_CRITERION_KEYS.every((k) => patch[k] === undefined)) {
        const guess = closest(patch.id, [...merged.keys()]);
        problems.add(src, [...path, 'id'], `no criterion '${patch.id}' in the rubric this one extends to override${guess ? `: did you mean '${guess}'?` : ''} (a new criterion needs ${NEW_CRITERION_KEYS.join(', ').replace(/, (\w+)$/, ' and $1')})`);
        return;
      }
      merged.set(patch.id, { patch: prev ? { ...prev.patch, ...patch } : patch, origin: { src, path } });
    });
  }
  for (const { ref, src, path } of lexiconRefs) {
    if (Object.hasOwn(lexicons, ref)) continue;
    const guess = closest(ref, Object.keys(lexicons));
    problems.add(src, path, `unknown lexicon '${ref}'${guess ? `: did you mean '@${guess}'?` : ''} (defined: ${Object.keys(lexicons).join(', ') || 'none'})`);
  }
  const graded = mergeGrades(chain);
  validateGrades(graded, problems);
  const grades: Grades = { ...graded.grades, limits: limitsWithoutSwitchedOff(graded, merged, chain, problems, warnings) };

  if (!meta.id && problems.list.length === 0) problems.add(chain[0]!.src, [], "the rubric has no 'id'");
  const criteria: CompiledCriterion[] = [];
  const extraReads: { path: string; where: string }[] = [];
  // What the criteria read of a record (the getters compiled as they compile).
  const { paths: reads } = pathsCompiledBy(() => {
    for (const { patch, origin } of merged.values()) {
      if (patch.enabled === false) continue;
      const full = safeParseCached('criterion', criterion, patch);
      if (!full.success) {
        for (const issue of full.error.issues.flatMap((i) => unionDetail(i, patch))) {
          const msg = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? `criterion '${patch.id}' has no '${issue.path.join('.')}'` : `criterion '${patch.id}': ${describeZodIssue(issue, patch)}`;
          problems.add(origin.src, [...origin.path, ...(issue.path as (string | number)[])], msg);
        }
        continue;
      }
      const def = full.data;
      // What this criterion reads, for the extra.<column> paths a CSV header must have (extraReads).
      const { value: compiled, paths } = pathsCompiledBy(() => {
        let applies: Predicate | undefined;
        if (def.applies_when) {
          let ok = true;
          walkCondition(def.applies_when, (field, regex, p, leaf) => {
            const fe = field !== undefined ? checkPath(field) : undefined;
            if (fe) {
              problems.add(origin.src, [...origin.path, 'applies_when', ...p, 'field'], fe);
              ok = false;
            }
            for (const cp of fe ? [] : conditionProblems(leaf)) {
              problems.add(origin.src, [...origin.path, 'applies_when', ...p, ...cp.path], cp.message);
              ok = false;
            }
            const re = regex !== undefined ? regexError(regex) : undefined;
            if (re) {
              problems.add(origin.src, [...origin.path, 'applies_when', ...p, 'matches'], `bad regular expression: ${re}`);
              ok = false;
            }
          });
          if (ok) applies = compileCondition(def.applies_when);
        }
        return { applies, check: compileCheckSpec(def.check, [...origin.path, 'check'], { src: origin.src, lexicons, problems }) };
      });
      if (compiled.check) criteria.push({ def, applies: compiled.applies, check: compiled.check });
      for (const p of paths) {
        if (!p.startsWith('extra.') || extraReads.some((x) => x.path === p)) continue;
        const at = origin.src.locate([...origin.path, 'id'], true);
        extraReads.push({ path: p, where: `${displayPath(origin.src.file)}:${at.line}:${at.col}: criterion '${def.id}'` });
      }
    }
  });
  // docs/rubrics.md: a rubric that scores nothing is an error (every plan would be 'Not graded').
  if (merged.size === 0 && problems.list.length === 0) {
    problems.add(chain[0]!.src, ['criteria'], "the rubric has no criteria, so every plan would be 'Not graded': give its criteria (docs/rubrics.md), or extend a shipped rubric (extends: default)", true);
  }
  if (merged.size > 0 && criteria.length === 0 && problems.list.length === 0) {
    problems.add(chain[0]!.src, ['criteria'], 'every criterion is switched off');
  }
  if (criteria.length > 0 && problems.list.length === 0 && !criteria.some((c) => c.def.weight > 0 && c.def.severity !== 'advisory')) {
    const message = "no criterion is scored: each one switched on has weight 0 or is advisory, so every plan would be 'Not graded'; give one a weight above 0";
    problems.add(chain[0]!.src, ['criteria'], message, true);
  }
  // A count of critical criteria not met, in a rubric with none switched on, can never be reached.
  if (graded.limitsFrom && !criteria.some((c) => c.def.severity === 'critical')) {
    const from = graded.limitsFrom;
    grades.limits.forEach((l, i) => {
      const key = l.critical_not_met !== undefined ? 'critical_not_met' : l.critical_not_fully_met !== undefined ? 'critical_not_fully_met' : undefined;
      if (key) {
        warnings.add(from.src, ['grades', 'limits', i, key], `warning: no criterion of the rubric is critical (severity: critical), so this limit (at best ${l.cap}) never applies`);
      }
    });
  }
  checkRegexTimes(regexes, problems, warnings);
  if (problems.list.length > 0) {
    throw new ConfigError(`${file}: invalid rubric (${problems.list.length} problem${problems.list.length > 1 ? 's' : ''})`, problems.list);
  }
  return {
    id: meta.id!,
    // Required (checkIdentity): a rubric without one has been refused above.
    version: meta.version!,
    title: meta.title ?? meta.id!,
    description: meta.description ?? '',
    files,
    fingerprint,
    partlyCredit: partly,
    grades,
    lexicons,
    criteria,
    reads,
    extraReads,
    warnings: warnings.list,
  };
}

/** Where a `grades` key was written: the file, and how far down the chain (0 is the rubric given). */
interface GradesOrigin {
  src: YamlSource;
  depth: number;
}

interface MergedGrades {
  grades: Grades;
  /** Undefined: the built-in DEFAULT_GRADES. */
  bandsFrom: GradesOrigin | undefined;
  limitsFrom: GradesOrigin | undefined;
}

/**
 * `grades` merged key by key, base first: `bands` and `limits` are each the base's unless a file
 * gives them. A rubric that extends nothing and gives its own bands has no limits unless it gives
 * them too (the built-in limits cap at the built-in bands' names).
 */
function mergeGrades(chain: { src: YamlSource; data: RubricFile }[]): MergedGrades {
  const m: MergedGrades = { grades: DEFAULT_GRADES, bandsFrom: undefined, limitsFrom: undefined };
  for (let depth = chain.length - 1; depth >= 0; depth--) {
    const { src, data } = chain[depth]!;
    const g = data.grades;
    if (!g) continue;
    if (g.bands) {
      m.grades = { ...m.grades, bands: g.bands };
      m.bandsFrom = { src, depth };
    }
    if (g.limits || (g.bands && !data.extends)) {
      m.grades = { ...m.grades, limits: g.limits ?? [] };
      m.limitsFrom = { src, depth };
    }
  }
  return m;
}

function validateGrades({ grades: g, bandsFrom, limitsFrom }: MergedGrades, problems: Problems): void {
  const names = g.bands.map((b) => b.name);
  if (bandsFrom) {
    const owner = bandsFrom.src;
    g.bands.forEach((b, i) => {
      if (i > 0 && b.min >= g.bands[i - 1]!.min) problems.add(owner, ['grades', 'bands', i, 'min'], `grade bands must be best first with falling minimums ('${b.name}' min ${b.min} is not below ${g.bands[i - 1]!.min})`);
    });
    if (g.bands[g.bands.length - 1]!.min !== 0) problems.add(owner, ['grades', 'bands', g.bands.length - 1, 'min'], 'the last grade band must have min 0 so every score gets a grade');
    // Names are what reports count plans by: two alike would be one row counted twice, and the
    // tool's own label for a plan with no scored criterion would mix those plans in.
    const seen = new Map<string, number>();
    g.bands.forEach((b, i) => {
      const key = b.name.trim().toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) problems.add(owner, ['grades', 'bands', i, 'name'], `grade band '${b.name}' has the name of band ${first + 1} ('${g.bands[first]!.name}'): give each band its own name`);
      else if (key === NOT_GRADED.toLowerCase()) problems.add(owner, ['grades', 'bands', i, 'name'], `'${b.name}' cannot name a grade band: reports give it to a plan with no scored criterion; choose another name`);
      if (first === undefined) seen.set(key, i);
    });
  }
  if (!limitsFrom) return;
  // Limits written with (or after) the bands are wrong at their cap; limits inherited from a base
  // are fixed where the new bands are written, by giving limits for them.
  if (!bandsFrom || limitsFrom.depth <= bandsFrom.depth) {
    g.limits.forEach((l, i) => {
      if (!names.includes(l.cap)) problems.add(limitsFrom.src, ['grades', 'limits', i, 'cap'], `cap '${l.cap}' is not a grade band (${names.join(', ')})`);
    });
    return;
  }
  const missing = [...new Set(g.limits.map((l) => l.cap).filter((cap) => !names.includes(cap)))].map((x) => `'${x}'`);
  if (missing.length > 0) {
    const caps = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]!}` : missing[0]!;
    const message = `the grade limits inherited from ${displayPath(limitsFrom.src.file)} cap at ${caps}, which these bands do not have: give grades.limits too (or limits: [] for none)`;
    problems.add(bandsFrom.src, ['grades', 'bands'], message, true);
  }
}

/**
 * A limit's `not_met` names criteria of the rubric (after extends: a criterion may come from a file
 * it extends), and none switched off: a limit never applies through one, though `rubric show`
 * would list it. A limit written with or after the switch-off is an error at the name (the file
 * contradicts itself). A limit inherited from a base, where the criterion is switched off (an LA
 * that does not judge preparation for adulthood switches off E-pfa), stops naming it, with a
 * warning at the switch-off; a limit left naming nothing goes. Returns the limits that stay.
 */
function limitsWithoutSwitchedOff(
  { grades: g, limitsFrom }: MergedGrades,
  merged: ReadonlyMap<string, { patch: CriterionPatch; origin: Origin }>,
  chain: { src: YamlSource }[],
  problems: Problems,
  warnings: Problems,
): GradeLimit[] {
  if (!limitsFrom) return g.limits;
  const kept: GradeLimit[] = [];
  g.limits.forEach((l, i) => {
    const names = l.not_met?.filter((id, j) => {
      const at = ['grades', 'limits', i, 'not_met', j];
      const c = merged.get(id);
      if (!c) problems.add(limitsFrom.src, at, `not_met: no criterion '${id}' in the rubric`);
      else if (c.patch.enabled === false) {
        const offDepth = chain.findIndex((x) => x.src === c.origin.src);
        if (limitsFrom.depth <= offDepth) problems.add(limitsFrom.src, at, `not_met: criterion '${id}' is switched off (enabled: false), so this limit never applies through it: take it out of not_met`);
        else {
          const rest = l.not_met!.filter((x) => x !== id && merged.get(x)?.patch.enabled !== false);
          const then = rest.length > 0 ? `it now caps at ${l.cap} only for ${rest.join(', ')}` : `that limit (at best ${l.cap}) no longer applies`;
          warnings.add(c.origin.src, [...c.origin.path, 'enabled'], `warning: '${id}' is switched off, so the grade limit inherited from ${displayPath(limitsFrom.src.file)} no longer names it: ${then} (give grades.limits here to set your own)`);
          return false;
        }
      }
      return true;
    });
    if (names === undefined) kept.push(l);
    else if (names.length > 0) kept.push({ ...l, not_met: names });
  });
  return kept;
}

/** The keys the object schema at `path` inside `schema` takes (none when the path leads elsewhere). */
function keysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node = schema._zod.def as { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; in?: z.ZodType };
  const unwrap = () => {
    for (;;) {
      const inner = node.innerType ?? (node.type === 'pipe' ? node.in : undefined);
      if (!inner) return;
      node = inner._zod.def as typeof node;
    }
  };
  for (const seg of path) {
    unwrap();
    const next = typeof seg === 'number' ? node.element : node.type === 'record' ? node.valueType : node.shape?.[seg];
    if (!next) return [];
    node = next._zod.def as typeof node;
  }
  unwrap();
  return node.type === 'object' && node.shape ? Object.keys(node.shape) : [];
}

/**
 * An unknown key, named where it is (inside a check: among its options, not "(top level)") with
 * the nearest known key when it looks like a typo of one.
 */
function unknownKeyMessage(keys: readonly PropertyKey[], path: readonly (string | number)[], schema: z.ZodType, noun: 'key' | 'option'): string {
  const known = keysAt(schema, path);
  const names = keys.map(String);
  const where = path.length > 0 ? ` in ${path.join('.')}` : '';
  if (names.includes(MERGE_KEY)) return mergeKeyMessage(where);
  const guesses = names.map((k) => closest(k, known));
  const list = names.map((k, i) => (names.length > 1 && guesses[i] ? `'${k}' (did you mean '${guesses[i]}'?)` : `'${k}'`)).join(', ');
  const hint = names.length === 1 && guesses[0] ? `: did you mean '${guesses[0]}'?` : guesses.every((g) => g === undefined) && known.length > 0 ? ` (known: ${known.join(', ')})` : '';
  return `unknown ${noun}${names.length > 1 ? 's' : ''} ${list}${where}${hint}`;
}

interface CheckEnvBase {
  src: YamlSource;
  lexicons: Record<string, readonly PatternEntry[]>;
  problems: Problems;
}

class CheckFailure extends Error {}

/** Compile one `check:` spec (recursively for all/any); records located problems and returns undefined on failure. */
function compileCheckSpec(spec: unknown, path: (string | number)[], base: CheckEnvBase): CompiledCheck | undefined {
  try {
    return compileInner(spec, path, base);
  } catch (e) {
    if (e instanceof CheckFailure) return undefined;
    throw e;
  }
}

function compileInner(spec: unknown, path: (string | number)[], base: CheckEnvBase): CompiledCheck {
  const { src, problems } = base;
  if (typeof spec !== 'object' || spec === null || typeof (spec as { type?: unknown }).type !== 'string') {
    problems.add(src, path, "a check needs a 'type'");
    throw new CheckFailure();
  }
  const { type, ...opts } = spec as { type: string } & Record<string, unknown>;
  const ct = CHECK_TYPES[type];
  if (!ct) {
    problems.add(src, [...path, 'type'], `unknown check type '${type}' (known: ${Object.keys(CHECK_TYPES).join(', ')})`);
    throw new CheckFailure();
  }
  const parsed = safeParseCached(`check type ${type}`, ct.options, opts);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.flatMap((i) => unionDetail(i, opts))) {
      const p = issue.path as (string | number)[];
      const at = issue.code === 'unrecognized_keys' ? [...path, ...p, issue.keys[0] ?? ''] : [...path, ...p];
      const message = issue.code === 'unrecognized_keys' ? unknownKeyMessage(issue.keys, p, ct.options(), p.length === 0 ? 'option' : 'key') : describeZodIssue(issue, opts);
      problems.add(src, at, `${type} check: ${message}`, issue.code === 'unrecognized_keys');
    }
    throw new CheckFailure();
  }
  const env: CompileEnv = {
    lexicons: base.lexicons,
    compileCheck: (sub, subPath) => compileInner(sub, [...path, ...subPath], base),
    fail: (p, message) => {
      problems.add(src, [...path, ...p], `${type} check: ${message}`);
      throw new CheckFailure();
    },
  };
  return ct.compile(parsed.data as never, env);
}
