/**
 * PyTorch state-dict names for the spec's weighted layers: torchvision's googlenet and inception_v3,
 * and timm's inception_v4 and inception_resnet_v2. Each table lists, per module, the torch modules
 * that hold its convs in the spec's node order; a count that does not match is a spec/table bug and
 * says so. BasicConv2d/ConvNormAct modules keep '.conv' and '.bn'; plain convs and linears keep
 * '.weight' and '.bias'.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import type { FlavourId, NetworkId } from '../../shared/spec.js';

export type TorchConvention =
  'torchvision-googlenet' | 'torchvision-inception_v3' | 'timm-inception_v4' | 'timm-inception_resnet_v2';

export interface TorchRef {
  /** Module path, e.g. 'Mixed_5b.branch1x1' or 'repeat.0.conv2d'. */
  prefix: string;
  /** 'convbn': prefix.conv.weight + prefix.bn.*; 'conv' / 'linear': prefix.weight (+ prefix.bias). */
  style: 'convbn' | 'conv' | 'linear';
}

const weighted = (n: AnalysedNode) =>
  n.kind === 'layer' && (n.layer?.op === 'conv' || n.layer?.op === 'dense');

function refFor(n: AnalysedNode, prefix: string): TorchRef {
  const l = n.layer!;
  if (l.op === 'dense') return { prefix, style: 'linear' };
  return { prefix, style: l.op === 'conv' && l.bn ? 'convbn' : 'conv' };
}

class Table {
  readonly refs = new Map<string, TorchRef>();
  constructor(private a: Analysis) {}

  /** The weighted nodes under `scope` (a node id prefix), in order, get `names` under `prefix`. */
  scope(scope: string, prefix: string, names: string[]): void {
    const nodes = this.a.nodes.filter((n) => weighted(n) && (n.id === scope || n.id.startsWith(`${scope}/`)));
    if (nodes.length !== names.length) {
      throw new Error(
        `torch name table: ${scope} has ${nodes.length} weighted layers in the spec, the table lists ${names.length}`,
      );
    }
    nodes.forEach((n, i) => this.refs.set(n.id, refFor(n, prefix ? `${prefix}.${names[i]}` : names[i]!)));
  }
}

/** Main-graph module names in node order (the '<module>' of '<module>/...' ids). */
function modules(a: Analysis): string[] {
  const seen: string[] = [];
  for (const n of a.nodes)
    if (n.aux === undefined && n.module && !seen.includes(n.module)) seen.push(n.module);
  return seen;
}

/**
 * Main-graph modules in node order with their module type (Module.type, e.g. 'Inception-B'): the
 * tables below are chosen by what a module is, not by the pattern of its name.
 */
function typedModules(a: Analysis): { name: string; type: string }[] {
  const types = new Map(a.groups.filter((g) => g.kind === 'module').map((g) => [g.id, g.type ?? '']));
  return modules(a).map((name) => ({ name, type: types.get(name) ?? '' }));
}

const V3: Record<string, string[]> = {
  A: [
    'branch1x1',
    'branch5x5_1',
    'branch5x5_2',
    'branch3x3dbl_1',
    'branch3x3dbl_2',
    'branch3x3dbl_3',
    'branch_pool',
  ],
  B: ['branch3x3', 'branch3x3dbl_1', 'branch3x3dbl_2', 'branch3x3dbl_3'],
  C: [
    'branch1x1',
    ...[1, 2, 3].map((i) => `branch7x7_${i}`),
    ...[1, 2, 3, 4, 5].map((i) => `branch7x7dbl_${i}`),
    'branch_pool',
  ],
  D: ['branch3x3_1', 'branch3x3_2', ...[1, 2, 3, 4].map((i) => `branch7x7x3_${i}`)],
  E: [
    'branch1x1',
    'branch3x3_1',
    'branch3x3_2a',
    'branch3x3_2b',
    'branch3x3dbl_1',
    'branch3x3dbl_2',
    'branch3x3dbl_3a',
    'branch3x3dbl_3b',
    'branch_pool',
  ],
};

