/**
 * `moderate` (src/compare/moderate.ts) through its whole pipeline: worksheets written as CSV,
 * read back by readWorksheet, then moderate(). Kappa values are checked against worked examples
 * from the literature, each rebuilt as auditors' worksheets:
 *
 * - Cohen's kappa, two categories: Wikipedia, "Cohen's kappa", worked example (50 grant
 *   proposals; 20 yes/yes, 5 A-yes/B-no, 10 A-no/B-yes, 15 no/no): po = 0.7, pe = 0.5, kappa = 0.4.
 * - Cohen's kappa, three categories: Artstein R & Poesio M (2008) "Inter-coder agreement for
 *   computational linguistics", Computational Linguistics 34(4):555-596, p. 568 (100 utterances;
 *   Stat/Stat 46, IReq/Stat 6, IReq/IReq 32, IReq/Chck 6, Chck/Chck 10): po = 0.88, pe = 0.396,
 *   kappa = 0.801 (also used by DKPro Statistics' ArtsteinPoesio2008Test).
 * - Fleiss' kappa, three raters: Randolph JJ (2005) "Free-marginal multirater kappa", Joensuu
 *   University Learning and Instruction Symposium, p. 17: four items rated Yes/No by three raters,
 *   (YYY, YYN, NNY, NNN) -> Fleiss' kappa 0.333 (P-bar 0.667, P-e 0.5), and (YYY, YYN, YYN, YYY)
 *   -> -0.2.
 * The Fleiss (1971) / Wikipedia example (14 raters, 5 categories, kappa 0.210) has more categories
 * than the worksheet scale's four, so it is checked on the statistics function itself in
 * test/stats.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { roundTo } from '../../src/audit/stats.js';
import { consensusOf, moderate, parseRating, problemText, type ModerateInput } from '../../src/compare/moderate.js';
import { normaliseHeader, readWorksheet } from '../../src/compare/readWorksheet.js';
import { WORKSHEET_COLUMNS } from '../../src/compare/worksheet.js';
import { csvDocument } from '../../src/report/csvCell.js';
import { formatModerateCsv } from '../../src/report/moderateCsv.js';
import { formatModerateJson } from '../../src/report/moderateJson.js';
import { formatModerateMarkdown } from '../../src/report/moderateMarkdown.js';
import { formatModerateTable, kappaBand, kappaNumber, kappaText } from '../../src/report/moderateTable.js';
import { InputError } from '../../src/util/errors.js';
import { makeReport, repeat } from './helpers.js';

interface R {
  plan: string;
  criterion: string;
  rating: string;
  auditor?: string;
  comment?: string;
  /** Where the plan is in the export (the worksheet's file and line cells): blank unless given. */
  file?: string;
  line?: number;
}

const IDS = ['A-child-views', 'E-time-bound', 'F-not-vague', 'F-quantified'];
const KNOWN = { source: "rubric 'test'", list: IDS.map((id) => ({ id, title: `Title of ${id}` })) };
const TOOL = { name: 'ehcp-audit', version: '0' };

function sheetCsv(rows: R[]): string {
  return csvDocument(
    WORKSHEET_COLUMNS,
    rows.map((r) => [r.plan, r.criterion, '', '', '', r.auditor ?? '', r.rating, r.comment ?? '', r.file ?? '', r.line ?? '']),
  );
}

async function run(files: Record<string, R[]>, extra: Partial<ModerateInput> = {}) {
  const sheets = [];
  for (const [file, rows] of Object.entries(files)) sheets.push(await readWorksheet(file, Buffer.from(sheetCsv(rows))));
  return moderate({ sheets, criteria: KNOWN, weak: 0.6, tool: TOOL, ...extra });
}

/** Ratings of `n` plans P001.. on one criterion by one auditor. */
const rate = (criterion: string, ratings: string[], auditor?: string, offset = 0): R[] =>
  ratings.map((rating, i) => ({ plan: `P${String(i + 1 + offset).padStart(3, '0')}`, criterion, rating, ...(auditor ? { auditor } : {}) }));

