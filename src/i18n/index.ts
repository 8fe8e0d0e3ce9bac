import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';

/**
 * The one i18n layer: every visible string goes through i18next (with
 * react-i18next for components), English and Korean, one message file per
 * namespace and language (src/i18n/en, src/i18n/ko; the Korean ones are
 * typed by the English ones, so a key missing in either does not compile).
 * i18next: the most used i18n library for JavaScript, plain objects as
 * resources (no compile step, unlike Lingui's macros), plurals and
 * interpolation built in, usable outside React (the state's messages) too.
 */
export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어' };

const STORAGE_KEY = 'latent-explorer-language';

export const resources = { en: { translation: en }, ko: { translation: ko } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
    returnNull: false;
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language to start in: the link's, else the one chosen last time, else the browser's (Korean or English). */
export function initialLanguage(fromUrl: string | undefined): Language {
  if (isLanguage(fromUrl)) return fromUrl;
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be unavailable (private mode): the browser's language decides.
  }
  const browser = typeof navigator === 'undefined' ? 'en' : navigator.language;
  return browser.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

void i18next.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // Synchronous: the resources are in the bundle, and the first render must already speak the language.
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export const i18n = i18next;
export const t = i18next.t.bind(i18next);

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

/** Switches the language: remembered in this browser, set on <html lang> (the URL mirrors it, see urlState). */
export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but switched.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Components: `const { t } = useT();` (re-renders on a language switch). */
export const useT = () => useTranslation();
