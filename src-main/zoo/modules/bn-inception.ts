/**
 * BN-Inception's module (P2 Appendix, Figure 5 table): GoogLeNet's module with the 5×5 replaced by
 * two 3×3s, average or max pooling, and stride-2 variants that drop the 1×1 and project nothing
 * (pass-through pool). Padding, ceil-mode pools and names follow the Caffe port (Cadene BNInception).
 */
import { avgpool, concat, maxpool, pad, seq, unit, type ConvStyle } from '../layers.js';
import type { Block, Module, Padding, PoolLayer, Seq } from '../../shared/spec.js';
import { fig } from './common.js';

/** The table's columns; a 0 #1×1 and proj 0 mean "no 1×1 branch" and "pass through". */
export interface BnInceptionParams {
  n1x1: number;
  n3x3red: number;
  n3x3: number;
  dblRed: number;
  dbl: number;
  pool: 'avg' | 'max';
  proj: number;
  stride: 1 | 2;
}

/**
 * `oddInput`: the Caffe stride-2 module only lines up on even grids (conv pad 1 gives (n+1)/2, the
 * unpadded ceil pool (n−1)/2), so on odd grids both use TF 'same' (ceil(n/2)). Never at 224.
 */
export function bnInceptionModule(
  name: string,
  paperName: string,
  style: ConvStyle,
  p: BnInceptionParams,
  oddInput = false,
): Module {
  const s = p.stride;
  const s2pad: Padding = oddInput ? 'same' : pad(1);
  const poolLayer: PoolLayer =
    s === 2
      ? oddInput
        ? maxpool('pool', 3, 2, 'same')
        : maxpool('pool', 3, 2, 'valid', true)
      : p.pool === 'avg'
        ? avgpool('pool', 3, 1, pad(1), true)
        : maxpool('pool', 3, 1, pad(1), true);
  const branches: Seq[] = [];
  if (p.n1x1 > 0) branches.push(seq('1x1', unit(style, '1x1', p.n1x1, 1)));
  branches.push(
    seq(
      '3x3',
      unit(style, '3x3_reduce', p.n3x3red, 1),
      unit(style, '3x3', p.n3x3, 3, { strides: s, padding: s === 2 ? s2pad : pad(1) }),
    ),
    seq(
      'double_3x3',
      unit(style, 'double_3x3_reduce', p.dblRed, 1),
      unit(style, 'double_3x3_1', p.dbl, 3, { padding: pad(1) }),
      unit(style, 'double_3x3_2', p.dbl, 3, { strides: s, padding: s === 2 ? s2pad : pad(1) }),
    ),
  );
  const poolItems: Block[] = [poolLayer];
  if (p.proj > 0) poolItems.push(unit(style, 'pool_proj', p.proj, 1));
  branches.push(seq('pool', ...poolItems));
  return {
    name,
    paperName,
    type: s === 2 ? 'BN-Inception (stride 2)' : 'BN-Inception',
    figure: fig('P2', 'Figure 5 (Appendix)'),
    params: {
      '#1×1': p.n1x1,
      '#3×3 reduce': p.n3x3red,
      '#3×3': p.n3x3,
      'double #3×3 reduce': p.dblRed,
      'double #3×3': p.dbl,
      'Pool + proj': p.proj > 0 ? `${p.pool} + ${p.proj}` : `${p.pool} + pass through`,
    },
    body: concat(name, ...branches),
  };
}
