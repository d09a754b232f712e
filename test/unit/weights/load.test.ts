/**
 * The three weights formats against the committed fixtures (written by test/fixtures/make-fixtures.py
 * from PyTorch modules; reduced networks: width 1/32, input 75, 10 classes), and the errors a bad
 * file must give. Logits equality lives in test/integration/fidelity.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { half, readSafetensors, writeSafetensors } from '../../../src-main/engine/weights/safetensors.js';
import { WeightsError } from '../../../src-main/engine/weights/types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { NetworkId } from '../../../src-main/shared/spec.js';

const dir = new URL('../../fixtures/weights/', import.meta.url).pathname;
const reduced = (id: NetworkId, width = 1 / 32) =>
  analyse(buildNetwork(id, { flavour: 'released', width, input: 75, classes: 10 }));
const tmp = () => mkdtempSync(join(tmpdir(), 'weights-test-'));

async function loadError(p: Promise<unknown>): Promise<WeightsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsError);
    return e as WeightsError;
  }
  throw new Error('the load succeeded but should have failed');
}

describe('Keras HDF5 and TF.js Layers', () => {
  it('read the same Keras-named weights into the reduced Inception-v3', async () => {
    const a = reduced('inception_v3');
    const h5 = await loadWeightsFile(a, dir + 'v3-keras.h5');
    const tfjs = await loadWeightsFile(a, dir + 'v3-tfjs.json');
    expect(h5.info).toMatchObject({
      kind: 'file',
      format: 'keras-h5',
      convention: 'keras',
      preprocessing: 'keras',
    });
    expect(tfjs.info.format).toBe('tfjs-layers');
    expect(h5.info.notes.join()).toMatch(/AuxLogits.*random/);
    // Every main-graph tensor equal, from two different containers of the same arrays.
    for (const [id, w] of Object.entries(h5.weights)) {
      if (id.startsWith('AuxLogits')) continue;
      for (const [kind, t] of Object.entries(w))
        expect(tfjs.weights[id]![kind as 'kernel']!.data).toEqual(t.data);
    }
    // Keras' BN has no γ here (scale=False), and the spec's BN has none either.
    expect(h5.weights['Conv2d_1a_3x3']!.gamma).toBeUndefined();
    expect(h5.weights['Conv2d_1a_3x3']!.kernel!.shape).toEqual([3, 3, 3, 1]);
  });

  it('a file for another width stops with the tensor, the expected shape and the shape found', async () => {
    const e = await loadError(loadWeightsFile(reduced('inception_v3', 1 / 16), dir + 'v3-keras.h5'));
    expect(e.code).toBe('mismatch');
    // c(32) is 1 at width 1/32 and 2 at width 1/16.
    expect(e.problems).toContain(
      'Conv2d_1a_3x3/kernel ← conv2d_1/kernel: expected shape [3, 3, 3, 2], found [3, 3, 3, 1]',
    );
    expect(e.message).toMatch(/does not fit Inception-v3 .*Nothing was loaded/);
  });

  it('a truncated HDF5 file and a truncated shard each say so', async () => {
    const d = tmp();
    const h5 = readFileSync(dir + 'irv2-keras.h5');
    writeFileSync(join(d, 'cut.h5'), h5.subarray(0, h5.length - 5000));
    const e = await loadError(loadWeightsFile(reduced('inception_resnet_v2'), join(d, 'cut.h5')));
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(
      /cut\.h5 is truncated: the HDF5 header says the file ends at byte \d+, but it has \d+ bytes/,
    );

    copyFileSync(dir + 'v3-tfjs.json', join(d, 'v3-tfjs.json'));
    copyFileSync(dir + 'v3-tfjs.shard1of2.bin', join(d, 'v3-tfjs.shard1of2.bin'));
    writeFileSync(
      join(d, 'v3-tfjs.shard2of2.bin'),
      readFileSync(dir + 'v3-tfjs.shard2of2.bin').subarray(0, 1000),
    );
    const t = await loadError(loadWeightsFile(reduced('inception_v3'), join(d, 'v3-tfjs.json')));
    expect(t.code).toBe('truncated');
    expect(t.message).toMatch(/A shard is truncated/);
  });

  it('expands TF.js uint8 and float16 quantised weights', async () => {
    const d = tmp();
    const bytes = new Uint8Array([0, 10, 255, 0x00, 0x3c, 0x00, 0xc0]); // uint8 ×3, then f16 1 and −2
    writeFileSync(join(d, 'w.bin'), bytes);
    const manifest = {
      format: 'layers-model',
      weightsManifest: [
        {
          paths: ['w.bin'],
          weights: [
            {
              name: 'a/kernel',
              shape: [3],
              dtype: 'float32',
              quantization: { dtype: 'uint8', scale: 0.5, min: -1 },
            },
            { name: 'a/bias', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
          ],
        },
      ],
    };
    writeFileSync(join(d, 'model.json'), JSON.stringify(manifest));
    const { readTfjsLayers } = await import('../../../src-main/engine/weights/tfjs-layers.js');
    const c = await readTfjsLayers(join(d, 'model.json'));
    expect(Array.from(c.layers.get('a')!.get('kernel')!.data)).toEqual([-1, 4, 126.5]);
    expect(Array.from(c.layers.get('a')!.get('bias')!.data)).toEqual([1, -2]);
  });
});

describe('safetensors (timm names)', () => {
  it('maps timm inception_v4 names, transposes OIHW, and folds γ into the kernel exactly', async () => {
    const a = reduced('inception_v4');
    const { weights, info } = await loadWeightsFile(a, dir + 'v4-timm.safetensors');
    expect(info).toMatchObject({ convention: 'timm', preprocessing: 'timm', format: 'safetensors' });
    expect(info.notes.join()).toMatch(/γ folded into the kernels of 149 convs/);
    const raw = readSafetensors(readFileSync(dir + 'v4-timm.safetensors')).tensors;
    const w = raw.get('features.0.conv.weight')!; // [co, ci, kh, kw]
    const g = raw.get('features.0.bn.weight')!.data;
    const [co, ci, kh, kw] = w.shape as [number, number, number, number];
    const k = weights['Stem/Conv2d_1a_3x3']!.kernel!;
    expect(k.shape).toEqual([kh, kw, ci, co]);
    for (const [o, i, h, x] of [
      [0, 0, 0, 0],
      [co - 1, ci - 1, kh - 1, kw - 1],
      [0, 2, 1, 2],
    ] as const) {
      const want = w.data[((o * ci + i) * kh + h) * kw + x]! * g[o]!;
      expect(k.data[((h * kw + x) * ci + i) * co + o]).toBeCloseTo(want, 6);
    }
    const mean = raw.get('features.0.bn.running_mean')!.data;
    expect(weights['Stem/Conv2d_1a_3x3']!.movingMean!.data[0]).toBeCloseTo(mean[0]! * g[0]!, 7);
    expect(weights['Logits/Logits']!.kernel!.shape).toEqual([Math.round(1536 / 32), 10]);
  });

  it('a timm inception_v4 file opened as Inception-ResNet-v2 names the network it fits', async () => {
    const e = await loadError(loadWeightsFile(reduced('inception_resnet_v2'), dir + 'v4-timm.safetensors'));
    expect(e.message).toMatch(
      /holds timm inception_v4 weights; open it with network inception_v4, flavour 'released'/,
    );
  });

  it('an extra tensor, a missing tensor and a truncated file are reported, never half loaded', async () => {
    const d = tmp();
    const st = readSafetensors(readFileSync(dir + 'irv2-timm.safetensors'));
    const tensors = [...st.tensors.values()].filter((t) => t.name !== 'repeat.3.conv2d.bias');
    tensors.push({ name: 'extra.weight', shape: [2], data: new Float32Array(2) });
    writeFileSync(join(d, 'x.safetensors'), writeSafetensors(tensors));
    const e = await loadError(loadWeightsFile(reduced('inception_resnet_v2'), join(d, 'x.safetensors')));
    expect(e.problems).toContain(
      'extra.weight [2]: in the file but not used by inception_resnet_v2 (released)',
    );
    expect(
      e.problems.some((p) =>
        p.startsWith('block35_4/block35_4_conv/bias ← repeat.3.conv2d.bias: missing from the file'),
      ),
    ).toBe(true);

    const full = readFileSync(dir + 'irv2-timm.safetensors');
    writeFileSync(join(d, 'cut.safetensors'), full.subarray(0, full.length - 100));
    const t = await loadError(loadWeightsFile(reduced('inception_resnet_v2'), join(d, 'cut.safetensors')));
    expect(t.code).toBe('truncated');
    expect(t.message).toMatch(
      /cut\.safetensors is truncated: its header describes \d+ bytes of tensor data but only \d+ are present/,
    );
  });

  it('reads the app’s own node-id names back (round trip through the writer)', async () => {
    const a = reduced('inception_v4');
    const { weights } = await loadWeightsFile(a, dir + 'v4-timm.safetensors');
    const own = Object.entries(weights).flatMap(([id, w]) =>
      Object.entries(w).map(([kind, t]) => ({ name: `${id}/${kind}`, shape: t.shape, data: t.data })),
    );
    const d = tmp();
    writeFileSync(join(d, 'own.safetensors'), writeSafetensors(own));
    const back = await loadWeightsFile(a, join(d, 'own.safetensors'));
    expect(back.info.convention).toBe('spec');
    expect(back.weights['Mixed_7d/Branch_3/Conv2d_0b_1x1']!.kernel!.data).toEqual(
      weights['Mixed_7d/Branch_3/Conv2d_0b_1x1']!.kernel!.data,
    );
  });

  it('decodes IEEE half floats (hand values)', () => {
    expect([0x3c00, 0xc000, 0x7bff, 0x0001, 0x0000].map(half)).toEqual([1, -2, 65504, 2 ** -24, 0]);
  });

  it('refuses a file that is no weights format', async () => {
    const e = await loadError(
      loadWeightsFile(
        reduced('inception_v4'),
        new URL('../../fixtures/images/cat.png', import.meta.url).pathname,
      ),
    );
    expect(e.code).toBe('format');
  });
});