describe('kappa against worked examples, through the worksheet pipeline', () => {
  it("Cohen's kappa: the Wikipedia example (kappa 0.4), auditors named by their file names", async () => {
    const a = [...repeat('met', 25), ...repeat('not met', 25)];
    const b = [...repeat('met', 20), ...repeat('not met', 5), ...repeat('met', 10), ...repeat('not met', 15)];
    const { report, problems } = await run({ 'reader-a.csv': rate('A-child-views', a), 'reader-b.csv': rate('A-child-views', b) });
    expect(problems).toEqual([]);
    const c = report.criteria[0]!;
    expect(c.raters).toEqual(['reader-a', 'reader-b']);
    expect(c.plans).toBe(50);
    expect(c.percentAgreement).toBeCloseTo(0.7, 12);
    expect(c.kappa).toMatchObject({ method: 'cohen', observed: 0.7, expected: 0.5, plans: 50, excluded: 0 });
    expect(c.kappa!.value).toBeCloseTo(0.4, 12);
    expect(c.needsClearerGuidance).toBe(true);
    expect(c.tool).toBeNull();
  });

  it("Cohen's kappa, three categories: Artstein and Poesio (2008) p. 568 (kappa 0.801), two auditors in one sheet", async () => {
    // Stat -> met, IReq -> partly, Chck -> not met.
    const pairs: [string, string, number][] = [
      ['met', 'met', 46],
      ['partly', 'met', 6],
      ['partly', 'partly', 32],
      ['partly', 'not met', 6],
      ['not met', 'not met', 10],
    ];
    const a = pairs.flatMap(([x, , n]) => repeat(x, n));
    const b = pairs.flatMap(([, y, n]) => repeat(y, n));
    const { report } = await run({ 'team.csv': [...rate('E-time-bound', a, 'Coder A'), ...rate('E-time-bound', b, 'Coder B')] });
    const k = report.criteria[0]!.kappa!;
    expect(k.method).toBe('cohen');
    expect(k.observed).toBeCloseTo(0.88, 12);
    expect(k.expected).toBeCloseTo(0.396, 12);
    expect(roundTo(k.value, 3)).toBe(0.801);
    expect(report.criteria[0]!.needsClearerGuidance).toBe(false);
  });

  it("Fleiss' kappa, three auditors: Randolph (2005) p. 17, examples 1 (0.333) and 2 (-0.2)", async () => {
    // Example 1 on F-not-vague: YYY, YYN, NNY, NNN. Example 2 on F-quantified: YYY, YYN, YYN, YYY.
    const ex1 = [['met', 'met', 'met'], ['met', 'met', 'not met'], ['not met', 'not met', 'met'], ['not met', 'not met', 'not met']];
    const ex2 = [['met', 'met', 'met'], ['met', 'met', 'not met'], ['met', 'met', 'not met'], ['met', 'met', 'met']];
    const sheet = (j: number) => [...rate('F-not-vague', ex1.map((r) => r[j]!)), ...rate('F-quantified', ex2.map((r) => r[j]!))];
    const { report } = await run({ 'ann.csv': sheet(0), 'ben.csv': sheet(1), 'cat.csv': sheet(2) });
    const [one, two] = report.criteria;
    expect(one!.id).toBe('F-not-vague');
    expect(one!.kappa).toMatchObject({ method: 'fleiss', ratingsPerPlan: 3, plans: 4, excluded: 0 });
    expect(roundTo(one!.kappa!.observed, 3)).toBe(0.667);
    expect(one!.kappa!.expected).toBeCloseTo(0.5, 12);
    expect(one!.kappa!.value).toBeCloseTo(1 / 3, 12);
    expect(one!.percentAgreement).toBe(0.5);
    expect(two!.kappa!.value).toBeCloseTo(-0.2, 12);
    expect(two!.needsClearerGuidance).toBe(true);
    // Majority ratings: every item of example 1 has a 2-1 or 3-0 majority.
    expect(one!.noConsensus).toBe(0);
  });

  it("Fleiss' kappa keeps a plan one auditor left blank (generalised to a varying number of ratings), and says so", async () => {
    const ex1 = [['met', 'met', 'met'], ['met', 'met', 'not met'], ['not met', 'not met', 'met'], ['not met', 'not met', 'not met']];
    const cat = rate('F-not-vague', ex1.map((r) => r[2]!));
    cat[3]!.rating = ''; // not rated yet
    const { report } = await run({
      'ann.csv': rate('F-not-vague', ex1.map((r) => r[0]!)),
      'ben.csv': rate('F-not-vague', ex1.map((r) => r[1]!)),
      'cat.csv': [...cat, { plan: 'P009', criterion: 'F-not-vague', rating: 'met' }],
    });
    const c = report.criteria[0]!;
    // P004 has two ratings (cat's is blank) and stays in; P009, rated by cat alone, cannot agree or disagree.
    expect(c.kappa).toMatchObject({ method: 'fleiss-varying', ratingsPerPlan: 2, maxRatingsPerPlan: 3, plans: 4, excluded: 1 });
    // By hand: pBar = (1 + 1/3 + 1/3 + 1) / 4 = 2/3; pi(met) = (1 + 2/3 + 1/3 + 0) / 4 = 1/2, pe = 1/2; kappa = 1/3.
    expect(c.kappa!.observed).toBeCloseTo(2 / 3, 12);
    expect(c.kappa!.expected).toBeCloseTo(1 / 2, 12);
    expect(c.kappa!.value).toBeCloseTo(1 / 3, 12);
    expect(c.notRated).toBe(1);
    expect(c.plans).toBe(5);
    expect(report.notes).toContain(
      "F-not-vague: the 4 plans rated by two or more auditors have 2 to 3 ratings each, so its kappa is Fleiss' kappa generalised to a varying number of ratings per plan (Gwet 2014), over all of them; 1 plan rated by one auditor only was left out (one rating cannot agree or disagree).",
    );
    expect(report.notes).toContain('1 worksheet row is not rated yet (blank rating) and left out of every figure.');
    expect(report.raters.find((r) => r.name === 'cat')).toEqual({ name: 'cat', files: ['cat.csv'], rated: 4, notRated: 1 });
  });
});

