/**
 * What the restricted unpickler (pickle.ts) may build: the allow-list of GLOBAL names a PyTorch state
 * dict uses, each written here as a constructor of plain values (OrderedDict, torch's tensor rebuild
 * functions, torch's storage classes), and the classes that are only attribute holders. A name not
 * listed here is refused by the unpickler; nothing is ever imported or called.
 */
import { WeightsError } from './types.js';

/** A storage reference from persistent_load: ('storage', <dtype class>, key, location, numel). */
export interface TorchStorageRef {
  kind: 'storage';
  /** Storage class name, e.g. 'FloatStorage'. */
  dtype: string;
  /** Record key in the zip: '<archive>/data/<key>'. */
  key: string;
  numel: number;
}

/** A tensor as torch._utils._rebuild_tensor_v2 describes it; the bytes stay in the archive until needed. */
export class TorchTensorRef {
  constructor(
    readonly storage: TorchStorageRef,
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {}
}

/** A torch storage class marker (the value of GLOBAL torch.FloatStorage etc.). */
export class StorageClass {
  constructor(readonly name: string) {}
}

/** A callable the allow-list provides; `call` receives the REDUCE argument tuple. */
export class Allowed {
  constructor(
    readonly qualname: string,
    readonly call: (args: unknown[]) => unknown,
    /** An attribute holder (INERT): the one kind NEWOBJ may build. */
    readonly inert = false,
  ) {}
}

/** torch's storage classes: torch/storage.py (_LegacyStorage subclasses) and torch/__init__.py. */
export const STORAGE_DTYPES = [
  'FloatStorage',
  'DoubleStorage',
  'HalfStorage',
  'BFloat16Storage',
  'LongStorage',
  'IntStorage',
  'ShortStorage',
  'CharStorage',
  'ByteStorage',
  'BoolStorage',
] as const;

/** A pickled integer as a JS number; a non-integer or one past 2^53 is damage. */
export const int = (v: unknown): number => {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(v);
  throw new WeightsError(
    'format',
    `the pickle has a malformed tensor description (${String(v)} is not an integer).`,
  );
};
const ints = (v: unknown): number[] => {
  if (!Array.isArray(v))
    throw new WeightsError('format', 'the pickle has a malformed tensor shape or stride.');
  return Array.from(v as unknown[], int);
};

function rebuildTensor(args: unknown[]): TorchTensorRef {
  // torch/_utils.py: _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None)
  const [storage, offset, size, stride] = args;
  const s = storage as TorchStorageRef;
  if (!s || s.kind !== 'storage')
    throw new WeightsError('format', 'the pickle rebuilds a tensor from something that is not a storage.');
  return new TorchTensorRef(s, int(offset), ints(size), ints(stride));
}

const ALLOWED: Record<string, (args: unknown[]) => unknown> = {
  'collections.OrderedDict': (args) => {
    const m = new Map<unknown, unknown>();
    // OrderedDict(iterable of pairs), the rare form; the usual one is OrderedDict() then SETITEMS.
    if (Array.isArray(args[0])) for (const p of args[0] as unknown[][]) m.set(p[0], p[1]);
    return m;
  },
  'torch._utils._rebuild_tensor_v2': rebuildTensor,
  'torch._utils._rebuild_tensor': rebuildTensor,
  // _rebuild_parameter(data, requires_grad, backward_hooks): a Parameter is its tensor here.
  'torch._utils._rebuild_parameter': (args) => args[0],
  'torch._utils._rebuild_parameter_with_state': (args) => args[0],
};

/**
 * Classes that are only attribute holders, built by NEWOBJ + BUILD (never called): timm's train.py
 * saves its argparse arguments in every checkpoint as 'args'. They become empty dicts.
 */
const INERT = new Set(['argparse.Namespace']);

/** GLOBAL module.name → what it stands for here, or undefined when the allow-list does not have it. */
export function allowedGlobal(module: string, name: string): StorageClass | Allowed | undefined {
  const q = `${module}.${name}`;
  if (module === 'torch' && (STORAGE_DTYPES as readonly string[]).includes(name))
    return new StorageClass(name);
  if (ALLOWED[q]) return new Allowed(q, ALLOWED[q]);
  if (INERT.has(q)) return new Allowed(q, () => new Map(), true);
  return undefined;
}

export const isStorageClass = (v: unknown): v is { name: string } => v instanceof StorageClass;
