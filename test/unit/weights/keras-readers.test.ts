/**
 * The Keras readers (HDF5 legacy and Keras 3 layouts, .keras) and the TF.js Layers reader on files
 * made by the real writers: a small Keras model saved by Keras 3 in each format, and h5py for the
 * crafted HDF5 cases (external storage to /etc/passwd and to a FIFO, external links, integer,
 * boolean and half-float datasets). Every refusal is checked by its message.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKerasArchive, readKerasFile } from '../../../src-main/engine/weights/keras-zip.js';
import { readTfjsLayers } from '../../../src-main/engine/weights/tfjs-layers.js';
import { WeightsError } from '../../../src-main/engine/weights/types.js';
import { refPython, runPython } from '../../support/python.js';

/** Writes every HDF5 / .keras case into sys.argv[1]. */
const MAKE = String.raw`
import os, sys, json, zipfile
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import numpy as np, h5py, keras
out = sys.argv[1]
keras.utils.set_random_seed(3)
inp = keras.Input((8, 8, 3))
x = keras.layers.Conv2D(4, 3, use_bias=False)(inp)
x = keras.layers.BatchNormalization(scale=False)(x)
x = keras.layers.Activation('relu')(x)
x = keras.layers.GlobalAveragePooling2D()(x)
x = keras.layers.Dense(5, name='predictions')(x)
m = keras.Model(inp, x)
m.save(os.path.join(out, 'tiny.h5'))
m.save_weights(os.path.join(out, 'tiny.weights.h5'))
m.save(os.path.join(out, 'tiny.keras'))
values = {v.path: np.asarray(v).flatten()[:3].tolist() for v in m.weights}
json.dump(values, open(os.path.join(out, 'tiny.values.json'), 'w'))

# The same .weights.h5 without the layer names an older Keras 3 did not write; and a .keras holding it.
import shutil
shutil.copy(os.path.join(out, 'tiny.weights.h5'), os.path.join(out, 'nonames.weights.h5'))
with h5py.File(os.path.join(out, 'nonames.weights.h5'), 'a') as f:
    for k in f['layers']:
        if 'name' in f['layers'][k]['vars'].attrs:
            del f['layers'][k]['vars'].attrs['name']
with zipfile.ZipFile(os.path.join(out, 'tiny.keras')) as z:
    config = z.read('config.json'); meta = z.read('metadata.json')
with zipfile.ZipFile(os.path.join(out, 'nonames.keras'), 'w') as z:
    z.writestr('config.json', config); z.writestr('metadata.json', meta)
    z.write(os.path.join(out, 'nonames.weights.h5'), 'model.weights.h5')
with zipfile.ZipFile(os.path.join(out, 'noweights.keras'), 'w') as z:
    z.writestr('config.json', config); z.writestr('metadata.json', meta)
with zipfile.ZipFile(os.path.join(out, 'npz.keras'), 'w') as z:
    z.writestr('config.json', config); z.writestr('metadata.json', meta); z.writestr('model.weights.npz', b'')
with zipfile.ZipFile(os.path.join(out, 'other.zip'), 'w') as z:
    z.writestr('readme.txt', 'hello')

def legacy(name, make_kernel):
    """The legacy layout (save_weights): one layer 'conv2d' with one weight 'conv2d/kernel'."""
    with h5py.File(os.path.join(out, name), 'w') as f:
        f.attrs['keras_version'] = '3.15.1'
        f.attrs['layer_names'] = np.array([b'input_layer', b'conv2d'])
        f.create_group('input_layer').attrs['weight_names'] = np.array([])
        g = f.create_group('conv2d')
        g.attrs['weight_names'] = np.array([b'conv2d/kernel'])
        make_kernel(g.create_group('conv2d'))

legacy('f32.h5', lambda g: g.create_dataset('kernel', data=np.ones((3, 3, 3, 4), 'float32')))
legacy('f64.h5', lambda g: g.create_dataset('kernel', data=np.full((3, 3, 3, 4), 0.1, 'float64')))
legacy('f16.h5', lambda g: g.create_dataset('kernel', data=np.ones((3, 3, 3, 4), 'float16')))
legacy('int.h5', lambda g: g.create_dataset('kernel', data=np.ones((3, 3, 3, 4), 'int32')))
legacy('bool.h5', lambda g: g.create_dataset('kernel', data=np.ones((3, 3, 3, 4), bool)))
n = 3 * 3 * 3 * 4 * 4
legacy('ext-passwd.h5', lambda g: g.create_dataset('kernel', shape=(3, 3, 3, 4), dtype='float32', external=[('/etc/passwd', 0, n)]))
legacy('ext-fifo.h5', lambda g: g.create_dataset('kernel', shape=(3, 3, 3, 4), dtype='float32', external=[(os.path.join(out, 'fifo'), 0, n)]))
def link(g):
    g['kernel'] = h5py.ExternalLink(os.path.join(out, 'f32.h5'), '/conv2d/conv2d/kernel')
legacy('ext-link.h5', link)
with h5py.File(os.path.join(out, 'plain.h5'), 'w') as f:
    f.create_dataset('x', data=np.ones(3, 'float32'))
`;
import { refusal } from '../../support/refusal.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keras-readers-'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  runPython(refPython(), MAKE, [dir]);
}, 300_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('Keras files written by Keras 3', () => {
  it('model.save(".h5"): weightless layers (weight_names an empty float64 array) are skipped, not an empty name', async () => {
    const c = await readKerasFile(join(dir, 'tiny.h5'));
    expect(c.container).toBe('keras-h5');
    expect(c.kerasVersion).toBe('3.15.1');
    expect(c.order).toContain('input_layer');
    expect([...c.layers.keys()]).toEqual(['conv2d', 'batch_normalization', 'predictions']);
    expect([...c.layers.get('batch_normalization')!.keys()]).toEqual([
      'beta',
      'moving_mean',
      'moving_variance',
    ]);
    const values = JSON.parse(readFileSync(join(dir, 'tiny.values.json'), 'utf8')) as Record<
      string,
      number[]
    >;
    const k = c.layers.get('conv2d')!.get('kernel')!;
    expect(k.shape).toEqual([3, 3, 3, 4]);
    expect(Array.from(k.data.subarray(0, 3))).toEqual(values['conv2d/kernel']!.map(Math.fround));
  });

  it('.weights.h5 and .keras: layer names from the vars groups, variables by class', async () => {
    for (const [f, container] of [
      ['tiny.weights.h5', 'keras-weights-h5'],
      ['tiny.keras', 'keras'],
    ] as const) {
      const c = await readKerasFile(join(dir, f));
      expect(c.container).toBe(container);
      // The Dense is stored under layers/dense, but it is the layer named 'predictions'.
      expect([...c.layers.keys()].sort()).toEqual(['batch_normalization', 'conv2d', 'predictions']);
      expect([...c.layers.get('predictions')!.keys()]).toEqual(['kernel', 'bias']);
      expect(c.layers.get('predictions')!.get('kernel')!.shape).toEqual([4, 5]);
    }
  });

  it('formats are recognised by content: a renamed .keras and .weights.h5 are read as Keras', async () => {
    const { analyse } = await import('../../../src-main/analysis/analyse.js');
    const { buildNetwork } = await import('../../../src-main/zoo/index.js');
    const { loadWeightsFile } = await import('../../../src-main/engine/weights/load.js');
    const a = analyse(
      buildNetwork('inception_v3', { flavour: 'released', width: 1 / 32, input: 75, classes: 10 }),
    );
    for (const [from, to] of [
      ['tiny.keras', 'renamed.dat'],
      ['tiny.weights.h5', 'renamed.bin'],
    ]) {
      writeFileSync(join(dir, to), readFileSync(join(dir, from)));
      // Read as Keras, then refused because the tiny model is not Inception-v3: a mismatch, not a format error.
      const e = await refusal(loadWeightsFile(a, join(dir, to)));
      expect(e.code, e.message).toBe('mismatch');
      expect(e.message).toMatch(new RegExp(`^${to.replace('.', '\\.')} does not fit Inception-v3`));
    }
  });

  it('a .keras whose weights lack layer names is named from its config.json', async () => {
    const c = await readKerasFile(join(dir, 'nonames.keras'));
    expect([...c.layers.keys()].sort()).toEqual(['batch_normalization', 'conv2d', 'predictions']);
    expect([...c.layers.get('batch_normalization')!.keys()]).toEqual([
      'beta',
      'moving_mean',
      'moving_variance',
    ]);
  });

  it('refuses a bare .weights.h5 without layer names, saying what to open instead', async () => {
    const e = await refusal(readKerasFile(join(dir, 'nonames.weights.h5')));
    expect(e.message).toBe(
      "nonames.weights.h5 is a Keras 3 weights file that does not record its layers' names (an older Keras 3 wrote it). Open the .keras file saved with it instead, or load the weights in Keras and save them again.",
    );
  });

  it('refuses .keras archives without HDF5 weights, and ZIPs that are not .keras', async () => {
    expect((await refusal(readKerasFile(join(dir, 'noweights.keras')))).message).toBe(
      'noweights.keras is a .keras file without model.weights.h5 (its weights may be sharded into separate files); save the model again as one .keras file.',
    );
    expect((await refusal(readKerasFile(join(dir, 'npz.keras')))).message).toBe(
      "npz.keras keeps its weights as NumPy .npz, not model.weights.h5; save the model again with Keras' default weights format.",
    );
    const zip = readFileSync(join(dir, 'other.zip'));
    expect((await refusal(readKerasArchive(zip, 'other.zip'))).message).toBe(
      'other.zip is a ZIP archive but not a Keras .keras file (it has no config.json and model.weights.h5).',
    );
  });

  it('refuses HDF5 that is not Keras, and a truncated file', async () => {
    expect((await refusal(readKerasFile(join(dir, 'plain.h5')))).message).toBe(
      "plain.h5 is an HDF5 file but not Keras weights: it has neither 'layer_names' (Keras .h5) nor a 'layers' group (Keras 3 .weights.h5).",
    );
    const b = readFileSync(join(dir, 'tiny.h5'));
    writeFileSync(join(dir, 'cut.h5'), b.subarray(0, b.length - 3000));
    const e = await refusal(readKerasFile(join(dir, 'cut.h5')));
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(
      /^cut\.h5 is truncated: the HDF5 header says the file ends at byte \d+, but it has \d+ bytes\. Download it again\.$/,
    );
  });
});

