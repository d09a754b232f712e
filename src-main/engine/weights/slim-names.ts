/**
 * TF-slim variable names for the spec's weighted layers, for TensorFlow checkpoints of the slim
 * nets (Google's released Inception-v3, Inception-v4 and Inception-ResNet-v2 checkpoints, or any
 * Saver / tf.train.Checkpoint that keeps those names). The spec's node ids already follow slim's
 * scopes; what differs is listed here, from tensorflow/models research/slim/nets/inception_v3.py,
 * inception_v4.py and inception_resnet_v2.py:
 * - one root scope (InceptionV3 / InceptionV4 / InceptionResnetV2), no 'Stem' or 'split' scopes;
 * - v3: Mixed_5c's Branch_1 is Conv2d_0b_1x1 + Conv_1_0c_5x5, Mixed_6a's stride-2 3×3 convs are named
 *   Conv2d_1a_1x1, Mixed_7b's Branch_1 3×1 conv is Conv2d_0b_3x1; the classifiers are 1×1 convs
 *   (Logits/Conv2d_1c_1x1, AuxLogits/Conv2d_2b_1x1);
 * - v4: AuxLogits/Conv2d_2a (no kernel size in the name), fully connected Logits/Logits, AuxLogits/Aux_logits;
 * - Inception-ResNet-v2: slim.repeat scopes (Repeat/block35_N, Repeat_1/block17_N, Repeat_2/block8_N),
 *   the last block8 is 'Block8', the up-projection of each block is its 'Conv2d_1x1'.
 * A conv's variables are <scope>/weights (HWIO), <scope>/biases, <scope>/BatchNorm/{gamma, beta,
 * moving_mean, moving_variance}; slim's inception arg scopes set scale=False, so gamma is usually absent.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import type { Binding } from './assemble.js';
import { indexOf } from '../../shared/analysis-index.js';

const ROOT: Record<string, string> = {
  inception_v3: 'InceptionV3',
  inception_v4: 'InceptionV4',
  inception_resnet_v2: 'InceptionResnetV2',
};

/** The network whose root scope a set of names has, or null. */
export function slimNetwork(names: Iterable<string>): string | null {
  for (const n of names)
    for (const [net, root] of Object.entries(ROOT)) if (n.startsWith(`${root}/`)) return net;
  return null;
}

export const slimRoot = (network: string): string | undefined => ROOT[network];

const weighted = (n: AnalysedNode) =>
  n.kind === 'layer' && (n.layer?.op === 'conv' || n.layer?.op === 'dense');

function v3Scope(id: string): string {
  const s = id.replace(/\/split\/(1x3|3x1)\//, '/');
  const renamed: Record<string, string> = {
    'Mixed_5c/Branch_1/Conv2d_0a_1x1': 'Mixed_5c/Branch_1/Conv2d_0b_1x1',
    'Mixed_5c/Branch_1/Conv2d_0b_5x5': 'Mixed_5c/Branch_1/Conv_1_0c_5x5',
    'Mixed_6a/Branch_0/Conv2d_1a_3x3': 'Mixed_6a/Branch_0/Conv2d_1a_1x1',
    'Mixed_6a/Branch_1/Conv2d_1a_3x3': 'Mixed_6a/Branch_1/Conv2d_1a_1x1',
    'Mixed_7b/Branch_1/Conv2d_0c_3x1': 'Mixed_7b/Branch_1/Conv2d_0b_3x1',
    fc: 'Logits/Conv2d_1c_1x1',
    'AuxLogits/Logits': 'AuxLogits/Conv2d_2b_1x1',
  };
  return renamed[s] ?? s;
}

function v4Scope(id: string): string {
  const s = id.replace(/^Stem\//, '').replace(/\/split\/(1x3|3x1)\//, '/');
  return s === 'AuxLogits/Conv2d_2a_5x5' ? 'AuxLogits/Conv2d_2a' : s;
}

function irv2Scope(id: string, lastBlock8: string | undefined): string {
  if (id.startsWith('Stem/')) return id.slice(5);
  if (id === 'conv_7b/conv_7b') return 'Conv2d_7b_1x1';
  if (id === 'Logits/predictions') return 'Logits/Logits';
  if (id === 'AuxLogits/Aux_logits') return 'AuxLogits/Logits';
  const mixed = /^mixed_(5b|6a|7a)\//.exec(id);
  if (mixed) return `Mixed_${mixed[1]}/${id.slice(mixed[0].length)}`;
  const b = /^(block(35|17|8)_(\d+))\/\1_(mixed\/(.*)|conv)$/.exec(id);
  if (b) {
    const repeat = b[2] === '35' ? 'Repeat' : b[2] === '17' ? 'Repeat_1' : 'Repeat_2';
    const scope = b[1] === lastBlock8 ? 'Block8' : `${repeat}/${b[1]}`;
    return `${scope}/${b[5] ?? 'Conv2d_1x1'}`;
  }
  return id;
}

/** node id → slim scope (without the root) for the network's weighted layers. */
export function slimScopes(a: Analysis): Map<string, string> {
  const out = new Map<string, string>();
  const block8s = a.nodes.map((n) => /^(block8_\d+)\//.exec(n.id)?.[1]).filter((x): x is string => !!x);
  const lastBlock8 = block8s.at(-1);
  for (const n of a.nodes) {
    if (!weighted(n)) continue;
    const scope =
      a.spec.id === 'inception_v3'
        ? v3Scope(n.id)
        : a.spec.id === 'inception_v4'
          ? v4Scope(n.id)
          : irv2Scope(n.id, lastBlock8);
    out.set(n.id, scope);
  }
  return out;
}

/** Bindings for a checkpoint with slim names under `root`. Kernels are HWIO; classifiers may be 1×1 convs. */
export function slimBindings(a: Analysis, root: string): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const [id, scope] of slimScopes(a)) {
    const n = indexOf(a).node(id);
    const p = `${root}/${scope}`;
    const b: Binding = {
      kernel: `${p}/weights`,
      layout: n.layer!.op === 'dense' ? 'io' : 'hwio',
      bias: `${p}/biases`,
    };
    if (n.layer!.op === 'conv' && n.layer!.bn)
      Object.assign(b, {
        gamma: `${p}/BatchNorm/gamma`,
        beta: `${p}/BatchNorm/beta`,
        movingMean: `${p}/BatchNorm/moving_mean`,
        movingVariance: `${p}/BatchNorm/moving_variance`,
      });
    bindings.set(id, b);
  }
  return bindings;
}
