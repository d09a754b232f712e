/**
 * TensorFlow.js Layers format: model.json (topology + weightsManifest) and its binary shards. Each
 * manifest group's shards are one byte stream, holding that group's weights in order; quantised
 * weights (uint8/uint16 affine, float16) are expanded to float32 here.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { half } from './safetensors.js';
import { WeightsError, fmtShape, numel, type FileTensors } from './types.js';
import type { KerasH5Content } from './keras-h5.js';

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}

export interface TfjsModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest: ManifestGroup[];
}

/** Whether bytes are a model.json with a weights manifest. */
export function isTfjsModelJson(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  if (b[i] !== 0x7b) return false;
  return new TextDecoder().decode(b.subarray(0, Math.min(b.length, 1 << 22))).includes('"weightsManifest"');
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Layer name → weights keyed like Keras ('kernel', 'bias', 'gamma', 'beta', 'moving_mean', 'moving_variance'). */
export async function readTfjsLayers(modelJsonPath: string): Promise<KerasH5Content> {
  let json: TfjsModelJson;
  try {
    json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as TfjsModelJson;
  } catch (e) {
    throw new WeightsError('format', `${modelJsonPath} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new WeightsError(
      'format',
      `${modelJsonPath} has no weightsManifest: it is not a TensorFlow.js Layers model.`,
    );
  }
  if (json.format && json.format !== 'layers-model') {
    throw new WeightsError(
      'format',
      `${modelJsonPath} is a TensorFlow.js '${json.format}', not a Layers model (model.json with format 'layers-model').`,
    );
  }
  const dir = dirname(modelJsonPath);
  const layers = new Map<string, FileTensors>();
  const order: string[] = [];
  for (const group of json.weightsManifest) {
    const shards: Buffer[] = [];
    for (const p of group.paths) {
      const file = join(dir, decodeURIComponent(p));
      try {
        await stat(file);
      } catch {
        throw new WeightsError(
          'not_found',
          `${modelJsonPath} needs the weight shard '${p}', which is not next to it (${file}).`,
        );
      }
      shards.push(await readFile(file));
    }
    const bytes = Buffer.concat(shards);
    let at = 0;
    for (const w of group.weights) {
      const n = numel(w.shape);
      const q = w.quantization;
      const size = BYTES[q ? q.dtype : w.dtype];
      if (!size)
        throw new WeightsError(
          'format',
          `${modelJsonPath}: weight '${w.name}' has unsupported dtype '${q?.dtype ?? w.dtype}'.`,
        );
      if (at + n * size > bytes.length) {
        throw new WeightsError(
          'truncated',
          `${modelJsonPath}: the shards (${group.paths.join(', ')}) hold ${bytes.length} bytes, but weight '${w.name}' ${fmtShape(w.shape)} needs bytes ${at}–${at + n * size}. A shard is truncated; download it again.`,
        );
      }
      const data = decode(bytes, at, n, w);
      at += n * size;
      const slash = w.name.lastIndexOf('/');
      const layer = slash < 0 ? w.name : w.name.slice(0, slash);
      const key = w.name.slice(slash + 1).replace(/:\d+$/, '');
      if (!layers.has(layer)) {
        layers.set(layer, new Map());
        order.push(layer);
      }
      layers.get(layer)!.set(key, { name: w.name, shape: [...w.shape], data });
    }
    if (at !== bytes.length) {
      throw new WeightsError(
        'format',
        `${modelJsonPath}: the shards hold ${bytes.length} bytes but the manifest describes ${at}; shard and manifest do not belong together.`,
      );
    }
  }
  return { layers, order };
}

function decode(bytes: Buffer, at: number, n: number, w: ManifestEntry): Float32Array {
  const out = new Float32Array(n);
  const v = new DataView(
    bytes.buffer,
    bytes.byteOffset + at,
    n * (BYTES[w.quantization?.dtype ?? w.dtype] ?? 4),
  );
  const q = w.quantization;
  if (!q) {
    if (w.dtype === 'float32') for (let i = 0; i < n; i++) out[i] = v.getFloat32(i * 4, true);
    else if (w.dtype === 'int32') for (let i = 0; i < n; i++) out[i] = v.getInt32(i * 4, true);
    else for (let i = 0; i < n; i++) out[i] = v.getUint8(i);
    return out;
  }
  if (q.dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = half(v.getUint16(i * 2, true));
    return out;
  }
  const scale = q.scale ?? 1;
  const min = q.min ?? 0;
  if (q.dtype === 'uint8') for (let i = 0; i < n; i++) out[i] = v.getUint8(i) * scale + min;
  else for (let i = 0; i < n; i++) out[i] = v.getUint16(i * 2, true) * scale + min;
  return out;
}
