/** SEN2 SENtype codes from codes or the long names case-management systems export. */
import { describe, expect, it } from 'vitest';
import { normaliseSenType } from '../../src/records/senCodes.js';

describe('normaliseSenType', () => {
  it('reads codes and long names in any case and spacing, the same every time', () => {
    for (let i = 0; i < 3; i++) {
      expect(normaliseSenType('ASD')).toBe('ASD');
      expect(normaliseSenType(' asd ')).toBe('ASD');
      expect(normaliseSenType('Autistic spectrum disorder')).toBe('ASD');
      expect(normaliseSenType('SOCIAL,  EMOTIONAL and mental health')).toBe('SEMH');
      expect(normaliseSenType("Down's syndrome")).toBe('DS');
      expect(normaliseSenType('Dyslexia')).toBeUndefined();
    }
  });

  it('knows no names from Object.prototype', () => {
    for (const s of ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf']) expect(normaliseSenType(s)).toBeUndefined();
  });
});