describe('blank auditor cells', () => {
  const a = ['met', 'met', 'not met', 'partly', 'met', 'n/a'];
  const b = ['met', 'not met', 'not met', 'partly', 'met', 'n/a'];

  it("take the one name a file gives elsewhere: no extra rater, and Cohen's kappa stays Cohen's", async () => {
    const ann = rate('A-child-views', a).map((r, i) => (i === 0 ? { ...r, auditor: 'Ann Smith' } : r));
    const { report, auditorNotes, problems } = await run({ 'annA.csv': ann, 'ben.csv': rate('A-child-views', b) });
    expect(problems).toEqual([]);
    expect(report.raters.map((r) => [r.name, r.rated])).toEqual([
      ['Ann Smith', 6],
      ['ben', 6],
    ]);
    expect(report.criteria[0]!.kappa!.method).toBe('cohen');
    const note = "annA.csv: the auditor cell is blank on 5 rows and names 'Ann Smith' on 1 row, so the blank rows are taken as Ann Smith's.";
    expect(auditorNotes).toEqual([{ warning: false, text: note }]);
    expect(report.notes).toContain(note);
  });

  it("stay the file's name when the file names several auditors, with a warning naming the file and the counts", async () => {
    const team = [...rate('A-child-views', a, 'Ann'), ...rate('A-child-views', b, 'Ben'), ...rate('A-child-views', a.slice(0, 4))];
    const { report, auditorNotes } = await run({ 'team.csv': team });
    expect(report.raters.map((r) => r.name)).toEqual(['Ann', 'Ben', 'team']);
    expect(auditorNotes).toEqual([
      {
        warning: true,
        text: "team.csv: the auditor cell is blank on 4 rows, taken as 'team' (the file's name), and names 2 auditors on the others ('Ann' on 6, 'Ben' on 6); type the auditor's name on the blank rows if they are not team's.",
      },
    ]);
  });

  it('say nothing when every row names its auditor, or none does, or the one name is the file name', async () => {
    const { auditorNotes } = await run({
      'x.csv': rate('A-child-views', a, 'Ann'),
      'ben.csv': rate('A-child-views', b),
      'cat.csv': rate('E-time-bound', a).map((r, i) => (i === 0 ? { ...r, auditor: 'CAT' } : r)),
    });
    expect(auditorNotes).toEqual([]);
  });
});

describe('the pooled kappa (all criteria)', () => {
  /** Codes as in the QA report: m met, p partly, n not met, x n/a, . not rated yet. */
  const CODE: Record<string, string> = { m: 'met', p: 'partly', n: 'not met', x: 'n/a', '.': '' };
  const codes = (criterion: string, text: string, auditor: string): R[] => rate(criterion, text.split(' ').map((c) => CODE[c]!), auditor);

  it('keeps every item when criteria were rated by different numbers of auditors, and says how it pooled them', async () => {
    // Two auditors on A-child-views and E-time-bound, three on F-not-vague (cat left one blank).
    // The modal-count rule kept only the 21 two-rating items and dropped F-not-vague's nine silently.
    const { report } = await run({
      'ann.csv': [...codes('A-child-views', 'm m m m p n m m x m', 'ann'), ...codes('E-time-bound', 'm m m m m m m m m m', 'ann'), ...codes('F-not-vague', 'm m n n m m p m m m', 'ann')],
      'ben.csv': [...codes('A-child-views', 'm m p m p n m n x m', 'ben'), ...codes('E-time-bound', 'm m m m m m m m m m', 'ben'), ...codes('F-not-vague', 'm n n n m m m m m m', 'ben')],
      'cat.csv': codes('F-not-vague', 'm m n m m p p m . m', 'cat'),
    });
    const k = report.overall.kappa!;
    expect(k).toMatchObject({ method: 'fleiss-varying', plans: 30, excluded: 0, ratingsPerPlan: 2, maxRatingsPerPlan: 3 });
    // By hand (exact fractions): pBar = 38/45, pe = 1097/1800, kappa = 423/703 = 0.6017.
    expect(k.observed).toBeCloseTo(38 / 45, 12);
    expect(k.expected).toBeCloseTo(1097 / 1800, 12);
    expect(k.value).toBeCloseTo(423 / 703, 12);
    // Per criterion the same rule: F-not-vague's plan that cat left blank stays in, with two ratings.
    expect(report.criteria.find((c) => c.id === 'F-not-vague')!.kappa).toMatchObject({ method: 'fleiss-varying', plans: 10, excluded: 0, ratingsPerPlan: 2, maxRatingsPerPlan: 3 });
    expect(report.notes).toContain(
      "All criteria: the 30 items rated by two or more auditors have 2 to 3 ratings each, so the pooled kappa is Fleiss' kappa generalised to a varying number of ratings per item (Gwet 2014), over all of them.",
    );
    // The terminal wraps lines: compare its words.
    const table = formatModerateTable(report, { useColor: false }).replace(/\s+/g, ' ');
    expect(table).toContain("over all criteria Fleiss' kappa (generalised to a varying number of ratings) is 0.602");
    expect(table).toContain("• All criteria: the 30 items rated by two or more auditors have 2 to 3 ratings each");
    // The method note counts and names every kappa used, the generalised Fleiss' kappa too.
    const methods =
      "Kappa: Cohen's kappa for 2 criteria rated by two auditors; Fleiss' kappa generalised to a varying number of ratings per plan (Gwet 2014) for 1 criterion rated by more than two, not all on every plan; all criteria pooled: Fleiss' kappa (generalised to a varying number of ratings).";
    expect(table).toContain(methods);
    expect(formatModerateMarkdown(report).replace(/\s+/g, ' ')).toContain(methods);
    expect(formatModerateMarkdown(report)).toContain('| All criteria | 30 | 3 | 80% (24/30) | 0.602 substantial (Fleiss, 2 to 3 per plan) |');
    expect(formatModerateCsv(report)).toContain('\r\n(all criteria),,30,1,3,30,24,0.8,fleiss-varying,0.6017,30,0,no,2,,,,\r\n');
  });

  it("reproduces Gwet's five-observer example (3 to 5 ratings per plan, kappa 0.458) through the worksheets", async () => {
    // Gwet (2014), irrCAC's cac.raw5obser: scores 0-3 read as met, partly, not met, n/a.
    const o = [
      '1 1 2 . 0 0 1 1 2 2 . 0 1 3 1',
      '1 1 3 0 0 0 0 . 2 1 1 0 2 3 1',
      '2 0 3 0 0 0 2 2 2 1 0 0 2 2 1',
      '. 1 3 . . . . 0 . 1 0 0 2 2 .',
      '2 . . 0 0 0 1 . 2 . . . . 3 1',
    ];
    const word = ['met', 'partly', 'not met', 'n/a'];
    const files = Object.fromEntries(o.map((row, j) => [`obs${j + 1}.csv`, rate('E-time-bound', row.split(' ').map((x) => (x === '.' ? '' : word[Number(x)]!)))]));
    const { report } = await run(files);
    const k = report.overall.kappa!;
    expect(k).toMatchObject({ method: 'fleiss-varying', plans: 15, excluded: 0, ratingsPerPlan: 3, maxRatingsPerPlan: 5 });
    expect(roundTo(k.observed, 3)).toBe(0.616);
    expect(roundTo(k.expected, 3)).toBe(0.291);
    expect(roundTo(k.value, 3)).toBe(0.458);
    // One criterion: its own kappa is the same figure, over the same fifteen plans.
    expect(report.criteria[0]!.kappa).toEqual(k);
  });

  it('counts items rated by one auditor only, for Fleiss and for Cohen', async () => {
    const three = await run({
      'ann.csv': codes('F-not-vague', 'm m n m', 'ann'),
      'ben.csv': codes('F-not-vague', 'm m n .', 'ben'),
      'cat.csv': codes('F-not-vague', 'm n n .', 'cat'),
    });
    expect(three.report.overall.kappa).toMatchObject({ method: 'fleiss', plans: 3, excluded: 1, ratingsPerPlan: 3 });
    expect(three.report.notes).toContain("All criteria: Fleiss' kappa is over the 3 items rated by 3 auditors; 1 item rated by one auditor only was left out (one rating cannot agree or disagree).");
    const two = await run({
      'ann.csv': [...codes('A-child-views', 'm m n m', 'ann'), ...codes('E-time-bound', 'm n . .', 'ann')],
      'ben.csv': [...codes('A-child-views', 'm m n .', 'ben'), ...codes('E-time-bound', 'm n m .', 'ben')],
    });
    expect(two.report.overall.kappa).toMatchObject({ method: 'cohen', plans: 5, excluded: 2 });
    expect(two.report.notes).toContain("All criteria: Cohen's kappa is over the 5 items both auditors rated; 2 items rated by one auditor only were left out (one rating cannot agree or disagree).");
    expect(formatModerateCsv(two.report)).toContain('\r\n(all criteria),,7,4,2,5,5,1,cohen,1,5,2,no,0,,,,\r\n');
  });

  it('gives the pooled row the high-agreement, low-kappa note too', async () => {
    // A-child-views: 10 met by both (kappa 1). E-time-bound: 1 of 3 agree (33%, not the paradox).
    // Pooled: 11 of 13 agree (85%) but Cohen's kappa is 0: ann rated everything met.
    const { report } = await run({
      'ann.csv': [...codes('A-child-views', 'm m m m m m m m m m', 'ann'), ...codes('E-time-bound', 'm m m', 'ann')],
      'ben.csv': [...codes('A-child-views', 'm m m m m m m m m m', 'ben'), ...codes('E-time-bound', 'n n m', 'ben')],
    });
    expect(report.overall.percentAgreement).toBeCloseTo(11 / 13, 12);
    expect(report.overall.kappa!.value).toBe(0);
    expect(report.criteria.map((c) => c.needsClearerGuidance)).toEqual([false, true]);
    const note = report.notes.find((n) => n.includes('Feinstein and Cicchetti'));
    expect(note).toMatch(/^all criteria pooled: kappa is low although the auditors agreed on at least 80% of plans\./);
  });
});

