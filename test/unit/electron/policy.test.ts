import { describe, expect, it } from 'vitest';
import {
  backendArgs,
  navigationAllowed,
  opensExternally,
  trustedSender,
} from '../../../src-main/electron/policy.js';

describe('desktop shell security policy', () => {
  it('gives an engine port only to the app’s own top-level page', () => {
    expect(trustedSender({ url: 'app://renderer/index.html', parent: null })).toBe(true);
    expect(trustedSender({ url: 'app://renderer/index.html#/lessons', parent: null })).toBe(true);
    expect(trustedSender({ url: 'app://renderer/index.html', parent: {} })).toBe(false);
    expect(trustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(trustedSender({ url: 'file:///etc/passwd', parent: null })).toBe(false);
    expect(trustedSender({ url: 'app://other/index.html', parent: null })).toBe(false);
    expect(trustedSender({ url: 'not a url', parent: null })).toBe(false);
    expect(trustedSender(null)).toBe(false);
  });

  it('keeps the window on the app’s pages', () => {
    expect(navigationAllowed('app://renderer/index.html')).toBe(true);
    expect(navigationAllowed('app://renderer.evil/index.html')).toBe(false);
    expect(navigationAllowed('https://example.org/')).toBe(false);
    expect(navigationAllowed('file:///home/user/x.html')).toBe(false);
  });

  it('opens only https links outside, in the user’s browser', () => {
    expect(opensExternally('https://arxiv.org/abs/1512.00567')).toBe(true);
    expect(opensExternally('http://example.org/')).toBe(false);
    expect(opensExternally('file:///etc/passwd')).toBe(false);
    expect(opensExternally('javascript:alert(1)')).toBe(false);
  });

  it('passes a forced backend on to the engine in either spelling', () => {
    expect(backendArgs(['electron', '.', '--backend', 'cpu'])).toEqual(['--backend', 'cpu']);
    expect(backendArgs(['electron', '.', '--backend=wasm', '--x'])).toEqual(['--backend=wasm']);
    expect(backendArgs(['electron', '.'])).toEqual([]);
  });
});
