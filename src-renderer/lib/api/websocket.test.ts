import { describe, expect, it } from 'vitest';
import { addressWithoutToken, stripTokenFromAddress, tokenFromLocation, websocketUrl } from './websocket.js';

describe('web-mode WebSocket address', () => {
  it('takes the token from the query string, leaving the hash to deep links', () => {
    expect(tokenFromLocation({ search: '?token=abc_-1' })).toBe('abc_-1');
    expect(tokenFromLocation({ search: '' })).toBeNull();
  });

  it('connects to /api on the page’s own host with the token', () => {
    expect(websocketUrl({ protocol: 'http:', host: '127.0.0.1:4173' }, 'a+b')).toBe(
      'ws://127.0.0.1:4173/api?token=a%2Bb',
    );
    expect(websocketUrl({ protocol: 'https:', host: 'example:1' }, 't')).toBe('wss://example:1/api?token=t');
  });

  it('connects without a token in the URL when the page has none (the cookie authenticates)', () => {
    expect(websocketUrl({ protocol: 'http:', host: '127.0.0.1:4173' }, null)).toBe('ws://127.0.0.1:4173/api');
  });
});

describe('the token leaves the address bar', () => {
  it('keeps the path, other query values and the deep-link hash', () => {
    expect(addressWithoutToken('http://127.0.0.1:5/?token=abc#/browse?network=googlenet')).toBe(
      '/#/browse?network=googlenet',
    );
    expect(addressWithoutToken('http://127.0.0.1:5/index.html?a=1&token=abc')).toBe('/index.html?a=1');
    expect(addressWithoutToken('http://127.0.0.1:5/#/lessons')).toBeNull();
  });

  it('replaces the current history entry instead of adding one', () => {
    const calls: unknown[][] = [];
    const hist = { state: { s: 1 }, replaceState: (...a: unknown[]) => void calls.push(a) };
    stripTokenFromAddress({ href: 'http://127.0.0.1:5/?token=t#/x' }, hist);
    expect(calls).toEqual([[{ s: 1 }, '', '/#/x']]);
    stripTokenFromAddress({ href: 'http://127.0.0.1:5/#/x' }, hist);
    expect(calls.length).toBe(1);
  });
});
