/**
 * Every Keras container, recognised by content: HDF5 in the legacy layout (keras-h5.ts), HDF5 in the
 * Keras 3 layout (`model.save_weights('x.weights.h5')`, and the `model.weights.h5` inside a `.keras`),
 * and the `.keras` ZIP archive itself (config.json, metadata.json, model.weights.h5).
 *
 * Keras 3 layout (keras/src/saving/saving_lib.py, _save_state / _save_container_state):
 * `layers/<key>/vars/<i>`, where <key> is the layer's class in snake case, numbered per model
 * (conv2d, conv2d_1, …; a Dense named 'predictions' is 'layers/dense'), and the datasets are the
 * layer's variables, trainable first: Conv2D/Dense [kernel, bias?], BatchNormalization
 * [gamma?, beta?, moving_mean, moving_variance]. Keras ≥ 3.? writes the layer's own name as the
 * attribute `name` of `vars`; without it the names come from config.json (the `.keras` file), whose
 * layer list is in the same order as the keys.
 * .keras format: https://keras.io/guides/serialization_and_saving/ ("The .keras file format").
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Hdf5Reply, Hdf5Request } from './keras-h5-worker.js';
import { isZip, readZipEntry, readZipIndex } from './zip.js';
import {
  MAX_WEIGHTS_BYTES,
  getObject,
  isHdf5,
  legacyRoot,
  readFloats,
  readLegacyLayout,
  readWeightsBytes,
  withHdf5,
  type H5Group,
  type Hdf5Handle,
  type KerasH5Content,
} from './keras-h5.js';
import { WeightsError, type FileTensor, type FileTensors } from './types.js';

/** One layer of a Keras config (config.json or a TF.js modelTopology): what the weights reader needs. */
export interface KerasLayerConfig {
  className: string;
  name: string;
  /** BatchNormalization's scale / center (default true). */
  scale?: boolean;
  center?: boolean;
  useBias?: boolean;
  /** A nested model's own layers (a Functional inside a Functional). */
  layers?: KerasLayerConfig[];
}