describe('the tool against the auditors', () => {
  it('compares the tool with the majority rating; ties are no consensus', async () => {
    const tool = makeReport({
      kind: 'sample',
      criteria: [{ id: 'A-child-views', met: 2, n: 3 }],
      plans: [
        { ref: 'P001', ratings: { 'A-child-views': 'met' } },
        { ref: 'P002', ratings: { 'A-child-views': 'not_met' } },
        { ref: 'P003', ratings: { 'A-child-views': 'met' } },
      ],
    });
    const { report } = await run(
      {
        'x.csv': [
          ...rate('A-child-views', ['met', 'met', 'met'], 'ann'),
          ...rate('A-child-views', ['met', 'met', 'not met'], 'ben'),
          ...rate('A-child-views', ['not met', 'met', 'partly'], 'cat'),
        ],
      },
      { report: { file: 'sample.json', report: tool }, criteria: { source: 'the report', list: tool.criteria.map((c) => ({ id: c.id, title: c.title })) } },
    );
    const c = report.criteria[0]!;
    // P001 met/met/not met: consensus met (tool met); P002 met x3: consensus met (tool not met);
    // P003 met/not met/partly: no consensus.
    expect(c.noConsensus).toBe(1);
    expect(c.tool).toMatchObject({ plans: 2, agreeing: 1, rate: 0.5 });
    expect(report.toolDisagreements.map((d) => [d.plan, d.consensus, d.tool])).toEqual([['P002', 'met', { rating: 'not_met', reasons: ['reason for A-child-views'] }]]);
    expect(report.disagreements.map((d) => [d.plan, d.consensus])).toEqual([
      ['P001', 'met'],
      ['P003', null],
    ]);
  });

  it('consensusOf: plurality, with ties as no consensus', () => {
    expect(consensusOf(['met', 'met', 'partly'])).toBe('met');
    expect(consensusOf(['met', 'partly'])).toBeNull();
    expect(consensusOf(['met', 'partly', 'na'])).toBeNull();
    expect(consensusOf(['na'])).toBe('na');
    expect(consensusOf([])).toBeNull();
  });
});

