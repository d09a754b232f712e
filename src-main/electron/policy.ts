/**
 * The desktop shell's security decisions as pure functions (tested without Electron): which
 * frames may talk to the engine, where the window may navigate, which links open outside.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

/** Only the app's own top-level page (not an iframe, not another origin) gets an engine port. */
export function trustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    // Not `.origin`: WHATWG URL gives custom schemes an opaque origin ('null').
    const u = new URL(frame.url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'renderer';
  } catch {
    return false;
  }
}

/** The window stays on the app's pages; anything else is refused. */
export function navigationAllowed(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/** Links that may open in the user's browser (papers, docs); everything else is dropped. */
export function opensExternally(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** `--backend NAME` / `--backend=NAME` from the app's argv, passed on to the engine. */
export function backendArgs(argv: string[]): string[] {
  const i = argv.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
  if (i < 0) return [];
  return argv[i].includes('=') ? [argv[i]] : argv.slice(i, i + 2);
}
