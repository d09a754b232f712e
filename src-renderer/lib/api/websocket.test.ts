import { describe, expect, it } from 'vitest';
import { tokenFromLocation, websocketUrl } from './websocket.js';

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
});
