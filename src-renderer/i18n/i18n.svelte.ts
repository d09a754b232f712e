/**
 * The app's i18n: `t(key, params)` reads the current locale reactively (a rune), so any component
 * that calls it re-renders when the language switches. The locale starts from localStorage, else the
 * OS/browser preference (navigator.languages), else English.
 */
import { interpolate, isLocale, pickLocale, type Locale, type Params } from './core.js';
import { en, type MessageKey } from './en/index.js';
import { ko } from './ko/index.js';

export type { Locale, MessageKey, Params };
export const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, ko };
const STORAGE_KEY = 'inception-explorer.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be unavailable (private mode, tests): fall through to the OS preference.
  }
  const nav = globalThis.navigator;
  return pickLocale(nav ? (nav.languages?.length ? nav.languages : [nav.language]) : []);
}

const state = $state<{ locale: Locale }>({ locale: initialLocale() });

export const i18n = {
  get locale(): Locale {
    return state.locale;
  },
  set locale(value: Locale) {
    state.locale = value;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, value);
    } catch {
      // Not persisted; the switch still works for this session.
    }
    if (globalThis.document) globalThis.document.documentElement.lang = value;
  },
};

/** The string for `key` in the current locale, with `{name}` placeholders filled. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(DICTIONARIES[state.locale][key] ?? en[key] ?? key, params);
}

/** The string in a given locale (the glossary shows both languages at once). */
export function tIn(locale: Locale, key: MessageKey, params?: Params): string {
  return interpolate(DICTIONARIES[locale][key], params);
}
