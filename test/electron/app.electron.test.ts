/**
 * The desktop app, driven through Playwright's Electron support: the window opens on the built-in default,
 * the status bar shows the backend that came from the engine (a real IPC round trip), the renderer is
 * sandboxed without Node, and navigation away from the app is blocked.
 */
import { execFileSync } from 'node:child_process';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { root } from '../e2e/helpers.js';

let app: ElectronApplication;
let page: Page;

beforeAll(async () => {
  const executablePath = electronBinary();
  if (!executablePath)
    throw new Error('No Electron binary: scripts/run-tests.mjs should not have run this suite');
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: root, stdio: 'pipe' });
  app = await electron.launch({
    executablePath,
    args: [root],
    cwd: root,
    env: { ...process.env, CI: 'true' },
  });
  page = await app.firstWindow();
});

afterAll(async () => {
  await app?.close();
});

describe('desktop shell', () => {
  it('opens the app and shows the engine backend and the Electron shell', async () => {
    await expect
      .poll(() => page.locator('.statusbar').innerText(), { timeout: 60_000 })
      .toMatch(/WebAssembly|CPU|TensorFlow/);
    expect(await page.locator('.statusbar').innerText()).toMatch(/Electron/i);
  });

  it('gives the renderer no Node and a sandbox', async () => {
    const exposed = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined' });
  });

  it('blocks navigation away from the app', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1000);
    expect(page.url()).toBe(before);
  });
});
