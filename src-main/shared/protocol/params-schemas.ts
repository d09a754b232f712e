/**
 * The params schema of each method (schema.ts): one validator per method, shared by the engine's
 * dispatcher and the web bridge, so a handler never checks a param's shape by hand. Methods not
 * listed yet keep their handler's checks (host/params.ts). Free of Node and DOM APIs.
 */
import { FLAVOUR_IDS, NETWORK_IDS } from '../spec.js';
import { PREPROCESSING_IDS, RESAMPLE_FILTERS } from '../recipes.js';
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

export const PARAMS_SCHEMAS: Partial<Record<Method, ObjectSchema>> = {
  'network.analyse': NETWORK_SELECTION,
  'weights.load': obj({ network: NETWORK_SELECTION, source: obj({}) }),
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