describe('crafted HDF5 (issue 12): nothing outside the file is read', () => {
  it('external storage pointing at /etc/passwd is refused, and no byte of it is loaded', async () => {
    const e = await refusal(readKerasFile(join(dir, 'ext-passwd.h5')));
    expect(e.message).toBe(
      "ext-passwd.h5: dataset 'conv2d/conv2d/kernel' keeps its values in another file (HDF5 external storage). Weights files must hold their own data, so it is not read; save the weights again with Keras or h5py without external storage.",
    );
    expect(e.message).not.toMatch(/passwd:|root/);
  });

  it('external storage pointing at a FIFO is refused without blocking', async () => {
    const e = await refusal(readKerasFile(join(dir, 'ext-fifo.h5')));
    expect(e.message).toMatch(
      /^ext-fifo\.h5: dataset 'conv2d\/conv2d\/kernel' keeps its values in another file \(HDF5 external storage\)/,
    );
  });

  it('an external link is refused, not followed', async () => {
    const e = await refusal(readKerasFile(join(dir, 'ext-link.h5')));
    expect(e.message).toBe(
      "ext-link.h5: 'conv2d/conv2d/kernel' is an HDF5 external link to another file. Weights files must be self-contained, so it is not followed; save the weights again without external links.",
    );
  });

  it('the files stay readable afterwards (the in-memory file system is clean)', async () => {
    const c = await readKerasFile(join(dir, 'f32.h5'));
    expect(c.layers.get('conv2d')!.get('kernel')!.data[0]).toBe(1);
  });

  it('integer and boolean datasets are refused; float16 is refused with advice; float64 converts with a note', async () => {
    expect((await refusal(readKerasFile(join(dir, 'int.h5')))).message).toBe(
      "int.h5: dataset 'conv2d/conv2d/kernel' holds int32 values, not floating-point weights (Keras weights are float32), so the file is not loaded.",
    );
    expect((await refusal(readKerasFile(join(dir, 'bool.h5')))).message).toBe(
      "bool.h5: dataset 'conv2d/conv2d/kernel' holds enum (e.g. boolean) values, not floating-point weights (Keras weights are float32), so the file is not loaded.",
    );
    expect((await refusal(readKerasFile(join(dir, 'f16.h5')))).message).toBe(
      "f16.h5: dataset 'conv2d/conv2d/kernel' holds float16 values; this app reads float32 and float64 weights. Convert the model to float32 in Keras (model.set_dtype_policy('float32')) and save it again.",
    );
    const c = await readKerasFile(join(dir, 'f64.h5'));
    expect(c.notes).toEqual(['float64 weights converted to float32 (rounded to the nearest float32)']);
    expect(c.layers.get('conv2d')!.get('kernel')!.data[0]).toBe(Math.fround(0.1));
  });
});