describe('ratings and headers', () => {
  it('accepts the scale in its usual spellings, case-insensitively', () => {
    const ok: [string, string][] = [
      ['met', 'met'],
      ['MET', 'met'],
      ['partly', 'partly'],
      ['Partly met', 'partly'],
      ['partly_met', 'partly'],
      ['not met', 'not_met'],
      ['Not_Met', 'not_met'],
      ['not-met', 'not_met'],
      ['n/a', 'na'],
      ['NA', 'na'],
      [' na ', 'na'],
      ['not applicable', 'na'],
      ['', ''],
      ['   ', ''],
    ];
    for (const [raw, want] of ok) expect(parseRating(raw), raw).toBe(want);
    for (const bad of ['yes', 'good', 'partial', 'n.a.', '1', 'met?']) expect(parseRating(bad), bad).toBeNull();
  });

  it('matches column names loosely', () => {
    expect(normaliseHeader('Plan Ref')).toBe('plan_ref');
    expect(normaliseHeader(' CRITERION ')).toBe('criterion');
    expect(normaliseHeader('plan-ref')).toBe('plan_ref');
  });

  it('reads a semicolon-separated sheet saved from a European Excel', async () => {
    const text = '\uFEFFPlan Ref;Criterion;Auditor;Rating\r\nP001;A-child-views;ann;met\r\nP001;A-child-views;ben;Not met\r\n';
    const sheet = await readWorksheet('eu.csv', Buffer.from(text));
    const { report, problems } = moderate({ sheets: [sheet], criteria: KNOWN, weak: 0.6, tool: TOOL });
    expect(problems).toEqual([]);
    expect(report.disagreements).toHaveLength(1);
  });

  it('reads a Windows-1252 sheet whose first accent is past the first 64 KiB (Excel "CSV (Comma delimited)")', async () => {
    // 1,500 plain rows (about 80 KiB), then a comment with é and Excel's smart quotes (0x93, 0x94).
    const plain = Array.from({ length: 1500 }, (_, i) => `P${String(i + 1).padStart(4, '0')},A-child-views,ann,met,plain comment number ${i + 1}\r\n`).join('');
    const bytes = Buffer.concat([Buffer.from(`plan_ref,criterion,auditor,rating,comment\r\n${plain}P999,A-child-views,ann,met,caf`), Buffer.from([0xe9, 0x20, 0x93]), Buffer.from('as agreed'), Buffer.from([0x94, 0x0d, 0x0a])]);
    expect(bytes.indexOf(0xe9)).toBeGreaterThan(64 * 1024);
    const sheet = await readWorksheet('ann.csv', bytes);
    expect(sheet.rows).toHaveLength(1501);
    expect(sheet.rows.at(-1)!.cells.comment).toBe('café “as agreed”');
    expect(sheet.rows.every((r) => r.problems.length === 0)).toBe(true);
  });

  it('refuses a sheet with a UTF-8 byte-order mark and a byte that is not UTF-8, naming the line and no option moderate lacks', async () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFFplan_ref,criterion,rating,comment\r\nP001,A-child-views,met,ok\r\nP002,A-child-views,met,caf'), Buffer.from([0xe9, 0x0d, 0x0a])]);
    const read = readWorksheet('ann.csv', bytes);
    await expect(read).rejects.toThrow(InputError);
    await expect(readWorksheet('ann.csv', bytes)).rejects.toThrow(/^ann\.csv:3: not valid UTF-8, though the file starts with UTF-8's byte-order mark; open it in Excel and save it again as 'CSV UTF-8'$/);
  });

  it('refuses a file that is not a worksheet, naming the missing columns', async () => {
    await expect(readWorksheet('plans.csv', Buffer.from('ref,name\nP1,x\n'))).rejects.toThrow(InputError);
    await expect(readWorksheet('plans.csv', Buffer.from('ref,name\nP1,x\n'))).rejects.toThrow(/^plans\.csv:1: not an auditor worksheet: no 'plan_ref', 'criterion', 'rating' columns/);
    // Not the export reader's advice (export the data from the case-management system).
    await expect(readWorksheet('ann.pdf', Buffer.from('%PDF-1.7\n...'))).rejects.toThrow(/^ann\.pdf looks like a PDF, not a worksheet: give the CSV file 'sample --worksheet' wrote, filled in$/);
  });
});

