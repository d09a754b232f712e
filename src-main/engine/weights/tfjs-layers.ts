/**
 * TensorFlow.js Layers format: model.json (topology + weightsManifest) and its binary shards. Each
 * manifest group's shards are one byte stream, holding that group's weights in order; quantised
 * weights (uint8/uint16 affine, float16) are expanded to float32 here.
 * Format: https://www.tensorflow.org/js/guide/save_load ("model.json" and the weights manifest);
 * writer: tfjs-core src/io/io_utils.ts (encodeWeights), converter write_weights.py.
 *
 * model.json comes from anywhere (a download, a shared folder), so it is checked like any hostile
 * input: every field's type before use (a mistyped manifest is a WeightsError, never a TypeError),
 * shard names only inside the model's folder (safe-file's resolveInside), regular files only, and
 * never more bytes read than the manifest declares (dtype × shape).
 *
 * Names: the converter's `.h5` path and tfjs' own `model.save()` name weights '<layer>/<weight>'
 * ('conv2d_1/kernel'). Its `.keras` path (tensorflowjs converter, keras_h5_conversion.py
 * h5_v3_merged_saved_model_to_tfjs_format) keeps the Keras 3 file's positions instead
 * ('layers/conv2d_5/vars/0'); those are named from the topology, as keras-zip.ts does for the file.
 */
import { basename, dirname } from 'node:path';
import { FileAccessError, readRegularFile, resolveInside } from '../fs/safe-file.js';
import { half } from './safetensors.js';
import { WeightsError, fmtShape, numel, type FileTensors } from './types.js';
import type { KerasH5Content } from './keras-h5.js';
import { configLayers, layerKeys, variableNames, type KerasLayerConfig } from './keras-zip.js';

type QuantDtype = 'uint8' | 'uint16' | 'float16';

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  quantization?: { dtype: QuantDtype; scale: number; min: number };
}

interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}

/** Whether bytes are a model.json with a weights manifest. */
export function isTfjsModelJson(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  if (b[i] !== 0x7b) return false;
  return new TextDecoder().decode(b.subarray(0, Math.min(b.length, 1 << 22))).includes('"weightsManifest"');
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** model.json itself: topology included, InceptionResNetV2's is ~1 MB. */
const MAX_MODEL_JSON = 64 << 20;
/** What a manifest may declare in all (Node's buffer limit). */
const MAX_WEIGHT_BYTES = 2 ** 31 - 1;

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks a parsed model.json's manifest field by field; `bad` builds the refusal. */
function checkManifest(json: unknown, bad: (what: string) => WeightsError): ManifestGroup[] {
  if (!isObj(json)) throw bad('the file is not a JSON object');
  const m = json.weightsManifest;
  if (!Array.isArray(m)) throw bad("'weightsManifest' is not a list");
  return m.map((g, gi): ManifestGroup => {
    const at = `weightsManifest[${gi}]`;
    if (!isObj(g)) throw bad(`${at} is not an object`);
    if (!Array.isArray(g.paths) || g.paths.length === 0 || !g.paths.every((p) => typeof p === 'string'))
      throw bad(`${at}.paths is not a list of shard file names`);
    if (!Array.isArray(g.weights)) throw bad(`${at}.weights is not a list`);
    const weights = g.weights.map((w, wi): ManifestEntry => {
      const wat = `${at}.weights[${wi}]`;
      if (!isObj(w)) throw bad(`${wat} is not an object`);
      if (typeof w.name !== 'string' || w.name === '') throw bad(`${wat}.name is not a name`);
      if (
        !Array.isArray(w.shape) ||
        !w.shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)
      )
        throw bad(`the shape of weight '${w.name}' is not a list of non-negative whole numbers`);
      if (w.dtype !== 'float32' && w.dtype !== 'int32' && w.dtype !== 'bool')
        throw bad(`weight '${w.name}' has dtype ${JSON.stringify(w.dtype)}, not float32, int32 or bool`);
      const e: ManifestEntry = { name: w.name, shape: w.shape as number[], dtype: w.dtype };
      if (w.quantization !== undefined) {
        const q = w.quantization;
        if (!isObj(q) || (q.dtype !== 'uint8' && q.dtype !== 'uint16' && q.dtype !== 'float16'))
          throw bad(`weight '${w.name}' has a quantization that is not uint8, uint16 or float16`);
        const num = (v: unknown, dflt: number) => (v === undefined ? dflt : v);
        const scale = num(q.scale, 1);
        const min = num(q.min, 0);
        if (
          q.dtype !== 'float16' &&
          (typeof scale !== 'number' || typeof min !== 'number' || !isFinite(scale) || !isFinite(min))
        )
          throw bad(`weight '${w.name}' has a quantization scale or min that is not a finite number`);
        e.quantization = { dtype: q.dtype, scale: scale as number, min: min as number };
      }
      return e;
    });
    return { paths: g.paths as string[], weights };
  });
}

