/**
 * TF-slim's naming and the small layer patterns every v2-era builder repeats: branches named
 * Branch_i, convs named Conv2d_<tag>_<h>x<w> after their kernel, the 3×3 grid-keeping average pool
 * and the 3×3/2 max pool of the grid reductions.
 */
import { avgpool, maxpool, pad, seq, unit, type ConvStyle } from '../layers.js';
import type { Block, ConvLayer, Pair, Seq } from '../../shared/spec.js';

/** How a flavour writes its convs and pools. */
export interface SlimForm {
  style: ConvStyle;
  /** torchvision: PyTorch explicit padding, and 3×3 avg pools that count the padding. */
  explicit: boolean;
}

/** A conv named like TF-slim; stride-1 non-valid convs keep the grid ('same' or symmetric padding). */
export function sconv(
  form: SlimForm,
  tag: string,
  filters: number,
  kernel: number | Pair,
  strides = 1,
  valid = false,
): ConvLayer {
  const [h, w]: Pair = typeof kernel === 'number' ? [kernel, kernel] : kernel;
  const padding = valid ? 'valid' : form.explicit ? pad([(h - 1) / 2, (w - 1) / 2]) : 'same';
  return unit(form.style, `Conv2d_${tag}_${h}x${w}`, filters, [h, w], { strides, padding });
}

/** `sconv` with TF's 'same' padding (the Inception-v4 and Inception-ResNet builders). */
export const slimConv = (style: ConvStyle, ...args: SconvArgs): ConvLayer =>
  sconv({ style, explicit: false }, ...args);

/** sconv's parameters after the form: tag, filters, kernel, strides, valid. */
type SconvArgs = Parameters<typeof sconv> extends [SlimForm, ...infer Rest] ? Rest : never;

export const branch = (i: number, ...items: Block[]): Seq => seq(`Branch_${i}`, ...items);

/** 3×3/1 average pool keeping the grid: TF 'same' excludes padding, torchvision (explicit) counts it. */
export const avg3 = (explicit = false) =>
  explicit ? avgpool('AvgPool_0a_3x3', 3, 1, pad(1), true) : avgpool('AvgPool_0a_3x3', 3, 1, 'same');

/** A stride-2 'valid' 3×3 max pool: the pass-through branch of every grid reduction. */
export const maxpool3s2 = (name = 'MaxPool_1a_3x3') => maxpool(name, 3, 2, 'valid');