describe('damaged HDF5: a read that loops is stopped, and byte mutations end in a load or a WeightsError', () => {
  it('a global-heap object whose size runs past its collection (libhdf5 and h5py loop on it) is stopped by the time limit', async () => {
    const b = readFileSync(join(dir, 'tiny.h5'));
    // The first object of the global heap collection (GCOL, HDF5 spec III.E) holds the keras_version
    // string; its 8-byte size field starts 0x18 after the signature. A high byte of 19 sends
    // libhdf5's heap scan into an endless loop (found by fuzzing; h5py hangs the same way).
    const at = b.indexOf('GCOL');
    expect(at).toBeGreaterThan(0);
    b[at + 0x19] = 19;
    writeFileSync(join(dir, 'loop.h5'), b);
    const e = await refusal(readKerasFile(join(dir, 'loop.h5'), { timeoutMs: 3000 }));
    expect(e.message).toBe(
      'loop.h5 could not be read within 3 s: the HDF5 structure is damaged (it sends the HDF5 library into an endless loop), so it was stopped. Save or download the file again.',
    );
    // The stopped reader is replaced: the next file reads.
    expect((await readKerasFile(join(dir, 'tiny.h5'))).layers.size).toBe(3);
  }, 30_000);

  it('60 seeded byte mutations of a Keras .h5 each end in a load or a WeightsError', async () => {
    const base = readFileSync(join(dir, 'tiny.h5'));
    let seed = 20261201;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 60; i++) {
      const b = Buffer.from(base);
      for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--)
        b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      writeFileSync(join(dir, 'fuzz.h5'), b);
      try {
        await readKerasFile(join(dir, 'fuzz.h5'), { timeoutMs: 3000 });
        outcomes.loaded = (outcomes.loaded ?? 0) + 1;
      } catch (e) {
        expect(e, `case ${i}: ${(e as Error).message}`).toBeInstanceOf(WeightsError);
        outcomes[(e as WeightsError).code] =
          ((e as WeightsError).code in outcomes ? outcomes[(e as WeightsError).code]! : 0) + 1;
      }
    }
    expect(Object.values(outcomes).reduce((x, y) => x + y, 0)).toBe(60);
  }, 240_000);
});

