/**
 * GoogLeNet (Inception-v1), Szegedy et al. 2014, P1 Table 1.
 * 'paper': 5×5 branches, conv bias, no BN, LRN after pool1 and conv3, dropout 40%, two aux heads.
 * 'torchvision': BN (eps 1e-3) without bias, 3×3 in the "5×5" branch, no LRN, ceil-mode pools with
 * PyTorch padding, 2×2 maxpool4, adaptive 4×4 pool in the aux heads, dropout 20%.
 */
import type { BuildOptions } from '../builder.js';
import { avgpool, biasStyle, bnStyle, dense, maxpool, pad, unit } from '../layers.js';
import type { Choice, Layer, LrnLayer, Module, NetworkSpec } from '../../shared/spec.js';
import { choice, fig, fitKernel, gridAt, layerModule } from '../modules/common.js';
import { auxV1, flatten, inceptionV1, type V1Form, type V1Params } from '../modules/googlenet.js';

/** P1 Table 1, the inception rows: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj. */
const TABLE1: Record<string, [number, number, number, number, number, number]> = {
  '3a': [64, 96, 128, 16, 32, 32],
  '3b': [128, 128, 192, 32, 96, 64],
  '4a': [192, 96, 208, 16, 48, 64],
  '4b': [160, 112, 224, 24, 64, 64],
  '4c': [128, 128, 256, 24, 64, 64],
  '4d': [112, 144, 288, 32, 64, 64],
  '4e': [256, 160, 320, 32, 128, 128],
  '5a': [256, 160, 320, 32, 128, 128],
  '5b': [384, 192, 384, 48, 128, 128],
};

/** Inputs at or below this side get the CIFAR-style stem (3×3/1 conv1, no pool1). */
const SMALL_INPUT = 64;

/** Caffe's LRN (bvlc_googlenet): local_size 5, alpha 1e-4 (Caffe divides it by the size), beta 0.75. */
const lrn = (name: string): LrnLayer => ({ op: 'lrn', name, size: 5, alpha: 1e-4, beta: 0.75, k: 1 });