/** keras.src.utils.naming.to_snake_case. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Config layers → the keys Keras gives them in the weights file (saving_lib._get_unique_name). */
export function layerKeys(layers: KerasLayerConfig[]): Map<string, KerasLayerConfig> {
  const used = new Map<string, number>();
  const out = new Map<string, KerasLayerConfig>();
  for (const l of layers) {
    const base = toSnakeCase(l.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    out.set(n === undefined ? base : `${base}_${n + 1}`, l);
  }
  return out;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * A Keras model config ({class_name, config: {layers: [...]}}, Keras 2 or 3) → its layers, or null
 * when it is not a model with a layer list. Never throws on a mistyped config.
 */
export function configLayers(config: unknown): KerasLayerConfig[] | null {
  const inner = obj(obj(config)?.config);
  const list = inner?.layers;
  if (!Array.isArray(list)) return null;
  const out: KerasLayerConfig[] = [];
  for (const l of list) {
    const o = obj(l);
    const c = obj(o?.config);
    const className = o?.class_name;
    const name = typeof c?.name === 'string' ? c.name : o?.name;
    if (typeof className !== 'string' || typeof name !== 'string') return null;
    const layer: KerasLayerConfig = { className, name };
    if (typeof c?.scale === 'boolean') layer.scale = c.scale;
    if (typeof c?.center === 'boolean') layer.center = c.center;
    if (typeof c?.use_bias === 'boolean') layer.useBias = c.use_bias;
    const nested = configLayers(o);
    if (nested) layer.layers = nested;
    out.push(layer);
  }
  return out;
}

/** The variable names of a layer's `vars/0..n-1`, from its class, or from the shapes when unknown. */
export function variableNames(
  shapes: number[][],
  layer: KerasLayerConfig | undefined,
  where: string,
  label: string,
): string[] {
  const n = shapes.length;
  const cls = layer?.className;
  const rank0 = shapes[0]?.length ?? 0;
  const isBn =
    cls === 'BatchNormalization' ||
    (cls === undefined && n >= 2 && n <= 4 && shapes.every((s) => s.length === 1 && s[0] === shapes[0]![0]));
  if (isBn) {
    const scale = layer?.scale ?? n === 4;
    const center = layer?.center ?? true;
    const names = [
      ...(scale ? ['gamma'] : []),
      ...(center ? ['beta'] : []),
      'moving_mean',
      'moving_variance',
    ];
    if (names.length === n) return names;
  } else if (n === 1 || n === 2) {
    // Conv2D (rank-4 kernel), Dense (rank 2), and any other kernel + bias layer.
    if (rank0 >= 2 && (n === 1 || shapes[1]!.length === 1)) return n === 1 ? ['kernel'] : ['kernel', 'bias'];
  }
  throw new WeightsError(
    'format',
    `${label}: layer '${where}' has ${n} variables (${shapes.map((s) => `[${s.join(', ')}]`).join(', ')}) that do not match a ${cls ?? 'convolution, dense or batch-normalisation'} layer; this is not a network the app knows.`,
  );
}

const isGroup = (h: Hdf5Handle, o: unknown): o is H5Group => o instanceof h.m.Group;

/**
 * The Keras 3 layout. `config` is the model's layer list when known (from config.json or a TF.js
 * topology); without it, `vars` must carry the layer names.
 */
export function readVarsLayout(h: Hdf5Handle, config: KerasLayerConfig[] | null): KerasH5Content {
  const layers = new Map<string, FileTensors>();
  const order: string[] = [];
  const notes = new Set<string>();
  const walk = (group: H5Group, path: string, cfg: KerasLayerConfig[] | null) => {
    const byKey = cfg ? layerKeys(cfg) : null;
    for (const key of group.keys()) {
      const where = `${path}/${key}`;
      const g = getObject(h, group, key, where);
      if (!isGroup(h, g)) continue;
      const layerCfg = byKey?.get(key);
      const keys = g.keys();
      if (keys.includes('layers')) {
        const sub = getObject(h, g, 'layers', `${where}/layers`);
        if (isGroup(h, sub)) walk(sub, `${where}/layers`, layerCfg?.layers ?? null);
      }
      if (!keys.includes('vars')) continue;
      const vars = getObject(h, g, 'vars', `${where}/vars`);
      if (!isGroup(h, vars)) continue;
      const ids = vars
        .keys()
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b));
      if (ids.length === 0) continue;
      const attrName = vars.attrs.name?.value;
      const name = typeof attrName === 'string' && attrName ? attrName : layerCfg?.name;
      if (!name) {
        throw new WeightsError(
          'format',
          `${h.label} is a Keras 3 weights file that does not record its layers' names (an older Keras 3 wrote it). Open the .keras file saved with it instead, or load the weights in Keras and save them again.`,
          [],
          { kind: 'keras_v3_no_names', file: h.label },
        );
      }
      const data: { shape: number[]; data: Float32Array; where: string }[] = [];
      for (const id of ids) {
        const w = `${where}/vars/${id}`;
        const d = getObject(h, vars, id, w);
        if (!(d instanceof h.m.Dataset))
          throw new WeightsError('format', `${h.label}: '${w}' is not a dataset.`);
        data.push({ shape: [...(d.shape ?? [])], data: readFloats(h, d, w, notes), where: w });
      }
      const kinds = variableNames(
        data.map((x) => x.shape),
        layerCfg?.name === name ? layerCfg : undefined,
        name,
        h.label,
      );
      const t: FileTensors = new Map();
      kinds.forEach((k, i) => {
        const x = data[i]!;
        const tensor: FileTensor = { name: x.where, shape: x.shape, data: x.data };
        t.set(k, tensor);
      });
      if (layers.has(name))
        throw new WeightsError('format', `${h.label}: two layers are both named '${name}'.`);
      layers.set(name, t);
      order.push(name);
    }
  };
  const root = getObject(h, h.file, 'layers', 'layers');
  if (!isGroup(h, root)) throw notKeras(h.label);
  walk(root, 'layers', config);
  return { layers, order, container: 'keras-weights-h5', notes: [...notes] };
}

