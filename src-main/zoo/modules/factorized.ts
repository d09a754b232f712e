/**
 * The factorised Inception modules of "Rethinking the Inception Architecture" (P3 Figures 5, 6, 7)
 * and Inception-v3's two grid reductions, as parametrised builders used by inception_v2 and
 * inception_v3. Branch and item order follow Keras' layer creation order, so Keras weights map by
 * position; names follow TF-slim scopes (Branch_i/Conv2d_<tag>_<h>x<w>).
 */
import { concat, seq } from '../layers.js';
import type { Block, Concat, Module, Pair } from '../../shared/spec.js';
import { fig } from './common.js';
import { avg3, branch, maxpool3s2, sconv, type SlimForm } from './slim.js';

/** A fan-out into a 1×n and an n×1 conv, concatenated (Figure 7's expanded filter bank). */
function split(form: SlimForm, name: string, tags: [string, string], filters: number, n = 3): Block {
  return concat(
    name,
    seq(`1x${n}`, sconv(form, tags[0], filters, [1, n])),
    seq(`${n}x1`, sconv(form, tags[1], filters, [n, 1])),
  );
}

export interface Fig5Params {
  '#1×1': number;
  '#3×3 reduce': number;
  '#3×3': number;
  '#double 3×3 reduce': number;
  '#double 3×3': number;
  'pool proj': number;
}

/**
 * Figure 5: 1×1 · 1×1→3×3 · 1×1→3×3→3×3 · avg pool→1×1. With `k = 5` the middle branch is
 * TF-slim's 1×1→5×5 (Inception-v3 as released keeps a 5×5 there).
 */
export function fig5(name: string, paperName: string, form: SlimForm, p: Fig5Params, k: 3 | 5 = 3): Module {
  return {
    name,
    paperName,
    type: k === 5 ? 'Inception-A (5×5 kept)' : 'Inception (Figure 5)',
    figure: fig('P3', 'Figure 5'),
    params: { ...p },
    body: concat(
      name,
      branch(0, sconv(form, '0a', p['#1×1'], 1)),
      branch(1, sconv(form, '0a', p['#3×3 reduce'], 1), sconv(form, '0b', p['#3×3'], k)),
      branch(
        2,
        sconv(form, '0a', p['#double 3×3 reduce'], 1),
        sconv(form, '0b', p['#double 3×3'], 3),
        sconv(form, '0c', p['#double 3×3'], 3),
      ),
      branch(3, avg3(form.explicit), sconv(form, '0b', p['pool proj'], 1)),
    ),
  };
}

export interface Fig6Params {
  '#1×1': number;
  '#n×n reduce': number;
  '#n×n': number;
  '#double n×n reduce': number;
  '#double n×n': number;
  'pool proj': number;
}

/**
 * Figure 6 with n = 7: 1×1 · 1×1→1×n→n×1 · 1×1→(1×n→n×1)×2 · avg pool→1×1.
 * The reduce width carries through the factorised pairs; the last conv of each branch widens.
 * `order` 'slim' starts the double branch with n×1 (TF-slim/Keras); 'paper' with 1×n.
 */
export function fig6(
  name: string,
  paperName: string,
  form: SlimForm,
  p: Fig6Params,
  order: 'slim' | 'paper',
  n = 7,
): Module {
  const r = p['#double n×n reduce'];
  const [a, b]: [Pair, Pair] =
    order === 'slim'
      ? [
          [n, 1],
          [1, n],
        ]
      : [
          [1, n],
          [n, 1],
        ];
  return {
    name,
    paperName,
    type: 'Inception (Figure 6)',
    figure: fig('P3', 'Figure 6'),
    params: { ...p, n },
    body: concat(
      name,
      branch(0, sconv(form, '0a', p['#1×1'], 1)),
      branch(
        1,
        sconv(form, '0a', p['#n×n reduce'], 1),
        sconv(form, '0b', p['#n×n reduce'], [1, n]),
        sconv(form, '0c', p['#n×n'], [n, 1]),
      ),
      branch(
        2,
        sconv(form, '0a', r, 1),
        sconv(form, '0b', r, a),
        sconv(form, '0c', r, b),
        sconv(form, '0d', r, a),
        sconv(form, '0e', p['#double n×n'], b),
      ),
      branch(3, avg3(form.explicit), sconv(form, '0b', p['pool proj'], 1)),
    ),
  };
}

