#!/usr/bin/env node
/**
 * generate-export.mjs: a seeded generator of realistic, entirely synthetic EHC-plan exports.
 *
 *   node scripts/generate-export.mjs --plans N --seed S --format csv|yaml|yaml-list|jsonl|json \
 *        --out FILE [--as-of YYYY-MM-DD] [--truth FILE] [--comment TEXT]
 *
 * Defaults: --seed 1, --as-of 2026-11-26, --format csv. `--out -` writes to stdout. --comment adds a
 * line to the comment header of YAML output (ignored by the other formats).
 * - csv: the case-management export described by fixtures/example-export.map.yaml (UTF-8 with BOM,
 *   CRLF rows, RFC 4180 quoting, dates dd/mm/yyyy, one outcome / provision item per line in a cell),
 *   plus two unmapped columns "Interpreter Required" (Y/N) and "Caseworker" (e.g. CW07).
 * - yaml: multi-document YAML, one plan per `---` document, in the native record shape of
 *   src/records/model.ts (dates YYYY-MM-DD, child.ncYear -2..14 with 0 = Reception).
 * - yaml-list: ONE YAML document holding a list of plans (not streamed: for small fixtures).
 * - jsonl: one native record per line. json: an array of native records.
 * csv, yaml, jsonl and json are streamed (memory does not grow with --plans). Same arguments give a
 * byte-identical file: all randomness comes from a small seeded PRNG (mulberry32) in this script,
 * and plan i is generated from its own stream seeded by (seed, i).
 * Every format carries the same plans: the CSV, loaded with example-export.map.yaml, gives exactly
 * the native records the other formats hold (the unmapped columns land in `extra`).
 *
 * --truth FILE writes JSON Lines ground truth, one line per plan in file order:
 *   {"ref":"EHCP-2024-00001","defects":["no_child_views","vague_f"]}
 * The defect ids and their exact definitions are DEFECTS below. Each definition is checked against
 * the generated plan before it is written (the script throws if an injected defect is not really
 * there, or a defect is there that was not injected), so the truth file is exact.
 *
 * Defect vocabulary (id: definition; base rate before the per-caseworker factor, see DEFECTS):
 *   no_child_views        Section A child/young person's views blank
 *   token_child_views     child's views present but a token line of fewer than 10 words
 *   no_parent_views       Section A parent/carer views blank
 *   no_aspirations        Section A aspirations blank
 *   no_health_advice      Section C lists health needs but Section K has no health advice
 *   no_social_care_advice Section D lists social care needs but Section K has no social care advice
 *   health_needs_no_g     Section C lists health needs but Section G is empty
 *   care_needs_no_h       Section D lists social care needs but Sections H1 and H2 are both empty
 *   vague_f               a Section F item uses vague wording (domain.md section 3 list)
 *   outcome_no_timescale  a Section E outcome has no timescale (see TIMESCALE_RE)
 *   provision_as_outcome  a Section E outcome is provision ("will receive", "will have access to")
 *   no_pfa_outcomes       NC Year 9 or above and no outcome in a PfA area
 *   no_placement          Section I blank
 *   review_overdue        latest of last annual review / final issue is > 12 months before as-of
 *   late_issue            final plan issued more than 20 weeks (140 days) after the request
 *   short_draft_period    draft issued fewer than 15 days before the final plan
 *   no_qa_signoff         no QA sign-off (neither name nor date)
 *   placeholder           "[INSERT ...]" or "TBC" left in the plan text
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { Document, visit } from 'yaml';

// ------------------------------------------------------------------------------------------------
// Defect vocabulary. `rate` is the base probability per eligible plan; each caseworker has a fixed
// quality factor (0.5-1.5, mean 1) that scales it, so defects cluster by caseworker as QA finds.
// On top of that, every block of 100 consecutive plans holds at least one plan with each defect.
// ------------------------------------------------------------------------------------------------
export const DEFECTS = [
  { id: 'no_child_views', rate: 0.04, applies: 'all plans', description: "Section A: the child's / young person's views are blank" },
  { id: 'token_child_views', rate: 0.05, applies: 'all plans', description: "Section A: the child's views are a token line (fewer than 10 words, e.g. \"Likes football.\")" },
  { id: 'no_parent_views', rate: 0.03, applies: 'all plans', description: 'Section A: the parent/carer views are blank' },
  { id: 'no_aspirations', rate: 0.06, applies: 'all plans', description: 'Section A: the aspirations are blank' },
  { id: 'no_health_advice', rate: 0.12, applies: 'plans with health needs in C', description: 'Section C lists health needs but Section K has no health advice' },
  { id: 'no_social_care_advice', rate: 0.12, applies: 'plans with social care needs in D', description: 'Section D lists social care needs but Section K has no social care advice' },
  { id: 'health_needs_no_g', rate: 0.12, applies: 'plans with health needs in C', description: 'Section C lists health needs but Section G is empty' },
  { id: 'care_needs_no_h', rate: 0.12, applies: 'plans with social care needs in D', description: 'Section D lists social care needs but Sections H1 and H2 are both empty' },
  { id: 'vague_f', rate: 0.14, applies: 'all plans', description: 'Section F: at least one item uses vague wording (access to, as required, regular, small group, support from school staff, up to, opportunities to)' },
  { id: 'outcome_no_timescale', rate: 0.09, applies: 'all plans', description: 'Section E: at least one outcome has no timescale' },
  { id: 'provision_as_outcome', rate: 0.05, applies: 'all plans', description: 'Section E: at least one outcome is provision ("will receive", "will have access to")' },
  { id: 'no_pfa_outcomes', rate: 0.15, applies: 'NC Year 9 and above', description: 'Year 9 or above and no outcome in a preparing-for-adulthood area (Employment, Independent living, Community, Health)' },
  { id: 'no_placement', rate: 0.025, applies: 'all plans', description: 'Section I is blank' },
  { id: 'review_overdue', rate: 0.07, applies: 'plans old enough (final issued 400+ days before as-of is possible)', description: 'the later of the last annual review and the final issue date is more than 12 months before the as-of date' },
  { id: 'late_issue', rate: 0.18, applies: 'all plans', description: 'the final plan was issued more than 20 weeks (140 days) after the request' },
  { id: 'short_draft_period', rate: 0.04, applies: 'all plans', description: 'the draft was issued fewer than 15 days before the final plan' },
  { id: 'no_qa_signoff', rate: 0.06, applies: 'all plans', description: 'no QA sign-off: QA Signed Off By and QA Date both blank' },
  { id: 'placeholder', rate: 0.03, applies: 'all plans', description: 'a template placeholder ("[INSERT ...]" or "TBC") is left in the plan text' },
];
export const DEFECT_IDS = DEFECTS.map((d) => d.id);

/** Vague Section F wording injected for `vague_f` (each vague item contains one of these). */
export const VAGUE_F_PHRASES = ['access to', 'as required', 'regular', 'small group', 'support from school staff', 'up to', 'opportunities to'];

/**
 * A timescale in an outcome: "by July 2027", "by the end of Year 6", "by the end of the academic
 * year", "within 6 months" / "within 12 weeks", or a dd/mm/yyyy date. Case-insensitive.
 */
export const TIMESCALE_RE =
  /\bby (?:january|february|march|april|may|june|july|august|september|october|november|december) \d{4}\b|\bby the end of year \d{1,2}\b|\bby the end of the academic year\b|\bwithin \d+ (?:weeks?|months?)\b|\b\d{2}\/\d{2}\/\d{4}\b/i;

/** Provision written as an outcome. */
export const PROVISION_AS_OUTCOME_RE = /\bwill (?:receive|have access to)\b/i;

/** Placeholders left from a template. */
export const PLACEHOLDER_RE = /\[INSERT[^\]]*\]|\bTBC\b/;

export const PFA_AREA_LABELS = ['Employment', 'Independent living', 'Community', 'Health'];

// Stricter than the defect definitions: text that must NOT appear in a "good" F/G/H item, so that
// a rubric using any reasonable reading of domain.md section 3 finds nothing vague in a clean plan.
const BROAD_VAGUE_RE = new RegExp(
  [
    'access to', 'opportunit', 'regular', 'as required', 'as needed', 'when needed', 'if needed', 'as appropriate',
    'where appropriate', 'where possible', 'would benefit', 'recommended', 'up to', 'or equivalent', 'such as',
    'e\\.g\\.', 'etc', 'as advised', 'key adult', 'school staff', 'appropriate professional', 'small group',
    'available', 'high level', 'high ratio', 'some support', 'initially', 'reducing', 'as and when',
    '\\bsupport(?! assistant)', '\\binput\\b', '\\bintervention', '\\bshould\\b', '\\bmay\\b', '\\bcould\\b', '\\bmight\\b',
    '\\d+\\s*[-\u2013]\\s*\\d+',
  ].join('|'),
  'i',
);
// Stricter than PROVISION_AS_OUTCOME_RE: a good outcome never says "will be/have/get/attend".
const BROAD_PROVISION_OUTCOME_RE = /\bwill (?:receive|have|be|get|attend)\b/i;
// Preparing-for-adulthood wording: a plan with no_pfa_outcomes has none of it in any outcome.
const PFA_WORDS_RE = /\bjobs?\b|career|friend|relationship|communit|employ|independent living|further education|higher education|work experience|\bhealth\b/i;
// Anything that could be read as a timescale: a no-timescale outcome contains none of it.
const BROAD_TIME_RE = /\d|\bby\b|\bwithin\b|\bend of\b|\bterm\b|\byear\b|\bweeks?\b|\bmonths?\b|january|february|march|april|\bmay\b|june|july|august|september|october|november|december/i;

