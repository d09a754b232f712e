/**
 * Web mode's guards, kept pure so they are unit-tested: the per-launch token, the Origin and Host
 * checks on the WebSocket upgrade (and Host on every request, against DNS rebinding), and the
 * security headers with a strict CSP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const API_PATH = '/api';

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || expected.length === 0) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The page's own origins: the server is reachable only on loopback. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function originAllowed(origin: string | undefined, port: number): boolean {
  return typeof origin === 'string' && allowedOrigins(port).includes(origin);
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return typeof host === 'string' && (host === `127.0.0.1:${port}` || host === `localhost:${port}`);
}

export interface UpgradeRequest {
  url?: string;
  headers: { origin?: string; host?: string };
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** Decides whether a WebSocket upgrade may proceed: right path, loopback Host, own Origin, right token. */
export function checkUpgrade(req: UpgradeRequest, expected: { token: string; port: number }): UpgradeVerdict {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return { ok: false, status: 400, reason: 'Bad Request' };
  }
  if (url.pathname !== API_PATH) return { ok: false, status: 404, reason: 'Not Found' };
  if (!hostAllowed(req.headers.host, expected.port))
    return { ok: false, status: 403, reason: 'Forbidden (host)' };
  if (!originAllowed(req.headers.origin, expected.port))
    return { ok: false, status: 403, reason: 'Forbidden (origin)' };
  if (!tokenMatches(url.searchParams.get('token'), expected.token))
    return { ok: false, status: 401, reason: 'Unauthorized' };
  return { ok: true };
}

/**
 * Scripts only from the app itself (no inline, no eval). Inline styles are allowed because Svelte
 * templates and d3 write style attributes; nothing else loads from anywhere but the app.
 */
export function contentSecurityPolicy(port?: number): string {
  // Electron (no port) talks over IPC and needs no WebSocket source.
  const ws =
    port === undefined
      ? ''
      : ' ' +
        allowedOrigins(port)
          .map((o) => o.replace('http:', 'ws:'))
          .join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${ws} data: blob:`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
