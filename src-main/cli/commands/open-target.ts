/**
 * Pure helpers of `inception-explorer open`: which address a deep link points at, and whether it
 * names an app that is already running (a web-mode page on loopback).
 */
import { linkUrl, parseLink, serialiseLink, type LinkState } from '../../shared/deeplink/deeplink.js';

export interface OpenPlan {
  state: LinkState;
  /** The canonical hash, '#/…'. */
  hash: string;
  /** A running web-mode page the link already names (http://127.0.0.1:PORT/?token=…), if any. */
  running?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Parses the link (throws DeepLinkError with a message that names the problem). */
export function planOpen(link: string): OpenPlan {
  const state = parseLink(link);
  const plan: OpenPlan = { state, hash: serialiseLink(state) };
  if (/^https?:\/\//i.test(link.trim())) {
    const u = new URL(link.trim());
    if (LOOPBACK.has(u.hostname) && u.searchParams.has('token'))
      plan.running = `${u.origin}${u.pathname}${u.search}`;
  }
  return plan;
}

/** The page address for a server URL (which carries its token) and a state. */
export function targetUrl(serverUrl: string, state: LinkState): string {
  return linkUrl(serverUrl, state);
}
