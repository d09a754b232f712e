/**
 * Web mode's guards, kept pure so they are unit-tested: the per-launch token, the Origin and Host
 * checks on the WebSocket upgrade (and Host on every request, against DNS rebinding), and the
 * security headers with a strict CSP.
 *
 * How the token reaches the browser: it never sits on a command line (other local users can read
 * those in `ps`) nor in the address the page lives at. The app opens the browser on a one-time
 * launch link (/launch?n=<nonce>, through a private file, see open-browser.ts); the server trades the
 * nonce, once, for an HttpOnly SameSite=Strict cookie holding the token and redirects to /. The
 * address printed in the terminal (?token=…) is traded the same way, so reloads carry no token.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const API_PATH = '/api';
export const LAUNCH_PATH = '/launch';

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

/** Cookies are not kept apart by port, so two launches on different ports need different names. */
export function tokenCookieName(port: number): string {
  return `inception_token_${port}`;
}

/** Set-Cookie for the token: script cannot read it, other sites cannot send it. */
export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The token cookie's value in a Cookie header, if any. */
export function cookieToken(header: string | undefined, port: number): string | undefined {
  if (typeof header !== 'string') return undefined;
  const name = tokenCookieName(port);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token, from the query (?token=) or the cookie. */
export function requestHasToken(
  req: { url?: string; headers: { cookie?: string } },
  expected: { token: string; port: number },
): boolean {
  let query: string | null = null;
  try {
    query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  } catch {
    // no usable query
  }
  return (
    tokenMatches(query, expected.token) ||
    tokenMatches(cookieToken(req.headers.cookie, expected.port), expected.token)
  );
}

/**
 * Single-use launch nonces: each opens the app once, within `ttlMs`. One in a browser's history or
 * a file left behind is worth nothing afterwards.
 */
export class LaunchNonces {
  private readonly live = new Map<string, number>();
  constructor(
    private readonly ttlMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    const n = randomBytes(32).toString('base64url');
    this.live.set(n, this.now() + this.ttlMs);
    return n;
  }

  /** True once per issued nonce, if it has not expired. */
  consume(n: string | null | undefined): boolean {
    const t = this.now();
    for (const [k, until] of this.live) if (until < t) this.live.delete(k);
    if (typeof n !== 'string') return false;
    for (const k of this.live.keys()) {
      if (tokenMatches(n, k)) {
        this.live.delete(k);
        return true;
      }
    }
    return false;
  }
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
  headers: { origin?: string; host?: string; cookie?: string };
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** Decides whether a WebSocket upgrade may proceed: right path, loopback Host, own Origin, right token (query or cookie). */
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
  if (!requestHasToken(req, expected)) return { ok: false, status: 401, reason: 'Unauthorized' };
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