describe('TF.js Layers model.json (issue 12): shards stay in the folder, manifests are type-checked', () => {
  /** A model folder with one float32 weight [2] in 'w.bin', and `outside.bin` (8 bytes) next to the folder. */
  function folder(manifest: unknown, shardName = 'w.bin'): string {
    const root = mkdtempSync(join(dir, 'tfjs-'));
    writeFileSync(join(root, 'outside.bin'), Buffer.alloc(8));
    const d = join(root, 'model');
    mkdirSync(d);
    writeFileSync(join(d, shardName), Buffer.from(new Float32Array([1, 2]).buffer));
    writeFileSync(join(d, 'model.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
    return join(d, 'model.json');
  }
  const one = (paths: unknown[], extra: Record<string, unknown> = {}) => ({
    format: 'layers-model',
    weightsManifest: [{ paths, weights: [{ name: 'dense/bias', shape: [2], dtype: 'float32', ...extra }] }],
  });

  it('reads a well-formed model', async () => {
    const c = await readTfjsLayers(folder(one(['w.bin'])));
    expect(Array.from(c.layers.get('dense')!.get('bias')!.data)).toEqual([1, 2]);
  });

  it.each([
    [
      '../outside.bin',
      `model.json: The name "../outside.bin" contains '..'; it must name a file inside its folder.`,
    ],
    [
      '%2e%2e%2foutside.bin',
      `model.json: The name "../outside.bin" contains '..'; it must name a file inside its folder.`,
    ],
    [
      '/etc/passwd',
      'model.json: The name "/etc/passwd" is an absolute path; it must name a file inside its folder.',
    ],
    [
      '/dev/zero',
      'model.json: The name "/dev/zero" is an absolute path; it must name a file inside its folder.',
    ],
    ['%zz', "model.json: the shard name '%zz' is not a valid file name."],
  ])('shard name %s is refused', async (p, message) => {
    const e = await refusal(readTfjsLayers(folder(one([p]))));
    expect(e.message).toBe(message);
    expect(e.message).not.toMatch(/\b8 bytes/);
  });

  it('a symlink out of the folder, a symlink to /dev/zero and a FIFO are refused', async () => {
    const m = folder(one(['link.bin']));
    const d = join(m, '..');
    symlinkSync(join(d, '..', 'outside.bin'), join(d, 'link.bin'));
    expect((await refusal(readTfjsLayers(m))).message).toBe(
      'model.json: "link.bin" points outside its folder, so it is not read.',
    );
    const z = folder(one(['zero.bin']));
    symlinkSync('/dev/zero', join(z, '..', 'zero.bin'));
    expect((await refusal(readTfjsLayers(z))).message).toBe(
      'model.json: "zero.bin" points outside its folder, so it is not read.',
    );
    const f = folder(one(['fifo.bin']));
    execFileSync('mkfifo', [join(f, '..', 'fifo.bin')]);
    expect((await refusal(readTfjsLayers(f))).message).toBe(
      "model.json: The shard 'fifo.bin' is not a regular file (a device, pipe or folder), so it is not read.",
    );
  });

  it('a missing shard, and a shard larger than the manifest declares', async () => {
    const e = await refusal(readTfjsLayers(folder(one(['nope.bin']))));
    expect(e.code).toBe('not_found');
    expect(e.message).toBe(
      "model.json needs the weight shard 'nope.bin', which is not in its folder. Put the shards next to model.json.",
    );
    const big = folder(one(['w.bin']));
    writeFileSync(join(big, '..', 'w.bin'), Buffer.alloc(4096));
    expect((await refusal(readTfjsLayers(big))).message).toBe(
      "model.json: the shard 'w.bin' is larger than the manifest declares; shard and manifest do not belong together.",
    );
  });

  const m = (weightsManifest: unknown) => ({ format: 'layers-model', weightsManifest });
  const w = (x: Record<string, unknown>) => m([{ paths: ['w.bin'], weights: [x] }]);
  it.each([
    ['weightsManifest not a list', m({ paths: [] }), "'weightsManifest' is not a list"],
    ['a group not an object', m([7]), 'weightsManifest[0] is not an object'],
    [
      'paths not a list',
      m([{ paths: 'w.bin', weights: [] }]),
      'weightsManifest[0].paths is not a list of shard file names',
    ],
    [
      'a path not a string',
      m([{ paths: [1], weights: [] }]),
      'weightsManifest[0].paths is not a list of shard file names',
    ],
    [
      'weights not a list',
      m([{ paths: ['w.bin'], weights: {} }]),
      'weightsManifest[0].weights is not a list',
    ],
    [
      'a weight without name',
      w({ shape: [2], dtype: 'float32' }),
      'weightsManifest[0].weights[0].name is not a name',
    ],
    [
      'a shape with strings',
      w({ name: 'a/b', shape: ['2'], dtype: 'float32' }),
      "the shape of weight 'a/b' is not a list of non-negative whole numbers",
    ],
    [
      'a negative dimension',
      w({ name: 'a/b', shape: [-2], dtype: 'float32' }),
      "the shape of weight 'a/b' is not a list of non-negative whole numbers",
    ],
    [
      'a fractional dimension',
      w({ name: 'a/b', shape: [1.5], dtype: 'float32' }),
      "the shape of weight 'a/b' is not a list of non-negative whole numbers",
    ],
    [
      'an unknown dtype',
      w({ name: 'a/b', shape: [2], dtype: 'complex64' }),
      'weight \'a/b\' has dtype "complex64", not float32, int32 or bool',
    ],
    [
      'a bad quantization',
      w({ name: 'a/b', shape: [2], dtype: 'float32', quantization: { dtype: 'int4' } }),
      "weight 'a/b' has a quantization that is not uint8, uint16 or float16",
    ],
    [
      'a string scale',
      w({ name: 'a/b', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: '1', min: 0 } }),
      "weight 'a/b' has a quantization scale or min that is not a finite number",
    ],
    ['a JSON array', [], 'the file is not a JSON object'],
    [
      'an oversized declaration',
      w({ name: 'a/b', shape: [2 ** 30, 4], dtype: 'float32' }),
      'its weights add up to more than 2 GiB',
    ],
  ])('%s ends in a format error with a sentence', async (_, manifest, what) => {
    const e = await refusal(readTfjsLayers(folder(manifest)));
    expect(e.code).toBe('format');
    expect(e.message).toBe(`model.json is not a TensorFlow.js Layers model.json: ${what}.`);
  });

  it('invalid JSON, a graph model and int32 weights are refused', async () => {
    expect((await refusal(readTfjsLayers(folder('{"weightsManifest": [')))).message).toBe(
      'model.json is not valid JSON, so it is not a TensorFlow.js model.',
    );
    expect(
      (await refusal(readTfjsLayers(folder({ format: 'graph-model', weightsManifest: [] })))).message,
    ).toBe(
      "model.json is a TensorFlow.js 'graph-model', not a Layers model (model.json with format 'layers-model').",
    );
    expect((await refusal(readTfjsLayers(folder(one(['w.bin'], { dtype: 'int32' }))))).message).toBe(
      "model.json: weight 'dense/bias' is int32, not floating point (Keras and TF.js weights are float32), so the model is not loaded.",
    );
  });

  it('200 seeded mutations of a manifest (a value replaced by another type) each end in a load or a WeightsError', async () => {
    const good = {
      format: 'layers-model',
      modelTopology: {
        class_name: 'Functional',
        config: { layers: [{ class_name: 'Dense', config: { name: 'dense' } }] },
      },
      weightsManifest: [
        {
          paths: ['w.bin'],
          weights: [
            { name: 'dense/kernel', shape: [1, 1], dtype: 'float32' },
            { name: 'dense/bias', shape: [1], dtype: 'float32', quantization: { dtype: 'float16' } },
          ],
        },
      ],
    };
    const replacements: unknown[] = [
      null,
      0,
      -1,
      1.5,
      2 ** 53,
      '',
      'x',
      '../w.bin',
      [],
      [-1],
      ['1'],
      {},
      true,
      { dtype: 'uint8' },
    ];
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    // Every place in the JSON tree, as a path of keys.
    const places: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      places.push(path);
      if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) walk(x, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(good, []);
    const m = folder(good);
    for (let i = 0; i < 200; i++) {
      const doc = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      const path = places[1 + Math.floor(rnd() * (places.length - 1))]!;
      let parent = doc as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      parent[path.at(-1)!] = replacements[Math.floor(rnd() * replacements.length)];
      writeFileSync(m, JSON.stringify(doc));
      try {
        await readTfjsLayers(m);
      } catch (e) {
        expect(e, `case ${i} (${path.join('.')}): ${(e as Error).message}`).toBeInstanceOf(WeightsError);
      }
    }
  });

  it('Keras-3-origin names (layers/<key>/vars/<i>) without a topology get a format message', async () => {
    const e = await refusal(
      readTfjsLayers(
        folder(
          m([{ paths: ['w.bin'], weights: [{ name: 'layers/dense/vars/1', shape: [2], dtype: 'float32' }] }]),
        ),
      ),
    );
    expect(e.message).toBe(
      "model.json was converted from a Keras 3 .keras file: its weights are named by position ('layers/dense/vars/1'), and it has no model topology to name them from. Open the .keras file itself instead.",
    );
  });
});
