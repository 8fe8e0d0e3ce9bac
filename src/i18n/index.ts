import i18next, { type TFunction } from 'i18next';
import { useMemo } from 'react';
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

type Translate = TFunction<'translation', undefined>;

/** Most strings kept per language before that language's cache starts over (live figures make new ones). */
const CACHE_LIMIT = 5000;
const caches = new Map<string, Map<string, string>>();

/** The cache's key for a call: the key and its primitive options; null for a call not to cache. */
function cacheKey(key: unknown, options: unknown): string | null {
  if (typeof key !== 'string') return null;
  if (options === undefined) return key;
  if (typeof options !== 'object' || options === null) return null;
  let out = key;
  for (const [name, value] of Object.entries(options)) {
    if (typeof value === 'string') out += `\u0001${name}\u0002s${value}`;
    else if (typeof value === 'number' || typeof value === 'boolean') out += `\u0001${name}\u0002${String(value)}`;
    else return null;
  }
  return out;
}

/**
 * i18next resolves every call afresh (key lookup, plural rules, interpolation with its regular
 * expressions), and a render of the training figures makes hundreds of calls a few times a second:
 * 10-18 ms of each such render here (a CPU profile while training, 2026-12-02). The same key with the
 * same primitive options in the same language is the same string (the resources never change once
 * loaded), so it is kept. Calls with other options (objects, arrays) go to i18next each time.
 */
export function cachedTranslate(translate: Translate, language: () => string): Translate {
  const plain = translate as unknown as (key: unknown, options?: unknown) => unknown;
  const cached = (key: unknown, options?: unknown): unknown => {
    const k = cacheKey(key, options);
    if (k === null) return plain(key, options);
    const lng = language();
    let cache = caches.get(lng);
    if (!cache) caches.set(lng, (cache = new Map()));
    const hit = cache.get(k);
    if (hit !== undefined) return hit;
    const value = plain(key, options);
    if (typeof value === 'string') {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(k, value);
    }
    return value;
  };
  return cached as unknown as Translate;
}

/** Outside React (the state's messages): in the language shown now. */
export const t: Translate = cachedTranslate(i18next.t.bind(i18next) as unknown as Translate, () => i18next.language);

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

/** Components: `const { t } = useT();` (re-renders on a language switch; t's strings are cached, see cachedTranslate). */
export function useT(): { t: Translate; i18n: typeof i18next } {
  const { t: translate, i18n: instance } = useTranslation();
  const language = instance.language;
  const t = useMemo<Translate>(() => cachedTranslate(translate, () => language), [translate, language]);
  return { t, i18n: instance };
}