describe('bad worksheets, row by row', () => {
  const tool = makeReport({
    kind: 'sample',
    criteria: IDS.map((id) => ({ id, met: 1, n: 2 })),
    plans: [
      { ref: 'P001', ratings: { 'A-child-views': 'met' } },
      { ref: 'P002', ratings: { 'A-child-views': 'met' } },
    ],
  });
  const rows: R[] = [
    { plan: 'P001', criterion: 'A-child-views', rating: 'met' }, // line 2: fine
    { plan: 'P001', criterion: 'A-kid-views', rating: 'met' }, // line 3: unknown criterion
    { plan: 'P002', criterion: 'A-child-views', rating: 'good' }, // line 4: off the scale
    { plan: 'P999', criterion: 'A-child-views', rating: 'met' }, // line 5: not in the sample
    { plan: 'P001', criterion: 'A-child-views', rating: 'not met' }, // line 6: duplicate of line 2
    { plan: 'P002', criterion: 'E-time-bound', rating: '' }, // line 7: not rated yet: fine
    { plan: '', criterion: 'E-time-bound', rating: 'met' }, // line 8: no plan
    { plan: 'P002', criterion: 'F-not-vague', rating: 'met', auditor: 'ehcp-audit' }, // line 9: reserved name
  ];
  const input = { report: { file: 'sample.json', report: tool }, criteria: { source: 'the report sample.json', list: IDS.map((id) => ({ id, title: id })) } };

  it('reports every bad row as file:line: problem', async () => {
    const { problems, report } = await run({ 'ann.csv': rows }, input);
    expect(problems.map(problemText)).toEqual([
      "ann.csv:3: unknown criterion 'A-kid-views' (not in the report sample.json)",
      "ann.csv:4: rating 'good' is not on the scale: use met, partly, not met or n/a, or leave it blank if not rated yet",
      "ann.csv:5: plan 'P999' is not in the sample (sample.json)",
      "ann.csv:6: duplicate: auditor 'ann' already rated plan 'P001' on 'A-child-views' at line 2",
      'ann.csv:8: no plan_ref',
      "ann.csv:9: auditor name 'ehcp-audit' is kept for the tool's own ratings; use another name",
    ]);
    // Blank ratings are counted, not errors; bad rows are left out of every figure.
    expect(report.rows).toEqual({ read: 8, rated: 1, notRated: 1, skipped: 6 });
    expect(report.skipped).toHaveLength(6);
  });

  it("a row the CSV reader cannot read: one short problem in the worksheet's terms, at the row's line, quoting no later row", async () => {
    const head = 'plan_ref,criterion,help,rating,comment\r\n';
    const ok = (n: number) => `P00${n},A-child-views,"Rate: met, partly",met,\r\n`;
    const read = async (text: string) => moderate({ sheets: [await readWorksheet('ann.csv', Buffer.from(text))], criteria: KNOWN, weak: 0.6, tool: TOOL }).problems.map(problemText);
    // A quote opened in a rating and never closed: every later line lands in that cell.
    expect(await read(`${head}${ok(1)}P002,A-child-views,x,"met,\r\nP003,A-child-views,x,met,\r\nP004,A-child-views,x,met,\r\n`)).toEqual([
      'ann.csv:3: a quote opened in column 4 (rating) is never closed, so every later line was read into that cell and not as rows; close the quote, or write a quote inside a cell as ""',
    ]);
    // The same quote closed by the next row's quoted help cell: the row runs on to line 4.
    const [runOn] = await read(`${head}${ok(1)}P002,A-child-views,x,"met,\r\n${ok(3)}${ok(4)}`);
    expect(runOn).toBe(
      'ann.csv:3: stray quote in column 4 (rating), so the row cannot be read for certain (the row runs on to line 4: a quote may be missing); a quoted cell ends at its closing quote, and a quote inside a cell is written ""',
    );
    expect(await read(`${head}${ok(1)}P002,A-child-views,x,me"t,\r\n`)).toEqual([
      'ann.csv:3: stray quote in column 4 (rating), so the row cannot be read for certain; a quoted cell ends at its closing quote, and a quote inside a cell is written ""',
    ]);
    expect(await read(`${head}P002,A-child-views,x,met,fine,extra\r\n`)).toEqual(['ann.csv:2: the row has 6 cells, the header 5: put a cell holding the delimiter in quotes']);
  });

  it('quotes at most 40 characters of a cell, and only its first line', async () => {
    const { problems } = await run({ 'ann.csv': [{ plan: 'P001', criterion: 'A-child-views', rating: `met, as the plan says ${'x'.repeat(100)}` }, { plan: 'P002', criterion: 'A-child-views', rating: 'met\r\nreally' }] });
    expect(problems.map(problemText)).toEqual([
      "ann.csv:2: rating 'met, as the plan says xxxxxxxxxxxxxxx...' is not on the scale: use met, partly, not met or n/a, or leave it blank if not rated yet",
      "ann.csv:3: rating 'met...' is not on the scale: use met, partly, not met or n/a, or leave it blank if not rated yet",
    ]);
  });

  it('names the other file for a duplicate across files', async () => {
    const { problems } = await run({ 'a.csv': [{ plan: 'P001', criterion: 'A-child-views', rating: 'met', auditor: 'Ann' }], 'b.csv': [{ plan: 'P001', criterion: 'A-child-views', rating: 'met', auditor: 'ann ' }] }, input);
    expect(problems.map(problemText)).toEqual(["b.csv:2: duplicate: auditor 'ann' already rated plan 'P001' on 'A-child-views' at a.csv:2"]);
  });

  it('matches criterion ids ignoring case when that is unambiguous, else suggests the nearest', async () => {
    const { problems, report } = await run({
      'ann.csv': rate('A-child-views', ['met', 'met'], 'ann'),
      'ben.csv': [...rate('a-child-views', ['met', 'not met'], 'ben'), { plan: 'P003', criterion: 'A-chld-views', rating: 'met', auditor: 'ben' }, { plan: 'P003', criterion: 'Z-nothing-like-it', rating: 'met', auditor: 'ben' }],
    });
    expect(problems.map(problemText)).toEqual([
      "ben.csv:4: unknown criterion 'A-chld-views' (not in rubric 'test'): did you mean 'A-child-views'?",
      "ben.csv:5: unknown criterion 'Z-nothing-like-it' (not in rubric 'test')",
    ]);
    // ben's lower-case rows are A-child-views's: one criterion, two auditors, Cohen's kappa.
    expect(report.criteria.map((c) => [c.id, c.raters])).toEqual([['A-child-views', ['ann', 'ben']]]);
    const twoCases = { source: "rubric 'odd'", list: [{ id: 'F-vague', title: '' }, { id: 'f-VAGUE', title: '' }] };
    const odd = await run({ 'ann.csv': rate('F-VAGUE', ['met'], 'ann') }, { criteria: twoCases });
    expect(odd.problems.map(problemText)).toEqual(["ann.csv:2: criterion 'F-VAGUE' is 'F-vague' or 'f-VAGUE' but for case: write it exactly"]);
  });

  it('without --report or a rubric, any criterion id and plan is accepted', async () => {
    const sheets = [await readWorksheet('ann.csv', Buffer.from(sheetCsv([{ plan: 'X', criterion: 'anything', rating: 'met' }])))];
    expect(moderate({ sheets, weak: 0.6, tool: TOOL }).problems).toEqual([]);
  });
});

