/**
 * The params schema of each method (schema.ts): one validator per method, shared by the engine's
 * handlers (host/params.ts paramsOf) and the web bridge, so a handler never checks a param's shape
 * by hand. Every method has one (test/unit/protocol/params-schema.test.ts fails for a new method
 * without). A handler keeps only the checks a schema cannot say (a channel below the node's count,
 * an absolute folder). Free of Node and DOM APIs.
 */
import { FLAVOUR_IDS, NETWORK_IDS } from '../spec.js';
import { PREPROCESSING_IDS, RESAMPLE_FILTERS } from '../recipes.js';
import { EXPLAIN_METHODS } from './explain.js';
import type { Method } from './index.js';
import type { ObjectSchema, Schema } from './schema.js';

/** A network and its variant options (NetworkSelection in shared/spec.ts). */
export const NETWORK_SELECTION: ObjectSchema = {
  type: 'object',
  fields: {
    id: { type: 'string', oneOf: NETWORK_IDS, unknown: 'not_found', names: 'network' },
    flavour: { type: 'string', oneOf: FLAVOUR_IDS, optional: true },
    width: { type: 'number', min: 0, optional: true },
    input: { type: 'number', integer: true, min: 1, max: 4096, optional: true },
    classes: { type: 'number', integer: true, min: 1, max: 100_000, optional: true },
    extraAux: { type: 'boolean', optional: true },
  },
};

const opt = <S extends Schema>(s: S): S => ({ ...s, optional: true });
const obj = (fields: Record<string, Schema>): ObjectSchema => ({ type: 'object', fields });

/** A training run's id: a folder name of the runs folder, nothing that climbs out of it. */
const RUN_ID: Schema = { type: 'string', pattern: /[\w.-]+/, describe: 'a run id' };
const ID: Schema = { type: 'string', nonEmpty: true };
const network = { type: 'string', oneOf: NETWORK_IDS, names: 'network' } as const;
const NONE = obj({});
const int = (min: number, max?: number): Schema => ({
  type: 'number',
  integer: true,
  min,
  ...(max !== undefined ? { max } : {}),
});
const num = (min: number, max: number): Schema => ({ type: 'number', min, max });
const BYTES: Schema = { type: 'bytes' };

/** Which weights (the Activations session's weightsId, else the network with random weights) and how the image is fed. */
const SUBJECT = {
  weightsId: opt({ type: 'string' }),
  network: opt(NETWORK_SELECTION),
  preprocessing: opt({ type: 'string', oneOf: PREPROCESSING_IDS }),
  resize: opt({ type: 'string', oneOf: RESAMPLE_FILTERS }),
  transformInput: opt({ type: 'boolean' }),
} satisfies Record<string, Schema>;

/** explain.*'s per-method options (shared/protocol/explain.ts ExplainOptions). */
const EXPLAIN_OPTIONS = obj({
  samples: opt(int(1, 500)),
  noise: opt(num(0, 1)),
  steps: opt(int(1, 1000)),
  window: opt(int(1, 4096)),
  stride: opt(int(1, 4096)),
  removePercent: opt(int(1, 99)),
  seed: opt(int(0, 2 ** 31)),
});
const EXPLAIN_METHOD: Schema = { type: 'string', oneOf: EXPLAIN_METHODS };
/** explain.*'s channel target (ExplainChannelTarget). */
const CHANNEL_TARGET = obj({ node: ID, channel: int(0) });

/** featvis.*'s optimisation settings (shared/protocol/featvis.ts FeatvisSettings). */
const FEATVIS_SETTINGS = obj({
  steps: opt(int(1, 4096)),
  learningRate: opt(num(1e-5, 10)),
  batch: opt(int(1, 8)),
  diversity: opt(num(0, 1e6)),
  transforms: opt({ type: 'boolean' }),
  seed: opt(int(0, 2 ** 31)),
});
const FEATVIS_OBJECTIVE = {
  node: ID,
  objective: opt({ type: 'string', oneOf: ['channel', 'neuron', 'direction'] }),
  channel: opt(int(0)),
  y: opt(int(0)),
  x: opt(int(0)),
  vector: opt({ type: 'list', items: { type: 'number' } }),
} satisfies Record<string, Schema>;

