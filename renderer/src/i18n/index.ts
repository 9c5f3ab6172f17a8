import { createI18n } from 'vue-i18n';
import type { MessageSchema } from './en';
import { en } from './en';
import { es } from './es';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'healthdesk.locale';

/** The saved choice, else the first of the user's languages that we speak, else English. */
export function pickLocale(saved: string | null, preferred: readonly string[]): Locale {
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LOCALES as readonly string[]).includes(base ?? '')) return base as Locale;
  }
  return 'en';
}

export function createAppI18n(storage: Pick<Storage, 'getItem'>, languages: readonly string[]) {
  const messages: Record<Locale, MessageSchema> = { en, es };
  return createI18n({
    // Composition mode, so useI18n() works in setup; it becomes the only mode in vue-i18n 12.
    legacy: false,
    locale: pickLocale(storage.getItem(STORAGE_KEY), languages),
    fallbackLocale: 'en',
    messages,
  });
}

export function saveLocale(storage: Pick<Storage, 'setItem'>, locale: Locale): void {
  storage.setItem(STORAGE_KEY, locale);
}
