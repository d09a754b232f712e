/**
 * The desktop shell's security decisions as pure functions (tested without Electron): which
 * frames may talk to the engine, where the window may navigate, which links open outside, which
 * web permissions the page gets (almost none), and which messages from the page go on to the engine.
 */
import { MAX_CLIENT_DEPTH, valueDepthExceeds } from '../shared/protocol/wire.js';
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

/** Whether a URL or an origin is the app's own page (app://renderer). */
export function fromApp(urlOrOrigin: string | undefined | null): boolean {
  if (!urlOrOrigin) return false;
  try {
    const u = new URL(urlOrOrigin);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'renderer';
  } catch {
    return false;
  }
}

/**
 * The only web permissions the app uses: fullscreen (the lessons' presenter mode) and writing text
 * to the clipboard ("Copy link"). Camera, microphone, geolocation, notifications, clipboard reading,
 * HID/serial/USB, MIDI, file system access… are all refused.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['fullscreen', 'clipboard-sanitized-write'];

/** session.setPermissionCheckHandler and setPermissionRequestHandler: granted to the app's own top page only. */
export function permissionAllowed(
  permission: string,
  requester: { url?: string | null; isMainFrame?: boolean },
): boolean {
  return (
    GRANTED_PERMISSIONS.includes(permission) && requester.isMainFrame !== false && fromApp(requester.url)
  );
}

/** session.setDevicePermissionHandler: no device (HID, serial, USB, Bluetooth) is ever granted. */
export function devicePermissionAllowed(): boolean {
  return false;
}

/** A message from the page goes to the engine only if it is shallow enough to serialise (see protocol-wire). */
export function ipcMessageAcceptable(message: unknown): boolean {
  return !valueDepthExceeds(message, MAX_CLIENT_DEPTH);
}