/** torchvision's InceptionA–E by the zoo's module types (zoo/modules/factorized.ts). */
const V3_BY_TYPE: Record<string, keyof typeof V3> = {
  'Inception-A (5×5 kept)': 'A',
  'Grid reduction (Figure 10)': 'B',
  'Inception (Figure 6)': 'C',
  'Grid reduction (17→8)': 'D',
  'Inception (Figure 7)': 'E',
};

function torchvisionV3(a: Analysis, t: Table): void {
  for (const { name, type } of typedModules(a)) {
    const table = V3_BY_TYPE[type];
    if (table) t.scope(name, name, V3[table]!);
  }
  for (const n of a.nodes) {
    if (!weighted(n) || t.refs.has(n.id) || n.aux !== undefined) continue;
    // Stem convs keep their TF-slim names in torchvision (Conv2d_1a_3x3, ...); the classifier is 'fc'.
    t.refs.set(n.id, refFor(n, n.layer!.op === 'dense' ? 'fc' : n.id.split('/').pop()!));
  }
  if (a.nodes.some((n) => n.aux === 'AuxLogits')) t.scope('AuxLogits', 'AuxLogits', ['conv0', 'conv1', 'fc']);
}

function torchvisionGoogLeNet(a: Analysis, t: Table): void {
  for (const { name, type } of typedModules(a)) {
    if (type === 'Inception')
      t.scope(name, name, ['branch1', 'branch2.0', 'branch2.1', 'branch3.0', 'branch3.1', 'branch4.1']);
  }
  for (const n of a.nodes) {
    if (!weighted(n) || t.refs.has(n.id) || n.aux !== undefined) continue;
    t.refs.set(n.id, refFor(n, n.id.split('/').pop()!)); // conv1, conv2, conv3, fc
  }
  for (const aux of ['aux1', 'aux2']) {
    if (a.nodes.some((n) => n.aux === aux)) t.scope(aux, aux, ['conv', 'fc1', 'fc2']);
  }
}

const V4: Record<string, string[]> = {
  A: ['branch0', 'branch1.0', 'branch1.1', 'branch2.0', 'branch2.1', 'branch2.2', 'branch3.1'],
  RA: ['branch0', 'branch1.0', 'branch1.1', 'branch1.2'],
  B: [
    'branch0',
    'branch1.0',
    'branch1.1',
    'branch1.2',
    ...[0, 1, 2, 3, 4].map((i) => `branch2.${i}`),
    'branch3.1',
  ],
  RB: ['branch0.0', 'branch0.1', 'branch1.0', 'branch1.1', 'branch1.2', 'branch1.3'],
  C: [
    'branch0',
    'branch1_0',
    'branch1_1a',
    'branch1_1b',
    'branch2_0',
    'branch2_1',
    'branch2_2',
    'branch2_3a',
    'branch2_3b',
    'branch3.1',
  ],
};

/** timm's Inception_A … Inception_C by the zoo's module types (zoo/modules/v4-modules.ts). */
const V4_BY_TYPE: Record<string, keyof typeof V4> = {
  'Inception-A': 'A',
  'Reduction-A': 'RA',
  'Inception-B': 'B',
  'Reduction-B': 'RB',
  'Inception-C': 'C',
};

function timmV4(a: Analysis, t: Table): void {
  // features.0-2 stem convs, 3 Mixed_3a, 4 Mixed_4a, 5 Mixed_5a, then one index per module.
  const stem = [
    '0',
    '1',
    '2',
    '3.conv',
    ...['0.0', '0.1', '1.0', '1.1', '1.2', '1.3'].map((s) => `4.branch${s}`),
    '5.conv',
  ];
  t.scope('Stem', 'features', stem);
  let index = 6;
  for (const { name, type } of typedModules(a)) {
    const table = V4_BY_TYPE[type];
    if (table) t.scope(name, `features.${index++}`, V4[table]!);
  }
  t.scope('Logits', '', ['last_linear']);
}

