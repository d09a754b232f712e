/**
 * The current view state, kept in sync with location.hash both ways: views read `route.state` and
 * call `navigate()`; the back button and pasted links arrive through 'hashchange'.
 */
import {
  DeepLinkError,
  parseLink,
  replaceExtra,
  sameExtra,
  serialiseLink,
  shareLink,
  type LinkState,
} from '../../../src-main/shared/deeplink/deeplink.js';

function read(): { state: LinkState; error?: string } {
  if (typeof location === 'undefined') return { state: { view: 'browse' } };
  try {
    return { state: parseLink(location.hash || '#') };
  } catch (e) {
    return { state: { view: 'browse' }, error: e instanceof DeepLinkError ? e.message : String(e) };
  }
}

const initial = read();
const box = $state<{ state: LinkState; error?: string }>({ state: initial.state, error: initial.error });

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    const next = read();
    box.state = next.state;
    box.error = next.error;
  });
}

export const route = {
  get state(): LinkState {
    return box.state;
  },
  /** Why the last link could not be opened (shown once by the shell), or undefined. */
  get error(): string | undefined {
    return box.error;
  },
  clearError(): void {
    box.error = undefined;
  },
};

/**
 * Moves to a new state. `replace` updates the address without a history entry (for small changes
 * such as a slider), otherwise Back returns to the previous state.
 */
export function navigate(next: LinkState, opts: { replace?: boolean } = {}): void {
  const hash = serialiseLink(next);
  box.state = next;
  box.error = undefined;
  if (typeof location === 'undefined' || location.hash === hash) return;
  if (opts.replace) history.replaceState(history.state, '', hash);
  else history.pushState(history.state, '', hash);
}

/** Merges a partial state into the current one. Keys set to undefined are removed. */
export function patch(changes: Partial<LinkState>, opts: { replace?: boolean } = {}): void {
  const merged: LinkState = { ...box.state, ...changes };
  for (const k of Object.keys(merged) as (keyof LinkState)[]) if (merged[k] === undefined) delete merged[k];
  navigate(merged, opts);
}

/**
 * Writes a view's own view-specific keys (`owned`, set to `own`; every other key stays) into the
 * current history entry, when they changed: a setting is part of the link, not a step back.
 */
export function replaceOwnExtra(owned: readonly string[], own: Record<string, string>): void {
  const extra = replaceExtra(box.state.extra, owned, own);
  if (!sameExtra(extra, box.state.extra)) patch({ extra }, { replace: true });
}

/** The shareable link of the current state (app scheme, token-free). */
export function currentLink(): string {
  return shareLink(box.state);
}