const notKeras = (label: string) =>
  new WeightsError(
    'format',
    `${label} is an HDF5 file but not Keras weights: it has neither 'layer_names' (Keras .h5) nor a 'layers' group (Keras 3 .weights.h5).`,
    [],
    { kind: 'hdf5_not_keras', file: label },
  );

/** HDF5 bytes in either Keras layout. */
export async function readKerasHdf5(
  bytes: Uint8Array,
  label: string,
  config: KerasLayerConfig[] | null = null,
): Promise<KerasH5Content> {
  return withHdf5(bytes, label, (h) => {
    const legacy = legacyRoot(h);
    if (legacy) return readLegacyLayout(h, legacy);
    if (h.file.keys().includes('layers')) return readVarsLayout(h, config);
    throw notKeras(label);
  });
}

const parseJson = (b: Buffer, what: string, label: string): unknown => {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    throw new WeightsError('format', `${label}: ${what} is not valid JSON; the .keras file is damaged.`);
  }
};

/** Whether a ZIP index is a `.keras` archive. */
export const isKerasArchive = (names: Iterable<string>): boolean => {
  const s = new Set(names);
  return s.has('config.json') && (s.has('model.weights.h5') || s.has('metadata.json'));
};

/** A `.keras` archive's bytes. */
export async function readKerasArchive(
  buf: Buffer,
  label: string,
  o: KerasReadOptions = {},
): Promise<KerasH5Content> {
  const index = readZipIndex(buf);
  if (!isKerasArchive(index.keys())) {
    throw new WeightsError(
      'format',
      `${label} is a ZIP archive but not a Keras .keras file (it has no config.json and model.weights.h5).`,
      [],
      { kind: 'zip_not_keras', file: label },
    );
  }
  const weights = index.get('model.weights.h5');
  if (!weights) {
    const npz = index.has('model.weights.npz');
    throw new WeightsError(
      'format',
      npz
        ? `${label} keeps its weights as NumPy .npz, not model.weights.h5; save the model again with Keras' default weights format.`
        : `${label} is a .keras file without model.weights.h5 (its weights may be sharded into separate files); save the model again as one .keras file.`,
      [],
      { kind: 'keras_no_weights', file: label },
    );
  }
  const config = parseJson(readZipEntry(buf, index.get('config.json')!, 64 << 20), 'config.json', label);
  const meta = index.has('metadata.json')
    ? obj(parseJson(readZipEntry(buf, index.get('metadata.json')!, 1 << 20), 'metadata.json', label))
    : undefined;
  const h5 = readZipEntry(buf, weights, MAX_WEIGHTS_BYTES);
  if (!isHdf5(h5))
    throw new WeightsError(
      'format',
      `${label}: model.weights.h5 inside it is not HDF5; the file is damaged.`,
    );
  const c = await readKerasHdf5Isolated(h5, `${label} (model.weights.h5)`, configLayers(config), o);
  const kv = meta?.keras_version;
  return { ...c, container: 'keras', ...(typeof kv === 'string' ? { kerasVersion: kv } : {}) };
}

export interface KerasReadOptions {
  /** Time limit for libhdf5 (default: 60 s plus 1 s per 4 MB; INCEPTION_HDF5_TIMEOUT_MS overrides). */
  timeoutMs?: number;
}

const hdf5TimeoutMs = (bytes: number, o: KerasReadOptions): number => {
  const env = Number(process.env.INCEPTION_HDF5_TIMEOUT_MS);
  if (o.timeoutMs !== undefined) return o.timeoutMs;
  if (Number.isFinite(env) && env > 0) return env;
  return 60_000 + Math.ceil(bytes / (4 << 20)) * 1000;
};

