/**
 * The sentence run.json and the run card give for a run's engine ('train.engine.use.*'): written by a real run
 * on each engine, each key exists in both languages with the same placeholders, and the English
 * template filled with the record's values gives back the engine's English text exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../src-main/engine/backends.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import { executeRun } from '../../../src-main/engine/train/execute.js';
import { createNet } from '../../../src-main/engine/train/factory.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import type { EngineUse } from '../../../src-main/engine/train/types.js';
import { interpolate, placeholders } from '../../../src-renderer/i18n/core.js';
import { en } from '../../../src-renderer/i18n/en/index.js';
import { ko } from '../../../src-renderer/i18n/ko/index.js';
import { createNet as tinyFactory } from '../train/tiny-factory.js';

const dir = mkdtempSync(join(tmpdir(), 'ie-engine-texts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

async function use(engine: 'onnxruntime' | 'tfjs', factory: typeof createNet): Promise<EngineUse> {
  const data = loadData({ kind: 'shapes', seed: 2, count: 40, size: 32 });
  const [m] = planGroup(
    {
      runs: [{ variant: { network: 'inception_v3', width: 0.125, input: 32 } }],
      data: data.source,
      steps: 1,
      batch: 4,
      backend: 'cpu',
      engine,
    },
    data,
    'cpu',
  );
  const root = runsDir(join(dir, engine));
  RunStore.create(root, m!);
  expect(await executeRun(root, m!.id, { factory, loaded: data })).toBe('done');
  const store = RunStore.open(root, m!.id);
  expect(store.meta().trainedOn?.map((u) => u.engine)).toEqual([engine]);
  return store.meta().trainedOn![0]!;
}

describe('engine texts', () => {
  it('both engines word their sentence in English and Korean alike', async () => {
    const uses = [await use('onnxruntime', createNet), await use('tfjs', tinyFactory)];
    expect(uses.map((u) => u.reasonMsg?.key)).toEqual(['train.engine.use.ort', 'train.engine.use.tfjs']);
    for (const u of uses) {
      const key = u.reasonMsg!.key as keyof typeof en;
      expect(key in ko).toBe(true);
      expect(placeholders(ko[key])).toEqual(placeholders(en[key]));
      expect(interpolate(en[key], u.reasonMsg!.params)).toBe(u.reason);
    }
    expect(uses[1]!.reason).toMatch(/its own factory/);
  }, 120_000);
});
