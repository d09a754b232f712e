import { describe, expect, it } from 'vitest';
import { METHODS, type RequestMessage } from '../../../src-main/shared/protocol/index.js';
import {
  FrameError,
  MAX_CLIENT_DEPTH,
  decodeFrame,
  encodeFrame,
  jsonDepthExceeds,
  valueDepthExceeds,
} from '../../../src-main/shared/protocol/wire.js';
import { PATH_METHODS, pathParams, webRequestRefusal } from '../../../src-main/server/web-policy.js';

const req = (method: string, params: unknown): RequestMessage => ({
  t: 'req',
  id: 1,
  method: method as never,
  params,
});

describe('path-taking methods in web sessions', () => {
  it('names only methods of the protocol', () => {
    for (const m of PATH_METHODS) expect(METHODS).toContain(m);
  });

  it('finds every path param the protocol has', () => {
    expect(pathParams('image.load', { path: 'a.png' })).toEqual([{ where: 'path', path: 'a.png' }]);
    expect(pathParams('image.load', { sample: 'chelsea.png' })).toEqual([]);
    expect(pathParams('weights.load', { source: { file: 'w.h5' } })).toEqual([
      { where: 'source.file', path: 'w.h5' },
    ]);
    expect(pathParams('weights.load', { source: { url: 'https://x/w.h5' } })).toEqual([]);
    expect(pathParams('train.start', { data: { kind: 'cifar10', path: 'c' }, dataDir: 'd' })).toHaveLength(2);
    expect(pathParams('train.start', { data: { kind: 'shapes', seed: 1 } })).toEqual([]);
    expect(pathParams('zoo.list', { path: 'x' })).toEqual([]);
  });

  it('refuses them with one sentence that repeats nothing of the path', () => {
    const e = webRequestRefusal(req('image.load', { path: '/home/u/secret.png' }), new Set());
    expect(e).toMatchObject({ code: 'path_refused', params: { method: 'image.load' } });
    expect(e!.message).not.toContain('secret');
    expect(e!.message).toMatch(/upload/);
    // Even a non-string path is refused (it never reaches the engine).
    expect(webRequestRefusal(req('image.load', { path: 7 }), new Set())).not.toBeNull();
    // The session's own upload is the one path it may load.
    expect(
      webRequestRefusal(
        req('weights.load', { source: { file: '/t/up/model.json' } }),
        new Set(['/t/up/model.json']),
      ),
    ).toBeNull();
    expect(
      webRequestRefusal(req('image.load', { path: '/t/up/model.json' }), new Set(['/t/up/model.json'])),
    ).not.toBeNull();
  });
});

describe('depth limits on client messages', () => {
  it('finds deep JSON in one pass, ignoring brackets inside strings', () => {
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ s: '[[[[[[[[\\"[[[[' }), 2)).toBe(false);
    expect(jsonDepthExceeds('['.repeat(100_000) + ']'.repeat(100_000), MAX_CLIENT_DEPTH)).toBe(true);
  });

  it('refuses a deep frame with its request id, text or binary', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const text = `{"t":"req","id":9,"method":"zoo.list","params":${deep}}`;
    let err: unknown;
    try {
      decodeFrame(text, { maxDepth: MAX_CLIENT_DEPTH });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FrameError);
    expect(err).toMatchObject({ reason: 'too_deep', id: 9 });
    let nested: unknown = 1;
    for (let i = 0; i < 100; i++) nested = [nested];
    const bin = encodeFrame({
      t: 'req',
      id: 3,
      method: 'image.load',
      params: { bytes: new ArrayBuffer(8), n: nested },
    });
    expect(() => decodeFrame(bin, { maxDepth: MAX_CLIENT_DEPTH })).toThrow(FrameError);
    // Without a limit (the renderer reading the server), nothing changes.
    expect(decodeFrame('[[[[1]]]]')).toEqual([[[[1]]]]);
  });

  it('measures decoded values without recursion (the Electron IPC path)', () => {
    let v: unknown = { leaf: new Float32Array(4) };
    for (let i = 0; i < 100_000; i++) v = { v };
    expect(valueDepthExceeds(v, MAX_CLIENT_DEPTH)).toBe(true);
    expect(valueDepthExceeds({ a: [1, { b: new ArrayBuffer(2) }] }, MAX_CLIENT_DEPTH)).toBe(false);
  });
});
