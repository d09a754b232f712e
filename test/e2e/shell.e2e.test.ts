/**
 * The app in Chromium against web mode: the shell, the backend name from a real round trip,
 * diagnostics (binary, progress and cancel, errors), and surviving an engine crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, openBrowser, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
let browser: Browser;

beforeAll(async () => {
  served = await startServe();
  browser = await openBrowser(served.url);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

async function engineInfo() {
  const ws = await connectClient(served);
  try {
    return await ws.client.request('engine.info');
  } finally {
    ws.close();
  }
}

describe('app shell in Chromium (web mode)', () => {
  it('shows the shell and the backend the engine reports', async () => {
    const { page } = browser;
    await expect(page.title()).resolves.toBe('Inception Explorer');
    for (const tab of ['Browse', 'Activations', 'Training', 'Lessons']) {
      await page.getByRole('tab', { name: tab }).waitFor();
    }
    const backend = page.getByTestId('backend-name');
    await backend.waitFor({ timeout: 30_000 });
    const info = await engineInfo();
    expect(await backend.getAttribute('data-backend')).toBe(info.backend.active);
    const labels: Record<string, string> = {
      wasm: 'WebAssembly',
      cpu: 'JavaScript CPU',
      tensorflow: 'TensorFlow CPU',
      'tensorflow-gpu': 'TensorFlow GPU',
    };
    expect(await backend.textContent()).toContain(labels[info.backend.active]);
    expect(await page.getByTestId('engine-pid').textContent()).toBe(`engine pid ${info.pid}`);
    expect(await page.getByTestId('shell').textContent()).toBe('Web mode');
    await expect(page.getByTestId('engine-state').textContent()).resolves.toContain('Engine ready');
    await screenshot(page, 'shell');
  });

  it('explains why each faster backend was skipped', async () => {
    const { page } = browser;
    const info = await engineInfo();
    await page.getByTestId('backend-name').click();
    const dialog = page.getByRole('dialog', { name: 'Backends' });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    const active = info.backend.statuses.findIndex((s) => s.name === info.backend.active);
    for (const s of info.backend.statuses.slice(0, active)) if (s.reason) expect(text).toContain(s.reason);
    await screenshot(page, 'shell-backends');
    await page.getByTestId('backend-name').click();
  });

  it('switches views with the tabs and keeps the view in the address', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Training' }).click();
    await expect(page.getByRole('tab', { name: 'Training' }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    expect(new URL(page.url()).hash).toMatch(/^#\/training(\?|$)/);
    // The token left the address bar (the server traded it for a cookie; the page never shows it).
    expect(new URL(page.url()).searchParams.get('token')).toBeNull();
    await page.getByRole('tab', { name: 'Browse' }).click();
  });

  it('round-trips a binary tensor from the page, intact', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    await page.getByTestId('diag-tensor').click();
    const result = page.getByTestId('diag-tensor-result');
    await page.waitForFunction(() =>
      /Intact|Corrupted|Failed/.test(
        document.querySelector('[data-testid=diag-tensor-result]')?.textContent ?? '',
      ),
    );
    expect(await result.textContent()).toMatch(/^Intact: 1,048,576 float32 values \(4\.0 MiB\)/);
  });

  it('cancels a streamed request from the page', async () => {
    const { page } = browser;
    await page.getByTestId('diag-sleep').click();
    await page.waitForFunction(
      () =>
        Number((document.querySelector('[data-testid=diag-sleep-progress]') as HTMLProgressElement)?.value) >=
        2,
    );
    await page.getByTestId('diag-sleep-cancel').click();
    const text = await page.getByTestId('diag-sleep-result').textContent();
    expect(text).toMatch(/^Cancelled at \d+\/50\.$/);
    const at = Number(/at (\d+)/.exec(text!)![1]);
    expect(at).toBeGreaterThanOrEqual(2);
    expect(at).toBeLessThan(50);
    // The progress stops moving: the engine really stopped.
    const before = await page
      .getByTestId('diag-sleep-progress')
      .evaluate((el) => (el as HTMLProgressElement).value);
    await page.waitForTimeout(600);
    expect(
      await page.getByTestId('diag-sleep-progress').evaluate((el) => (el as HTMLProgressElement).value),
    ).toBe(before);
  });

  it('shows an engine error as a notice with its code, message and detail', async () => {
    const { page } = browser;
    await page.getByTestId('diag-error').click();
    const notice = page.getByTestId('notice').filter({ hasText: 'demo_error' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('This is how an engine error looks.');
    await notice.locator('summary').click();
    expect(await notice.textContent()).toContain('Details (a stack, the offending values) fold out here.');
    await screenshot(page, 'shell-error-notice');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Diagnostics' }).click();
  });

  it('says "engine restarted" after the engine is killed, and the next request works', async () => {
    const { page } = browser;
    const before = await engineInfo();
    process.kill(before.pid, 'SIGKILL');
    const notice = page.getByTestId('notice').filter({ hasText: /engine restarted/i });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('SIGKILL');
    await page.getByTestId('engine-restarts').filter({ hasText: 'restarted 1×' }).waitFor();
    // The status bar shows the new engine, fetched again from it.
    await page.waitForFunction(
      (old) =>
        /engine pid (\d+)/.exec(
          document.querySelector('[data-testid=engine-pid]')?.textContent ?? '',
        )?.[1] !== String(old),
      before.pid,
    );
    const after = await engineInfo();
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(1);
    expect(await page.getByTestId('engine-pid').textContent()).toBe(`engine pid ${after.pid}`);
    await screenshot(page, 'shell-restarted');
    // And a request from the page works.
    await page.getByRole('button', { name: 'Diagnostics' }).click();
    await page.getByTestId('diag-tensor').click();
    await page.waitForFunction(
      () =>
        /Intact|Corrupted|Failed/.test(
          document.querySelector('[data-testid=diag-tensor-result]')?.textContent ?? '',
        ) && !/Fetching/.test(document.querySelector('[data-testid=diag-tensor-result]')?.textContent ?? ''),
    );
    expect(await page.getByTestId('diag-tensor-result').textContent()).toMatch(/^Intact/);
  });

  it('ran without CSP violations or page errors', () => {
    expect(browser.problems).toEqual([]);
  });
});
