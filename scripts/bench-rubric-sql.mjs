/**
 * The default rubric's text checks as one DuckDB SQL statement, for scripts/bench.mjs: DuckDB
 * doing the work the audit spends most of its time on, on the same file, so the benchmark can say
 * how much of the gap to the "count and two text checks" query is the work itself.
 *
 * Covered, per plan, as the audit judges them: the four Section A word counts, every phrase-list
 * criterion (E-time-bound, E-measurable, E-not-provision, E-pfa, F-not-vague, F-quantified,
 * F-hedges, GH-not-vague, no-placeholders), items split and bullets stripped as the mapping does.
 * The result, one row of ratings per plan, is written to a JSON file as the audit writes its report.
 * Not covered (cheap in both): dates, Section K, the thread checks, the score and grade.
 *
 * Phrase lists come from rubrics/default.yaml through the project's own phrase compiler
 * (src/rubric/patterns.ts, bundled by bench.mjs). RE2, DuckDB's regex engine, has no lookaround:
 * the lexicon entries that use one lose it (see `re2`), so a few more items match there; the
 * benchmark prints the criteria whose counts then differ from the audit's.
 */

/** A JavaScript regex source as RE2 accepts it: lookaheads and lookbehinds (`(?!`, `(?=`, `(?<!`, `(?<=`) are dropped. */
export function re2(src) {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '\\') {
      out += src.slice(i, i + 2);
      i++;
      continue;
    }
    if (src.startsWith('(?!', i) || src.startsWith('(?=', i) || src.startsWith('(?<!', i) || src.startsWith('(?<=', i)) {
      let depth = 0;
      for (; i < src.length; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '(') depth++;
        else if (src[i] === ')' && --depth === 0) break;
      }
      continue;
    }
    out += src[i];
  }
  return out;
}

const sqlString = (s) => `'${s.replace(/'/g, "''")}'`;

/**
 * The benchmark export as DuckDB reads it: every column as text, RFC 4180 quoting (every query
 * uses this); `more` adds read_csv options (`, delim = ';'`).
 */
export const csvSource = (file, more = '') => `read_csv(${sqlString(file)}, header = true, quote = '"', escape = '"', all_varchar = true${more})`;

/**
 * @param {object} a
 * @param {string} a.file the CSV export (example-export shape)
 * @param {string} a.out the JSON file the per-plan ratings go to
 * @param {Record<string, unknown[]>} a.lexicons the rubric's lexicons
 * @param {(entries: unknown[], lexicons: object) => unknown[]} a.expand patterns.ts expand
 * @param {(phrase: string) => string} a.phraseSource patterns.ts phraseSource
 * @param {(name: string) => string} [a.column] the file's name for an example-shape column (another
 *   export shape renames them)
 * @param {string} [a.read] more read_csv options (`, delim = ';'`)
 */