/** Uploaded file lists hold 1 to 256 files (host/handlers/upload.ts checks each name). */
const FILES = (item: ObjectSchema): Schema => opt({ type: 'list', minItems: 1, maxItems: 256, items: item });

export const PARAMS_SCHEMAS: Partial<Record<Method, ObjectSchema>> = {
  'engine.info': NONE,
  'zoo.list': NONE,
  'train.list': NONE,
  'curves.list': NONE,
  'weights.catalogue': NONE,
  // The handler's not_found sentence names the tables there are.
  'paper.table': obj({ id: ID }),
  'curves.import': obj({ file: opt({ type: 'string' }), data: BYTES }),
  'curves.remove': obj({ id: { ...RUN_ID, describe: 'an import id' } }),
  'curves.export': obj({
    runs: opt({ type: 'list', items: RUN_ID }),
    imported: opt({ type: 'list', items: RUN_ID }),
  }),
  // The handler checks that the folder is absolute.
  'curves.watch': obj({ folder: ID, intervalMs: opt(num(200, 600_000)) }),
  'training.export': obj({
    network,
    flavour: opt({ type: 'string', oneOf: FLAVOUR_IDS }),
    width: opt(num(0.01, 4)),
    input: opt(int(16, 1024)),
    classes: opt(int(2, 100_000)),
    recipe: opt(obj({})),
    data: obj({ kind: { type: 'string', oneOf: ['mnist', 'shapes', 'folder', 'cifar10', 'imagefolder'] } }),
    steps: int(1, 100_000_000),
    seed: opt(int(0, 2 ** 32 - 1)),
    out: ID,
    maxTrain: opt(int(1)),
    maxVal: opt(int(1)),
    runName: opt({
      type: 'string',
      pattern: /[\w.-]{1,64}/,
      describe: "1 to 64 letters, digits, '.', '_' or '-'",
    }),
  }),
  'weights.upload': obj({
    files: FILES(obj({ name: { type: 'string' }, data: BYTES })),
    manifest: FILES(obj({ name: { type: 'string' }, size: int(0, Number.MAX_SAFE_INTEGER) })),
    upload: opt({ type: 'string' }),
    chunk: opt(obj({ name: { type: 'string' }, offset: int(0, Number.MAX_SAFE_INTEGER), data: BYTES })),
  }),
  'receptive.field': obj({
    ...SUBJECT,
    imageId: opt({ type: 'string' }),
    node: ID,
    y: int(0),
    x: int(0),
    channel: int(0),
    effective: opt({ type: 'boolean' }),
  }),
  // classIndex's upper bound is the network's class count, and a target channel's the node's
  // channel count: the handler and the attribution code check them.
  'explain.attribution': obj({
    ...SUBJECT,
    imageId: ID,
    method: EXPLAIN_METHOD,
    classIndex: opt(int(0)),
    target: opt(CHANNEL_TARGET),
    node: opt({ type: 'string' }),
    options: opt(EXPLAIN_OPTIONS),
  }),
  'explain.branches': obj({
    ...SUBJECT,
    imageId: ID,
    node: ID,
    classIndex: opt(int(0)),
    target: opt(CHANNEL_TARGET),
  }),
  'explain.estimate': obj({
    weightsId: SUBJECT.weightsId,
    network: SUBJECT.network,
    method: EXPLAIN_METHOD,
    node: opt({ type: 'string' }),
    options: opt(EXPLAIN_OPTIONS),
  }),
  'featvis.render': obj({
    ...SUBJECT,
    ...FEATVIS_OBJECTIVE,
    settings: opt(FEATVIS_SETTINGS),
    fresh: opt({ type: 'boolean' }),
  }),
  'featvis.estimate': obj({ ...SUBJECT, ...FEATVIS_OBJECTIVE, settings: opt(FEATVIS_SETTINGS) }),
  // The channels' upper bound is the node's channel count: the handler checks it.
  'featvis.sheet': obj({
    ...SUBJECT,
    node: ID,
    channels: opt({ type: 'list', items: int(0) }),
    settings: opt(FEATVIS_SETTINGS),
    columns: opt(int(1, 64)),
  }),
  'featvis.examples': obj({ ...SUBJECT, node: ID, channel: opt(int(0)), folder: ID, k: opt(int(1, 64)) }),
  'featvis.dream': obj({
    ...SUBJECT,
    imageId: ID,
    node: ID,
    octaves: opt(int(1, 8)),
    octaveScale: opt(num(1.01, 4)),
    iterations: opt(int(1, 200)),
    step: opt(num(0.01, 50)),
    maxSide: opt(int(16, 2048)),
    seed: opt(int(0, 2 ** 31)),
  }),
  'network.analyse': NETWORK_SELECTION,
  // The handler says which one source is missing ("source needs file, url, catalogue or random").
  'weights.load': obj({
    network: NETWORK_SELECTION,
    source: obj({
      file: opt({ type: 'string' }),
      url: opt({ type: 'string' }),
      catalogue: opt({ type: 'string' }),
      random: opt({ type: 'number', integer: true, min: 0 }),
    }),
  }),
  'weights.trained': obj({ run: ID }),
  'image.load': obj({
    path: opt({ type: 'string' }),
    sample: opt({ type: 'string' }),
    name: opt({ type: 'string' }),
    bytes: opt({ type: 'bytes' }),
  }),
  'activations.run': obj({
    imageId: ID,
    weightsId: opt({ type: 'string' }),
    network: opt(NETWORK_SELECTION),
    preprocessing: opt({ type: 'string', oneOf: PREPROCESSING_IDS }),
    resize: opt({ type: 'string', oneOf: RESAMPLE_FILTERS }),
    transformInput: opt({ type: 'boolean' }),
  }),
  'activations.tensor': obj({ runId: opt({ type: 'string' }), nodeId: opt({ type: 'string' }) }),
  'predict.top': obj({
    runId: opt({ type: 'string' }),
    k: opt({ type: 'number', integer: true, min: 1, max: 100 }),
  }),
  'onnx.export': obj({
    weightsId: opt({ type: 'string' }),
    network: opt(NETWORK_SELECTION),
    includeAux: opt({ type: 'boolean' }),
    seed: opt({ type: 'number', integer: true, min: 0 }),
  }),
  'train.defaults': obj({
    network,
    steps: opt({ type: 'number', integer: true, min: 1 }),
    stepsPerEpoch: opt({ type: 'number', integer: true, min: 1 }),
  }),
  'train.start': obj({
    steps: { type: 'number', integer: true, min: 1, max: 10_000_000 },
    seed: opt({ type: 'number', integer: true, min: 0, max: 2 ** 32 - 1 }),
    batch: opt({ type: 'number', integer: true, min: 1, max: 4096 }),
    replicas: opt({ type: 'number', integer: true, min: 1, max: 8 }),
    runs: { type: 'list', minItems: 1, items: obj({ variant: obj({ network }) }) },
    data: obj({ kind: { type: 'string', oneOf: ['mnist', 'shapes', 'folder', 'cifar10'] } }),
  }),
  'train.pause': obj({ id: RUN_ID }),
  'train.resume': obj({ id: RUN_ID, backend: opt({ type: 'string' }) }),
  'train.stop': obj({ id: RUN_ID }),
  'train.setMeta': obj({
    id: RUN_ID,
    name: opt({ type: 'string' }),
    colour: opt({ type: 'string' }),
    hidden: opt({ type: 'boolean' }),
  }),
  'train.history': obj({ id: RUN_ID }),
  'train.metrics': obj({ runs: opt({ type: 'list', items: { type: 'string' } }) }),
  'debug.tensor': obj({
    length: opt({ type: 'number', integer: true, min: 0, max: 1 << 26 }),
    seed: opt({ type: 'number', integer: true, min: 0, max: 1_000_000 }),
  }),
  'debug.sleep': obj({
    ms: { type: 'number', min: 0, max: 600_000 },
    steps: opt({ type: 'number', integer: true, min: 1, max: 10_000 }),
  }),
  'debug.fail': obj({
    code: opt({ type: 'string' }),
    message: opt({ type: 'string' }),
    detail: opt({ type: 'string' }),
  }),
};
