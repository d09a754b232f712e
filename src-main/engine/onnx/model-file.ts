/**
 * Opening an ONNX file (one the app wrote, a cached export, or a user's) with errors that say what is
 * wrong: not a protobuf, a protobuf without a graph, or a model ONNX Runtime refuses.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as OrtTypes from 'onnxruntime-node';
import { decodeModel, type Model } from './proto.js';
import { loadOrt, sessionOptions, type OrtProvider } from './ort.js';

export class OnnxModelError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'OnnxModelError';
  }
}

/** Structural check with protobufjs: catches truncated and non-ONNX files before ORT sees them. */
export function inspectOnnx(bytes: Uint8Array, file = 'model'): Model {
  const name = basename(file);
  if (bytes.length === 0) throw new OnnxModelError(file, `${name} is empty, not an ONNX model`);
  let model: Model;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new OnnxModelError(file, `${name} is not an ONNX model: ${(e as Error).message}`, { cause: e });
  }
  if (!model.graph || !model.graph.node?.length) {
    throw new OnnxModelError(file, `${name} is not an ONNX model: it has no graph nodes`);
  }
  if (!model.opsetImport?.length) {
    throw new OnnxModelError(file, `${name} is not an ONNX model: it declares no operator set`);
  }
  return model;
}

/** Inspect, then create an ORT session; every failure becomes an OnnxModelError naming the file. */
export async function openOnnxModel(
  source: string | Uint8Array,
  provider: OrtProvider = 'cpu',
  file = typeof source === 'string' ? source : 'model',
): Promise<{ session: OrtTypes.InferenceSession; model: Model }> {
  let bytes: Uint8Array;
  try {
    bytes = typeof source === 'string' ? await readFile(source) : source;
  } catch (e) {
    throw new OnnxModelError(file, `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const model = inspectOnnx(bytes, file);
  const ort = await loadOrt();
  try {
    const session = await ort.InferenceSession.create(bytes, sessionOptions(provider));
    return { session, model };
  } catch (e) {
    const why = ((e as Error).message ?? String(e)).split('\n')[0];
    throw new OnnxModelError(file, `ONNX Runtime cannot load ${basename(file)}: ${why}`, { cause: e });
  }
}