/** Reads one shard by its manifest name, inside `dir`, at most `maxBytes`. Messages name the shard only. */
async function readShard(dir: string, p: string, maxBytes: number, label: string): Promise<Buffer> {
  let name: string;
  try {
    // URLs percent-encode shard names; resolveInside refuses what decoding reveals ('%2e%2e%2f' = '../').
    name = decodeURIComponent(p);
  } catch {
    throw new WeightsError('format', `${label}: the shard name '${p}' is not a valid file name.`);
  }
  try {
    const file = await resolveInside(dir, name);
    return await readRegularFile(file, { maxBytes, label: `the shard '${name}'` });
  } catch (e) {
    if (!(e instanceof FileAccessError)) throw e;
    if (e.code === 'not_found')
      throw new WeightsError(
        'not_found',
        `${label} needs the weight shard '${name}', which is not in its folder. Put the shards next to model.json.`,
      );
    if (e.code === 'too_large')
      throw new WeightsError(
        'format',
        `${label}: the shard '${name}' is larger than the manifest declares; shard and manifest do not belong together.`,
      );
    throw new WeightsError('format', `${label}: ${e.message}`, [], {
      kind: 'shard',
      file: label,
      shard: name,
    });
  }
}

/** Layer name → weights keyed like Keras ('kernel', 'bias', 'gamma', 'beta', 'moving_mean', 'moving_variance'). */
export async function readTfjsLayers(modelJsonPath: string): Promise<KerasH5Content> {
  const label = basename(modelJsonPath);
  let json: unknown;
  try {
    const text = await readRegularFile(modelJsonPath, { maxBytes: MAX_MODEL_JSON, label });
    json = JSON.parse(text.toString('utf8'));
  } catch (e) {
    if (e instanceof FileAccessError)
      throw new WeightsError(e.code === 'not_found' ? 'not_found' : 'format', e.message);
    throw new WeightsError('format', `${label} is not valid JSON, so it is not a TensorFlow.js model.`);
  }
  const bad = (what: string) =>
    new WeightsError('format', `${label} is not a TensorFlow.js Layers model.json: ${what}.`, [], {
      kind: 'tfjs_manifest',
      file: label,
      what,
    });
  if (isObj(json) && json.format !== undefined && json.format !== 'layers-model') {
    throw new WeightsError(
      'format',
      `${label} is a TensorFlow.js '${String(json.format).slice(0, 40)}', not a Layers model (model.json with format 'layers-model').`,
    );
  }
  const manifest = checkManifest(json, bad);
  const dir = dirname(modelJsonPath);
  const tensors: { name: string; shape: number[]; data: Float32Array }[] = [];
  let declared = 0;
  for (const group of manifest) {
    // The bytes this group's shards must hold, from the manifest alone.
    let expected = 0;
    for (const w of group.weights) {
      expected += numel(w.shape) * BYTES[w.quantization?.dtype ?? w.dtype]!;
      if (!Number.isSafeInteger(expected) || declared + expected > MAX_WEIGHT_BYTES)
        throw bad('its weights add up to more than 2 GiB');
    }
    declared += expected;
    const shards: Buffer[] = [];
    let have = 0;
    for (const p of group.paths) {
      const b = await readShard(dir, p, expected - have, label);
      shards.push(b);
      have += b.length;
    }
    const bytes = Buffer.concat(shards);
    let at = 0;
    for (const w of group.weights) {
      const n = numel(w.shape);
      const size = n * BYTES[w.quantization?.dtype ?? w.dtype]!;
      if (at + size > bytes.length) {
        throw new WeightsError(
          'truncated',
          `${label}: the shards (${group.paths.join(', ')}) hold ${bytes.length} bytes, but weight '${w.name}' ${fmtShape(w.shape)} needs bytes ${at}–${at + size}. A shard is truncated; download it again.`,
        );
      }
      if (!w.quantization && w.dtype !== 'float32')
        throw new WeightsError(
          'format',
          `${label}: weight '${w.name}' is ${w.dtype}, not floating point (Keras and TF.js weights are float32), so the model is not loaded.`,
          [],
          { kind: 'tfjs_dtype', file: label, weight: w.name, dtype: w.dtype },
        );
      tensors.push({ name: w.name, shape: [...w.shape], data: decode(bytes, at, n, w) });
      at += size;
    }
  }
  const topology = isObj(json) ? json.modelTopology : undefined;
  return tensors.length > 0 && tensors.every((t) => V3_NAME.test(t.name))
    ? byKerasV3Position(tensors, topology, label)
    : byLayerName(tensors);
}

