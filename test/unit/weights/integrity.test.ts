/**
 * The integrity pass (engine/weights/integrity.ts) on the crafted cases of issue 12 item 6: NaN/±Inf
 * and negative BN variances in each format, and a timm file with its BN γ removed. The damaged files
 * are written by the real libraries (h5py, safetensors) from the committed fixtures, in a tmp dir.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { integrityProblems, valueProblems } from '../../../src-main/engine/weights/integrity.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { NetworkId } from '../../../src-main/shared/spec.js';
import { refPython, runPython } from '../../support/python.js';

const fixtures = new URL('../../fixtures/weights/', import.meta.url).pathname;
const reduced = (id: NetworkId) =>
  analyse(buildNetwork(id, { flavour: 'released', width: 1 / 32, input: 75, classes: 10 }));

/** Damages copies of the fixtures with h5py / safetensors / numpy. argv: mode, src, dst. */
const DAMAGE = String.raw`
import sys, json, shutil, numpy as np
mode, src, dst = sys.argv[1:4]
if mode.startswith('h5'):
    import h5py
    shutil.copy(src, dst)
    with h5py.File(dst, 'r+') as f:
        if mode == 'h5-nan':
            d = f['conv2d_5/conv2d_5/kernel:0']; v = d[...]; v.flat[:3] = np.nan; d[...] = v
        elif mode == 'h5-variance':
            d = f['batch_normalization_10/batch_normalization_10/moving_variance:0']; v = d[...]; v[0] = -0.5; d[...] = v
            d = f['batch_normalization_11/batch_normalization_11/beta:0']; v = d[...]; v[1] = np.inf; v[2] = -np.inf; d[...] = v
        elif mode == 'h5-int':
            # Same name and shape, integer storage: must not become float weights silently.
            name = 'conv2d_5/conv2d_5/kernel:0'; v = f[name][...]; del f[name]
            f.create_dataset(name, data=np.round(v * 100).astype('int32'))
elif mode.startswith('st'):
    from safetensors.numpy import load_file, save_file
    t = load_file(src)
    if mode == 'st-nan':
        v = t['conv2d_1a.conv.weight'].copy(); v.flat[0] = np.nan; t['conv2d_1a.conv.weight'] = v
    elif mode == 'st-inf-gamma':
        v = t['conv2d_2a.bn.weight'].copy(); v[0] = np.inf; t['conv2d_2a.bn.weight'] = v
    elif mode == 'st-no-gamma':
        t = {k: x for k, x in t.items() if not k.endswith('.bn.weight')}
    elif mode == 'st-some-gamma':
        t = {k: x for k, x in t.items() if k not in ('conv2d_1a.bn.weight', 'conv2d_2a.bn.weight')}
    save_file(t, dst)
elif mode == 'tfjs-nan':
    # The manifest lists each shard group's weights in byte order; float32 here, so 4 bytes a value.
    m = json.load(open(src))
    g = m['weightsManifest'][0]
    at = 0
    for w in g['weights']:
        if w['name'].endswith('moving_variance') and w['name'].startswith('batch_normalization_2/'):
            break
        at += 4 * int(np.prod(w['shape']))
    folder = src.rsplit('/', 1)[0]
    out = dst.rsplit('/', 1)[0]
    shutil.copy(src, dst)
    for p in g['paths']: shutil.copy(folder + '/' + p, out + '/' + p)
    b = bytearray(open(out + '/' + g['paths'][0], 'rb').read())
    b[at:at + 4] = np.array([np.nan], '<f4').tobytes()
    open(out + '/' + g['paths'][0], 'wb').write(bytes(b))
`;
import { refusal as refused } from '../../support/refusal.js';

let dir: string;
let py: string;
const damaged = (mode: string, src: string, name: string): string => {
  const dst = join(dir, name);
  runPython(py, DAMAGE, [mode, fixtures + src, dst]);
  return dst;
};

beforeAll(() => {
  py = refPython();
  dir = mkdtempSync(join(tmpdir(), 'integrity-test-'));
});

describe('the integrity pass', () => {
  it('counts NaN, ±Inf and negative variances per tensor', () => {
    expect(valueProblems(new Float32Array([NaN, 1, NaN, NaN, Infinity, -Infinity, -1]))).toEqual([
      '3 NaN values',
      '1 +Inf value',
      '1 −Inf value',
    ]);
    expect(valueProblems(new Float32Array([0, -0, 2, -1e-8]), 'movingVariance')).toEqual([
      '1 negative value',
    ]);
    expect(valueProblems(new Float32Array([-3]), 'movingMean')).toEqual([]);
    const map = {
      'Mixed_5b/branch1x1/conv': {
        kernel: { shape: [1, 1, 1, 3], data: new Float32Array([NaN, NaN, NaN]) },
        movingVariance: { shape: [1], data: new Float32Array([-1]) },
      },
      head: { bias: { shape: [2], data: new Float32Array([1]) } },
      ints: { bias: { shape: [1], data: new Int32Array([1]) as unknown as Float32Array } },
    };
    expect(
      integrityProblems(map, new Map([['Mixed_5b/branch1x1/conv/kernel', 'mixed0/conv2d_6/kernel']])),
    ).toEqual([
      '3 NaN values in Mixed_5b/branch1x1/conv kernel (← mixed0/conv2d_6/kernel)',
      '1 negative value in Mixed_5b/branch1x1/conv BN moving variance',
      'head bias: 1 values for a shape of 2',
      'ints bias: holds Int32Array, not float32 values',
    ]);
  });
});

