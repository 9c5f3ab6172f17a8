import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../renderer/src/format/bytes';
import { pickLocale } from '../../../renderer/src/i18n';
import { en } from '../../../renderer/src/i18n/en';
import { es } from '../../../renderer/src/i18n/es';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keys(child, prefix ? `${prefix}.${key}` : key),
  );
}

/** Strings that are spelled the same in English and Spanish (names, abbreviations, cognates). */
const SAME_IN_BOTH = [
  'app.name',
  'about.appSection',
  'language.en',
  'language.es',
  'common.none',
  'common.no',
  'measuresShort.diastolic',
  'measuresShort.spo2',
  'measuresShort.temperature',
  'categories.bp.normal',
  'trends.bands.normal',
  'trends.bands.crisis',
];

describe('language', () => {
  it('prefers the saved choice, then the first language we speak, then English', () => {
    expect(pickLocale('es', ['en-US'])).toBe('es');
    expect(pickLocale(null, ['fr-FR', 'es-AR', 'en'])).toBe('es');
    expect(pickLocale(null, ['de-DE'])).toBe('en');
    expect(pickLocale('klingon', ['en-US'])).toBe('en');
  });

  it('has every English string in Spanish, and no Spanish string left in English', () => {
    expect(keys(es)).toEqual(keys(en));
    const untranslated = keys(en).filter((key) => {
      const path = key.split('.');
      const pick = (tree: unknown) =>
        path.reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
      return pick(en) === pick(es) && !SAME_IN_BOTH.includes(key);
    });
    expect(untranslated).toEqual([]);
  });
});

describe('formatBytes', () => {
  it('shows sizes in powers of 1024 with the locale’s number format', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(16 * 1024 ** 3, 'en')).toBe('16 GB');
    expect(formatBytes(1.5 * 1024 ** 4, 'es')).toBe('1,5 TB');
    expect(formatBytes(-1, 'en')).toBe('—');
  });
});