/** From source (tsx, vitest) the worker is the .ts file and needs tsx's loader; bundled, dist-main/weights/*.cjs. */
function startHdf5Worker(): Worker {
  const here = import.meta.url;
  const candidates = [
    { url: new URL('./keras-h5-worker.ts', here), ts: true },
    { url: new URL('./keras-h5-worker.js', here), ts: false },
    { url: new URL('../weights/keras-h5-worker.cjs', here), ts: false },
  ];
  const found = candidates.find((c) => existsSync(fileURLToPath(c.url)));
  if (!found) throw new Error(`the HDF5 worker is missing next to ${fileURLToPath(here)}`);
  const path = fileURLToPath(found.url);
  if (!found.ts) return new Worker(path);
  // Loader flags (--import tsx) do not reach worker threads on Node 20: register tsx, then import.
  const tsxDir = dirname(createRequire(here).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); })`;
  return new Worker(code, { eval: true, execArgv: [] });
}

/** A worker between reads: kept warm (starting one costs more than most reads), unref'd so it never keeps the process alive. */
let idle: Worker | null = null;
let nextId = 1;

/**
 * readKerasHdf5 on a worker thread with a time limit: libhdf5 can loop forever on damaged bytes
 * (h5py hangs on the same file), and a loop in WebAssembly cannot be interrupted on this thread. A
 * worker that runs over its time or fails is terminated; the next read gets a fresh one.
 */
export async function readKerasHdf5Isolated(
  bytes: Uint8Array,
  label: string,
  config: KerasLayerConfig[] | null = null,
  o: KerasReadOptions = {},
): Promise<KerasH5Content> {
  const limit = hdf5TimeoutMs(bytes.length, o);
  // The worker owns a copy only when the bytes are a view into something larger.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  const worker = idle ?? startHdf5Worker();
  idle = null;
  worker.ref();
  const id = nextId++;
  let healthy = false;
  try {
    const reply = await new Promise<Hdf5Reply>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (m: Hdf5Reply) => {
        if (m.id !== id) return;
        done();
        healthy = true;
        resolve(m);
      };
      const onError = (e: Error) => {
        done();
        reject(
          new WeightsError('format', `${label} could not be read as HDF5 (${e.message.split('\n')[0]}).`),
        );
      };
      const onExit = (code: number) => {
        done();
        reject(
          new WeightsError(
            'format',
            `${label} could not be read as HDF5 (the reader stopped with code ${code}).`,
          ),
        );
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new WeightsError(
            'format',
            `${label} could not be read within ${Math.round(limit / 1000)} s: the HDF5 structure is damaged (it sends the HDF5 library into an endless loop), so it was stopped. Save or download the file again.`,
            [],
            { kind: 'hdf5_timeout', file: label },
          ),
        );
      }, limit);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const req: Hdf5Request = { id, bytes: own, label, config };
      worker.postMessage(req, [own.buffer as ArrayBuffer]);
    });
    if (!reply.ok) {
      // After a libhdf5 failure without a message its state is suspect: no reuse.
      if (reply.error.params?.kind === 'hdf5_damaged') healthy = false;
      throw new WeightsError(reply.error.code, reply.error.message, [], reply.error.params);
    }
    const c = reply.content;
    return { ...c, layers: new Map(c.layers.map(([k, t]) => [k, new Map(t)])) };
  } finally {
    if (healthy && !idle) {
      worker.unref();
      idle = worker;
    } else {
      await worker.terminate();
    }
  }
}

/** Any Keras file: `.h5` (either layout), `.weights.h5` or `.keras`, by its bytes. */
export async function readKerasFile(path: string, o: KerasReadOptions = {}): Promise<KerasH5Content> {
  const label = basename(path);
  const buf = await readWeightsBytes(path);
  if (
    isHdf5(buf) ||
    buf.subarray(512, 520).equals(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return readKerasHdf5Isolated(buf, label, null, o);
  if (isZip(buf)) return readKerasArchive(buf, label, o);
  throw new WeightsError('format', `${label} is neither HDF5 nor a .keras archive.`);
}
