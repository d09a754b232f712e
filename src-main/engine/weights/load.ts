/**
 * Opening a weights file for a network: detect the format by its bytes, read it, map its names to
 * the spec, check every tensor, and say what was loaded and which preprocessing it expects.
 * Formats: Keras HDF5, TensorFlow.js Layers model.json + shards, safetensors (torchvision / timm
 * state dicts, or the app's own node-id names), PyTorch torch.save zips, TF checkpoints (.index +
 * .data-*), and the initializers of an ONNX model. Every format is recognised by its bytes, never by
 * its file name extension.
 */
import { basename } from 'node:path';
import { FileAccessError, openRegularFile, readRegularFile } from '../fs/safe-file.js';
import type { Analysis } from '../../shared/analysis-types.js';
import { randomWeights } from '../onnx/weights.js';
import { assemble, type Binding } from './assemble.js';
import { loadCatalogueWeights, type CatalogueOptions } from './catalogue.js';
import { fetchWeights, type FetchOptions } from './fetch.js';
import { isHdf5 } from './keras-h5.js';
import { isKerasArchive, readKerasArchive, readKerasFile } from './keras-zip.js';
import { kerasBackbone, kerasBindings, type KerasBackbone } from './keras-bindings.js';
import { isSafetensors, readSafetensors } from './safetensors.js';
import { isTfjsModelJson, readTfjsLayers } from './tfjs-layers.js';
import { isOnnxModel, onnxGraphBindings, readOnnxInitializers } from './onnx-initializers.js';
import { slimBindings, slimNetwork, slimRoot } from './slim-names.js';
import { isTfCheckpointIndex, readTfCheckpoint } from './tf-checkpoint.js';
import { isLegacyTorch, readTorchZip, torchArchivePrefix } from './torch-zip.js';
import { isZip, readZipIndex } from './zip.js';
import { CONVENTION_TARGET, detectTorchConvention, torchNames, type TorchConvention } from './torch-names.js';
import {
  WeightsError,
  type FileTensors,
  type LoadedWeights,
  type PreprocessingId,
  type WeightsFormat,
  type WeightsInfo,
} from './types.js';

export type WeightsSource = { file: string } | { url: string } | { catalogue: string } | { random: number };

export interface LoadOptions extends FetchOptions, CatalogueOptions {
  /** Seed for parts the file lacks (aux heads) and for { random }. */
  seed?: number;
}

const FORMAT_LABEL: Record<WeightsFormat, string> = {
  'keras-h5': 'Keras HDF5',
  'keras-weights-h5': 'Keras 3 .weights.h5',
  keras: 'Keras 3 .keras',
  'tfjs-layers': 'TensorFlow.js Layers',
  safetensors: 'safetensors',
  pytorch: 'PyTorch',
  'tf-checkpoint': 'TensorFlow checkpoint',
  onnx: 'ONNX initializers',
};

/** Files up to this size are read whole (tensor data is float32 in memory; 2 GiB is Node's buffer limit). */
const MAX_FILE_BYTES = 2 ** 31 - 1;

/** Reads a weights file the user chose, with the app's own errors for the ways a read fails. */
async function readWeightsBytes(path: string): Promise<Buffer> {
  try {
    return await readRegularFile(path, { maxBytes: MAX_FILE_BYTES, label: basename(path) });
  } catch (e) {
    if (e instanceof FileAccessError)
      throw new WeightsError(
        e.code === 'not_found' ? 'not_found' : 'format',
        e.code === 'too_large'
          ? `${basename(path)} is larger than 2 GiB, which the app does not read.`
          : e.message,
      );
    throw e;
  }
}

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