export interface Fig7Params {
  '#1×1': number;
  '#3×3 reduce': number;
  /** Each of the 1×3 and 3×1 outputs. */
  '#3×3': number;
  '#double 3×3 reduce': number;
  '#double 3×3 middle': number;
  '#double 3×3': number;
  'pool proj': number;
}

/**
 * Figure 7: 1×1 · 1×1→{1×3, 3×1} · 1×1→3×3→{1×3, 3×1} · avg pool→1×1 (the 8×8 modules).
 * The inner concats are named 'split' (Keras calls Branch_1's 'mixed9_0' / 'mixed9_1').
 */
export function fig7(name: string, paperName: string, form: SlimForm, p: Fig7Params): Module {
  return {
    name,
    paperName,
    type: 'Inception (Figure 7)',
    figure: fig('P3', 'Figure 7'),
    params: { ...p },
    body: concat(
      name,
      branch(0, sconv(form, '0a', p['#1×1'], 1)),
      branch(1, sconv(form, '0a', p['#3×3 reduce'], 1), split(form, 'split', ['0b', '0c'], p['#3×3'])),
      branch(
        2,
        sconv(form, '0a', p['#double 3×3 reduce'], 1),
        sconv(form, '0b', p['#double 3×3 middle'], 3),
        split(form, 'split', ['0c', '0d'], p['#double 3×3']),
      ),
      branch(3, avg3(form.explicit), sconv(form, '0b', p['pool proj'], 1)),
    ),
  };
}

/**
 * Figure 10 (left): {1×1→3×3→3×3/2} · {1×1→3×3/2} · pool/2, concatenated. A reduce of 0 drops that
 * 1×1 (Inception-v3's Mixed_6a has none before its 3×3/2 384). `valid` strided convs as TF-slim.
 * Branch order: the single-3×3 branch first, as Keras builds it.
 */
export interface Fig10Params {
  '#3×3 reduce': number;
  '#3×3': number;
  '#double 3×3 reduce': number;
  '#double 3×3 middle': number;
  '#double 3×3': number;
}

export function fig10(name: string, paperName: string, form: SlimForm, p: Fig10Params): Module {
  const single: Block[] = p['#3×3 reduce'] > 0 ? [sconv(form, '0a', p['#3×3 reduce'], 1)] : [];
  return {
    name,
    paperName,
    type: 'Grid reduction (Figure 10)',
    figure: fig('P3', 'Figure 10'),
    params: { ...p },
    body: concat(
      name,
      branch(0, ...single, sconv(form, '1a', p['#3×3'], 3, 2, true)),
      branch(
        1,
        sconv(form, '0a', p['#double 3×3 reduce'], 1),
        sconv(form, '0b', p['#double 3×3 middle'], 3),
        sconv(form, '1a', p['#double 3×3'], 3, 2, true),
      ),
      branch(2, maxpool3s2()),
    ),
  };
}

/**
 * Inception-v3's Mixed_7a (TF-slim): {1×1 192→3×3/2 320} · {1×1 192→1×7→7×1→3×3/2 192} · pool/2.
 * Figure 10's shape with the middle 3×3 factorised into 1×7, 7×1.
 */
export function reductionV3B(name: string, form: SlimForm): Module {
  return {
    name,
    paperName: name,
    type: 'Grid reduction (17→8)',
    figure: fig('P3', 'Figure 10'),
    params: { '#3×3 reduce': 192, '#3×3': 320, '#7×7×3 reduce': 192, '#7×7×3': 192 },
    body: factorisedReduction(name, form, [192, 320], [192, 192, 192, 192]),
  };
}

/**
 * The 17→8 grid reduction with a factorised 7×7: {1×1 → 3×3/2} · {1×1 → 1×7 → 7×1 → 3×3/2} · pool/2.
 * Inception-v3's Mixed_7a and Inception-v4's Reduction-B (P4 Figure 8) differ only in their widths.
 */
export function factorisedReduction(
  name: string,
  form: SlimForm,
  b0: [number, number],
  b1: [number, number, number, number],
): Concat {
  return concat(
    name,
    branch(0, sconv(form, '0a', b0[0], 1), sconv(form, '1a', b0[1], 3, 2, true)),
    branch(
      1,
      sconv(form, '0a', b1[0], 1),
      sconv(form, '0b', b1[1], [1, 7]),
      sconv(form, '0c', b1[2], [7, 1]),
      sconv(form, '1a', b1[3], 3, 2, true),
    ),
    branch(2, maxpool3s2()),
  );
}