describe('kappa as printed', () => {
  it('never contradicts its Landis and Koch band: three decimals, or the digits the band takes', () => {
    expect(kappaBand(0.2004)).toBe('fair');
    expect(kappaNumber(0.2004)).toBe('0.2004');
    expect(kappaNumber(0.20000004)).toBe('0.200000');
    expect(kappaNumber(0.8004)).toBe('0.8004');
    expect(kappaNumber(-0.0004)).toBe('-0.0004');
    expect(kappaBand(-0.0004)).toBe('poor');
    expect(kappaNumber(0.4)).toBe('0.400');
    expect(kappaNumber(0.20049)).toBe('0.2005');
    expect(kappaNumber(0.6017)).toBe('0.602');
    expect(kappaText({ method: 'cohen', value: 0.2004, observed: 0, expected: 0, plans: 9, ratingsPerPlan: 2, maxRatingsPerPlan: 2, excluded: 0 })).toBe('0.2004 fair (Cohen)');
  });

  it('nor the --weak flag beside it, in the table, Markdown and CSV', async () => {
    expect(kappaNumber(0.59996, 0.6)).toBe('0.59996');
    expect(kappaNumber(0.59996)).toBe('0.600');
    const a = [...repeat('met', 25), ...repeat('not met', 25)];
    const { report } = await run({ 'a.csv': rate('A-child-views', a, 'ann'), 'b.csv': rate('A-child-views', a, 'ben') });
    const c = report.criteria[0]!;
    c.kappa!.value = 0.59996;
    c.needsClearerGuidance = true;
    expect(formatModerateMarkdown(report)).toContain('| A-child-views | 50 | 2 | 100% (50/50) | 0.59996 moderate (Cohen) | — | needs clearer guidance |');
    expect(formatModerateTable(report, { useColor: false })).toMatch(/│ A-child-views\s+│\s+50 │\s+2 │\s+100% \(50\/50\) │ 0.59996 │\s+— │ needed/);
    expect(formatModerateCsv(report)).toContain('\r\nA-child-views,Title of A-child-views,50,0,2,50,50,1,cohen,0.59996,50,0,yes,');
  });
});

describe('moderate formats', () => {
  it('every format flags the pooled row when its kappa is below --weak', async () => {
    const a = [...repeat('met', 25), ...repeat('not met', 25)];
    const b = [...repeat('met', 20), ...repeat('not met', 5), ...repeat('met', 10), ...repeat('not met', 15)];
    const { report } = await run({ 'a.csv': rate('A-child-views', a, 'ann'), 'b.csv': rate('A-child-views', b, 'ben') });
    expect(report.overall.needsClearerGuidance).toBe(true);
    expect(formatModerateCsv(report)).toMatch(/\r\n\(all criteria\),(?:[^,]*,){11}yes,/);
    expect(formatModerateMarkdown(report)).toContain('| All criteria | 50 | 2 | 70% (35/50) | 0.400 fair (Cohen) | — | needs clearer guidance |');
    const allRow = formatModerateTable(report, { useColor: false }).split('\n').find((l) => l.includes('All criteria'))!;
    expect(allRow).toMatch(/│ needed\s+│$/);
  });

  it('every format shows the per-criterion figures and the disagreements', async () => {
    const a = [...repeat('met', 25), ...repeat('not met', 25)];
    const b = [...repeat('met', 20), ...repeat('not met', 5), ...repeat('met', 10), ...repeat('not met', 15)];
    const { report } = await run({ 'a.csv': rate('A-child-views', a, 'ann'), 'b.csv': rate('A-child-views', b, 'ben').map((r, i) => (i === 20 ? { ...r, comment: '=HYPERLINK("x")' } : r)) });
    const table = formatModerateTable(report, { useColor: false });
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(table).toContain('0.400');
    expect(table).toContain('70% (35/50)');
    expect(table).toContain('needed');
    expect(formatModerateMarkdown(report)).toContain('| A-child-views | 50 | 2 | 70% (35/50) | 0.400 fair (Cohen) |');
    expect(formatModerateMarkdown(report)).toContain('ben: =HYPERLINK("x")');
    const json = JSON.parse(formatModerateJson(report)) as typeof report;
    expect(json.criteria[0]!.kappa!.value).toBeCloseTo(0.4, 12);
    expect(json.disagreements).toHaveLength(15);
    const csv = formatModerateCsv(report);
    expect(csv.startsWith('\uFEFFcriterion,title,plans,not_rated,auditors,compared,agreeing,percent_agreement,kappa_method,kappa,')).toBe(true);
    expect(csv).toContain('\r\nA-child-views,Title of A-child-views,50,0,2,50,35,0.7,cohen,0.4,50,0,yes,15,,,,\r\n');
    expect(csv).toContain('\r\n(all criteria),,50,0,2,50,35,0.7,cohen,0.4,50,0,yes,15,,,,\r\n');
  });
});

