/**
 * The zoo registry: which networks exist, their flavours and defaults, and `buildNetwork`, the one
 * entry point every consumer (analysis, tfjs, renderer, CLI) uses to get a spec.
 */
import type { BuildOptions, NetworkBuilder, ZooEntry } from './builder.js';
import type { NetworkId, NetworkSpec, VariantOptions } from '../shared/spec.js';
import { applyWidth } from './width.js';
import { buildBnInception } from './networks/bn_inception.js';
import { buildGoogLeNet } from './networks/googlenet.js';
import { buildInceptionResnetV1 } from './networks/inception_resnet_v1.js';
import { buildInceptionResnetV2 } from './networks/inception_resnet_v2.js';
import { buildInceptionV2 } from './networks/inception_v2.js';
import { buildInceptionV3 } from './networks/inception_v3.js';
import { buildInceptionV4 } from './networks/inception_v4.js';

export type { BuildOptions, NetworkBuilder, ZooEntry } from './builder.js';

const ENTRIES: ZooEntry[] = [
  {
    id: 'googlenet',
    title: 'GoogLeNet (Inception-v1)',
    paper: 'P1',
    flavours: ['paper', 'torchvision'],
    defaultFlavour: 'paper',
    defaultInput: 224,
    defaultClasses: 1000,
    notes:
      'paper: 5×5 branches, conv bias, LRN, no BN, two aux heads. torchvision: BN (eps 1e-3), 3×3 in the "5×5" branch, ceil-mode pools, 2×2 maxpool4.',
  },
  {
    id: 'inception_v2',
    title: 'Inception-v2 (Rethinking, Table 1)',
    paper: 'P3',
    flavours: ['paper'],
    defaultFlavour: 'paper',
    defaultInput: 299,
    defaultClasses: 1000,
    notes:
      "The Rethinking paper's Table 1 network (Figures 5, 6, 7, 10). Widths the paper leaves open are listed as choices.",
  },
  {
    id: 'inception_v3',
    title: 'Inception-v3',
    paper: 'P3',
    flavours: ['released', 'torchvision'],
    defaultFlavour: 'released',
    defaultInput: 299,
    defaultClasses: 1000,
    notes:
      'released: the TF-slim/Keras topology and layer order (BN without γ). torchvision: same topology, explicit padding, avg pools counting padding, BN with γ.',
  },
  {
    id: 'inception_v4',
    title: 'Inception-v4',
    paper: 'P4',
    flavours: ['released', 'paper'],
    defaultFlavour: 'released',
    defaultInput: 299,
    defaultClasses: 1000,
    notes:
      "released: TF-slim/timm. paper: the printed figures' conv order. TF-slim's Mixed_6h aux head is an option.",
  },
  {
    id: 'inception_resnet_v1',
    title: 'Inception-ResNet-v1',
    paper: 'P4',
    flavours: ['paper', 'released'],
    defaultFlavour: 'paper',
    defaultInput: 299,
    defaultClasses: 1000,
    notes:
      "paper: 5 × A, 10 × B, 5 × C with Reduction-A k,l,m,n = 192,192,256,384 and a plain 1792→classes head. released: facenet's trunk (6 × C).",
  },
  {
    id: 'inception_resnet_v2',
    title: 'Inception-ResNet-v2',
    paper: 'P4',
    flavours: ['released', 'paper'],
    defaultFlavour: 'released',
    defaultInput: 299,
    defaultClasses: 1000,
    notes: 'released: TF-slim/Keras 10/20/10 blocks, final 1536 conv. paper: 5/10/5 blocks.',
  },
  {
    id: 'bn_inception',
    title: 'BN-Inception (Ioffe & Szegedy 2015)',
    paper: 'P2',
    flavours: ['paper'],
    defaultFlavour: 'paper',
    defaultInput: 224,
    defaultClasses: 1000,
    notes:
      'The other "Inception-v2": GoogLeNet with BN and double 3×3 branches (P2 Figure 5), as the Caffe port has it.',
  },
];

/** Builders by id; each networks/<id>.ts exports one. */
const BUILDERS: Record<NetworkId, NetworkBuilder> = {
  googlenet: buildGoogLeNet,
  inception_v2: buildInceptionV2,
  inception_v3: buildInceptionV3,
  inception_v4: buildInceptionV4,
  inception_resnet_v1: buildInceptionResnetV1,
  inception_resnet_v2: buildInceptionResnetV2,
  bn_inception: buildBnInception,
};

export function listZoo(): ZooEntry[] {
  return ENTRIES.map((e) => ({ ...e, flavours: [...e.flavours] }));
}

export function zooEntry(id: NetworkId): ZooEntry {
  const e = ENTRIES.find((x) => x.id === id);
  if (!e) throw new Error(`unknown network '${id}' (known: ${ENTRIES.map((x) => x.id).join(', ')})`);
  return e;
}

export { isNetworkId } from '../shared/spec.js';

/** Resolve the options against the entry's defaults and validate them. */
export function resolveOptions(id: NetworkId, opts: VariantOptions = {}): BuildOptions & { width: number } {
  const e = zooEntry(id);
  const flavour = opts.flavour ?? e.defaultFlavour;
  if (!e.flavours.includes(flavour)) {
    throw new Error(`${id} has no flavour '${flavour}' (flavours: ${e.flavours.join(', ')})`);
  }
  const input = opts.input ?? e.defaultInput;
  const classes = opts.classes ?? e.defaultClasses;
  const width = opts.width ?? 1;
  if (!Number.isInteger(input) || input <= 0)
    throw new Error(`input size must be a positive integer, got ${input}`);
  if (!Number.isInteger(classes) || classes <= 0)
    throw new Error(`class count must be a positive integer, got ${classes}`);
  if (!(width > 0)) throw new Error(`width multiplier must be positive, got ${width}`);
  return { flavour, input, classes, width, extraAux: opts.extraAux ?? false };
}

export function buildNetwork(id: NetworkId, opts: VariantOptions = {}): NetworkSpec {
  const o = resolveOptions(id, opts);
  const spec = BUILDERS[id](o);
  return o.width === 1 ? spec : applyWidth(spec, o.width);
}
