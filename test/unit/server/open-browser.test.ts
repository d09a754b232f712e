import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  browserDisabled,
  openBrowser,
  redirectPage,
  writeLaunchFile,
} from '../../../src-main/server/open-browser.js';

describe('opening the system browser', () => {
  it('can be switched off for tests and CI', () => {
    expect(browserDisabled({ INCEPTION_NO_OPEN: '1' })).toBe(true);
    expect(browserDisabled({ BROWSER: 'none' })).toBe(true);
    expect(browserDisabled({ CI: 'true' })).toBe(true);
    expect(browserDisabled({})).toBe(false);
  });

  it('does not try on Linux without a display (xdg-open would take over the terminal)', async () => {
    await expect(openBrowser('http://127.0.0.1:1/', {}, 'linux')).resolves.toEqual({
      opened: false,
      reason: 'no graphical display (DISPLAY is not set)',
    });
  });

  it('reports a missing opener instead of failing', async () => {
    const r = await openBrowser('http://127.0.0.1:1/', { DISPLAY: ':99', PATH: '/nonexistent' }, 'linux');
    expect(r.opened).toBe(false);
  });
});

describe('the URL stays off the opener’s command line', () => {
  it('hands the opener a private file (0600 in a 0700 folder) that sends the browser on', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'fake-opener-'));
    const runtime = mkdtempSync(join(tmpdir(), 'fake-runtime-'));
    try {
      const argvFile = join(bin, 'argv.txt');
      writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\n`, {
        mode: 0o755,
      });
      const url = 'http://127.0.0.1:5173/launch?n=secret-nonce-123#/lessons?lesson=1';
      const env = { DISPLAY: ':99', PATH: `${bin}:/usr/bin:/bin`, XDG_RUNTIME_DIR: runtime };
      const r = await openBrowser(url, env, 'linux', { keepMs: 60_000 });
      expect(r).toEqual({ opened: true, command: 'xdg-open' });
      for (let i = 0; i < 200 && !existsSync(argvFile); i++) await delay(10);
      const argv = readFileSync(argvFile, 'utf8').trim();
      expect(argv).not.toContain('secret-nonce-123');
      const file = fileURLToPath(argv);
      expect(file.startsWith(runtime + '/')).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
      const page = readFileSync(file, 'utf8');
      expect(page).toContain(
        '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:5173/launch?n=secret-nonce-123#/lessons?lesson=1">',
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
      rmSync(runtime, { recursive: true, force: true });
    }
  });

  it('escapes the URL in the page and removes the file with its folder', () => {
    expect(redirectPage('http://x/?a=1&b="2"<')).toContain('url=http://x/?a=1&amp;b=&quot;2&quot;&lt;');
    const f = writeLaunchFile('http://127.0.0.1:1/launch?n=x', { XDG_RUNTIME_DIR: '/nonexistent-dir' });
    expect(f.path.startsWith(tmpdir())).toBe(true);
    f.remove();
    expect(existsSync(dirname(f.path))).toBe(false);
  });
});
