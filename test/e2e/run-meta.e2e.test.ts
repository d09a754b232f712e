/**
 * Issue #14.10: a run's new name, colour and removal from the list are stored with the run in the
 * engine, so another browser (a fresh profile: no shared storage) shows them too, and `train --list`
 * prints the new name. The runs are written before the engine starts by the engine's own planner and
 * run store (planGroup + RunStore), so nothing trains here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src-main/engine/data/index.js';
import { planGroup } from '../../src-main/engine/train/plan.js';
import { RunStore, runsDir } from '../../src-main/engine/train/store.js';
import type { GroupRequest, RunMeta } from '../../src-main/engine/train/types.js';
import { openBrowser, root, screenshot, startServe, type Browser, type Served } from './helpers.js';

let served: Served;
const browsers: Browser[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'ie-run-meta-e2e-'));
let metas: RunMeta[];

const request: GroupRequest = {
  runs: [
    { variant: { network: 'inception_v3', width: 0.125, input: 32 } },
    { variant: { network: 'inception_resnet_v1', width: 0.125, input: 32 } },
  ],
  data: { kind: 'shapes', seed: 4, count: 120, size: 32 },
  steps: 20,
  batch: 8,
  seed: 7,
  backend: 'cpu',
};

beforeAll(async () => {
  const loaded = loadData(request.data);
  metas = planGroup(request, loaded, 'cpu').map((m) => ({ ...m, status: 'done' as const, lastStep: 19 }));
  for (const m of metas) RunStore.create(runsDir(dataDir), m);
  served = await startServe([], { INCEPTION_DATA_DIR: dataDir });
}, 120_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await served?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function trainingIn(fresh: Browser) {
  browsers.push(fresh);
  await fresh.page.setViewportSize({ width: 1280, height: 800 });
  await fresh.page.getByTestId('training-view').waitFor({ timeout: 60_000 });
  return fresh.page;
}

const card = (page: Browser['page'], id: string) =>
  page.locator(`[data-testid="run-card"][data-run="${id}"]`);

describe('run rename, colour and removal live with the run', () => {
  it('another browser and `train --list` see them', async () => {
    const a = await trainingIn(await openBrowser(`${served.url}#/training`));
    await card(a, metas[0]!.id).waitFor({ timeout: 60_000 });
    const c = card(a, metas[0]!.id);
    await c.getByTestId('run-rename').click();
    await c.getByTestId('run-name-input').fill('baseline');
    await c.getByTestId('run-name-input').press('Enter');
    await expect.poll(() => c.getByTestId('run-name').textContent()).toBe('baseline');
    await c.getByTestId('run-colour').fill('#ff0000');
    const victim = card(a, metas[1]!.id);
    await victim.getByTestId('run-delete').click();
    await victim.getByTestId('run-delete-confirm').click();
    await expect.poll(() => a.getByTestId('run-card').count()).toBe(1);

    // A second browser with its own, empty storage: the engine's record is what it shows.
    const b = await trainingIn(await openBrowser(`${served.url}#/training`));
    const same = card(b, metas[0]!.id);
    await same.waitFor({ timeout: 60_000 });
    await expect.poll(() => same.getByTestId('run-name').textContent()).toBe('baseline');
    expect(await same.getByTestId('run-colour').inputValue()).toBe('#ff0000');
    expect(await b.getByTestId('run-card').count()).toBe(1);
    expect(await b.getByTestId('removed-runs').textContent()).toMatch(/1 run\(s\) removed from the list/);
    await screenshot(b, 'run-meta-second-browser');

    const listed = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'src-main/cli/main.ts', 'train', '--list'],
      {
        cwd: root,
        env: { ...process.env, INCEPTION_DATA_DIR: dataDir },
        encoding: 'utf8',
      },
    );
    const line = (id: string) => listed.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line(metas[0]!.id)).toMatch(/ baseline$/);
    expect(line(metas[1]!.id)).toMatch(/\(hidden in the app\)$/);

    // Restoring in the second browser brings the run back in the first after a reload.
    await b.getByTestId('removed-runs').getByRole('button').click();
    await expect.poll(() => b.getByTestId('run-card').count()).toBe(2);
    await a.reload();
    await expect.poll(() => a.getByTestId('run-card').count(), { timeout: 30_000 }).toBe(2);
  });
});
