/**
 * Opening a weights file for a network: detect the format by its bytes, read it, map its names to
 * the spec, check every tensor, and say what was loaded and which preprocessing it expects.
 * Formats: Keras HDF5, TensorFlow.js Layers model.json + shards, safetensors (torchvision / timm
 * state dicts, or the app's own node-id names).
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Analysis } from '../../analysis/types.js';
import { randomWeights } from '../onnx/weights.js';
import { assemble, type Binding } from './assemble.js';
import { fetchWeights, type FetchOptions } from './fetch.js';
import { isHdf5, readKerasH5, type KerasH5Content } from './keras-h5.js';
import { kerasNames } from './keras-names.js';
import { isSafetensors, readSafetensors } from './safetensors.js';
import { isTfjsModelJson, readTfjsLayers } from './tfjs-layers.js';
import { CONVENTION_TARGET, detectTorchConvention, torchNames, type TorchConvention } from './torch-names.js';
import {
  WeightsError,
  type FileTensors,
  type LoadedWeights,
  type PreprocessingId,
  type WeightsFormat,
  type WeightsInfo,
} from './types.js';

export type WeightsSource = { file: string } | { url: string } | { random: number };

export interface LoadOptions extends FetchOptions {
  /** Seed for parts the file lacks (aux heads) and for { random }. */
  seed?: number;
}

const FORMAT_LABEL: Record<WeightsFormat, string> = {
  'keras-h5': 'Keras HDF5',
  'tfjs-layers': 'TensorFlow.js Layers',
  safetensors: 'safetensors',
};

/** The preprocessing a flavour's usual weights expect, for random weights. */
export const flavourPreprocessing = (a: Analysis): PreprocessingId =>
  a.spec.flavour === 'torchvision' ? 'torchvision' : 'keras';

const isImagenet = (a: Analysis) => a.spec.variant.classes === 1000 || a.spec.variant.classes === 1001;

export function randomWeightsFor(a: Analysis, seed = 1): LoadedWeights {
  return {
    weights: randomWeights(a, seed),
    info: {
      kind: 'random',
      label: `random weights (seed ${seed})`,
      preprocessing: flavourPreprocessing(a),
      imagenet: false,
      notes: [
        'no pretrained weights: predictions are meaningless, the activations show the architecture only',
      ],
    },
  };
}

