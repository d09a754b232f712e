import { describe, expect, it } from 'vitest';
import config, { ELECTRON_FUSES } from '../../../electron.config.js';
import {
  backendArgs,
  devicePermissionAllowed,
  fromApp,
  ipcMessageAcceptable,
  navigationAllowed,
  opensExternally,
  permissionAllowed,
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

describe('desktop shell permissions and fuses', () => {
  const page = { url: 'app://renderer/index.html#/lessons', isMainFrame: true };

  it('grants the app’s own page fullscreen and clipboard writing, nothing else', () => {
    expect(permissionAllowed('fullscreen', page)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', page)).toBe(true);
    // The check handler gets an origin rather than a URL.
    expect(permissionAllowed('fullscreen', { url: 'app://renderer', isMainFrame: true })).toBe(true);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'display-capture',
      'hid',
      'serial',
      'usb',
      'midi',
      'midiSysex',
      'fileSystem',
      'openExternal',
      'pointerLock',
      'unknown',
    ])
      expect(permissionAllowed(p, page)).toBe(false);
  });

  it('refuses even those to other origins and to subframes', () => {
    expect(permissionAllowed('fullscreen', { url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(permissionAllowed('fullscreen', { url: 'file:///home/u/x.html', isMainFrame: true })).toBe(false);
    expect(permissionAllowed('fullscreen', { url: 'app://other/', isMainFrame: true })).toBe(false);
    expect(permissionAllowed('fullscreen', { url: undefined, isMainFrame: true })).toBe(false);
    expect(permissionAllowed('fullscreen', { ...page, isMainFrame: false })).toBe(false);
    expect(fromApp('not a url')).toBe(false);
  });

  it('grants no device', () => {
    expect(devicePermissionAllowed()).toBe(false);
  });

  it('passes on only messages shallow enough to serialise for the engine', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(ipcMessageAcceptable({ t: 'req', id: 1, method: 'zoo.list', params: deep })).toBe(false);
    expect(
      ipcMessageAcceptable({ t: 'req', id: 1, method: 'image.load', params: { bytes: new ArrayBuffer(9) } }),
    ).toBe(true);
  });

  it('flips the fuses the packaged app needs off and on', () => {
    expect(config.electronFuses).toBe(ELECTRON_FUSES);
    expect(ELECTRON_FUSES).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });
});