function byLayerName(tensors: { name: string; shape: number[]; data: Float32Array }[]): KerasH5Content {
  const layers = new Map<string, FileTensors>();
  const order: string[] = [];
  for (const t of tensors) {
    const slash = t.name.lastIndexOf('/');
    const layer = slash < 0 ? t.name : t.name.slice(0, slash);
    const key = t.name.slice(slash + 1).replace(/:\d+$/, '');
    if (!layers.has(layer)) {
      layers.set(layer, new Map());
      order.push(layer);
    }
    layers.get(layer)!.set(key, t);
  }
  return { layers, order };
}

/** 'layers/conv2d_5/vars/0', or nested 'layers/functional/layers/conv2d/vars/0'. */
const V3_NAME = /^layers\/(?:[^/]+\/layers\/)*[^/]+\/vars\/\d+$/;

function byKerasV3Position(
  tensors: { name: string; shape: number[]; data: Float32Array }[],
  topology: unknown,
  label: string,
): KerasH5Content {
  // The converter's topology is {keras_version, model_config}; tfjs' own is the config itself.
  const top = isObj(topology) && isObj(topology.model_config) ? topology.model_config : topology;
  const cfg = configLayers(top);
  if (!cfg) {
    throw new WeightsError(
      'format',
      `${label} was converted from a Keras 3 .keras file: its weights are named by position ('${tensors[0]!.name}'), and it has no model topology to name them from. Open the .keras file itself instead.`,
      [],
      { kind: 'tfjs_keras3_positions', file: label },
    );
  }
  // Group the variables by layer path, in manifest order.
  const byPath = new Map<string, { index: number; t: (typeof tensors)[number] }[]>();
  for (const t of tensors) {
    const cut = t.name.lastIndexOf('/vars/');
    const path = t.name.slice(0, cut);
    if (!byPath.has(path)) byPath.set(path, []);
    byPath.get(path)!.push({ index: Number(t.name.slice(cut + 6)), t });
  }
  const layers = new Map<string, FileTensors>();
  const order: string[] = [];
  for (const [path, vars] of byPath) {
    // 'layers/a/layers/b' → keys ['a', 'b'], looked up level by level in the config.
    const keys = path.split('/').filter((_, i) => i % 2 === 1);
    let level: KerasLayerConfig[] | undefined = cfg;
    let layer: KerasLayerConfig | undefined;
    for (const k of keys) {
      layer = level ? layerKeys(level).get(k) : undefined;
      level = layer?.layers;
    }
    if (!layer) {
      throw new WeightsError(
        'format',
        `${label} was converted from a Keras 3 .keras file, and its weights '${path}/vars/…' match no layer of its topology; the topology and the weights do not belong together. Open the .keras file itself instead.`,
        [],
        { kind: 'tfjs_keras3_positions', file: label },
      );
    }
    vars.sort((a, b) => a.index - b.index);
    if (vars.some((v, i) => v.index !== i))
      throw new WeightsError('format', `${label}: the variables of '${path}' are not numbered 0, 1, 2, …`);
    const kinds = variableNames(
      vars.map((v) => v.t.shape),
      layer,
      layer.name,
      label,
    );
    const t: FileTensors = new Map();
    kinds.forEach((k, i) => t.set(k, vars[i]!.t));
    layers.set(layer.name, t);
    order.push(layer.name);
  }
  return {
    layers,
    order,
    notes: ['TF.js model converted from a Keras 3 .keras file: weights named from its topology'],
  };
}

function decode(bytes: Buffer, at: number, n: number, w: ManifestEntry): Float32Array {
  const out = new Float32Array(n);
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, n * BYTES[w.quantization?.dtype ?? w.dtype]!);
  const q = w.quantization;
  if (!q) {
    for (let i = 0; i < n; i++) out[i] = v.getFloat32(i * 4, true);
    return out;
  }
  if (q.dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = half(v.getUint16(i * 2, true));
    return out;
  }
  if (q.dtype === 'uint8') for (let i = 0; i < n; i++) out[i] = v.getUint8(i) * q.scale + q.min;
  else for (let i = 0; i < n; i++) out[i] = v.getUint16(i * 2, true) * q.scale + q.min;
  return out;
}
