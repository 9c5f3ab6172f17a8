import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConvertibleMeasure, UnitPreferences } from '@shared/domain/units';
import { displayDecimals, roundTo, toCanonical, toDisplay } from '@shared/domain/units';
import { MEASURE_SPECS } from '@shared/domain/measures';

const US: UnitPreferences = { glucose: 'mg/dL', temperature: '°F', weight: 'lb' };
const EU: UnitPreferences = { glucose: 'mmol/L', temperature: '°C', weight: 'kg' };

describe('units', () => {
  it('converts known values exactly as clinicians expect', () => {
    expect(roundTo(toDisplay('glucose', 180, EU), 1)).toBe(10);
    expect(roundTo(toDisplay('glucose', 70, EU), 1)).toBe(3.9);
    expect(toDisplay('temperature', 37, US)).toBeCloseTo(98.6, 10);
    expect(toCanonical('temperature', 212, US)).toBeCloseTo(100, 10);
    expect(roundTo(toDisplay('weight', 70, US), 1)).toBe(154.3);
  });

  it.each<[ConvertibleMeasure, UnitPreferences]>([
    ['glucose', EU],
    ['glucose', US],
    ['temperature', US],
    ['temperature', EU],
    ['weight', US],
    ['weight', EU],
  ])('round-trips every displayed %s value in %j', (measure, units) => {
    const [min, max] = MEASURE_SPECS[measure].plausible;
    const decimals = displayDecimals(measure, units);
    fc.assert(
      fc.property(fc.double({ min, max, noNaN: true }), (canonical) => {
        const shown = roundTo(toDisplay(measure, canonical, units), decimals);
        const back = toCanonical(measure, shown, units);
        // Entering what is shown and showing it again gives the same figure.
        expect(roundTo(toDisplay(measure, back, units), decimals)).toBe(shown);
      }),
      { numRuns: 2000 },
    );
  });
});
