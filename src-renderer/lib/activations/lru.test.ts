import { describe, expect, it } from 'vitest';
import { Lru } from './lru';

describe('LRU of fetched tensors', () => {
  it('drops the least recently used entry past the entry limit', () => {
    const c = new Lru<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.keys()).toEqual(['a', 'c']);
    expect(c.has('b')).toBe(false);
  });

  it('keeps within a byte budget, but always keeps the newest entry', () => {
    const c = new Lru<Uint8Array>(10, 100, (v) => v.byteLength);
    c.set('a', new Uint8Array(40));
    c.set('b', new Uint8Array(40));
    expect(c.bytes).toBe(80);
    c.set('c', new Uint8Array(40)); // 120 > 100: a goes
    expect(c.keys()).toEqual(['b', 'c']);
    expect(c.bytes).toBe(80);
    c.set('big', new Uint8Array(500)); // over budget alone: everything else goes, it stays
    expect(c.keys()).toEqual(['big']);
    expect(c.bytes).toBe(500);
    c.set('big', new Uint8Array(10)); // replacing updates the total
    expect(c.bytes).toBe(10);
  });

  it('shares one fetch between concurrent requests and caches the result', async () => {
    const c = new Lru<string>(4);
    let calls = 0;
    const load = () => new Promise<string>((r) => setTimeout(() => r(`v${++calls}`), 5));
    const [x, y] = await Promise.all([c.fetch('k', load), c.fetch('k', load)]);
    expect([x, y, calls]).toEqual(['v1', 'v1', 1]);
    await expect(c.fetch('k', load)).resolves.toBe('v1');
    expect(calls).toBe(1);
  });

  it('does not cache a failed fetch', async () => {
    const c = new Lru<string>(4);
    await expect(c.fetch('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(c.has('k')).toBe(false);
    await expect(c.fetch('k', () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
