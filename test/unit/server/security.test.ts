import { describe, expect, it } from 'vitest';
import {
  LaunchNonces,
  checkUpgrade,
  contentSecurityPolicy,
  cookieToken,
  tokenCookie,
  hostAllowed,
  newToken,
  originAllowed,
  securityHeaders,
  tokenMatches,
} from '../../../src-main/server/security.js';

const PORT = 43210;
const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';
const good = { host: `127.0.0.1:${PORT}`, origin: `http://127.0.0.1:${PORT}` };

describe('web mode token', () => {
  it('is 256 random bits, URL-safe (43 base64url characters), and differs per launch', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('matches only the exact token', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN + 'x', TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.toUpperCase(), TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
    expect(tokenMatches(null, TOKEN)).toBe(false);
    expect(tokenMatches(undefined, TOKEN)).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
  });
});

describe('origin and host checks', () => {
  it('accepts the page’s own loopback origins only', () => {
    expect(originAllowed(`http://127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(originAllowed(`http://localhost:${PORT}`, PORT)).toBe(true);
    for (const o of [
      undefined,
      'null',
      'http://evil.example',
      `http://127.0.0.1:${PORT + 1}`,
      `https://127.0.0.1:${PORT}`,
      `http://127.0.0.1.evil.example:${PORT}`,
      `http://[::1]:${PORT}`,
    ]) {
      expect(originAllowed(o, PORT), String(o)).toBe(false);
    }
  });

  it('accepts only loopback Host headers (a rebinding attack sends its own name)', () => {
    expect(hostAllowed(`127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(hostAllowed(`localhost:${PORT}`, PORT)).toBe(true);
    expect(hostAllowed(`attacker.example:${PORT}`, PORT)).toBe(false);
    expect(hostAllowed('127.0.0.1', PORT)).toBe(false);
    expect(hostAllowed(undefined, PORT)).toBe(false);
  });
});

describe('WebSocket upgrade verdict', () => {
  const check = (url: string, headers: { origin?: string; host?: string }) =>
    checkUpgrade({ url, headers }, { token: TOKEN, port: PORT });

  it('lets the right path, host, origin and token through', () => {
    expect(check(`/api?token=${TOKEN}`, good)).toEqual({ ok: true });
  });

  it('refuses a missing or wrong token with 401', () => {
    expect(check('/api', good)).toMatchObject({ ok: false, status: 401 });
    expect(check('/api?token=', good)).toMatchObject({ ok: false, status: 401 });
    expect(check('/api?token=nope', good)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a foreign or missing Origin with 403, even with the token', () => {
    expect(check(`/api?token=${TOKEN}`, { ...good, origin: 'http://evil.example' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(check(`/api?token=${TOKEN}`, { host: good.host })).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a foreign Host with 403 and other paths with 404', () => {
    expect(check(`/api?token=${TOKEN}`, { ...good, host: 'evil.example' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(check(`/other?token=${TOKEN}`, good)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('security headers', () => {
  it('allows scripts only from the app itself and the WebSocket only on loopback', () => {
    const csp = contentSecurityPolicy(PORT);
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual([
      "'self'",
      `ws://127.0.0.1:${PORT}`,
      `ws://localhost:${PORT}`,
      'data:',
      'blob:',
    ]);
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it('the Electron policy has no WebSocket source', () => {
    expect(contentSecurityPolicy()).toContain("connect-src 'self' data: blob:");
  });

  it('sends nosniff, no framing and no referrer', () => {
    const h = securityHeaders(PORT);
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('the token cookie and launch nonces', () => {
  it('sets the token as an HttpOnly, SameSite=Strict cookie named for the port', () => {
    expect(tokenCookie(TOKEN, PORT)).toBe(
      `inception_token_${PORT}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
    );
    expect(cookieToken(`a=1; inception_token_${PORT}=${TOKEN}; b=2`, PORT)).toBe(TOKEN);
    expect(cookieToken(`inception_token_1=${TOKEN}`, PORT)).toBeUndefined();
    expect(cookieToken(undefined, PORT)).toBeUndefined();
  });

  it('accepts the cookie on the upgrade in place of the query token, with the same Origin and Host checks', () => {
    const cookie = `inception_token_${PORT}=${TOKEN}`;
    expect(checkUpgrade({ url: '/api', headers: { ...good, cookie } }, { token: TOKEN, port: PORT })).toEqual(
      { ok: true },
    );
    expect(
      checkUpgrade({ url: '/api', headers: { ...good, cookie: `${cookie}x` } }, { token: TOKEN, port: PORT }),
    ).toMatchObject({
      status: 401,
    });
    expect(
      checkUpgrade(
        { url: '/api', headers: { ...good, origin: 'http://evil.example', cookie } },
        { token: TOKEN, port: PORT },
      ),
    ).toMatchObject({ status: 403 });
  });

  it('a launch nonce works once, and not after it expires', () => {
    let now = 1000;
    const nonces = new LaunchNonces(120_000, () => now);
    const a = nonces.issue();
    const b = nonces.issue();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(nonces.consume(a)).toBe(true);
    expect(nonces.consume(a)).toBe(false);
    expect(nonces.consume('')).toBe(false);
    expect(nonces.consume(null)).toBe(false);
    now += 120_001;
    expect(nonces.consume(b)).toBe(false);
  });
});
