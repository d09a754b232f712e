/**
 * Small constructors for spec layers and blocks, so a network listing reads like the paper.
 * They only build data; nothing here computes shapes (that is analysis/).
 */
import type {
  Activation,
  BatchNormSpec,
  Block,
  Concat,
  ConvLayer,
  DenseLayer,
  Padding,
  Pair,
  PoolLayer,
  Residual,
  Seq,
} from '../shared/spec.js';

export const pair = (k: number | Pair): Pair => (typeof k === 'number' ? [k, k] : k);

/** Symmetric PyTorch-style padding. */
export const pad = (p: number | Pair): Padding => {
  const [h, w] = pair(p);
  return { top: h, bottom: h, left: w, right: w };
};

export interface ConvOptions {
  strides?: number | Pair;
  padding?: Padding;
  bias?: boolean;
  bn?: BatchNormSpec | null;
  activation?: Activation;
  label?: string;
}

/** Conv defaults: stride 1, 'same', no bias, no BN, ReLU. Flavours pass their own BN/bias via a ConvStyle. */
export function conv(
  name: string,
  filters: number | 'match-input',
  kernel: number | Pair,
  o: ConvOptions = {},
): ConvLayer {
  const layer: ConvLayer = {
    op: 'conv',
    name,
    filters,
    kernel: pair(kernel),
    strides: pair(o.strides ?? 1),
    padding: o.padding ?? 'same',
    bias: o.bias ?? false,
    activation: o.activation ?? 'relu',
  };
  if (o.bn) layer.bn = o.bn;
  if (o.label) layer.label = o.label;
  return layer;
}

/** How a flavour builds its convs: BN (Keras/torchvision) or bias (paper GoogLeNet). */
export interface ConvStyle {
  bias: boolean;
  bn: BatchNormSpec | null;
}

export const bnStyle = (eps = 0.001, scale = false): ConvStyle => ({ bias: false, bn: { eps, scale } });
export const biasStyle: ConvStyle = { bias: true, bn: null };

/** A conv in a given style: the usual conv→BN→ReLU unit of every Inception. */
export function unit(
  style: ConvStyle,
  name: string,
  filters: number | 'match-input',
  kernel: number | Pair,
  o: Omit<ConvOptions, 'bias' | 'bn'> = {},
): ConvLayer {
  return conv(name, filters, kernel, { ...o, bias: style.bias, bn: style.bn });
}

export function maxpool(
  name: string,
  size: number | Pair,
  strides: number | Pair,
  padding: Padding = 'valid',
  ceil?: boolean,
): PoolLayer {
  const l: PoolLayer = { op: 'maxpool', name, pool: pair(size), strides: pair(strides), padding };
  if (ceil) l.ceil = true;
  return l;
}

export function avgpool(
  name: string,
  size: number | Pair,
  strides: number | Pair,
  padding: Padding = 'valid',
  countIncludePad?: boolean,
): PoolLayer {
  const l: PoolLayer = { op: 'avgpool', name, pool: pair(size), strides: pair(strides), padding };
  if (countIncludePad !== undefined) l.countIncludePad = countIncludePad;
  return l;
}

export function dense(
  name: string,
  units: number | 'classes',
  activation: Activation = 'linear',
): DenseLayer {
  return { op: 'dense', name, units, bias: true, activation };
}

export const seq = (name: string, ...items: Block[]): Seq => ({ kind: 'seq', name, items });

export const concat = (name: string, ...branches: Seq[]): Concat => ({ kind: 'concat', name, branches });

export const residual = (
  name: string,
  body: Seq,
  scale: number,
  activation: Activation = 'relu',
): Residual => ({
  kind: 'residual',
  name,
  body,
  scale,
  activation,
});