describe('crafted damaged files are refused as corrupt, naming the tensor', () => {
  it('Keras HDF5: NaN in a kernel', async () => {
    const e = await refused(
      loadWeightsFile(reduced('inception_v3'), damaged('h5-nan', 'v3-keras.h5', 'nan.h5')),
    );
    expect(e.code).toBe('corrupt');
    expect(e.problems).toEqual([
      expect.stringMatching(/^3 NaN values in \S+ kernel \(← conv2d_5\/conv2d_5\/kernel:0\)$/),
    ]);
    expect(e.message).toMatch(
      /^nan\.h5 holds invalid values for Inception-v3 .* in 1 tensor: the file is damaged\. Nothing was loaded\./,
    );
    expect(e.params).toEqual({ kind: 'values', file: 'nan.h5', count: 1 });
  });

  it('Keras HDF5: a negative moving variance and ±Inf in a β', async () => {
    const e = await refused(
      loadWeightsFile(reduced('inception_v3'), damaged('h5-variance', 'v3-keras.h5', 'var.h5')),
    );
    expect(e.code).toBe('corrupt');
    expect(e.problems).toHaveLength(2);
    expect(e.problems).toContainEqual(
      expect.stringMatching(/^1 negative value in \S+ BN moving variance \(← batch_normalization_10\//),
    );
    expect(e.problems).toContainEqual(
      expect.stringMatching(/^1 \+Inf value, 1 −Inf value in \S+ BN β \(← batch_normalization_11\//),
    );
  });

  it('Keras HDF5: an int32 dataset where a float kernel belongs is refused, not converted', async () => {
    const e = await refused(
      loadWeightsFile(reduced('inception_v3'), damaged('h5-int', 'v3-keras.h5', 'int.h5')),
    );
    expect(e.message).toMatch(/conv2d_5\/conv2d_5\/kernel:0' holds int32 values, not floating-point weights/);
  });

  it('TF.js Layers: NaN in a shard', async () => {
    const e = await refused(
      loadWeightsFile(reduced('inception_v3'), damaged('tfjs-nan', 'v3-tfjs.json', 'model.json')),
    );
    expect(e.code).toBe('corrupt');
    expect(e.problems).toEqual([
      expect.stringMatching(
        /^1 NaN value in \S+ BN moving variance \(← batch_normalization_2\/moving_variance\)$/,
      ),
    ]);
  });

  it('safetensors (timm): NaN in a kernel, +Inf in a γ that would be folded', async () => {
    const a = reduced('inception_resnet_v2');
    const nan = await refused(
      loadWeightsFile(a, damaged('st-nan', 'irv2-timm.safetensors', 'nan.safetensors')),
    );
    expect(nan.code).toBe('corrupt');
    expect(nan.problems).toEqual([
      expect.stringMatching(/^1 NaN value in \S+ kernel \(← conv2d_1a\.conv\.weight\)$/),
    ]);
    const inf = await refused(
      loadWeightsFile(a, damaged('st-inf-gamma', 'irv2-timm.safetensors', 'inf.safetensors')),
    );
    expect(inf.code).toBe('corrupt');
    expect(inf.problems).toEqual([
      expect.stringMatching(/^1 \+Inf value in \S+ BN γ \(← conv2d_2a\.bn\.weight\)$/),
    ]);
  });
});

describe('BN γ removed from a timm file', () => {
  it('all of them: loads only with a note, since the released spec has no γ', async () => {
    const a = reduced('inception_resnet_v2');
    const r = await loadWeightsFile(a, damaged('st-no-gamma', 'irv2-timm.safetensors', 'nog.safetensors'));
    const note = r.info.notes.find((n) => /no BN γ/.test(n));
    expect(note).toMatch(
      /^the file has no BN γ for any of its \d+ BN layers \(PyTorch always saves one\): loaded with γ = 1/,
    );
    expect(r.info.notes.join()).not.toMatch(/folded/);
  });

  it('some of them: refused, listing the layers without one', async () => {
    const a = reduced('inception_resnet_v2');
    const e = await refused(
      loadWeightsFile(a, damaged('st-some-gamma', 'irv2-timm.safetensors', 'someg.safetensors')),
    );
    expect(e.code).toBe('mismatch');
    expect(e.problems).toHaveLength(2);
    expect(e.problems[0]).toMatch(
      /\/gamma ← conv2d_1a\.bn\.weight: missing from the file, while \d+ other BN layers have their γ$/,
    );
  });

  it('the untouched file still loads, with γ folded', async () => {
    const r = await loadWeightsFile(reduced('inception_resnet_v2'), fixtures + 'irv2-timm.safetensors');
    expect(r.info.notes.join()).toMatch(/BN γ folded into the kernels/);
  });
});