/** The first and last bytes of a file: formats are told apart by a header magic or a footer. */
async function readEnds(path: string): Promise<{ head: Buffer; tail: Buffer }> {
  let fh;
  try {
    // Through safe-file's open: a FIFO or a device is refused, not read.
    const { handle, size } = await openRegularFile(path, {
      maxBytes: Number.MAX_SAFE_INTEGER,
      label: basename(path),
    });
    fh = handle;
    const head = Buffer.alloc(Math.min(4096, size));
    await fh.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(64, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    return { head, tail };
  } catch (e) {
    if (e instanceof FileAccessError)
      throw new WeightsError(e.code === 'not_found' ? 'not_found' : 'format', e.message);
    throw new WeightsError(
      'not_found',
      `Cannot open weights file ${basename(path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  } finally {
    await fh?.close();
  }
}

interface Sniffed {
  format: WeightsFormat;
  /** The whole file, when detection had to read it (ZIP archives: the directory is at the end). */
  bytes?: Buffer;
}

const TF_DATA_SHARD = /\.data-\d{5}-of-\d{5}$/;

async function sniff(path: string): Promise<Sniffed> {
  const name = basename(path);
  const { head, tail } = await readEnds(path);
  if (isHdf5(head)) return { format: 'keras-h5' };
  if (isSafetensors(head)) return { format: 'safetensors' };
  if (isZip(head)) {
    const bytes = await readWeightsBytes(path);
    const index = readZipIndex(bytes);
    if (torchArchivePrefix(index) !== null) return { format: 'pytorch', bytes };
    if (isKerasArchive(index.keys())) return { format: 'keras', bytes };
    throw new WeightsError(
      'format',
      `${name} is a ZIP archive but neither a PyTorch file (no data.pkl) nor a Keras .keras archive (no config.json with model.weights.h5). Open the weights file itself.`,
    );
  }
  if (isLegacyTorch(head))
    throw new WeightsError(
      'format',
      `${name} is a legacy (pre-1.6, non-zip) PyTorch file, which the app does not read. Load it in PyTorch 1.6 or newer and re-save it with torch.save(model.state_dict(), path), which writes the zip format.`,
    );
  if (TF_DATA_SHARD.test(name))
    throw new WeightsError(
      'format',
      `${name} is the data shard of a TensorFlow checkpoint; open the checkpoint's .index file (${name.replace(TF_DATA_SHARD, '.index')}), which must sit beside it.`,
    );
  if (isTfCheckpointIndex(tail)) return { format: 'tf-checkpoint' };
  if (isOnnxModel(head)) return { format: 'onnx' };
  if (isTfjsModelJson(head) || (path.endsWith('.json') && head[0] === 0x7b)) return { format: 'tfjs-layers' };
  throw new WeightsError(
    'format',
    `${name} is not a weights file this app reads (Keras .h5, TensorFlow.js model.json, .safetensors, PyTorch .pth/.pt, a TensorFlow checkpoint .index, or an .onnx model).`,
  );
}

export async function detectFormat(path: string): Promise<WeightsFormat> {
  return (await sniff(path)).format;
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

/** Bindings for a state dict with torch names, after checking it is for this network and flavour. */
function torchStateDict(
  a: Analysis,
  conv: TorchConvention,
  names: Set<string>,
  file: string,
): {
  bindings: Map<string, Binding>;
  convention: string;
  preprocessing: PreprocessingId;
  ignorable: (name: string) => string | null;
} {
  const target = CONVENTION_TARGET[conv];
  if (target.network !== a.spec.id || target.flavour !== a.spec.flavour) {
    throw new WeightsError(
      'mismatch',
      `${file} holds ${target.label} weights; open it with network ${target.network}, flavour '${target.flavour}' (not ${a.spec.id}, '${a.spec.flavour}').`,
      [],
      { kind: 'network', file, holds: target.label, network: target.network, flavour: target.flavour },
    );
  }
  return {
    bindings: torchBindings(a, conv, names),
    convention: conv.split('-')[0]!,
    preprocessing: conv.startsWith('timm') ? 'timm' : 'torchvision',
    ignorable: (n) =>
      AUX_TORCH.test(n) && !a.nodes.some((x) => x.aux)
        ? 'training-only auxiliary head weights (this variant has no aux heads)'
        : null,
  };
}

/** TF2 object-based checkpoints name each variable by its object path plus this suffix. */
const TF2_SUFFIX = '/.ATTRIBUTES/VARIABLE_VALUE';
/** Training-time copies a slim checkpoint may hold beside each variable: EMA and optimizer slots. */
const SLIM_EXTRA =
  /\/(ExponentialMovingAverage|Momentum|RMSProp(_1)?|Adam(_1)?|Adagrad)$|\/\.OPTIMIZER_SLOT\//;

/** A TF checkpoint's variables → slim bindings, after checking which network its names are for. */
function tfCheckpointBindings(
  a: Analysis,
  raw: FileTensors,
  file: string,
): { file: FileTensors; bindings: Map<string, Binding>; ignorable: (name: string) => string | null } {
  const tensors: FileTensors = new Map();
  for (const [n, t] of raw) {
    const name = n.endsWith(TF2_SUFFIX) ? n.slice(0, -TF2_SUFFIX.length) : n;
    tensors.set(name, { ...t, name });
  }
  const net = slimNetwork(tensors.keys());
  if (!net) {
    const names = [...tensors.keys()];
    // Keras 2 names layers layer_with_weights-N; Keras 3 _functional/_operations/N or _layers/N.
    if (names.some((n) => /(^|\/)(layer_with_weights-\d+|_functional|_operations|_layers)\//.test(n)))
      throw new WeightsError(
        'format',
        `${file} is an object-based TensorFlow checkpoint of a Keras model, whose variable names (layer_with_weights-N/…, _operations/N/…) do not say which layer is which. Load it into the Keras model in TensorFlow and save it with model.save_weights('model.weights.h5') or model.save('model.h5'), then open that file.`,
      );
    throw new WeightsError(
      'format',
      `${file} is a TensorFlow checkpoint, but its variable names (${names.slice(0, 4).join(', ') || 'none'}) are not TF-slim names of a network the app maps: it reads InceptionV3/…, InceptionV4/… and InceptionResnetV2/… checkpoints (e.g. 'InceptionV3/Conv2d_1a_3x3/weights').`,
    );
  }
  if (net !== a.spec.id || a.spec.flavour !== 'released') {
    throw new WeightsError(
      'mismatch',
      `${file} holds TF-slim ${slimRoot(net)} weights; open it with network ${net}, flavour 'released' (not ${a.spec.id}, '${a.spec.flavour}').`,
      [],
      { kind: 'network', file, holds: `TF-slim ${slimRoot(net)}`, network: net, flavour: 'released' },
    );
  }
  const bindings = slimBindings(a, slimRoot(net)!);
  // slim's classifiers may be 1×1 convs ([1, 1, in, out]) where the spec has a dense layer ([in, out]).
  for (const b of bindings.values()) {
    const t = tensors.get(b.kernel);
    if (b.layout === 'io' && t && t.shape.length === 4 && t.shape[0] === 1 && t.shape[1] === 1)
      tensors.set(b.kernel, { ...t, shape: [t.shape[2]!, t.shape[3]!] });
  }
  const hasAux = a.nodes.some((x) => x.aux);
  return {
    file: tensors,
    bindings,
    ignorable: (n) =>
      SLIM_EXTRA.test(n)
        ? 'training-time copies (moving averages, optimizer slots)'
        : n.split('/')[1] === 'AuxLogits' && !hasAux
          ? 'training-only auxiliary head weights (this variant has no aux heads)'
          : null,
  };
}

/** A file of a known format whose tensor names follow no naming the app maps. */
function unknownNames(file: string, format: string, names: Set<string>): WeightsError {
  const first = [...names].slice(0, 4).join(', ');
  return new WeightsError(
    'format',
    `${file} is a ${format} file, but its tensor names (${first}${names.size > 4 ? ', …' : ''}) follow no convention the app maps: it reads torchvision googlenet / inception_v3 and timm inception_v3 / inception_v4 / inception_resnet_v2 state dicts (e.g. 'Mixed_5b.branch1x1.conv.weight'). Save the state dict of one of those models.`,
  );
}

function mismatch(a: Analysis, path: string, problems: string[]): WeightsError {
  const s = a.spec;
  return new WeightsError(
    'mismatch',
    `${basename(path)} does not fit ${s.title} (${s.flavour}, ${s.variant.input.join('×')}, width ${s.variant.width}, ${s.variant.classes} classes): ${problems.length} problem${problems.length === 1 ? '' : 's'}. Nothing was loaded.`,
    problems,
    { kind: 'shapes', file: basename(path), network: s.title, count: problems.length },
  );
}

/**
 * A checkpoint of an exported training project (engine/export-training) names its variant in the
 * safetensors metadata; opened with another network or flavour it says which one to choose.
 */
function projectCheckpointFits(a: Analysis, meta: Record<string, string>, file: string): void {
  if (meta.format !== 'inception-explorer' || !meta.network) return;
  if (meta.network === a.spec.id && (!meta.flavour || meta.flavour === a.spec.flavour)) return;
  const holds = `${meta.network} (${meta.flavour ?? '?'}, width ${meta.width ?? '?'}, input ${meta.input ?? '?'})`;
  throw new WeightsError(
    'mismatch',
    `${file} holds ${holds} weights from an exported training project; open it with network ${meta.network}, flavour '${meta.flavour}' (not ${a.spec.id}, '${a.spec.flavour}').`,
    [],
    { kind: 'network', file, holds, network: meta.network, flavour: meta.flavour ?? '' },
  );
}

/** Read and map a local weights file. Throws WeightsError; never returns partial weights. */
export async function loadWeightsFile(
  a: Analysis,
  path: string,
  o: LoadOptions = {},
): Promise<LoadedWeights> {
  const sniffed = await sniff(path);
  let format = sniffed.format;
  const name = basename(path);
  o.onProgress?.(0, 1, `reading ${name}`);
  let file: FileTensors;
  let bindings: Map<string, Binding>;
  let convention: string;
  let preprocessing: PreprocessingId;
  let ignorable: ((name: string) => string | null) | undefined;
  let backbone: KerasBackbone | null = null;
  const readNotes: string[] = [];
  if (format === 'safetensors' || format === 'pytorch') {
    // Both hold PyTorch state dicts by torch's names (or, for safetensors, the app's own node ids).
    // Integer buffers (BN num_batches_tracked) are kept apart by the readers: they carry no weights.
    let metadata: Record<string, string> = {};
    if (format === 'safetensors') {
      ({ tensors: file, metadata } = readSafetensors(await readWeightsBytes(path), name));
    } else {
      const t = readTorchZip(sniffed.bytes ?? (await readWeightsBytes(path)), name);
      file = t.tensors;
      readNotes.push(...t.notes);
    }
    const names = new Set(file.keys());
    const conv = detectTorchConvention(names);
    if (conv) {
      ({ bindings, convention, preprocessing, ignorable } = torchStateDict(a, conv, names, name));
    } else if (format === 'safetensors') {
      projectCheckpointFits(a, metadata, name);
      bindings = specBindings(a);
      convention = 'spec';
      preprocessing = flavourPreprocessing(a);
    } else {
      throw unknownNames(name, FORMAT_LABEL[format], names);
    }
  } else if (format === 'onnx') {
    const c = readOnnxInitializers(await readWeightsBytes(path), name);
    readNotes.push(...c.notes);
    const names = new Set(c.initializers.keys());
    const conv = detectTorchConvention(names);
    if (conv) {
      // The exporter kept PyTorch's parameter names: a state dict like any other.
      file = c.initializers;
      ({ bindings, convention, preprocessing, ignorable } = torchStateDict(a, conv, names, name));
    } else {
      const g = onnxGraphBindings(a, c, name);
      ({ file, bindings } = g);
      readNotes.push(...g.notes);
      convention = 'onnx-graph';
      preprocessing = flavourPreprocessing(a);
    }
  } else if (format === 'tf-checkpoint') {
    const c = await readTfCheckpoint(path);
    readNotes.push(...c.notes);
    ({ file, bindings, ignorable } = tfCheckpointBindings(a, c.tensors, name));
    convention = 'slim';
    preprocessing = 'keras'; // slim's inception_preprocessing scales to [-1, 1], as Keras' 'tf' mode
  } else {
    const content =
      format === 'tfjs-layers'
        ? await readTfjsLayers(path)
        : format === 'keras' && sniffed.bytes
          ? await readKerasArchive(sniffed.bytes, name)
          : await readKerasFile(path);
    // One HDF5 signature, two Keras layouts: the reader says which container it was.
    if (content.container) format = content.container;
    readNotes.push(...(content.notes ?? []));
    ({ file, bindings } = kerasBindings(a, content));
    convention = 'keras';
    preprocessing = 'keras';
    backbone = kerasBackbone(a, bindings, file);
    if (backbone) ignorable = backbone.ignorable;
  }
  o.onProgress?.(1, 2, `checking ${file.size} tensors against ${a.spec.id}`);
  const r = assemble(a, bindings, file, {
    ignorable,
    seed: o.seed,
    file: basename(path),
    // PyTorch's BatchNorm2d always saves its weight (γ); Keras' scale=False saves none.
    alwaysHasGamma: convention === 'torchvision' || convention === 'timm',
    ...(backbone && { randomNodes: backbone.randomNodes }),
  });
  if (r.problems.length) throw mismatch(a, path, r.problems);
  o.onProgress?.(2, 2, `loaded ${basename(path)}`);
  // A file alone does not say what it was trained on: only the catalogue (checksum matched) says "pretrained".
  const info: WeightsInfo = {
    kind: 'file',
    format,
    label: `${basename(path)} (${FORMAT_LABEL[format]}, ${convention} names)`,
    convention,
    preprocessing,
    imagenet: isImagenet(a) && !backbone,
    tensors: file.size,
    notes: [...readNotes, ...r.notes],
    source: path,
    ...(backbone ? { backbone: { ownHead: backbone.ownHead } } : {}),
    ...(r.auxRandom.length ? { auxRandom: r.auxRandom } : {}),
  };
  if (a.spec.variant.classes === 1001)
    info.notes.push('1001 classes: class 0 is the TF-slim background class');
  if (info.imagenet)
    info.notes.push(
      'not known to be ImageNet-trained: the top-5 uses the ImageNet class names, which fit only if the file was trained on ImageNet',
    );
  return { weights: r.weights, info };
}

/** Weights from a file, a URL (downloaded and cached) or a seed. */
export async function loadWeights(
  a: Analysis,
  src: WeightsSource,
  o: LoadOptions = {},
): Promise<LoadedWeights> {
  if ('random' in src) return randomWeightsFor(a, src.random);
  if ('catalogue' in src) return loadCatalogueWeights(a, src.catalogue, o, loadWeightsFile);
  if ('url' in src) {
    const path = await fetchWeights(src.url, o);
    const r = await loadWeightsFile(a, path, o);
    r.info.source = src.url;
    return r;
  }
  return loadWeightsFile(a, src.file, o);
}