export function buildGoogLeNet(o: BuildOptions): NetworkSpec {
  const tv = o.flavour === 'torchvision';
  const small = o.input <= SMALL_INPUT;
  const form: V1Form = tv
    ? { style: bnStyle(0.001, true), k5: 3, explicit: true }
    : { style: biasStyle, k5: 5, explicit: false };
  const { style } = form;
  const choices: Choice[] = [];

  // Caffe/torchvision pools round up (ceil_mode): 112 → 56 → 28 → 14 → 7.
  const pool = (name: string, k = 3) => maxpool(name, k, 2, 'valid', true);
  const inc = (id: string): Module => {
    const [n1x1, n3x3red, n3x3, n5x5red, n5x5, poolProj] = TABLE1[id]!;
    const p: V1Params = { n1x1, n3x3red, n3x3, n5x5red, n5x5, poolProj };
    return inceptionV1(`inception${id}`, `inception (${id})`, p, form);
  };
  const m = (l: Layer, paperName: string) => layerModule(l, paperName, l.op, fig('P1', 'Table 1'));

  const conv1 = small
    ? unit(style, 'conv1', 64, 3, { padding: tv ? pad(1) : 'same' })
    : unit(style, 'conv1', 64, 7, { strides: 2, padding: pad(3) });
  const stem: Module[] = [m(conv1, small ? 'convolution 3×3/1 (small-input stem)' : 'convolution 7×7/2')];
  if (!small) stem.push(m(pool('maxpool1'), 'max pool 3×3/2'));
  if (!tv) stem.push(m(lrn('norm1'), 'local response normalisation'));
  stem.push(
    m(unit(style, 'conv2', 64, 1), 'convolution (3×3 reduce)'),
    m(unit(style, 'conv3', 192, 3, { padding: tv ? pad(1) : 'same' }), 'convolution 3×3/1'),
  );
  if (!tv) stem.push(m(lrn('norm2'), 'local response normalisation'));
  stem.push(m(pool('maxpool2'), 'max pool 3×3/2'));
  if (small) {
    choices.push(
      choice(
        'small input',
        `Input ${o.input}×${o.input} ≤ ${SMALL_INPUT}: conv1 is 3×3 stride 1 and maxpool1 is dropped (CIFAR-style), so the 28/14/7 grids become ${o.input / 2}/${o.input / 4}/${o.input / 8}-ish instead of collapsing to 1×1.`,
      ),
    );
  }

  const spec: NetworkSpec = {
    id: 'googlenet',
    flavour: o.flavour,
    title: tv ? 'GoogLeNet (torchvision)' : 'GoogLeNet (paper)',
    paper: 'P1',
    variant: { input: [o.input, o.input, 3], classes: o.classes, width: 1 },
    stages: [
      { name: 'stem', modules: stem },
      { name: 'inception3', modules: [inc('3a'), inc('3b'), m(pool('maxpool3'), 'max pool 3×3/2')] },
      {
        name: 'inception4',
        modules: [
          inc('4a'),
          inc('4b'),
          inc('4c'),
          inc('4d'),
          inc('4e'),
          tv ? m(pool('maxpool4', 2), 'max pool 2×2/2 (torchvision)') : m(pool('maxpool4'), 'max pool 3×3/2'),
        ],
      },
      { name: 'inception5', modules: [inc('5a'), inc('5b')] },
      { name: 'head', modules: [] },
    ],
    aux: [],
    choices,
  };

  // The head's average pool covers the final grid: 7×7/1 at 224.
  const head = spec.stages[4]!.modules;
  if (tv) {
    head.push(m({ op: 'globalavgpool', name: 'avgpool' }, 'avg pool (adaptive 1×1)'));
  } else {
    const g = gridAt(spec, 'inception5b');
    head.push(m(avgpool('avgpool', g, 1, 'valid'), `avg pool ${g}×${g}/1`), m(flatten(), 'flatten'));
  }
  head.push(
    m({ op: 'dropout', name: 'dropout', rate: tv ? 0.2 : 0.4 }, tv ? 'dropout (20%)' : 'dropout (40%)'),
    m(dense('fc', 'classes'), 'linear'),
    m({ op: 'softmax', name: 'softmax' }, 'softmax'),
  );

  for (const [name, at] of [
    ['aux1', 'inception4a'],
    ['aux2', 'inception4d'],
  ] as const) {
    const g = gridAt(spec, at);
    const k = fitKernel(5, g);
    if (k !== 5 && !tv)
      choices.push(
        choice(
          `${name} pool`,
          `The ${g}×${g} grid at ${at} is smaller than the 5×5/3 pool; the pool is ${k}×${k}/3.`,
        ),
      );
    spec.aux.push(auxV1(name, at, style, k, tv));
  }

  if (tv) {
    choices.push(
      choice(
        '"5×5" branch',
        'torchvision uses a 3×3 conv in the 5×5 branch, a known bug kept for the ported TF-slim weights.',
        'pytorch/vision#906',
      ),
      choice(
        'normalisation',
        'BatchNorm (eps 1e-3) after every conv, convs without bias, no LRN.',
        'torchvision googlenet.py',
      ),
      choice(
        'pools',
        'ceil-mode max pools with PyTorch padding; maxpool4 is 2×2/2 (paper 3×3/2), same 7×7 output.',
      ),
      choice('aux heads', 'adaptive 4×4 average pool (paper: 5×5/3, the same 4×4 at 224); conv with BN.'),
      choice('dropout', 'final dropout 20% (paper 40%).'),
    );
  } else {
    choices.push(
      choice(
        'pools',
        'Max pools round up (Caffe ceil mode, as the BVLC replication), so 112 → 56 → 28 → 14 → 7.',
        'BVLC bvlc_googlenet train_val.prototxt',
      ),
      choice(
        'LRN',
        'Caffe LRN parameters (size 5, α 1e-4, β 0.75); Caffe divides α by the size.',
        'BVLC bvlc_googlenet',
      ),
    );
  }
  return spec;
}
