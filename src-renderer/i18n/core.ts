/** Pure i18n helpers: locale choice and `{name}` interpolation. No DOM, no Svelte: unit-tested. */

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

/**
 * The first supported language in the user's preference list (navigator.languages, which follows
 * the OS locale in Electron), else English. 'ko-KR' → 'ko', 'en-GB' → 'en'.
 */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lang = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(lang)) return lang;
  }
  return 'en';
}

export type Params = Record<string, string | number>;

/** Replaces `{name}` with params.name. A missing parameter stays visible as `{name}` so it is noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The `{name}` placeholders of a template, sorted, for checking that translations agree. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}
