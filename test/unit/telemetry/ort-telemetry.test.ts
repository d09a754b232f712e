/**
 * The ONNX Runtime trainer measures telemetry with training graphs of its own (ort-telemetry.ts);
 * the tfjs trainer with its tfjs probe. From the same run plan (same initial weights, batch and
 * dropout masks) their first-step records agree: the per-module gradient norms and the residual
 * magnitudes closely (the same computation in two engines); the aux share loosely, since the tfjs
 * probe's passes draw fresh dropout masks and the ORT probe's use none.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../src-main/engine/backends.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import { prepare } from '../../../src-main/engine/data/pipeline.js';
import { ortTrainerDeps } from '../../../src-main/engine/train/engine.js';
import { createNet } from '../../../src-main/engine/train/factory.js';
import { createOrtNet } from '../../../src-main/engine/train/ort-net.js';
import { OrtTrainer } from '../../../src-main/engine/train/ort-trainer.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import { takeTelemetry, type TelemetryRecord } from '../../../src-main/engine/train/telemetry.js';
import { Trainer, type TrainerConfig } from '../../../src-main/engine/train/trainer.js';
import type { NetworkId } from '../../../src-main/shared/spec.js';

const dir = mkdtempSync(join(tmpdir(), 'ie-ort-telemetry-'));
beforeAll(async () => {
  await initBackend({ force: 'wasm' });
  return () => rmSync(dir, { recursive: true, force: true });
});

async function firstRecords(network: NetworkId): Promise<[TelemetryRecord, TelemetryRecord]> {
  const data = loadData({ kind: 'shapes', seed: 3, count: 64, size: 32 });
  const [meta] = planGroup(
    {
      runs: [{ variant: { network, width: 0.125, input: 32 } }],
      data: data.source,
      steps: 20,
      batch: 8,
      seed: 5,
      backend: 'wasm',
      dataDir: dir,
    },
    data,
    'wasm',
  );
  const m = meta!;
  const prepared = prepare(data, { valFraction: m.recipe.valFraction, seed: m.seed });
  const cfg: TrainerConfig = {
    recipe: m.recipe,
    seed: m.seed,
    steps: m.steps,
    batch: m.batch,
    microBatch: m.microBatch,
    input: [32, 32, 3],
    classes: m.classes,
  };
  const tfjs = new Trainer(await createNet(m), prepared, cfg);
  const ort = await OrtTrainer.create(createOrtNet(m), prepared, cfg, await ortTrainerDeps());
  await tfjs.trainStep();
  await ort.trainStep();
  const [a] = takeTelemetry(tfjs);
  const [b] = takeTelemetry(ort);
  await tfjs.dispose();
  await ort.dispose();
  return [a!, b!];
}

const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-12);

describe('ONNX Runtime telemetry against the tfjs probe', () => {
  test('Inception-ResNet-v1: module norms and every residual magnitude', async () => {
    const [tfjs, ort] = await firstRecords('inception_resnet_v1');
    expect(ort.step).toBe(0);
    expect(rel(ort.total, tfjs.total)).toBeLessThan(1e-3);
    expect(ort.modules.map((m) => m.module)).toEqual(tfjs.modules.map((m) => m.module));
    ort.modules.forEach((m, i) => expect(rel(m.norm, tfjs.modules[i]!.norm), m.module).toBeLessThan(1e-2));
    expect(ort.residual.length).toBeGreaterThan(10);
    expect(ort.residual.map((r) => r.module)).toEqual(tfjs.residual.map((r) => r.module));
    ort.residual.forEach((r, i) => {
      expect(rel(r.branch, tfjs.residual[i]!.branch), r.module).toBeLessThan(1e-3);
      expect(rel(r.shortcut, tfjs.residual[i]!.shortcut), r.module).toBeLessThan(1e-3);
    });
    expect(ort.dying).toEqual(tfjs.dying);
  });

  test('Inception-v3: the aux head’s share of the gradient where it attaches', async () => {
    const [tfjs, ort] = await firstRecords('inception_v3');
    expect(ort.aux.map((x) => [x.head, x.attachTo, x.weight])).toEqual(
      tfjs.aux.map((x) => [x.head, x.attachTo, x.weight]),
    );
    expect(ort.aux.length).toBe(1);
    const [o, t] = [ort.aux[0]!, tfjs.aux[0]!];
    expect(o.share).toBeGreaterThan(0);
    expect(o.share).toBeLessThan(1);
    expect(Math.abs(o.share - t.share)).toBeLessThan(0.1);
  });
});