export function rubricSql({ file, out, lexicons, expand, phraseSource, column = (name) => name, read = '' }) {
  const pattern = (name) =>
    sqlString(`(?i)${expand([`@${name}`], lexicons).map((e) => `(?:${typeof e === 'string' ? phraseSource(e) : re2(e.re)})`).join('|')}`);
  const q = (name) => `"${column(name).replace(/"/g, '""')}"`;
  const col = (name) => `coalesce(${q(name)}, '')`;
  // The mapping's newline lists: CRLF, CR or LF; each item trimmed, its bullet stripped, blanks dropped.
  const items = (name) =>
    `list_filter(list_transform(string_split(replace(replace(${col(name)}, chr(13) || chr(10), chr(10)), chr(13), chr(10)), chr(10)), ` +
    `t -> trim(regexp_replace(t, '^\\s*(?:[-*\\x{2022}\\x{b7}]|\\d{1,2}[.)])\\s+', ''))), t -> t <> '')`;
  const words = (name, min) =>
    `CASE WHEN trim(${col(name)}) = '' THEN 'not_met' WHEN len(regexp_extract_all(${col(name)}, '\\S+')) >= ${min} THEN 'met' ELSE 'partly' END`;
  /** Items of `list` that pass: counted once per plan, rated below. */
  const passing = (list, pass) => `len(list_filter(${list}, x -> ${pass}))`;
  /** An `each` criterion: met when every item passes, partly when some do, na without items. */
  const each = (n, pass) => `CASE WHEN ${n} = 0 THEN 'na' WHEN ${pass} = ${n} THEN 'met' WHEN ${pass} > 0 THEN 'partly' ELSE 'not_met' END`;
  /** An `all` of `each` criteria over one list: met when each is, not met when none has a passing item, else partly. */
  const allOfEach = (n, passes) =>
    `CASE WHEN ${n} = 0 THEN 'na' WHEN ${passes.map((p) => `${p} = ${n}`).join(' AND ')} THEN 'met' WHEN ${passes.map((p) => `${p} = 0`).join(' AND ')} THEN 'not_met' ELSE 'partly' END`;
  // No hit in any item: one match over the whole text (a phrase does not span items in practice;
  // the counts check says so), which is how one would write it in SQL.
  const none = (text, re) => `CASE WHEN regexp_matches(${text}, ${re}) THEN 'not_met' ELSE 'met' END`;
  // no-placeholders: template markers in the child's and parents' own words (Section A views), every placeholder elsewhere.
  const viewFields = ['Child Views', 'Parent Views', 'Aspirations'];
  const placeholderFields = ['How Views Gathered', 'Sec B Education Needs', 'Sec C Health Needs', 'Sec D Social Care Needs', 'Sec E Outcomes', 'Sec F Provision', 'Sec G Health Provision', 'Sec H1 Social Care CSDPA', 'Sec H2 Social Care Other', 'Sec I Placement', 'Sec J Personal Budget'];
  return `COPY (
  WITH plans AS (
    SELECT *,
      -- The mapping's outcome pattern ("[area] text"), one match per item.
      list_transform(list_transform(${items('Sec E Outcomes')}, t -> {'t': t, 'm': regexp_extract(t, '(?s)^\\[([^\\]]+)\\]\\s*(.+)$', ['area', 'text'])}),
        p -> CASE WHEN p.m.text = '' THEN {'area': NULL, 'text': p.t} ELSE {'area': p.m.area, 'text': trim(p.m.text)} END) AS e,
      ${items('Sec F Provision')} AS f,
      concat_ws(chr(10), ${['Sec G Health Provision', 'Sec H1 Social Care CSDPA', 'Sec H2 Social Care Other'].map(q).join(', ')}) AS gh,
      concat_ws(chr(10), ${viewFields.map(q).join(', ')}) AS views,
      concat_ws(chr(10), ${placeholderFields.map(q).join(', ')}) AS texts
    FROM ${csvSource(file, read)}
  ), counted AS (
    SELECT *,
      len(e) AS e_n,
      ${passing('e', `regexp_matches(x.text, ${pattern('time_bound')})`)} AS e_timed,
      ${passing('e', `regexp_matches(x.text, ${pattern('measurable')})`)} AS e_measured,
      ${passing('e', `NOT regexp_matches(x.text, ${pattern('provision_as_outcome')})`)} AS e_not_provision,
      len(f) AS f_n,
      ${passing('f', `regexp_matches(x, ${pattern('frequency')})`)} AS f_frequency,
      ${passing('f', `regexp_matches(x, ${pattern('duration')})`)} AS f_duration,
      ${passing('f', `regexp_matches(x, ${pattern('deliverer')})`)} AS f_deliverer
    FROM plans
  )
  SELECT ${q('Plan Ref')} AS ref,
    ${words('Child Views', 25)} AS "A-child-views",
    ${words('How Views Gathered', 5)} AS "A-how-gathered",
    ${words('Parent Views', 15)} AS "A-parent-views",
    ${words('Aspirations', 8)} AS "A-aspirations",
    ${each('e_n', 'e_timed')} AS "E-time-bound",
    ${each('e_n', 'e_measured')} AS "E-measurable",
    ${each('e_n', 'e_not_provision')} AS "E-not-provision",
    CASE WHEN NOT regexp_matches(lower(trim(${col('NC Year')})), '^(?:year|yr|y|nc year)?\\s*0?(?:9|1[0-4])$') THEN 'na'
      WHEN len(list_filter(e, i -> regexp_matches(concat_ws(' \n ', i.area, i.text), ${pattern('pfa')}))) >= 1 THEN 'met' ELSE 'not_met' END AS "E-pfa",
    ${none(col('Sec F Provision'), pattern('vague_provision'))} AS "F-not-vague",
    ${allOfEach('f_n', ['f_frequency', 'f_duration', 'f_deliverer'])} AS "F-quantified",
    ${none(col('Sec F Provision'), pattern('hedges'))} AS "F-hedges",
    ${none('gh', pattern('vague_provision'))} AS "GH-not-vague",
    CASE WHEN regexp_matches(views, ${pattern('placeholder_markers')}) OR regexp_matches(texts, ${pattern('placeholders')}) THEN 'not_met' ELSE 'met' END AS "no-placeholders"
  FROM counted
) TO ${sqlString(out)} (FORMAT json)`;
}

/** Per criterion, [met, partly, not_met, na] counts over the JSON Lines DuckDB wrote. */
export function ratingCounts(lines) {
  const counts = {};
  for (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    for (const [k, v] of Object.entries(row)) {
      if (k === 'ref') continue;
      const c = (counts[k] ??= { met: 0, partly: 0, notMet: 0, notApplicable: 0 });
      c[v === 'met' ? 'met' : v === 'partly' ? 'partly' : v === 'not_met' ? 'notMet' : 'notApplicable']++;
    }
  }
  return counts;
}
