import { describe, expect, it } from 'vitest';
import type { UnitPreferences } from '@shared/domain/units';
import { buildReading } from '../../../renderer/src/db/repositories/readings';
import {
  emptyForm,
  formFromReading,
  issueParamsForDisplay,
  parseNumber,
  readForm,
} from '../../../renderer/src/features/vitals/entry-form';

const EU: UnitPreferences = { glucose: 'mmol/L', temperature: '°C', weight: 'kg' };
const US: UnitPreferences = { glucose: 'mg/dL', temperature: '°F', weight: 'lb' };
const NOW = Date.parse('2026-06-15T10:30:45');

describe('reading entry form', () => {
  it('reads numbers typed with a comma or a point, and refuses anything else', () => {
    expect(parseNumber('36,6')).toBe(36.6);
    expect(parseNumber(' 120 ')).toBe(120);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('12a')).toBeNaN();
    expect(parseNumber('1,2,3')).toBeNaN();
  });

  it('converts what was typed in the user’s units to canonical units', () => {
    const form = emptyForm(NOW);
    form.values.glucose = '5,5';
    form.values.temperature = '98.6';
    form.values.weight = '154.3';
    const { input, issues } = readForm(form, { ...EU, temperature: '°F', weight: 'lb' }, NOW);
    expect(issues).toEqual([]);
    expect(input.glucose).toBeCloseTo(99.09, 2);
    expect(input.temperature).toBeCloseTo(37, 5);
    expect(input.weight).toBeCloseTo(69.99, 2);
    expect(input.takenAt).toBe(NOW);
  });

  it('keeps the exact time of the reading a correction replaces unless the time is changed', () => {
    const original = buildReading(
      'p',
      { takenAt: NOW, systolic: 210, diastolic: 80 },
      { now: NOW, enteredBy: 'x' },
    );
    const form = formFromReading(original, US, 'en');
    expect(form.values.systolic).toBe('210');
    expect(readForm(form, US, NOW + 60_000).input.takenAt).toBe(NOW);
    form.takenAt = '2026-06-15T09:00';
    form.timeEdited = true;
    expect(readForm(form, US, NOW + 60_000).input.takenAt).toBe(Date.parse('2026-06-15T09:00'));
  });

  it('shows range limits in the units the user typed in', () => {
    expect(
      issueParamsForDisplay(
        { field: 'glucose', code: 'outOfRange', params: { min: 10, max: 1000 } },
        EU,
      ),
    ).toEqual({ min: 0.6, max: 55.5 });
    expect(
      issueParamsForDisplay(
        { field: 'temperature', code: 'outOfRange', params: { min: 30, max: 45 } },
        US,
      ),
    ).toEqual({ min: 86, max: 113 });
  });
});