// ------------------------------------------------------------------------------------------------
// Seeded randomness.
// ------------------------------------------------------------------------------------------------
export function hash32(...parts) {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = String(p);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Rng {
  constructor(seed) {
    this.s = seed >>> 0;
  }
  /** mulberry32: a float in [0, 1). */
  next() {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [a, b]. */
  int(a, b) {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(arr) {
    return arr[Math.floor(this.next() * arr.length)];
  }
  /** pairs: [[value, weight], ...] */
  weighted(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.next() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  shuffle(arr) {
    const a = arr.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  sample(arr, k) {
    return this.shuffle(arr).slice(0, k);
  }
}

// ------------------------------------------------------------------------------------------------
// Dates (UTC day numbers, no time zones).
// ------------------------------------------------------------------------------------------------
const DAY = 86_400_000;
const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const ukOf = (iso) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
function addMonthsIso(iso, months) {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7) - 1 + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const dim = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const d = Math.min(+iso.slice(8, 10), dim);
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// ------------------------------------------------------------------------------------------------
// The invented local authority: districts, settings, caseworkers.
// ------------------------------------------------------------------------------------------------
export const DISTRICTS = ['Northmoor', 'Kellbrook', 'Ashvale', 'Fenwold', 'Harrowby Cross', 'Stanmere', 'Hollinsgate', 'Wexcombe'];
const DISTRICT_WEIGHTS = [20, 16, 14, 12, 11, 10, 9, 8];
const STEMS = ['Moorside', 'Brookside', 'Ash Grove', 'Fenside', 'Harrow Lane', 'Meregate', 'Hollins Park', 'Wexford Road'];
const SAINTS = ['Aidan', 'Anne', 'Bede', 'Cuthbert', 'Hilda', 'Mary', 'Oswald', 'Thomas'];

function buildSettings() {
  const list = [];
  const add = (s) => {
    list.push(s);
    return s;
  };
  const byDistrict = DISTRICTS.map((d, i) => {
    const stem = STEMS[i];
    const primaries = [
      add({ name: `${d} Primary School`, type: 'Mainstream', desc: 'mainstream community primary school', place: 'school' }),
      add({ name: `St ${SAINTS[i]}'s CE Primary School, ${d}`, type: 'Mainstream', desc: 'mainstream voluntary-aided primary school', place: 'school' }),
      add({ name: `${stem} Primary Academy`, type: 'Mainstream', desc: 'mainstream primary academy', place: 'school' }),
    ];
    const rpPrimary = add({ name: `${stem} Infant and Junior School`, type: 'Mainstream (resourced provision)', desc: 'mainstream primary school with resourced provision for autism', place: 'school' });
    const secondaries = [
      add({ name: `${d} Academy`, type: 'Mainstream', desc: 'mainstream secondary academy with sixth form', place: 'school' }),
      add({ name: `${stem} High School`, type: 'Mainstream', desc: 'mainstream community secondary school with sixth form', place: 'school' }),
    ];
    const rpSecondary = add({ name: `${d} School of Science`, type: 'Mainstream (resourced provision)', desc: 'mainstream secondary school with resourced provision for speech, language and communication needs', place: 'school' });
    const pvi = [
      add({ name: `Little Acorns Day Nursery, ${d}`, type: 'Early years', desc: 'private day nursery, early years provider', senSetting: 'EYP', place: 'nursery' }),
      add({ name: `${stem} Pre-school`, type: 'Early years', desc: 'voluntary pre-school, early years provider', senSetting: 'EYP', place: 'nursery' }),
    ];
    const nurserySchool = add({ name: `${d} Nursery School`, type: 'Early years', desc: 'maintained nursery school', place: 'nursery' });
    return { primaries, rpPrimary, secondaries, rpSecondary, pvi, nurserySchool };
  });
  const special = {
    brookfield: add({ name: 'Brookfield School', type: 'Special', desc: 'community special school for autistic pupils aged 4 to 19', place: 'school', minYear: 0 }),
    kellbrookPark: add({ name: 'Kellbrook Park School', type: 'Special', desc: 'community special school for pupils aged 2 to 19 with severe and profound learning difficulties', place: 'school', minYear: -2 }),
    willows: add({ name: 'The Willows School', type: 'Special', desc: 'community special school for pupils aged 7 to 16 with social, emotional and mental health needs', place: 'school', minYear: 3, maxYear: 11 }),
    meadowbank: add({ name: 'Meadowbank School', type: 'Special', desc: 'foundation special school for pupils aged 2 to 19 with physical and sensory needs', place: 'school', minYear: -2 }),
    fenwoldHall: add({ name: 'Fenwold Hall School', type: 'Special', desc: 'community special school for pupils aged 4 to 16 with complex learning needs', place: 'school', minYear: 0, maxYear: 11 }),
  };
  const indepSpecial = {
    oakridge: add({ name: 'Oakridge House School', type: 'Independent special', desc: 'independent special school for autistic pupils (section 41 approved)', place: 'school', minYear: 3 }),
    cedar: add({ name: 'Cedar Grange School', type: 'Independent special', desc: 'independent special school for pupils with social, emotional and mental health needs (section 41 approved)', place: 'school', minYear: 5, maxYear: 11 }),
  };
  const fe = [
    add({ name: 'Northmoor College', type: 'FE college', desc: 'general further education college', place: 'college' }),
    add({ name: 'Stanmere College of Further Education', type: 'FE college', desc: 'general further education college', place: 'college' }),
  ];
  const spi = add({ name: 'Hillview Specialist College', type: 'Specialist post-16', desc: 'independent specialist post-16 institution', place: 'college' });
  const ap = [
    add({ name: 'Kellbrook Pupil Referral Unit', type: 'AP', desc: 'pupil referral unit (alternative provision)', place: 'the centre' }),
    add({ name: 'Hollinsgate Learning Centre', type: 'AP', desc: 'alternative provision academy', place: 'the centre' }),
  ];
  const tuition = add({ name: 'Northmoor Tuition Service', type: 'AP', desc: 'tuition arranged by the local authority', senSetting: 'OLA', place: 'home' });
  const custody = [
    add({ name: "Wexcombe Secure Children's Home", type: 'Youth custody', desc: "secure children's home", senSetting: 'OTH', place: 'the secure home' }),
    add({ name: 'HMYOI Fenwold Park', type: 'Youth custody', desc: 'young offender institution', senSetting: 'OTH', place: 'the YOI' }),
  ];
  // Fixed URNs (the same local authority whatever the seed).
  const used = new Set();
  for (const s of list) {
    if (s.senSetting) continue;
    let urn = 100000 + (hash32('urn', s.name) % 800000);
    while (used.has(urn)) urn++;
    used.add(urn);
    s.urn = String(urn);
  }
  return { byDistrict, special, indepSpecial, fe, spi, ap, tuition, custody };
}
const SETTINGS = buildSettings();

// ------------------------------------------------------------------------------------------------
// People (invented; combined at random, so no combination names a real child).
// ------------------------------------------------------------------------------------------------
const GIRLS = ['Amira', 'Olivia', 'Maya', 'Zara', 'Ella', 'Grace', 'Sophie', 'Aisha', 'Freya', 'Isla', 'Poppy', 'Leah', 'Hannah', 'Chloe', 'Ruby', 'Layla', 'Evie', 'Niamh', 'Fatima', 'Jessica', 'Megan', 'Priya', 'Harriet', 'Lily'];
const BOYS = ['Oliver', 'Jack', 'Harry', 'Mohammed', 'Noah', 'Leo', 'Ethan', 'Kai', 'Jacob', 'Dylan', 'Ryan', 'Callum', 'Yusuf', 'Finley', 'Reuben', 'Tyler', 'Oscar', 'Samuel', 'Arjun', 'Liam', 'Kieran', 'Alfie', 'Mason', 'Ibrahim'];
const SURNAMES = ['Khan', 'Smith', 'Patel', 'Jones', 'Williams', 'Taylor', 'Brown', 'Ahmed', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes', 'Green', 'Hall', 'Wood', 'Clarke', 'Hussain', 'Kowalski', 'Nowak', 'Okafor', 'Mensah', 'Begum', 'Ali', "O'Connor", 'Murphy', 'Campbell', 'Stewart', 'Robinson', 'Lewis', 'Harris', 'Baker', 'Ward', 'Turner', 'Price', 'Bennett', 'Shaw', 'Chen'];
const LANGUAGES = ['Polish', 'Urdu', 'Arabic', 'Romanian', 'Bengali', 'Somali', 'Portuguese', 'Punjabi', 'Tigrinya'];
const CASEWORKER_COUNT = 24; // CW01..CW24, three per district

// ------------------------------------------------------------------------------------------------
// Needs.
// ------------------------------------------------------------------------------------------------
/** England, January 2025 primary-need shares (domain.md section 6). */
const PRIMARY_NEED_WEIGHTS = [
  ['ASD', 31.5], ['SLCN', 21.3], ['SEMH', 20.7], ['MLD', 10.6], ['SLD', 4.0], ['PD', 3.9],
  ['SPLD', 2.3], ['HI', 1.4], ['PMLD', 1.3], ['OTH', 1.2], ['VI', 0.8], ['MSI', 0.3],
];
const SEN_LABEL = {
  SPLD: 'Specific learning difficulty', MLD: 'Moderate learning difficulty', SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty', SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs', HI: 'Hearing impairment', VI: 'Visual impairment',
  MSI: 'Multi-sensory impairment', PD: 'Physical disability', ASD: 'Autistic spectrum disorder',
  OTH: 'Other difficulty or disability', DS: 'Down syndrome',
};
const AREA_OF = { ASD: 'CI', SLCN: 'CI', MLD: 'CL', SLD: 'CL', PMLD: 'CL', SPLD: 'CL', DS: 'CL', SEMH: 'SEMH', HI: 'SP', VI: 'SP', MSI: 'SP', PD: 'SP', OTH: 'SP' };
const AREA_LABEL = { CI: 'Communication and interaction', CL: 'Cognition and learning', SEMH: 'Social, emotional and mental health', SP: 'Sensory and/or physical' };
const SECONDARY_OF = {
  ASD: ['SLCN', 'SEMH', 'MLD'], SLCN: ['MLD', 'SEMH', 'ASD'], SEMH: ['SLCN', 'SPLD', 'MLD'], MLD: ['SLCN', 'SEMH', 'PD'],
  SLD: ['SLCN', 'PD', 'ASD'], PMLD: ['PD', 'VI', 'HI'], SPLD: ['SEMH', 'SLCN'], HI: ['SLCN', 'MLD'], VI: ['PD', 'MLD'],
  MSI: ['PD', 'SLD'], PD: ['MLD', 'SLCN', 'VI'], OTH: ['MLD', 'PD', 'SLCN'],
};
const SPECIAL_PROPENSITY = { ASD: 0.46, SLCN: 0.14, SEMH: 0.34, MLD: 0.36, SLD: 0.85, PMLD: 0.95, PD: 0.45, SPLD: 0.05, HI: 0.2, VI: 0.2, MSI: 0.8, OTH: 0.35 };
const HEALTH_PROPENSITY = { PMLD: 0.95, SLD: 0.7, PD: 0.9, MSI: 0.9, HI: 0.85, VI: 0.85, OTH: 0.6, ASD: 0.35, SEMH: 0.35, SLCN: 0.2, MLD: 0.25, SPLD: 0.1 };
const CARE_PROPENSITY = { PMLD: 0.7, SLD: 0.5, MSI: 0.5, PD: 0.4, ASD: 0.18, SEMH: 0.25, SLCN: 0.08, MLD: 0.12, SPLD: 0.05, HI: 0.1, VI: 0.1, OTH: 0.2 };

/** NC-year weights (-2 = N1 ... 14 = Year 14): EHC plans peak in late primary and early secondary. */
const YEAR_WEIGHTS = [[-2, 0.3], [-1, 1], [0, 2.5], [1, 4], [2, 5], [3, 6], [4, 6.5], [5, 7], [6, 7.5], [7, 7.5], [8, 7.5], [9, 7.5], [10, 7], [11, 7], [12, 6.5], [13, 5.5], [14, 4]];
const PHASE_YEARS = { 'early years': [-2, 0], KS1: [1, 2], KS2: [3, 6], KS3: [7, 9], KS4: [10, 11], 'post-16': [12, 14] };

export function formatNcYear(y) {
  if (y === -2) return 'N1';
  if (y === -1) return 'N2';
  if (y === 0) return 'Reception';
  return `Year ${y}`;
}

// ------------------------------------------------------------------------------------------------
// Text pools. {N} first name, {he}/{him}/{his}/{He}/{His} pronouns, {place} nursery/school/college.
// ------------------------------------------------------------------------------------------------
function fill(tpl, ctx) {
  return tpl.replace(/\{(\w+)\}/g, (m, k) => (ctx[k] !== undefined ? ctx[k] : m));
}

const CHILD_OBS = {
  likes: [
    '{N} smiles and reaches out when {he} hears music and when a familiar adult sings to {him}.',
    '{N} laughs during peek-a-boo games and watches bubbles closely, reaching out to pop them.',
    '{N} loves water play and will splash for a long time with a big smile.',
    '{N} enjoys being on the swing and makes a happy sound to ask for more.',
  ],
  dislikes: [
    '{He} shows {he} is unhappy by crying and turning away when the room is noisy.',
    '{He} becomes upset when {his} routine changes without warning and will drop to the floor.',
    '{He} pushes away food {he} does not like and turns {his} head from new textures.',
  ],
  helps: [
    '{He} settles quickly when {he} is held close and given {his} favourite blanket.',
    '{He} is calmer when adults use a few simple words and show {him} an object to say what is happening next.',
    '{He} copes better when {he} can watch an activity for a while before joining in.',
  ],
};
const CHILD_PRIMARY = {
  likes: [
    'I like playing football at break time and drawing dinosaurs.',
    'I like Minecraft, my dog Biscuit and going to the park with my dad.',
    'My favourite thing at school is art because I am good at it.',
    'I like reading comics and building Lego at home.',
    'I like swimming and I go every Saturday with my mum.',
  ],
  hard: [
    'Reading is hard because the words get jumbled up.',
    "I don't like the dining hall because it is too loud and smelly.",
    "Sometimes I get cross when other children don't play my way.",
    "Maths is hard and I don't like it when I get things wrong.",
    "I find it hard when we have a supply teacher and I don't know what is happening.",
  ],
  helps: [
    'It helps when my teacher shows me what to do first.',
    'It helps when I can go to the calm room and squeeze my squishy.',
    'I like having my own word mat on my table because I can look at it when I am stuck.',
    'It helps when my teacher tells me about changes before they happen.',
    'Having a job to do at lunchtime makes me feel better.',
  ],
};
const CHILD_SECONDARY = {
  likes: [
    'I am into gaming and I like making short videos about the games I play.',
    'I enjoy cooking and I help my nan make tea on Sundays.',
    'I like music and I have started learning the drums.',
    'I like animals and I look after our rabbits at home.',
    'I like fixing things, like my bike, and I want to learn more about engines.',
  ],
  hard: [
    'I find it hard to concentrate in long lessons and I get told off for talking.',
    "Crowded corridors make me anxious so sometimes I don't go to lessons.",
    "Writing is hard, my hand hurts and I can't get my ideas down.",
    "I don't always understand what teachers mean when they talk fast.",
    'I find it hard to make friends and I spend a lot of break times on my own.',
  ],
  helps: [
    'It helps when I can use a laptop instead of writing.',
    'It helps to have a time-out card and somewhere quiet to go.',
    'I work best when teachers give me the instructions written down.',
    'It helps when I know someone I can talk to at the start of the day.',
    'It helps me to sit near the front and away from the door.',
  ],
};
const TOKEN_CHILD_VIEWS = ['{N} is happy at school.', 'Likes football.', '{N} enjoys school.', 'Happy.', '{N} likes Lego.', 'Did not comment.', 'Likes computers.'];

const PARENT = {
  opening: [
    '{N} is a loving, funny {kid} who brightens up our home.',
    '{N} is kind and determined and has a great sense of humour.',
    'We are very proud of {N}, who has come a long way in the last year.',
    '{N} is a gentle {kid} who loves being with family.',
  ],
  worries: [
    'We worry that {he} is falling further behind {his} classmates in reading and maths.',
    'Our biggest worry is {his} anxiety, which means some mornings {he} cannot get out of the car.',
    'We are worried about how {he} will cope with the move to {next}.',
    'We worry that {he} has no friends and is often on {his} own at break times.',
    'We are exhausted because {N} sleeps very little and needs watching all the time.',
  ],
  wants: [
    'We want {him} to be happy, to feel safe and to have friends.',
    'We would like everyone working with {him} to understand that {his} behaviour is communication.',
    'We want {him} to learn to read so that {he} can be more independent.',
    'We would like clear information about what help {he} gets and how often.',
  ],
};
const CARER_OPENING = [
  "Views of {N}'s foster carer: {N} has lived with us for two years and is settling well.",
  "Views of {N}'s foster carers: {N} is a bright, funny {kid} who has been through a great deal.",
];

const ASPIRATIONS = {
  ey: [
    "{N}'s parents hope that {he} will learn to talk in short sentences and make friends at school.",
    "{N}'s family would like {him} to be happy and settled at school and to be able to tell them what {he} wants.",
  ],
  complex: ["{N}'s parents want {him} to enjoy life, to be as healthy as possible and to take part in family activities and days out."],
  primary: [
    'I want to be a vet when I grow up because I love animals.',
    'I want to be a footballer or make videos on YouTube when I am older.',
    'I want to be a police officer like my uncle.',
    'I want to be a chef and have my own café one day.',
    'I want to be an artist and draw my own comics.',
  ],
  older: [
    'I want to go to college to study animal care and then work in a rescue centre.',
    'I want to be a mechanic and one day have my own garage.',
    'I would like to work with computers, maybe making games.',
    'I want to live in my own flat with my friends and have a job in a shop.',
    "I want to be a hairdresser and do people's hair for weddings.",
  ],
};

const HOW_GATHERED_OBS = [
  'Views gathered through observation at {place} over 3 visits and a conversation with {parents} at the planning meeting.',
  "{N}'s key worker recorded {his} reactions over 2 weeks; {parents} shared their views at a home visit with the caseworker.",
];
const HOW_GATHERED = [
  "{N}'s views were gathered by {his} class teacher using a talking mat; {parents}' views at a home visit with the caseworker.",
  '{N} met the educational psychologist and shared {his} views through a drawing activity; {parents} wrote their own views.',
  "{N} completed an 'All about me' booklet with a trusted adult; {parents} contributed at the planning meeting.",
];
const HOW_GATHERED_PARENTS_ONLY = "Parents' views were gathered at a home visit with the caseworker.";

// Section B: needs by area.
const B_ITEMS = {
  ASD: [
    '{N} has a diagnosis of autism (Child Development Centre, {dxAsd}). {He} finds changes to routine very hard and needs to know what is happening next.',
    '{N} has difficulty understanding spoken language longer than 3 key words, particularly in a busy room.',
    '{N} finds it hard to share attention and take turns with other children, and prefers to play alone.',
    '{N} is sensitive to noise and to some textures, and covers {his} ears in the hall and dining room.',
  ],
  SLCN: [
    '{N} has a developmental language disorder. {His} expressive language is at about the level expected of a child 2 years younger.',
    "{N}'s speech is hard to understand for adults who do not know {him}; {he} is understood about half of the time.",
    '{N} has a limited vocabulary and struggles to learn and remember new topic words.',
    '{N} finds it hard to follow instructions given to the whole class.',
  ],
  MLD: [
    '{N} is working well below age-related expectations in reading, writing and maths; {his} reading age was {readingAge} at {his} last assessment.',
    '{N} has difficulty remembering new information from one day to the next and needs many repetitions.',
    '{N} needs concrete apparatus to work with numbers to 20.',
  ],
  SLD: [
    '{N} has severe learning difficulties and is learning at an early developmental level (engagement model and pre-key stage standards).',
    '{N} is at an early stage of intentional communication and uses gestures, sounds, a few signs and objects of reference.',
  ],
  PMLD: [
    '{N} has profound and multiple learning difficulties and needs adults to help with every part of {his} learning and care.',
    '{N} communicates through facial expression, body movement and sounds, which familiar adults can interpret.',
  ],
  SPLD: [
    '{N} has dyslexia (specialist teacher assessment, {dxSpld}). {His} spelling and reading are well below {his} verbal ability.',
    '{N} has slow processing speed and takes much longer than {his} classmates to copy from the board and finish written work.',
  ],
  SEMH: [
    '{N} experiences high levels of anxiety, which show as refusing to enter class, hiding or leaving the room.',
    '{N} has difficulty regulating {his} emotions and can become physically aggressive when {he} is overwhelmed.',
    '{N} has low self-esteem and describes {him}self as stupid.',
    '{N} has a diagnosis of ADHD and finds it hard to stay focused and sit still for more than 5 minutes.',
    '{N} missed a lot of school last year ({attendance}% attendance) because of anxiety.',
  ],
  HI: [
    '{N} has a permanent bilateral hearing loss and wears hearing aids. {He} misses much of what is said when there is background noise.',
    '{N} uses some British Sign Language alongside speech and needs to see the face of the person talking.',
  ],
  VI: [
    '{N} has a visual impairment and needs print enlarged to N24 and good, even lighting.',
    '{N} finds it hard to move around unfamiliar places safely and does not see obstacles at floor level.',
  ],
  PD: [
    '{N} has cerebral palsy affecting {his} legs and hands. {He} uses a walker indoors and a wheelchair for longer distances.',
    '{N} finds handwriting slow and tiring and cannot write for more than a few minutes at a time.',
  ],
  MSI: [
    '{N} has a combined hearing and visual impairment (multi-sensory impairment).',
    '{N} relies on touch and on-body signing to understand what is happening around {him}.',
  ],
  OTH: [
    '{N} has a rare genetic condition which affects {his} learning, energy levels and coordination.',
    '{N} tires quickly and needs rest breaks to stay engaged through the day.',
  ],
};

// Section F: good (specific) items by need. Every one names what, who, how much, how often.
const F_GOOD = {
  ASD: [
    'Speech and language therapist to deliver 1:1 therapy targeting social communication, 30 minutes, once a week, reviewed termly.',
    'Group of 4 pupils for a social communication programme (Lego-based therapy), delivered by a trained teaching assistant, 45 minutes, once a week.',
    'Visual timetable and now-and-next board in every lesson; a trained teaching assistant to go through the day with {N} for 10 minutes each morning.',
    'Autism advisory teacher to visit once a term for 2 hours to observe {N} and train {his} class teacher and teaching assistant.',
  ],
  SLCN: [
    'Speech and language therapist to deliver 1:1 therapy targeting expressive language, 30 minutes, once a week, reviewed termly.',
    'Speech and language therapist to set a language programme each half term; a trained teaching assistant to deliver it 1:1 for 15 minutes, 4 times a week.',
    'Teaching assistant to pre-teach topic vocabulary 1:1, 20 minutes, 3 times a week, using the word lists set by the class teacher each half term.',
  ],
  MLD: [
    'Teaching assistant trained in Precision Teaching to deliver a 1:1 reading programme, 15 minutes, 4 times a week, with progress reviewed half-termly by the SENCo.',
    'Maths taught in a group of no more than 6 pupils by a qualified teacher, 5 hours a week, using concrete apparatus.',
    'Class teacher to break each task into 3 written steps and check understanding 1:1 for 5 minutes at the start of every lesson.',
  ],
  SLD: [
    'Class of no more than 8 pupils with 1 class teacher and 3 teaching assistants throughout the school day, with 1:1 for personal care and feeding.',
    'Intensive Interaction with a trained teaching assistant, 1:1, 15 minutes, twice a day.',
    'Class teacher and teaching assistants to use a total communication approach (Makaton signs, symbols and objects of reference) throughout the school day, with 3 hours of Makaton training for each new adult within 6 weeks of starting.',
  ],
  PMLD: [
    'Sensory curriculum taught in a class of no more than 6 pupils with 1 class teacher and 3 teaching assistants throughout the school day, 1:1 for personal care, feeding and positioning.',
    'Intensive Interaction with a trained teaching assistant, 1:1, 15 minutes, twice a day.',
  ],
  SPLD: [
    'Specialist teacher (dyslexia, Level 7 qualified) to teach a structured multisensory literacy programme 1:1, 45 minutes, twice a week.',
    'Laptop with text-to-speech and speech-to-text software for all written work throughout the school day, set up by the SENCo within 4 weeks of this plan, with 30 minutes of training for {N} once a week for 4 weeks.',
  ],
  SEMH: [
    'ELSA-trained teaching assistant to deliver an emotional literacy programme 1:1, 30 minutes, once a week for 12 weeks, then reviewed by the SENCo.',
    'Named teaching assistant to meet {N} at the gate at 8:40 each morning for a check-in of 10 minutes.',
    'Educational psychologist to hold 6 solution-focused sessions with {N} (1 hour, every 2 weeks) and a 1-hour consultation with {his} teachers each term.',
    'SENCo to write a behaviour plan with {N} and {his} {parents}, share it with every teacher and review it with them for 30 minutes each half-term.',
  ],
  HI: [
    'Qualified teacher of the deaf to visit once a fortnight for 1 hour to teach {N} 1:1 and advise {his} teachers.',
    'Radio aid used in every lesson, checked for 5 minutes at 8:45 each morning by a teaching assistant trained by the teacher of the deaf.',
  ],
  VI: [
    'Qualified teacher of vision impairment to teach {N} 1:1 for 1 hour a week, including touch-typing and use of magnification software.',
    'Teaching assistant to enlarge all printed materials to N24 before each lesson, with 30 minutes a day set aside for this.',
  ],
  PD: [
    'Occupational therapist to set a fine motor programme, reviewed termly; a teaching assistant to deliver it 1:1 for 20 minutes, 3 times a week.',
    'Two teaching assistants trained in moving and handling for every transfer (6 a day, 10 minutes each), following the plan written by the physiotherapist.',
    'Laptop with speech-to-text software for all written work throughout the school day, set up by the SENCo within 4 weeks of this plan, with 30 minutes of training for {N} once a week for 4 weeks.',
  ],
  MSI: [
    'Qualified teacher of multi-sensory impairment to visit once a fortnight for 2 hours to teach {N} and train {his} intervenor.',
    '1:1 intervenor (a teaching assistant trained in deafblind communication) throughout the school day, 32.5 hours a week.',
  ],
  OTH: [
    'Rest break of 10 minutes in a named quiet room after each morning lesson, timed by {his} teaching assistant.',
    'Occupational therapist to set a fine motor programme, reviewed termly; a teaching assistant to deliver it 1:1 for 20 minutes, 3 times a week.',
  ],
};
const F_GENERAL = [
  'SENCo to review this provision with {N} and {his} {parents} once a term in a meeting of 30 minutes.',
  'Class teacher to write the home-school diary for 10 minutes at the end of each school day, for {his} {parents} to read each evening.',
];
const F_LAC = 'Designated teacher for looked-after children (a qualified teacher) to hold a Personal Education Plan meeting of 1 hour with {N}, {his} carers and social worker once a term.';
const F_CAREERS = 'Careers adviser (a Level 6 qualified practitioner) to hold a 1:1 careers guidance meeting of 45 minutes with {N} once a term.';
const F_POST16 = [
  'Travel training key worker from the local authority to deliver 1:1 independent travel training, 1 hour, twice a week for 10 weeks.',
  'Study programme of 16 hours a week, with English and maths taught in a class of 8 by a qualified teacher.',
  'Learning support assistant working 1:1 with {N} in class for 12 hours each week of {his} 16-hour timetable.',
];
const F_SPECIAL_CLASS = 'Class of no more than 10 pupils with 1 class teacher and 2 teaching assistants throughout the school day.';
const F_OUT_OF_SCHOOL = [
  'Qualified teacher to deliver 1:1 tuition in English and maths, 2 hours, 3 times a week.',
  'Speech and language therapist to deliver 1:1 therapy at home, 45 minutes, once every 2 weeks, reviewed termly.',
  'Occupational therapist to set a fine motor programme, reviewed termly, and show {his} {parents} how to deliver it for 20 minutes, 3 times a week.',
  'Educational psychologist to meet {N} and {his} {parents} 3 times a year (1 hour each) to review progress towards the outcomes in Section E.',
];
const F_NEET = 'Post-16 participation key worker to meet {N} once a week for 1 hour to plan a return to education or training, with a college taster day arranged within 8 weeks.';
const F_CUSTODY = 'Qualified teacher in the custody education team to deliver 15 hours a week of English, maths and vocational learning, including 1:1 reading tuition for 30 minutes, 3 times a week.';
const F_CUSTODY_EXTRA = [
  'Speech and language therapist to deliver 1:1 therapy in custody, 45 minutes, once a week, reviewed every 6 weeks.',
  'Education keyworker to meet {N} for 30 minutes each week to review {his} learning plan with {him}.',
  'Qualified teacher to deliver 1:1 English and maths tuition in custody, 1 hour, 3 times a week.',
];
const F_VAGUE = [
  'Access to a quiet space when {N} is anxious.',
  'Speech and language therapy as required.',
  'Regular check-ins with a key adult.',
  'Small group work to develop {his} social skills.',
  'Support from school staff to access the curriculum.',
  'Up to 15 hours of teaching assistant support a week.',
  'Opportunities to practise {his} social communication skills with peers.',
  'Occupational therapy advice to be followed as required.',
  'Regular movement breaks.',
];

// Sections C and G: health needs and the provision that meets each.
const HEALTH = {
  epilepsy: ['{N} has epilepsy with tonic-clonic seizures, takes daily medication and has an individual healthcare plan.', 'Epilepsy specialist nurse to train 3 named adults at {place} in emergency medication each September and to review the healthcare plan every 12 months.'],
  sleep: ['{N} has disturbed sleep, waking several times a night, as recorded by the community paediatrician.', 'Community paediatrician to review {his} sleep and medication every 6 months.'],
  feeding: ['{N} is fed by gastrostomy and needs 4 feeds during the day.', "Children's community nurse to train 2 named adults to give gastrostomy feeds, and to check their competency every 6 months."],
  hearing: ['{N} has a moderate-to-severe bilateral hearing loss and wears 2 hearing aids.', 'Paediatric audiologist to review {his} hearing and hearing aids every 6 months.'],
  vision: ['{N} has cortical visual impairment and nystagmus.', 'Orthoptist to review {his} vision once a year at the eye clinic.'],
  mobility: ['{N} has cerebral palsy and tight muscles in {his} legs, and needs daily physiotherapy.', 'Physiotherapist to write a daily physiotherapy programme, review it every 8 weeks, and train 2 named adults to deliver it for 20 minutes each day.'],
  mentalHealth: ['{N} has anxiety and low mood and is open to CAMHS.', 'CAMHS clinical psychologist to deliver 12 sessions of CBT (50 minutes, once every 2 weeks), then review progress with {N} and {his} {parents}.'],
  continence: ['{N} is not yet toilet trained and needs changing 3 times a day.', 'Continence nurse to assess {N} once a year and write a toileting plan, reviewed every 6 months.'],
  adhd: ['{N} has a diagnosis of ADHD and takes medication each morning.', 'Community paediatrician to review {his} ADHD medication every 6 months.'],
};
const HEALTH_BY_NEED = {
  PMLD: ['feeding', 'epilepsy', 'mobility', 'continence'], SLD: ['epilepsy', 'continence', 'sleep'], PD: ['mobility', 'continence'],
  MSI: ['hearing', 'vision'], HI: ['hearing'], VI: ['vision'], OTH: ['sleep', 'mobility', 'epilepsy'], ASD: ['sleep', 'adhd', 'mentalHealth'],
  SEMH: ['mentalHealth', 'adhd'], SLCN: ['hearing', 'sleep'], MLD: ['epilepsy', 'sleep'], SPLD: ['adhd'],
};
const C_NONE = ['No health needs identified.', 'There are no known health needs.', 'No health needs at this time.', 'None identified.'];
const D_NONE = ['No social care needs identified.', 'There are no known social care needs.', 'No social care needs in this area.'];

// Sections D and H1/H2. h1 items only for under-18s (s.2 CSDPA 1970); over-18s get Care Act items in H2.
const CARE = {
  lac: { d: '{N} is looked after by the local authority under a care order and lives with foster carers.', h2: 'Allocated social worker from the Children in Care team to visit {N} every 6 weeks and review {his} care plan at each statutory review.' },
  shortBreaks: { d: "{N}'s family needs short breaks because {N} needs care through the night and {his} parents are exhausted.", h1: 'Short breaks: 2 overnight stays a month at the {district} short-break unit (24 nights a year).', h2adult: 'Adult social care: 2 nights a month of respite under the Care Act 2014, reviewed by the transitions social worker every 12 months.' },
  personalCare: { d: '{N} needs 2 adults to help with all personal care, dressing and moving at home.', h1: 'Care agency to provide 2 carers for 45 minutes each morning and evening, 7 days a week, for personal care at home.', h2adult: 'Care agency to provide 2 carers for 45 minutes each morning and evening, 7 days a week, under the Care Act 2014.' },
  adaptations: { d: "{N}'s home has no downstairs bathroom, so {his} parents carry {him} upstairs.", h1: 'Home adaptation: a through-floor lift and level-access shower room, funded by a Disabled Facilities Grant, to be fitted by {adaptDate}.', h2adult: 'Home adaptation: a level-access shower room funded by a Disabled Facilities Grant, to be fitted by {adaptDate}.' },
  childInNeed: { d: '{N} has a social worker under a Child in Need plan (section 17 of the Children Act 1989) because of the pressure {his} needs place on the family.', h2: 'Allocated social worker to visit every 4 weeks and hold a Child in Need review every 3 months.' },
  youthJustice: { d: '{N} is serving a Detention and Training Order and is known to the youth justice service.', h2: 'Youth justice officer to meet {N} every 2 weeks in custody and plan {his} resettlement with {his} social worker 3 months before release.' },
};

// Section E outcomes. Good actions (after "{N} will ..."), by SEN code and by PfA area.
const OUTCOMES = {
  CI: [
    'use {his} communication book or device to ask an adult for help in 4 out of 5 opportunities across the day',
    'start a conversation with someone of {his} own age and keep it going for 3 turns during a structured game, without adult prompting',
    'follow a 2-step spoken instruction given to the whole class on 8 out of 10 occasions',
    'use {his} visual timetable to move between activities without distress on 4 days out of 5',
    "answer 'who', 'what' and 'where' questions about a short story with 80% accuracy",
  ],
  CL: [
    'read and spell 100 words from the high-frequency list accurately',
    'recall number bonds to 10 and use them to solve addition problems with 80% accuracy',
    "write 3 sentences, linked with 'and' or 'because', using capital letters and full stops",
    'read a book at {his} reading level aloud with 90% accuracy',
  ],
  CLcomplex: [
    'choose between 2 objects of reference to show what {he} wants in 4 out of 5 sessions',
    'look towards a familiar adult who says {his} name in 3 out of 4 attempts',
    'join in with an action or a sound during a group song in 3 out of 4 music sessions',
  ],
  SEMH: [
    'name 3 strategies that help {him} to calm down and use 1 of them, with no more than 1 prompt, when {he} is upset',
    'stay in class for whole lessons on 4 days out of 5, as recorded on {his} daily report card',
    'tell a trusted adult how {he} is feeling, using a feelings scale, at 4 out of 5 morning check-ins',
    'reach 90% attendance across a half term',
  ],
  PD: [
    'walk with {his} walker from the classroom to the dining hall on 4 days out of 5, with 1 adult nearby',
    'use speech-to-text software to write a paragraph of 5 sentences independently',
    'dress and undress for PE in under 10 minutes with no more than 1 prompt',
  ],
  HI: [
    'check {his} own hearing aids independently each morning and tell an adult when they are not working',
    'ask for repetition at least 3 times a day when {he} has missed something said in class',
    'follow a class discussion using {his} radio aid and answer 2 questions about it in 4 out of 5 lessons',
  ],
  VI: [
    'touch-type 20 words a minute using a laptop with magnification software',
    'move independently between {his} classroom, the hall and the toilets using {his} cane',
    'find and use 3 key items in {his} classroom independently, using tactile labels',
  ],
  MSI: [
    'use 5 on-body signs to anticipate daily routines on 4 days out of 5',
    'reach for and explore a new object in 3 out of 4 sensory sessions',
    "use a touch cue to show 'more' or 'finish' at 4 out of 5 snack times",
  ],
  OTH: [
    'show {his} break card when {he} feels tired in 4 out of 5 lessons',
    'use speech-to-text software to write a paragraph of 5 sentences independently',
    'walk between lessons without a rest on 4 days out of 5',
  ],
  Employment: [
    'complete a 1-week work-experience placement chosen with {his} careers adviser, arriving on time on at least 4 of the 5 days',
    'research college courses linked to {his} interests and visit at least 2 of them',
    'complete a supported internship placement 3 days a week, arriving on time on 9 out of 10 days',
  ],
  'Independent living': [
    'make a simple hot meal using a visual recipe, with no more than 1 prompt',
    'travel independently by bus from home to {pfaPlace} on 3 days a week',
    'manage a weekly budget of £20 for lunches and snacks independently',
  ],
  Community: [
    'take part in a weekly youth club and join a group activity on at least 3 visits a month',
    'arrange to meet a friend at the weekend at least once a month',
    'join a local sports club and go to at least 3 sessions a month',
  ],
  Health: [
    'book {his} own GP and dentist appointments using a checklist, with no more than 1 prompt',
    'take {his} medication at the right time on at least 6 days out of 7, using a phone reminder',
    'do 30 minutes of physical activity 3 times a week and record it on {his} phone',
  ],
};
/** PfA outcomes for young people with complex needs (PMLD, SLD, MSI). */
const PFA_COMPLEX = {
  Employment: ['carry out 1 job in the class café, following a symbol sequence with 1 adult, on at least 3 weeks in 4'],
  'Independent living': ['help with 2 steps of getting dressed each morning, with no more than a touch prompt'],
  Community: ['take part in a weekly visit to a local shop or café and show enjoyment by smiling or vocalising on 3 out of 4 visits'],
  Health: ['tolerate a 30-minute standing-frame session each day, showing comfort on 4 days out of 5'],
};
const OUTCOME_POOL_OF = { ASD: 'CI', SLCN: 'CI', MLD: 'CL', SPLD: 'CL', DS: 'CL', SLD: 'CLcomplex', PMLD: 'CLcomplex', SEMH: 'SEMH', PD: 'PD', HI: 'HI', VI: 'VI', MSI: 'MSI', OTH: 'OTH' };
const OUTCOMES_NO_TIMESCALE = {
  CI: ['{N} will develop {his} communication skills.', '{N} will improve {his} social skills.'],
  CL: ['{N} will improve {his} reading and writing.', '{N} will make good progress in maths.'],
  SEMH: ['{N} will feel happier and more confident.', '{N} will learn to manage {his} emotions.'],
  SP: ['{N} will grow in independence when moving around.', '{N} will improve {his} fine motor skills.'],
};
const PROVISION_OUTCOMES = [
  '{ts}, {N} will receive speech and language therapy every week.',
  '{ts}, {N} will receive 1:1 help from a teaching assistant in lessons.',
  '{ts}, {N} will have access to a quiet room when {he} is anxious.',
  '{ts}, {N} will have access to a laptop for written work.',
];
const B_PLACEHOLDER = 'Latest standardised scores: [INSERT scores from the educational psychology report].';

// ------------------------------------------------------------------------------------------------
// One plan.
// ------------------------------------------------------------------------------------------------
function timescale(rng, ctx, lower) {
  const { ncYear, acYear } = ctx;
  const kinds = [['month', 3], ['academic', 2], ['within', 2], ['date', 1]];
  if (ncYear >= 0) kinds.push(['endYear', ncYear >= 1 ? 5 : 1]);
  const kind = rng.weighted(kinds);
  let s;
  if (kind === 'endYear') {
    const n = ncYear === 0 ? 1 : Math.min(14, ncYear + (rng.chance(0.25) ? 1 : 0));
    s = `By the end of Year ${n}`;
  } else if (kind === 'month') {
    const [m, dy] = rng.pick([[6, 1], [6, 1], [2, 1], [3, 1], [11, 1], [6, 2]]);
    s = `By ${MONTHS[m]} ${acYear + dy}`;
  } else if (kind === 'academic') {
    s = 'By the end of the academic year';
  } else if (kind === 'within') {
    s = rng.pick(['Within 6 months', 'Within 12 weeks', 'Within 3 months', 'Within 9 months']);
  } else {
    s = `By ${rng.pick(['31/07/', '31/03/', '17/07/', '18/12/'])}${acYear + 1}`;
  }
  return lower ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function goodOutcome(rng, ctx, action) {
  const a = fill(action, ctx);
  if (rng.chance(0.75)) return `${timescale(rng, ctx, false)}, ${ctx.N} will ${a}.`;
  return `${ctx.N} will ${a} ${timescale(rng, ctx, true)}.`;
}

function pickYear(rng, lo, hi) {
  return rng.weighted(YEAR_WEIGHTS.filter(([y]) => y >= lo && y <= hi));
}

function chooseSetting(rng, p) {
  const { ncYear, primary, districtIdx } = p;
  const d = SETTINGS.byDistrict[districtIdx];
  const sp = SPECIAL_PROPENSITY[primary];
  const specialFor = () => {
    const s = SETTINGS.special;
    const inRange = (x) => (x.minYear === undefined || ncYear >= x.minYear) && (x.maxYear === undefined || ncYear <= x.maxYear);
    let cand;
    if (primary === 'ASD') cand = [s.brookfield, s.brookfield, s.brookfield, SETTINGS.indepSpecial.oakridge];
    else if (primary === 'SLD' || primary === 'PMLD') cand = [s.kellbrookPark];
    else if (primary === 'SEMH') cand = [s.willows, s.willows, SETTINGS.indepSpecial.cedar];
    else if (['PD', 'HI', 'VI', 'MSI'].includes(primary)) cand = [s.meadowbank];
    else cand = [s.fenwoldHall, s.fenwoldHall, s.kellbrookPark];
    cand = cand.filter(inRange);
    if (cand.length === 0) cand = [s.kellbrookPark, s.meadowbank].filter(inRange);
    return rng.pick(cand);
  };
  if (p.custody) return ncYear >= 11 ? SETTINGS.custody[1] : SETTINGS.custody[0];
  if (p.ehe) return { name: '', type: 'EHE', desc: 'elective home education', senSetting: 'EHE', place: 'home' };
  if (p.neet) return { name: '', type: 'NEET', desc: 'not in education, employment or training', senSetting: 'NEET', place: 'home' };
  if (p.ap) return rng.chance(0.7) ? rng.pick(SETTINGS.ap) : SETTINGS.tuition;
  if (p.fe) return rng.chance(0.85) ? SETTINGS.fe[districtIdx < 4 ? 0 : 1] : SETTINGS.spi;
  if (ncYear <= -1) {
    if (rng.chance(sp * 0.4)) return rng.pick([SETTINGS.special.kellbrookPark, SETTINGS.special.meadowbank]);
    return rng.chance(0.75) ? rng.pick(d.pvi) : d.nurserySchool;
  }
  if (ncYear <= 11) {
    if (rng.chance(sp)) return specialFor();
    if (ncYear >= 5 && rng.chance(primary === 'SEMH' ? 0.08 : 0.015)) return rng.chance(0.8) ? rng.pick(SETTINGS.ap) : SETTINGS.tuition;
    if (ncYear >= 0 && rng.chance(0.08)) return ncYear <= 6 ? d.rpPrimary : d.rpSecondary;
    return ncYear <= 6 ? rng.pick(d.primaries) : rng.pick(d.secondaries);
  }
  // Post-16.
  if (rng.chance(sp >= 0.7 ? sp : sp * 0.5)) {
    const s = specialFor();
    if (s.maxYear === undefined || s.maxYear >= ncYear) return s;
  }
  const r = rng.next();
  if (r < 0.74) return SETTINGS.fe[districtIdx < 4 ? 0 : 1];
  if (r < 0.86) return rng.pick(d.secondaries);
  if (r < 0.94) return SETTINGS.spi;
  return { name: '', type: 'NEET', desc: 'not in education, employment or training', senSetting: 'NEET', place: 'home' };
}

function sectionI(setting, ctx) {
  if (setting.type === 'EHE') return fill("Elective home education: {N}'s parents have chosen to educate {him} at home under section 7 of the Education Act 1996.", ctx);
  if (setting.type === 'NEET') return fill('No placement at present: {N} is not in education, employment or training. Type of placement sought: general further education college.', ctx);
  if (setting.senSetting === 'OLA') return `Education otherwise than at school, arranged by the local authority under section 61 of the Children and Families Act 2014: 1:1 tuition from ${setting.name}.`;
  if (setting.type === 'Youth custody') return `${setting.name} (${setting.desc}; youth custody, with this plan kept under sections 70 to 75 of the Children and Families Act 2014).`;
  return `${setting.name} (${setting.desc}).`;
}

/**
 * Generate plan `index` of a file. Returns { record, csv (cell strings), defects (ids) }.
 * `force` (from the block schedule) pins district, phase, status flags or one defect.
 */
function makePlan(index, opts, force, cwFactors) {
  const rng = new Rng(hash32('plan', opts.seed, index));
  const asOfDay = dayOf(opts.asOf);
  const asOfYear = +opts.asOf.slice(0, 4);
  const acYear = +opts.asOf.slice(5, 7) >= 9 ? asOfYear : asOfYear - 1;

  // --- who -------------------------------------------------------------------------------------
  const districtIdx = force.district ?? rng.weighted(DISTRICT_WEIGHTS.map((w, i) => [i, w]));
  const cw = 1 + districtIdx * 3 + rng.int(0, 2); // three caseworkers per district
  const caseworkerFactor = cwFactors[cw - 1];
  let ncYear;
  if (force.phase) ncYear = pickYear(rng, ...PHASE_YEARS[force.phase]);
  else if (force.years) ncYear = pickYear(rng, ...force.years);
  else ncYear = pickYear(rng, force.minYear ?? -2, 14);
  let primary = rng.weighted(PRIMARY_NEED_WEIGHTS);
  if (ncYear <= 0 && (primary === 'SPLD' || primary === 'MLD')) primary = 'SLCN';
  if (force.health && (HEALTH_PROPENSITY[primary] ?? 0) < 0.3) primary = rng.pick(['PD', 'HI', 'SLD']);
  // Young people in custody, AP or NEET: needs as found there (mostly SEMH, SLCN, MLD, autism).
  if ((force.custody || force.ap || force.neet) && ['PMLD', 'SLD', 'MSI', 'PD', 'VI', 'HI'].includes(primary)) {
    primary = rng.weighted([['SEMH', 5], ['SLCN', 2], ['MLD', 2], ['ASD', 1.5]]);
  }
  // Secondary needs: never two learning-difficulty levels (MLD/SLD/PMLD) together.
  let other = rng.sample(SECONDARY_OF[primary], rng.weighted([[0, 3], [1, 5], [2, 2]]));
  if (['SLD', 'PMLD'].includes(primary) || other.includes('SLD')) other = other.filter((c) => c !== 'MLD');
  const girl = rng.chance(0.33);
  const first = rng.pick(girl ? GIRLS : BOYS);
  const surname = rng.pick(SURNAMES);
  // DOB: NC year n in the academic year starting 1 Sep A means born 1 Sep (A-5-n) .. 31 Aug (A-4-n).
  const dobFrom = dayOf(`${acYear - 5 - ncYear}-09-01`);
  const dobTo = dayOf(`${acYear - 4 - ncYear}-08-31`);
  const dobDay = rng.int(dobFrom, dobTo);
  const ageDays = asOfDay - dobDay;
  const ageYears = ageDays / 365.25;

  const lac = force.lac ?? rng.chance(0.05);
  const custody = !!force.custody;
  const canEhe = ncYear >= 0 && ncYear <= 11;
  const ehe = force.ehe ?? (!custody && !lac && canEhe && rng.chance(0.012));
  const neet = force.neet ?? false;
  const ap = force.ap ?? false;
  const fe = force.fe ?? false;

  const pro = girl ? { he: 'she', him: 'her', his: 'her', He: 'She', His: 'Her', kid: 'girl' } : { he: 'he', him: 'him', his: 'his', He: 'He', His: 'His', kid: 'boy' };
  const setting = chooseSetting(rng, { ncYear, primary, districtIdx, custody, ehe, neet, ap, fe });
  const nextPhase = ncYear <= 0 ? 'school' : ncYear <= 6 ? 'secondary school' : ncYear <= 11 ? 'college' : 'adult life';
  const ctx = {
    ...pro,
    N: first,
    place: setting.place,
    next: nextPhase,
    parents: lac ? 'carers' : 'parents',
    district: DISTRICTS[districtIdx],
    readingAge: `${Math.max(5, Math.floor(ageYears) - rng.int(2, 4))} years ${rng.pick([0, 3, 6, 9])} months`,
    attendance: String(rng.int(58, 84)),
    adaptDate: `31/03/${acYear + 1}`,
    ncYear,
    acYear,
  };
  const complex = [primary, ...other].some((c) => c === 'PMLD' || c === 'SLD' || c === 'MSI');

  // --- which needs -----------------------------------------------------------------------------
  const healthNeeds = !!force.health || rng.chance(HEALTH_PROPENSITY[primary]);
  const careNeeds = lac || custody || !!force.care || rng.chance(CARE_PROPENSITY[primary]);
  const pfaYear = ncYear >= 9;

  // --- which defects ---------------------------------------------------------------------------
  const want = new Set();
  for (const d of DEFECTS) {
    let eligible = true;
    if (d.id === 'no_health_advice' || d.id === 'health_needs_no_g') eligible = healthNeeds;
    if (d.id === 'no_social_care_advice' || d.id === 'care_needs_no_h') eligible = careNeeds;
    if (d.id === 'no_pfa_outcomes') eligible = pfaYear;
    if (d.id === 'token_child_views' && want.has('no_child_views')) eligible = false;
    if (eligible && rng.chance(Math.min(0.9, d.rate * caseworkerFactor))) want.add(d.id);
  }
  if (force.defect) {
    // A forced slot shows its one defect in isolation.
    want.clear();
    want.add(force.defect);
  }

  // --- dates -----------------------------------------------------------------------------------
  const earliestRequest = dobDay + 456; // no request before about 15 months of age
  let late = want.has('late_issue');
  let issueDays = late ? rng.int(147, 420) : rng.int(84, 133);
  const room = asOfDay - 20 - earliestRequest; // final at least 20 days before as-of
  if (issueDays > room) {
    issueDays = late ? Math.max(room, 84) : room;
    if (issueDays < 147) late = false;
    if (!late && issueDays > 133) issueDays = 133;
  }
  const maxAgo = Math.min(asOfDay - earliestRequest - issueDays, 12 * 365);
  let overdue = want.has('review_overdue') && maxAgo >= 400;
  const ey = ncYear <= 0;
  let finalAgo;
  let reviewAgo = null;
  if (overdue) {
    finalAgo = rng.int(400, Math.max(400, Math.min(maxAgo, 6 * 365)));
    if (finalAgo >= 700) reviewAgo = rng.int(400, Math.min(finalAgo - 300, 1100));
  } else if (ey) {
    finalAgo = rng.int(20, Math.max(20, Math.min(maxAgo, 400)));
    if (finalAgo > 150) reviewAgo = rng.int(14, Math.min(150, finalAgo - 90));
  } else {
    const recent = rng.chance(0.2) || maxAgo <= 330;
    finalAgo = recent ? rng.int(20, Math.max(20, Math.min(maxAgo, 330))) : rng.int(331, maxAgo);
    if (finalAgo > 330) reviewAgo = rng.int(14, Math.min(330, finalAgo - 300));
  }
  const finalDay = asOfDay - finalAgo;
  const requestDay = finalDay - issueDays;
  const shortDraft = want.has('short_draft_period');
  const draftGap = shortDraft ? rng.int(3, 12) : rng.int(18, Math.min(42, issueDays - 50));
  const draftDay = finalDay - draftGap;
  const reviewDay = reviewAgo === null ? null : asOfDay - reviewAgo;
  const adviceDay = () => rng.int(requestDay + 7, Math.min(requestDay + 42, draftDay - 3));

  // --- Section A -------------------------------------------------------------------------------
  const a = {};
  const observational = ey || complex;
  if (!want.has('no_child_views')) {
    if (want.has('token_child_views')) a.childViews = fill(rng.pick(TOKEN_CHILD_VIEWS), ctx);
    else if (observational) a.childViews = [rng.pick(CHILD_OBS.likes), rng.pick(CHILD_OBS.dislikes), rng.pick(CHILD_OBS.helps)].map((s) => fill(s, ctx)).join(' ');
    else {
      const pool = ncYear <= 6 ? CHILD_PRIMARY : CHILD_SECONDARY;
      const words = [rng.pick(pool.likes), rng.pick(pool.hard), rng.pick(pool.helps)].join(' ');
      a.childViews = rng.chance(0.5) ? `In ${first}'s own words: "${words}"` : words;
    }
  }
  if (!want.has('no_parent_views')) {
    const open = lac ? rng.pick(CARER_OPENING) : rng.pick(PARENT.opening);
    a.parentViews = [open, rng.pick(PARENT.worries), rng.pick(PARENT.wants)].map((s) => fill(s, ctx)).join(' ');
  }
  if (!want.has('no_aspirations')) {
    const pool = complex ? ASPIRATIONS.complex : ey ? ASPIRATIONS.ey : ncYear <= 6 ? ASPIRATIONS.primary : ASPIRATIONS.older;
    a.aspirations = fill(rng.pick(pool), ctx);
  }
  const interpreter = rng.chance(0.07);
  let how = want.has('no_child_views') ? HOW_GATHERED_PARENTS_ONLY : fill(rng.pick(observational ? HOW_GATHERED_OBS : HOW_GATHERED), ctx);
  if (interpreter) how += ` Parents' views were gathered with a ${rng.pick(LANGUAGES)} interpreter.`;
  // Where the placeholder goes (chosen now so the text below can use it).
  const placeholderAt = want.has('placeholder') ? rng.pick(['b', 'outcome', 'j', 'how', 'f']) : null;
  if (placeholderAt === 'how') how = how.replace(/\.$/, ' (meeting held on [INSERT date]).');
  a.howGathered = how;

  // --- Section B -------------------------------------------------------------------------------
  // Diagnosis years: autism at 2 to 5, dyslexia at 7 to 9, never after the request.
  const dobYear = +isoOf(dobDay).slice(0, 4);
  const requestYear = +isoOf(requestDay).slice(0, 4);
  ctx.dxAsd = String(Math.min(requestYear, dobYear + rng.int(2, 5)));
  ctx.dxSpld = String(Math.min(requestYear, dobYear + rng.int(7, 9)));
  const needCodes = [primary, ...other];
  const bItems = [];
  for (const code of needCodes) {
    const pool = B_ITEMS[code];
    const k = code === primary ? Math.min(pool.length, rng.int(2, 3)) : 1;
    for (const t of rng.sample(pool, k)) bItems.push(fill(t, ctx));
  }
  if (placeholderAt === 'b') bItems.push(B_PLACEHOLDER);

  // --- Sections C / G --------------------------------------------------------------------------
  const cItems = [];
  const gItems = [];
  if (healthNeeds) {
    const keys = rng.sample(HEALTH_BY_NEED[primary], rng.int(1, Math.min(2, HEALTH_BY_NEED[primary].length)));
    for (const key of keys) {
      cItems.push(fill(HEALTH[key][0], ctx));
      gItems.push(fill(HEALTH[key][1], ctx));
    }
  }
  const g = want.has('health_needs_no_g') ? [] : gItems;

  // --- Sections D / H1 / H2 --------------------------------------------------------------------
  const dItems = [];
  const h1 = [];
  const h2 = [];
  if (careNeeds) {
    const keys = [];
    if (lac) keys.push('lac');
    if (custody) keys.push('youthJustice');
    if (keys.length === 0 || (complex && rng.chance(0.5))) {
      keys.push(complex || primary === 'PD' ? rng.pick(['shortBreaks', 'personalCare', 'adaptations']) : rng.pick(['childInNeed', 'shortBreaks']));
    }
    const adult = ageYears >= 18;
    for (const key of keys) {
      const c = CARE[key];
      dItems.push(fill(c.d, ctx));
      if (c.h1 && !adult) h1.push(fill(c.h1, ctx));
      else if (c.h1 && adult) h2.push(fill(c.h2adult, ctx));
      else h2.push(fill(c.h2, ctx));
    }
  }
  const noH = want.has('care_needs_no_h');

  // --- Section E -------------------------------------------------------------------------------
  const areaPools = new Map();
  for (const code of needCodes) {
    const area = AREA_OF[code];
    areaPools.set(area, [...new Set([...(areaPools.get(area) ?? []), ...OUTCOMES[OUTCOME_POOL_OF[code]]])]);
  }
  const areas = [...areaPools.keys()];
  const pools = [...areaPools].map(([area, pool]) => [area, rng.shuffle(pool)]);
  const needTotal = pfaYear ? (want.has('no_pfa_outcomes') ? rng.int(3, 4) : 2) : rng.int(3, 5);
  const outcomes = [];
  for (let round = 0; outcomes.length < needTotal && round < 6; round++) {
    for (const [area, pool] of pools) {
      if (outcomes.length >= needTotal) break;
      if (round < pool.length) outcomes.push({ area: AREA_LABEL[area], text: goodOutcome(rng, ctx, pool[round]) });
    }
  }
  if (pfaYear && !want.has('no_pfa_outcomes')) {
    const pfaCtx = { ...ctx, pfaPlace: setting.place === 'school' || setting.place === 'college' ? setting.place : 'the town centre' };
    for (const pa of rng.sample(PFA_AREA_LABELS, rng.int(2, 3))) {
      let pool = complex ? PFA_COMPLEX[pa] : OUTCOMES[pa];
      if (pa === 'Employment' && !complex) pool = ncYear >= 12 ? pool.slice(2) : pool.slice(0, 2);
      outcomes.push({ area: pa, text: goodOutcome(rng, pfaCtx, rng.pick(pool)) });
    }
  }
  // Swaps replace need-area outcomes only (so the PfA outcomes stay as decided).
  const needIdx = outcomes.map((o, i) => (PFA_AREA_LABELS.includes(o.area) ? -1 : i)).filter((i) => i >= 0);
  const swapPool = rng.shuffle(needIdx);
  if (want.has('outcome_no_timescale')) {
    const i = swapPool.pop();
    const code = Object.keys(AREA_LABEL).find((k) => AREA_LABEL[k] === outcomes[i].area);
    outcomes[i] = { area: outcomes[i].area, text: fill(rng.pick(OUTCOMES_NO_TIMESCALE[code]), ctx) };
  }
  if (want.has('provision_as_outcome')) {
    const text = fill(rng.pick(PROVISION_OUTCOMES), { ...ctx, ts: timescale(rng, ctx, false) });
    if (swapPool.length > 0) {
      const i = swapPool.pop();
      outcomes[i] = { area: outcomes[i].area, text };
    } else outcomes.push({ area: AREA_LABEL[areas[0]], text });
  }
  if (placeholderAt === 'outcome') {
    const i = swapPool.length > 0 ? swapPool.pop() : 0;
    outcomes[i] = { area: outcomes[i].area, text: outcomes[i].text.split(first).join('[INSERT NAME]') };
    if (!outcomes[i].text.includes('[INSERT NAME]')) outcomes[i].text = `[INSERT NAME]: ${outcomes[i].text}`;
  }

  // --- Section F -------------------------------------------------------------------------------
  const f = [];
  const outOfSchool = ['EHE', 'NEET', 'Youth custody'].includes(setting.type) || setting.senSetting === 'OLA';
  if (setting.type === 'NEET') f.push(fill(F_NEET, ctx));
  if (setting.type === 'Youth custody') f.push(fill(F_CUSTODY, ctx));
  if (outOfSchool) {
    const pool = setting.type === 'Youth custody' ? F_CUSTODY_EXTRA : F_OUT_OF_SCHOOL;
    for (const t of rng.sample(pool, rng.int(2, 3))) f.push(fill(t, ctx));
  }
  else {
    const special = setting.type === 'Special' || setting.type === 'Independent special';
    if (special && !complex) f.push(F_SPECIAL_CLASS);
    for (const code of needCodes) {
      const k = code === primary ? rng.int(2, Math.min(3, F_GOOD[code].length)) : 1;
      // Whole-class staffing ratios only in special schools.
      const pool = special ? F_GOOD[code] : F_GOOD[code].filter((t) => !/class of no more than/i.test(t));
      for (const t of rng.sample(pool, Math.min(k, pool.length))) {
        const item = fill(t, ctx);
        if (!f.includes(item)) f.push(item);
      }
    }
    if (ncYear >= 12 && setting.place === 'college') f.push(fill(rng.pick(F_POST16), ctx));
    if (f.length < 4 || rng.chance(0.4)) f.push(fill(rng.pick(F_GENERAL), ctx));
  }
  if (lac && setting.type !== 'NEET' && setting.type !== 'EHE') f.push(fill(F_LAC, ctx));
  if (pfaYear && ncYear <= 13 && !outOfSchool) f.push(fill(F_CAREERS, ctx));
  if (setting.place === 'nursery') {
    for (let x = 0; x < f.length; x++) {
      f[x] = f[x].replace(/teaching assistant/g, 'early years practitioner').replace(/Teaching assistant/g, 'Early years practitioner').replace(/every lesson/g, 'every session').replace(/\bin class\b/g, 'in the room');
    }
  }
  if (placeholderAt === 'f') f[0] = f[0].replace(/\.$/, ' Programme: [INSERT].');
  if (want.has('vague_f')) {
    const n = rng.int(1, 3);
    for (const t of rng.sample(F_VAGUE, n)) {
      const item = fill(t, ctx);
      if (rng.chance(0.5) && f.length > 2) f[rng.int(placeholderAt === 'f' ? 1 : 0, f.length - 1)] = item;
      else f.push(item);
    }
  }

  // --- Sections I, J, K, QA --------------------------------------------------------------------
  const iText = want.has('no_placement') ? undefined : sectionI(setting, ctx);
  let j;
  if (placeholderAt === 'j') j = 'Personal budget: TBC.';
  else if (h1.length > 0 && rng.chance(0.5)) j = `Personal budget of £${rng.pick(['2,400', '3,600', '4,800'])} a year for the short breaks and care in Section H1, paid to parents as a direct payment.`;
  else if (rng.chance(0.12)) j = `Personal budget of £${rng.pick(['600', '1,200', '1,800'])} a year for transport to ${setting.place}, paid as a direct payment.`;
  else j = 'No personal budget has been requested.';

  const k = [];
  k.push({ source: 'education', date: isoOf(adviceDay()) });
  k.push({ source: 'educational psychology', date: isoOf(adviceDay()) });
  if (!want.has('no_health_advice')) k.push({ source: 'health', date: isoOf(adviceDay()) });
  if (!want.has('no_social_care_advice')) k.push({ source: 'social care', date: isoOf(adviceDay()) });
  if (!want.has('no_parent_views')) k.push({ source: 'parent', date: isoOf(adviceDay()) });
  if (!want.has('no_child_views')) k.push({ source: 'child', date: isoOf(adviceDay()) });

  const qa = {};
  if (!want.has('no_qa_signoff')) {
    qa.signedOffBy = `QA${String(rng.int(1, 6)).padStart(2, '0')}`;
    qa.signedOffDate = isoOf(rng.int(draftDay + 1, finalDay));
  }

  const seq = String(index + 1).padStart(Math.max(5, String(opts.plans).length), '0');
  const idWidth = opts.plans > 999_999 ? 8 : 6;
  const idNum = (index * 7919 + (hash32('id', opts.seed) % 1000)) % 10 ** idWidth;

  const setOut = { type: setting.type };
  if (setting.senSetting) setOut.senSetting = setting.senSetting;
  if (setting.name) setOut.name = setting.name;
  if (setting.urn) setOut.urn = setting.urn;

  const dates = { request: isoOf(requestDay), draftIssued: isoOf(draftDay), finalIssued: isoOf(finalDay) };
  if (reviewDay !== null) dates.lastReview = isoOf(reviewDay);

  const record = {
    ref: `EHCP-${isoOf(requestDay).slice(0, 4)}-${seq}`,
    child: {
      id: `C${String(idNum).padStart(idWidth, '0')}`,
      name: `${first} ${surname}`,
      dob: isoOf(dobDay),
      ncYear,
      district: DISTRICTS[districtIdx],
      lookedAfter: lac,
      youthCustody: custody,
      electiveHomeEducation: setting.type === 'EHE',
    },
    needs: { primary, other },
    setting: setOut,
    dates,
    a,
    b: { items: bItems, none: false },
    c: { items: cItems, none: cItems.length === 0 },
    d: { items: dItems, none: dItems.length === 0 },
    e: outcomes.map((o) => ({ text: o.text, area: o.area })),
    f: f.map((text) => ({ text })),
    g: g.map((text) => ({ text })),
    h1: noH ? [] : h1.map((text) => ({ text })),
    h2: noH ? [] : h2.map((text) => ({ text })),
  };
  if (iText !== undefined) record.i = iText;
  record.j = j;
  record.k = k;
  record.qa = qa;
  record.extra = { 'Interpreter Required': interpreter ? 'Y' : 'N', Caseworker: `CW${String(cw).padStart(2, '0')}` };

  const cNone = cItems.length === 0 ? rng.pick(C_NONE) : '';
  const dNone = dItems.length === 0 ? rng.pick(D_NONE) : '';

  // Truth = the definitions applied to the plan; it must equal what was injected.
  const defects = detectDefects(record, opts.asOf);
  const intended = DEFECT_IDS.filter((id) => want.has(id) && (id !== 'late_issue' || late) && (id !== 'review_overdue' || overdue));
  if (defects.join() !== intended.join()) {
    throw new Error(`internal: plan ${record.ref} defects ${JSON.stringify(defects)} but injected ${JSON.stringify(intended)}`);
  }
  selfCheck(record, defects, { f: want.has('vague_f') ? null : f, g, h1, h2, outcomes, late, overdue, shortDraft, issueDays, draftGap, finalAgo, reviewAgo, cNone, dNone });
  return { record, csv: csvCells(record, cNone, dNone), defects };
}

/** The documented defect definitions, applied to a native record. */
export function detectDefects(r, asOf) {
  const out = new Set();
  const words = (s) => s.trim().split(/\s+/).filter(Boolean).length;
  if (!r.a.childViews) out.add('no_child_views');
  else if (words(r.a.childViews) < 10) out.add('token_child_views');
  if (!r.a.parentViews) out.add('no_parent_views');
  if (!r.a.aspirations) out.add('no_aspirations');
  if (r.c.items.length > 0 && !r.k.some((x) => x.source === 'health')) out.add('no_health_advice');
  if (r.d.items.length > 0 && !r.k.some((x) => x.source === 'social care')) out.add('no_social_care_advice');
  if (r.c.items.length > 0 && r.g.length === 0) out.add('health_needs_no_g');
  if (r.d.items.length > 0 && r.h1.length === 0 && r.h2.length === 0) out.add('care_needs_no_h');
  if (r.f.some((p) => VAGUE_F_PHRASES.some((v) => p.text.toLowerCase().includes(v)))) out.add('vague_f');
  if (r.e.some((o) => !TIMESCALE_RE.test(o.text))) out.add('outcome_no_timescale');
  if (r.e.some((o) => PROVISION_AS_OUTCOME_RE.test(o.text))) out.add('provision_as_outcome');
  if (r.child.ncYear >= 9 && !r.e.some((o) => PFA_AREA_LABELS.includes(o.area))) out.add('no_pfa_outcomes');
  if (!r.i) out.add('no_placement');
  const base = r.dates.lastReview && r.dates.lastReview > r.dates.finalIssued ? r.dates.lastReview : r.dates.finalIssued;
  if (base < addMonthsIso(asOf, -12)) out.add('review_overdue');
  if (dayOf(r.dates.finalIssued) - dayOf(r.dates.request) > 140) out.add('late_issue');
  if (dayOf(r.dates.finalIssued) - dayOf(r.dates.draftIssued) < 15) out.add('short_draft_period');
  if (!r.qa.signedOffBy && !r.qa.signedOffDate) out.add('no_qa_signoff');
  if (PLACEHOLDER_RE.test(JSON.stringify(r))) out.add('placeholder');
  return DEFECT_IDS.filter((id) => out.has(id));
}

/** Margins and "clean text" rules that make the truth robust to other reasonable readings. */
function selfCheck(r, defects, x) {
  const fail = (msg) => {
    throw new Error(`internal: plan ${r.ref}: ${msg}`);
  };
  const has = (id) => defects.includes(id);
  for (const [name, items] of [['G', x.g], ['H1', x.h1], ['H2', x.h2], ['F', x.f ?? []]]) {
    for (const t of items) {
      const clean = t.replace(' Programme: [INSERT].', '.');
      if (BROAD_VAGUE_RE.test(clean)) fail(`${name} item reads as vague: ${t} (${BROAD_VAGUE_RE.exec(clean)[0]})`);
      if (name === 'F' && !/\d/.test(t)) fail(`F item has no quantity: ${t}`);
    }
  }
  for (const o of r.e) {
    const timed = TIMESCALE_RE.test(o.text);
    if (!timed && BROAD_TIME_RE.test(o.text)) fail(`untimed outcome looks timed: ${o.text}`);
    if (!PROVISION_AS_OUTCOME_RE.test(o.text) && BROAD_PROVISION_OUTCOME_RE.test(o.text)) fail(`outcome reads as provision: ${o.text}`);
  }
  const words = (t) => (t ? t.trim().split(/\s+/).length : 0);
  if (r.a.childViews && !has('token_child_views') && words(r.a.childViews) < 25) fail('child views too short for a good plan');
  if (r.a.childViews && has('token_child_views') && words(r.a.childViews) > 5) fail('token child views too long');
  if (r.a.parentViews && words(r.a.parentViews) < 15) fail('parent views too short');
  if (r.a.aspirations && words(r.a.aspirations) < 8) fail('aspirations too short');
  if (words(r.a.howGathered) < 5) fail('how gathered too short');
  if (!has('late_issue') && x.issueDays > 133) fail('issue margin');
  if (has('late_issue') && x.issueDays < 147) fail('late margin');
  if (!has('short_draft_period') && x.draftGap < 18) fail('draft margin');
  if (!has('review_overdue') && (x.reviewAgo ?? x.finalAgo) > 330) fail('review margin');
  if (has('review_overdue') && (x.reviewAgo ?? x.finalAgo) < 400) fail('overdue margin');
  if (r.dates.draftIssued <= r.dates.request) fail('draft before request');
  if (has('no_pfa_outcomes') && r.e.some((o) => PFA_WORDS_RE.test(o.text))) fail('no_pfa plan has PfA wording in an outcome');
  for (const s of [x.cNone, x.dNone]) if (s && !NONE_RES.some((re) => re.test(s))) fail(`none sentinel not recognised: ${s}`);
}
// The mapping's default none_patterns (src/records/mapping/schema.ts).
const NONE_RES = [
  /^\s*(there are )?no (identified |known |current |additional )?([a-z ]+ )?needs( (identified|in this area|at this time))?\.?\s*$/i,
  /^\s*(none|nil|n\/?a|not applicable)( identified| known)?\.?\s*$/i,
];

// ------------------------------------------------------------------------------------------------
// CSV rendering (headers from fixtures/example-export.map.yaml, plus two unmapped columns).
// ------------------------------------------------------------------------------------------------
const yn = (b) => (b ? 'Y' : 'N');
const adviceOn = (r, src) => ukOf(r.k.find((x) => x.source === src)?.date);
const lines = (items) => items.map((x) => x.text).join('\n');
export const CSV_COLUMNS = [
  ['Plan Ref', (r) => r.ref],
  ['Child ID', (r) => r.child.id],
  ['Child Name', (r) => r.child.name],
  ['DOB', (r) => ukOf(r.child.dob)],
  ['NC Year', (r) => formatNcYear(r.child.ncYear)],
  ['District', (r) => r.child.district],
  ['CLA', (r) => yn(r.child.lookedAfter)],
  ['Youth Custody', (r) => yn(r.child.youthCustody)],
  ['EHE', (r) => yn(r.child.electiveHomeEducation)],
  ['Primary Need', (r) => SEN_LABEL[r.needs.primary]],
  ['Secondary Needs', (r) => r.needs.other.join(';')],
  ['Setting Type', (r) => r.setting.type ?? ''],
  ['SEN2 Setting', (r) => r.setting.senSetting ?? ''],
  ['Setting Name', (r) => r.setting.name ?? ''],
  ['URN', (r) => r.setting.urn ?? ''],
  ['Request Date', (r) => ukOf(r.dates.request)],
  ['Draft Issued', (r) => ukOf(r.dates.draftIssued)],
  ['Final Issued', (r) => ukOf(r.dates.finalIssued)],
  ['Last Annual Review', (r) => ukOf(r.dates.lastReview)],
  ['Ceased Date', (r) => ukOf(r.dates.ceased)],
  ['Child Views', (r) => r.a.childViews ?? ''],
  ['Parent Views', (r) => r.a.parentViews ?? ''],
  ['Aspirations', (r) => r.a.aspirations ?? ''],
  ['How Views Gathered', (r) => r.a.howGathered ?? ''],
  ['Sec B Education Needs', (r) => r.b.items.join('\n')],
  ['Sec C Health Needs', (r, cNone) => (r.c.none ? cNone : r.c.items.join('\n'))],
  ['Sec D Social Care Needs', (r, _c, dNone) => (r.d.none ? dNone : r.d.items.join('\n'))],
  ['Sec E Outcomes', (r) => r.e.map((o) => `[${o.area}] ${o.text}`).join('\n')],
  ['Sec F Provision', (r) => lines(r.f)],
  ['Sec G Health Provision', (r) => lines(r.g)],
  ['Sec H1 Social Care CSDPA', (r) => lines(r.h1)],
  ['Sec H2 Social Care Other', (r) => lines(r.h2)],
  ['Sec I Placement', (r) => r.i ?? ''],
  ['Sec J Personal Budget', (r) => r.j ?? ''],
  ['QA Signed Off By', (r) => r.qa.signedOffBy ?? ''],
  ['QA Date', (r) => ukOf(r.qa.signedOffDate)],
  ['Education Advice Date', (r) => adviceOn(r, 'education')],
  ['EP Advice Date', (r) => adviceOn(r, 'educational psychology')],
  ['Health Advice Date', (r) => adviceOn(r, 'health')],
  ['Social Care Advice Date', (r) => adviceOn(r, 'social care')],
  ['Parent Advice Date', (r) => adviceOn(r, 'parent')],
  ['Child Advice Date', (r) => adviceOn(r, 'child')],
  ['Interpreter Required', (r) => r.extra['Interpreter Required'] ?? ''],
  ['Caseworker', (r) => r.extra.Caseworker ?? ''],
];
export const CSV_HEADER = CSV_COLUMNS.map(([h]) => h);

function csvCells(record, cNone, dNone) {
  return CSV_COLUMNS.map(([, fn]) => fn(record, cNone, dNone));
}

/** One RFC 4180 field: quoted when it holds the delimiter, a quote, CR or LF (or edge spaces). */
export function csvField(s, delimiter = ',') {
  if (s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}
export function csvLine(cells, delimiter = ',') {
  return cells.map((c) => csvField(c, delimiter)).join(delimiter) + '\r\n';
}

// ------------------------------------------------------------------------------------------------
// The plan stream: blocks of 100 plans with a fixed schedule of "forced" slots, so that any file of
// 70+ plans has every phase, every district, LAC / EHE / NEET / AP plans and every defect, and every
// other block has one youth-custody plan (0.5%).
// ------------------------------------------------------------------------------------------------
const BLOCK = 100;
function forcedSlots(b) {
  return [
    { district: 0, years: [-2, -1], defect: 'no_child_views' },
    { district: 1, phase: 'KS1', defect: 'token_child_views' },
    { district: 2, phase: 'KS2', lac: true, defect: 'no_social_care_advice' },
    b % 2 === 0 ? { district: 3, years: [10, 13], custody: true, defect: 'no_pfa_outcomes' } : { district: 3, years: [9, 13], defect: 'no_pfa_outcomes' },
    { district: 4, phase: 'KS4', ehe: true, defect: 'no_parent_views' },
    { district: 5, phase: 'post-16', neet: true, defect: 'no_aspirations' },
    { district: 6, phase: 'KS3', ap: true, defect: 'vague_f' },
    { district: 7, phase: 'post-16', fe: true, defect: 'outcome_no_timescale' },
    { health: true, defect: 'no_health_advice' },
    { health: true, defect: 'health_needs_no_g' },
    { care: true, defect: 'care_needs_no_h' },
    { defect: 'provision_as_outcome' },
    { defect: 'no_placement' },
    { minYear: 1, defect: 'review_overdue' },
    { minYear: 0, defect: 'late_issue' },
    { defect: 'short_draft_period' },
    { defect: 'no_qa_signoff' },
    { defect: 'placeholder' },
  ];
}

/** Yields { record, csv, defects } for plans 0..plans-1. */
export function* generatePlans(opts) {
  const cwRng = new Rng(hash32('caseworkers', opts.seed));
  const raw = Array.from({ length: CASEWORKER_COUNT }, () => 0.5 + cwRng.next());
  const mean = raw.reduce((x, y) => x + y, 0) / raw.length;
  const factors = raw.map((f) => f / mean); // mean exactly 1, so the base rates hold for every seed
  for (let start = 0; start < opts.plans; start += BLOCK) {
    const len = Math.min(BLOCK, opts.plans - start);
    const b = start / BLOCK;
    const slotRng = new Rng(hash32('block', opts.seed, b));
    const positions = slotRng.shuffle(Array.from({ length: len }, (_, i) => i));
    const slots = forcedSlots(b);
    const forceAt = new Map();
    slots.forEach((s, k) => {
      if (k < len) forceAt.set(positions[k], s);
    });
    for (let i = 0; i < len; i++) {
      yield makePlan(start + i, opts, forceAt.get(i) ?? {}, factors);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Output.
// ------------------------------------------------------------------------------------------------
const QUOTE_AS_STRING = /^(?:\d{4}-\d{2}-\d{2}|y|n|yes|no|on|off|true|false|null|~)$/i;
function yamlDoc(value, header) {
  const doc = new Document(value);
  // Quote scalars a YAML 1.1 reader would not read as strings (dates, Y/N).
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && QUOTE_AS_STRING.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  if (header) doc.commentBefore = header;
  return doc.toString({ lineWidth: 110, minContentWidth: 40 });
}

class Sink {
  constructor(stream) {
    this.stream = stream;
    this.parts = [];
    this.size = 0;
  }
  async write(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) await this.flush();
  }
  async flush() {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async end() {
    await this.flush();
    if (this.stream === process.stdout) return;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const FORMATS = ['csv', 'yaml', 'yaml-list', 'jsonl', 'json'];
const USAGE = `usage: node scripts/generate-export.mjs --plans N [--seed S] [--format ${FORMATS.join('|')}] --out FILE|- [--as-of YYYY-MM-DD] [--truth FILE] [--comment TEXT]`;

export function parseArgs(argv) {
  const opts = { plans: undefined, seed: '1', format: 'csv', out: undefined, asOf: '2026-11-26', truth: undefined, comment: undefined };
  const names = { '--plans': 'plans', '--seed': 'seed', '--format': 'format', '--out': 'out', '--as-of': 'asOf', '--truth': 'truth', '--comment': 'comment' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let val;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      val = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '--help' || arg === '-h') throw new UsageError(USAGE, 0);
    const key = names[arg];
    if (!key) throw new UsageError(`unknown argument '${arg}'\n${USAGE}`);
    if (val === undefined) {
      val = argv[++i];
      if (val === undefined) throw new UsageError(`${arg} needs a value\n${USAGE}`);
    }
    opts[key] = val;
  }
  if (opts.plans === undefined || !/^\d+$/.test(String(opts.plans))) throw new UsageError(`--plans must be a whole number\n${USAGE}`);
  opts.plans = Number(opts.plans);
  if (!FORMATS.includes(opts.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (!opts.out) throw new UsageError(`--out is required (use - for stdout)\n${USAGE}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf) || isoOf(dayOf(opts.asOf)) !== opts.asOf) throw new UsageError('--as-of must be a real date as YYYY-MM-DD');
  return opts;
}
class UsageError extends Error {
  constructor(message, code = 2) {
    super(message);
    this.code = code;
  }
}

export async function run(opts) {
  const out = new Sink(opts.out === '-' ? process.stdout : createWriteStream(opts.out));
  const truth = opts.truth ? new Sink(createWriteStream(opts.truth)) : null;
  const cmd = `node scripts/generate-export.mjs --plans ${opts.plans} --seed ${opts.seed} --format ${opts.format} --as-of ${opts.asOf}`;
  const header = [
    ' Synthetic EHC plan export: entirely invented (no real child, family, school or officer).',
    ` Generated by: ${cmd}`,
    ' The same plans, in the same order, as every other format generated with the same --plans,',
    ' --seed and --as-of (the CSV through fixtures/example-export.map.yaml gives these records).',
    ' Shape: src/records/model.ts (dates YYYY-MM-DD; child.ncYear -2..14, 0 = Reception).',
    ...(opts.comment ? opts.comment.split('\n').map((l) => ` ${l}`) : []),
  ].join('\n');
  const counts = Object.fromEntries(DEFECT_IDS.map((id) => [id, 0]));
  let clean = 0;
  const list = [];
  if (opts.format === 'csv') await out.write('\uFEFF' + csvLine(CSV_HEADER));
  if (opts.format === 'json') await out.write('[\n');
  let n = 0;
  for (const p of generatePlans(opts)) {
    if (opts.format === 'csv') await out.write(csvLine(p.csv));
    else if (opts.format === 'jsonl') await out.write(JSON.stringify(p.record) + '\n');
    else if (opts.format === 'json') await out.write((n > 0 ? ',\n' : '') + JSON.stringify(p.record));
    else if (opts.format === 'yaml') await out.write((n === 0 ? header.replace(/^/gm, '#') + '\n' : '') + '---\n' + yamlDoc(p.record));
    else list.push(p.record);
    if (truth) await truth.write(JSON.stringify({ ref: p.record.ref, defects: p.defects }) + '\n');
    for (const d of p.defects) counts[d]++;
    if (p.defects.length === 0) clean++;
    n++;
  }
  if (opts.format === 'json') await out.write(n > 0 ? '\n]\n' : ']\n');
  if (opts.format === 'yaml-list') await out.write(yamlDoc(list, header));
  await out.end();
  if (truth) await truth.end();
  return { plans: n, clean, counts };
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      (e.code === 0 ? console.log : console.error)(e.message);
      process.exit(e.code);
    }
    throw e;
  }
  const { plans, clean, counts } = await run(opts);
  const pct = (x) => (plans ? ((100 * x) / plans).toFixed(1) : '0.0');
  console.error(`wrote ${plans} plans (${opts.format}) to ${opts.out}${opts.truth ? `, truth to ${opts.truth}` : ''}`);
  console.error(`plans with no defect: ${clean} (${pct(clean)}%)`);
  for (const [id, c] of Object.entries(counts)) console.error(`  ${id.padEnd(22)} ${String(c).padStart(7)} (${pct(c)}%)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e.stack ?? String(e));
    process.exit(1);
  });
}
