/**
 * The side head of P3 (Figure 8, "auxiliary classifier on top of the last 17×17 layer") in the form
 * TF-slim/torchvision/Keras-era code builds it: 5×5/3 average pool, 1×1 conv 128, 5×5 conv 768
 * (valid, so it sees the whole 5×5 map: the head's "fully connected" layer), pool, linear.
 */
import { avgpool, dense, seq, unit, type ConvStyle } from '../layers.js';
import type { AuxHead } from '../../shared/spec.js';
import { fig, fitKernel } from './common.js';

export interface AuxV3Options {
  /** Style of the 5×5 768 conv: BN in Inception-v3 ("BN-auxiliary"), bias only in Inception-v2. */
  fcStyle: ConvStyle;
  /** Square grid side at the attachment point; pool and conv shrink to fit small grids. */
  grid: number;
  lossWeight: number;
}

export function auxV3(name: string, attachTo: string, style: ConvStyle, o: AuxV3Options): AuxHead {
  const k = fitKernel(5, o.grid);
  const pooled = Math.floor((o.grid - k) / 3) + 1;
  const k2 = fitKernel(5, pooled);
  return {
    name,
    attachTo,
    lossWeight: o.lossWeight,
    trainingOnly: true,
    figure: fig('P3', 'Figure 8'),
    body: seq(
      name,
      avgpool(`AvgPool_1a_${k}x${k}`, k, 3, 'valid'),
      unit(style, 'Conv2d_1b_1x1', 128, 1, { padding: 'valid' }),
      unit(o.fcStyle, `Conv2d_2a_${k2}x${k2}`, 768, k2, { padding: 'valid' }),
      { op: 'globalavgpool', name: 'pool' },
      dense('Logits', 'classes'),
      { op: 'softmax', name: 'softmax' },
    ),
  };
}