function timmInceptionResnetV2(a: Analysis, t: Table, classifier: string): void {
  t.scope('Stem', '', ['conv2d_1a', 'conv2d_2a', 'conv2d_2b', 'conv2d_3b', 'conv2d_4a']);
  t.scope('mixed_5b', 'mixed_5b', V4.A!);
  t.scope('mixed_6a', 'mixed_6a', V4.RA!);
  t.scope('mixed_7a', 'mixed_7a', [
    'branch0.0',
    'branch0.1',
    'branch1.0',
    'branch1.1',
    'branch2.0',
    'branch2.1',
    'branch2.2',
  ]);
  // timm's repeat / repeat_1 / repeat_2 hold the Block35 / Block17 / Block8 repeats in order; the
  // last Block8 (no ReLU, zoo/modules/resnet-modules.ts) is its own module, 'block8'.
  const BLOCKS: Record<string, { repeat: string; names: string[] }> = {
    Block35: {
      repeat: 'repeat',
      names: ['branch0', 'branch1.0', 'branch1.1', 'branch2.0', 'branch2.1', 'branch2.2'],
    },
    Block17: { repeat: 'repeat_1', names: ['branch0', 'branch1.0', 'branch1.1', 'branch1.2'] },
    Block8: { repeat: 'repeat_2', names: ['branch0', 'branch1.0', 'branch1.1', 'branch1.2'] },
  };
  const seen = new Map<string, number>();
  for (const { name, type } of typedModules(a)) {
    if (type === 'Block8 (final, linear)') {
      t.scope(name, 'block8', [...BLOCKS.Block8!.names, 'conv2d']);
      continue;
    }
    const block = BLOCKS[type];
    if (!block) continue;
    const i = seen.get(type) ?? 0;
    seen.set(type, i + 1);
    t.scope(name, `${block.repeat}.${i}`, [...block.names, 'conv2d']);
  }
  t.scope('conv_7b', '', ['conv2d_7b']);
  t.scope('Logits', '', [classifier]);
}

/** Which torch convention a state dict's names follow, if any. */
export function detectTorchConvention(names: Iterable<string>): TorchConvention | null {
  const s = new Set(names);
  if (s.has('Mixed_5b.branch1x1.conv.weight')) return 'torchvision-inception_v3';
  if (s.has('inception3a.branch1.conv.weight')) return 'torchvision-googlenet';
  if (s.has('features.0.conv.weight')) return 'timm-inception_v4';
  if (s.has('mixed_5b.branch0.conv.weight')) return 'timm-inception_resnet_v2';
  return null;
}

/** The network and flavour each convention's files fit. */
export const CONVENTION_TARGET: Record<
  TorchConvention,
  { network: NetworkId; flavour: FlavourId; label: string }
> = {
  'torchvision-googlenet': { network: 'googlenet', flavour: 'torchvision', label: 'torchvision googlenet' },
  'torchvision-inception_v3': {
    network: 'inception_v3',
    flavour: 'torchvision',
    label: 'torchvision inception_v3',
  },
  'timm-inception_v4': { network: 'inception_v4', flavour: 'released', label: 'timm inception_v4' },
  'timm-inception_resnet_v2': {
    network: 'inception_resnet_v2',
    flavour: 'released',
    label: 'timm inception_resnet_v2',
  },
};

/** node id → torch module reference, for the given convention. */
export function torchNames(
  a: Analysis,
  convention: TorchConvention,
  fileNames: Set<string> = new Set(),
): Map<string, TorchRef> {
  const t = new Table(a);
  if (convention === 'torchvision-inception_v3') torchvisionV3(a, t);
  else if (convention === 'torchvision-googlenet') torchvisionGoogLeNet(a, t);
  else if (convention === 'timm-inception_v4') timmV4(a, t);
  else timmInceptionResnetV2(a, t, fileNames.has('last_linear.weight') ? 'last_linear' : 'classif');
  return t.refs;
}
