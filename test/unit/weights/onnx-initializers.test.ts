/**
 * Weights from an ONNX model's initializers: torchvision's googlenet exported by torch.onnx.export
 * itself (test/fixtures/make-onnx-export.py, Debian's python3-torch), loaded by the app and run on
 * ONNX Runtime; the logits equal PyTorch's own within 1e-3 of their range, with the same top-5.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { WeightsError } from '../../../src-main/engine/weights/types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { debianPython } from '../../support/python.js';
import { fixtureAnalysis, fixtureInput, readFixture } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'onnx-initializers-'));
let engine: OrtEngine | undefined;
afterAll(() => {
  engine?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  const script = new URL('../../fixtures/make-onnx-export.py', import.meta.url).pathname;
  const r = spawnSync(debianPython(), [script, dir], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`make-onnx-export.py failed:\n${r.stderr}`);
}, 600_000);

describe('ONNX initializers', () => {
  it('torchvision googlenet via torch.onnx.export (BN folded): logits equal PyTorch, same top-5', async () => {
    const c = readFixture('googlenet', dir);
    const a = fixtureAnalysis(c);
    const loaded = await loadWeightsFile(a, join(dir, 'googlenet.onnx'));
    expect(loaded.info.format).toBe('onnx');
    expect(loaded.info.notes.join()).toMatch(/57 BatchNorms were folded into their convs by the exporter/);
    const head = a.nodes.filter((n) => n.layer?.op === 'dense' && !n.aux).pop()!.id;
    engine ??= await OrtEngine.create();
    const out = await engine.activations(
      { analysis: a, weightsVersion: `onnx:${Date.now()}`, weights: () => loaded.weights },
      { shape: [1, c.input, c.input, 3], data: fixtureInput(c, dir) },
      [head],
    );
    const got = out[head]!.data;
    const range = Math.max(...c.logits) - Math.min(...c.logits);
    let d = 0;
    for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i]! - c.logits[i]!));
    expect(d / range, `max |Δlogit| ${d} over a range of ${range}`).toBeLessThan(1e-3);
    const top5 = (v: ArrayLike<number>) =>
      Array.from(v, (x, i) => [x, i] as const)
        .sort((p, q) => q[0] - p[0])
        .slice(0, 5)
        .map((p) => p[1]);
    expect(top5(got)).toEqual(top5(c.logits));
  }, 120_000);

  it('opened as another network, the layer counts are named', async () => {
    const a = analyse(
      buildNetwork('inception_v3', { flavour: 'torchvision', width: 1, input: 299, classes: 1000 }),
    );
    let e: unknown;
    try {
      await loadWeightsFile(a, join(dir, 'googlenet.onnx'));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(WeightsError);
    expect((e as Error).message).toMatch(
      /googlenet\.onnx: its graph has 58 Conv\/Gemm layers, Inception-v3 \(torchvision\) has 95 weighted layers outside the auxiliary heads/,
    );
  });
});
