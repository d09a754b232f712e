/**
 * The way web mode opens the browser, in Chromium: the launch file (what the opener gets instead of
 * a URL) sends the browser to the one-time link, the server trades it for the token cookie, and the
 * page ends at a plain address with its engine socket open. A fake engine stands behind the server:
 * this is about the hand-over, not the engine.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineSupervisor, type EngineProcess } from '../../src-main/engine-client/supervisor.js';
import { writeLaunchFile, type LaunchFile } from '../../src-main/server/open-browser.js';
import { ensureRenderer } from '../../src-main/server/renderer-build.js';
import { startWebServer, type WebServer } from '../../src-main/server/server.js';
import { openBrowser, type Browser } from './helpers.js';

function fakeEngine(): EngineProcess {
  let listener: (m: unknown) => void = () => {};
  const exits: ((e: { code: number | null; signal: string | null }) => void)[] = [];
  setImmediate(() => listener({ t: 'ready', pid: 1, backend: 'cpu' }));
  return {
    pid: 1,
    send: (m) => {
      const msg = m as { t: string; id: number };
      if (msg.t === 'req')
        setImmediate(() =>
          listener({ t: 'err', id: msg.id, error: { code: 'not_found', message: 'fake engine' } }),
        );
    },
    onMessage: (l) => (listener = l),
    onExit: (l) => void exits.push(l),
    kill: () => setImmediate(() => exits.forEach((l) => l({ code: 0, signal: null }))),
  };
}

let supervisor: EngineSupervisor;
let server: WebServer;
let browser: Browser | undefined;
let file: LaunchFile | undefined;

beforeAll(async () => {
  supervisor = new EngineSupervisor(() => fakeEngine());
  supervisor.start();
  // Builds the renderer when this file runs before any other e2e file has.
  server = await startWebServer({ supervisor, root: await ensureRenderer() });
});

afterAll(async () => {
  file?.remove();
  await browser?.close();
  await server?.close();
  await supervisor?.stop();
});

describe('opening the browser on a launch file', () => {
  it('ends on a plain address with the token cookie, and the page’s socket is let in', async () => {
    file = writeLaunchFile(`${server.launchUrl()}#/lessons?lesson=1&step=1`);
    expect(readFileSync(file.path, 'utf8')).not.toContain(server.token);
    browser = await openBrowser(pathToFileURL(file.path).href);
    const { page, context } = browser;
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/#\/lessons/, { timeout: 30_000 });
    const url = new URL(page.url());
    expect(url.pathname).toBe('/');
    expect(url.search).toBe('');
    expect(url.hash).toBe('#/lessons?lesson=1&step=1');
    const cookies = await context.cookies(url.origin);
    expect(cookies).toEqual([
      expect.objectContaining({
        name: `inception_token_${server.port}`,
        value: server.token,
        httpOnly: true,
        sameSite: 'Strict',
      }),
    ]);
    // Scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    // The page's socket got in (with the cookie alone): the engine state came over it.
    await page.waitForFunction(
      () => /Engine ready/.test(document.querySelector('[data-testid="engine-state"]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
  });
});