describe('references that do not fit the plan their file and line cells place them at', () => {
  const at = (plan: string, line: number, auditor: string, file = 'export.csv'): R => ({ plan, criterion: 'A-child-views', rating: 'met', auditor, file, line });

  it('one place given two references, or one reference given for two lines: every such row is refused, with Excel named when a reference is a number', async () => {
    const { problems } = await run({ 'ann.csv': [at('123', 2, 'ann'), at('123', 3, 'ann')], 'ben.csv': [at('00123', 2, 'ben'), at('123', 3, 'ben')] });
    expect(problems.map(problemText)).toEqual([
      "ann.csv:2: the plan at export.csv:2 is '123' here but '00123' at ben.csv:2: Excel may have changed a reference (opening a CSV, it reads 00123 as the number 123); copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text",
      "ann.csv:3: plan_ref '123' is given for the plan at export.csv:3 here but for the one at export.csv:2 at line 2: Excel may have changed a reference (opening a CSV, it reads 00123 as the number 123); copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text",
      "ben.csv:2: the plan at export.csv:2 is '00123' here but '123' at ann.csv:2: Excel may have changed a reference (opening a CSV, it reads 00123 as the number 123); copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text",
      "ben.csv:3: plan_ref '123' is given for the plan at export.csv:3 here but for the one at export.csv:2 at ann.csv:2: Excel may have changed a reference (opening a CSV, it reads 00123 as the number 123); copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text",
    ]);
    // References Excel does not change are not compared: worksheets of two exports of one name
    // (this month's and last) may put one plan on two lines, and two plans on one.
    const months = await run({ 'ann.csv': [at('EHCP-1', 2, 'ann'), at('EHCP-2', 3, 'ann')], 'ben.csv': [at('EHCP-1', 3, 'ben'), at('EHCP-3', 2, 'ben')] });
    expect(months.problems).toEqual([]);
  });

  it('rows without a file and line, or in files named differently, are not compared; the same plan on the same line is fine', async () => {
    const fine = await run({
      'ann.csv': [at('P1', 2, 'ann'), { plan: 'P2', criterion: 'A-child-views', rating: 'met', auditor: 'ann' }],
      'ben.csv': [at('P1', 2, 'ben'), at('P2', 2, 'ben', 'other-export.csv'), { plan: 'P3', criterion: 'A-child-views', rating: 'met', auditor: 'ben', file: 'export.csv' }],
    });
    expect(fine.problems).toEqual([]);
  });

  it("a number in Excel's scientific notation is refused as such, unless the sample has that reference", async () => {
    const rows = [at('1.23457E+19', 2, 'ann'), at('1,23457E+19', 3, 'ann'), { plan: '1E+11', criterion: 'A-child-views', rating: 'met' }];
    const { problems } = await run({ 'ann.csv': rows });
    expect(problems.map((p) => /^plan_ref '([^']*)'/.exec(p.message)?.[1])).toEqual(['1.23457E+19', '1,23457E+19', '1E+11']);
    expect(problems.every((p) => p.message.includes('is a number in scientific notation, as Excel shows a reference of 12 digits or more, not a reference'))).toBe(true);
    // Not Excel's: a reference that merely has an E in it.
    expect((await run({ 'ann.csv': [{ plan: '12E3', criterion: 'A-child-views', rating: 'met' }] })).problems).toEqual([]);
    const tool = makeReport({ kind: 'sample', criteria: [{ id: 'A-child-views', met: 1, n: 1 }], plans: [{ ref: '1E+11', ratings: { 'A-child-views': 'met' } }] });
    const inSample = await run({ 'ann.csv': [{ plan: '1E+11', criterion: 'A-child-views', rating: 'met' }] }, { report: { file: 'sample.json', report: tool } });
    expect(inSample.problems).toEqual([]);
  });

  it('with the report: a reference on the line the report gives is never doubted; on another line it is refused', async () => {
    // makeReport puts its plans on lines 2, 3... of export.csv.
    const tool = makeReport({
      kind: 'sample',
      criteria: [{ id: 'A-child-views', met: 2, n: 2 }],
      plans: [
        { ref: '00123', ratings: { 'A-child-views': 'met' } },
        { ref: '123', ratings: { 'A-child-views': 'met' } },
      ],
    });
    const { problems, report } = await run({ 'ann.csv': [at('123', 2, 'ann'), at('123', 3, 'ann')], 'ben.csv': [at('00123', 2, 'ben'), at('123', 3, 'ben')] }, { report: { file: 'sample.json', report: tool } });
    expect(problems.map(problemText)).toEqual([
      "ann.csv:2: plan '123' is at export.csv:3 in sample.json, but this row's file and line are export.csv:2, another plan's: Excel may have changed a reference (opening a CSV, it reads 00123 as the number 123); copy the plan_ref cells back from the blank worksheet, and open worksheets in Excel with Data > From Text/CSV, setting the plan_ref column to Text",
    ]);
    expect(report.rows).toMatchObject({ rated: 3, skipped: 1 });
  });
});
