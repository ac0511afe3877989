/**
 * SEN2 `SENtype` codes and the long names case-management systems export instead of them
 * (DfE SEN2 guide; "Special educational needs in England" primary-need categories).
 */
import { SEN_TYPES, type SenType } from './model.js';

const NAMES: Record<string, SenType> = {
  'specific learning difficulty': 'SPLD',
  'specific learning difficulties': 'SPLD',
  spld: 'SPLD',
  'moderate learning difficulty': 'MLD',
  'moderate learning difficulties': 'MLD',
  'severe learning difficulty': 'SLD',
  'severe learning difficulties': 'SLD',
  'profound and multiple learning difficulty': 'PMLD',
  'profound and multiple learning difficulties': 'PMLD',
  'social, emotional and mental health': 'SEMH',
  'social emotional and mental health': 'SEMH',
  'speech, language and communication needs': 'SLCN',
  'speech language and communication needs': 'SLCN',
  'speech, language and communication': 'SLCN',
  'hearing impairment': 'HI',
  'visual impairment': 'VI',
  'multi-sensory impairment': 'MSI',
  'multi sensory impairment': 'MSI',
  'physical disability': 'PD',
  'autistic spectrum disorder': 'ASD',
  'autism spectrum disorder': 'ASD',
  autism: 'ASD',
  'autism spectrum condition': 'ASD',
  asc: 'ASD',
  'other difficulty/disability': 'OTH',
  'other difficulty or disability': 'OTH',
  other: 'OTH',
  'down syndrome': 'DS',
  "down's syndrome": 'DS',
};

/**
 * Answers by the cell's exact text. An export spells its needs in a handful of ways, so this
 * small table stays in the CPU cache, where the case changes, the regex and the look-up of a fresh
 * string in NAMES cost about 0.6 us a plan (two cells). Unknown texts are not kept (they are
 * errors, reported per record), and it stops growing at 256 texts.
 */
const known = new Map<string, SenType>();

/** An SEN2 code from a code or a long name; undefined when neither. */
export function normaliseSenType(raw: string): SenType | undefined {
  const hit = known.get(raw);
  if (hit !== undefined) return hit;
  const s = raw.trim();
  const upper = s.toUpperCase();
  const name = s.toLowerCase().replace(/\s+/g, ' ');
  // Own names only: 'constructor' or '__proto__' must not find Object.prototype's.
  const code = (SEN_TYPES as readonly string[]).includes(upper) ? (upper as SenType) : Object.hasOwn(NAMES, name) ? NAMES[name] : undefined;
  if (code !== undefined && known.size < 256) known.set(raw, code);
  return code;
}

export const SEN_TYPE_LABELS: Record<SenType, string> = {
  SPLD: 'Specific learning difficulty',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs',
  HI: 'Hearing impairment',
  VI: 'Visual impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  ASD: 'Autistic spectrum disorder',
  OTH: 'Other difficulty or disability',
  DS: 'Down syndrome',
};