export async function detectFormat(path: string): Promise<WeightsFormat> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, 4096, 0);
    await fh.close();
    head = head.subarray(0, bytesRead);
  } catch (e) {
    throw new WeightsError(
      'not_found',
      `Cannot open weights file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
  if (isHdf5(head)) return 'keras-h5';
  if (isSafetensors(head)) return 'safetensors';
  if (isTfjsModelJson(head) || (path.endsWith('.json') && head[0] === 0x7b)) return 'tfjs-layers';
  throw new WeightsError(
    'format',
    `${basename(path)} is not a weights file this app reads (Keras .h5, TensorFlow.js model.json, or .safetensors).`,
  );
}

/** Keras-style layers (HDF5 or TF.js) → flat tensors + bindings. */
function kerasBindings(
  a: Analysis,
  c: KerasH5Content,
): { file: FileTensors; bindings: Map<string, Binding> } {
  const file: FileTensors = new Map();
  for (const [layer, t] of c.layers) for (const [key, tensor] of t) file.set(`${layer}/${key}`, tensor);
  const bindings = new Map<string, Binding>();
  for (const [id, ref] of kerasNames(a, c.order)) {
    const dense = a.nodes.find((n) => n.id === id)!.layer!.op === 'dense';
    const b: Binding = {
      kernel: `${ref.layer}/kernel`,
      layout: dense ? 'io' : 'hwio',
      bias: `${ref.layer}/bias`,
    };
    if (ref.bn) {
      Object.assign(b, {
        gamma: `${ref.bn}/gamma`,
        beta: `${ref.bn}/beta`,
        movingMean: `${ref.bn}/moving_mean`,
        movingVariance: `${ref.bn}/moving_variance`,
      });
    }
    bindings.set(id, b);
  }
  return { file, bindings };
}

function torchBindings(a: Analysis, conv: TorchConvention, names: Set<string>): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const [id, r] of torchNames(a, conv, names)) {
    const p = r.prefix;
    if (r.style === 'convbn') {
      bindings.set(id, {
        kernel: `${p}.conv.weight`,
        layout: 'oihw',
        bias: `${p}.conv.bias`,
        gamma: `${p}.bn.weight`,
        beta: `${p}.bn.bias`,
        movingMean: `${p}.bn.running_mean`,
        movingVariance: `${p}.bn.running_var`,
      });
    } else {
      bindings.set(id, {
        kernel: `${p}.weight`,
        layout: r.style === 'conv' ? 'oihw' : 'oi',
        bias: `${p}.bias`,
      });
    }
  }
  return bindings;
}

/** Names written by the app itself: '<node id>/<kind>' in TF layout. */
function specBindings(a: Analysis): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const n of a.nodes) {
    if (n.kind !== 'layer' || (n.layer?.op !== 'conv' && n.layer?.op !== 'dense')) continue;
    const k = (s: string) => `${n.id}/${s}`;
    bindings.set(n.id, {
      kernel: k('kernel'),
      layout: n.layer.op === 'conv' ? 'hwio' : 'io',
      bias: k('bias'),
      gamma: k('gamma'),
      beta: k('beta'),
      movingMean: k('movingMean'),
      movingVariance: k('movingVariance'),
    });
  }
  return bindings;
}

const AUX_TORCH = /^(AuxLogits|aux1|aux2)\./;

function mismatch(a: Analysis, path: string, problems: string[]): WeightsError {
  const s = a.spec;
  return new WeightsError(
    'mismatch',
    `${basename(path)} does not fit ${s.title} (${s.flavour}, ${s.variant.input.join('×')}, width ${s.variant.width}, ${s.variant.classes} classes): ${problems.length} problem${problems.length === 1 ? '' : 's'}. Nothing was loaded.`,
    problems,
    { kind: 'shapes', file: basename(path), network: s.title, count: problems.length },
  );
}

/** Read and map a local weights file. Throws WeightsError; never returns partial weights. */
export async function loadWeightsFile(
  a: Analysis,
  path: string,
  o: LoadOptions = {},
): Promise<LoadedWeights> {
  const format = await detectFormat(path);
  o.onProgress?.(0, 1, `reading ${basename(path)}`);
  let file: FileTensors;
  let bindings: Map<string, Binding>;
  let convention: string;
  let preprocessing: PreprocessingId;
  let ignorable: ((name: string) => string | null) | undefined;
  if (format === 'safetensors') {
    const size = (await stat(path)).size;
    if (size > 2 ** 31 - 1)
      throw new WeightsError(
        'format',
        `${basename(path)} is ${size} bytes; files over 2 GiB are not supported.`,
      );
    const st = readSafetensors(await readFile(path), basename(path));
    file = st.tensors;
    const names = new Set(file.keys());
    const conv = detectTorchConvention(names);
    if (conv) {
      const target = CONVENTION_TARGET[conv];
      if (target.network !== a.spec.id || target.flavour !== a.spec.flavour) {
        throw new WeightsError(
          'mismatch',
          `${basename(path)} holds ${target.label} weights; open it with network ${target.network}, flavour '${target.flavour}' (not ${a.spec.id}, '${a.spec.flavour}').`,
          [],
          {
            kind: 'network',
            file: basename(path),
            holds: target.label,
            network: target.network,
            flavour: target.flavour,
          },
        );
      }
      bindings = torchBindings(a, conv, names);
      convention = conv.split('-')[0]!;
      preprocessing = conv.startsWith('timm') ? 'timm' : 'torchvision';
      ignorable = (n) =>
        AUX_TORCH.test(n) && !a.nodes.some((x) => x.aux)
          ? 'training-only auxiliary head weights (this variant has no aux heads)'
          : null;
    } else {
      bindings = specBindings(a);
      convention = 'spec';
      preprocessing = flavourPreprocessing(a);
    }
    // Integer buffers (BN num_batches_tracked) are not in st.tensors: they carry no weights.
  } else {
    const content = format === 'keras-h5' ? await readKerasH5(path) : await readTfjsLayers(path);
    ({ file, bindings } = kerasBindings(a, content));
    convention = 'keras';
    preprocessing = 'keras';
  }
  o.onProgress?.(1, 2, `checking ${file.size} tensors against ${a.spec.id}`);
  const r = assemble(a, bindings, file, { ignorable, seed: o.seed });
  if (r.problems.length) throw mismatch(a, path, r.problems);
  o.onProgress?.(2, 2, `loaded ${basename(path)}`);
  const info: WeightsInfo = {
    kind: 'pretrained',
    format,
    label: `${basename(path)} (${FORMAT_LABEL[format]}, ${convention} names)`,
    convention,
    preprocessing,
    imagenet: isImagenet(a),
    tensors: file.size,
    notes: r.notes,
    source: path,
  };
  if (a.spec.variant.classes === 1001)
    info.notes.push('1001 classes: class 0 is the TF-slim background class');
  return { weights: r.weights, info };
}

/** Weights from a file, a URL (downloaded and cached) or a seed. */
export async function loadWeights(
  a: Analysis,
  src: WeightsSource,
  o: LoadOptions = {},
): Promise<LoadedWeights> {
  if ('random' in src) return randomWeightsFor(a, src.random);
  if ('url' in src) {
    const path = await fetchWeights(src.url, o);
    const r = await loadWeightsFile(a, path, o);
    r.info.source = src.url;
    return r;
  }
  return loadWeightsFile(a, src.file, o);
}
