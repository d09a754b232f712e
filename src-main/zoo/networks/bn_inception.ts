/**
 * BN-Inception (Ioffe & Szegedy 2015, P2 Appendix Figure 5), the network TF-slim and P4 call
 * "Inception-v2", as the Caffe port has it (Cadene BNInception: 11,295,240 parameters at 224):
 * conv bias + BN (eps 1e-5) everywhere, ceil-mode pools, no dropout, no aux heads.
 */
import type { BuildOptions } from '../builder.js';
import { avgpool, bnStyle, dense, maxpool, pad, unit, type ConvStyle } from '../layers.js';
import type { Choice, Module, NetworkSpec } from '../../shared/spec.js';
import { bnInceptionModule, type BnInceptionParams } from '../modules/bn-inception.js';
import { choice, fig, gridAt, layerModule } from '../modules/common.js';
import { flatten } from '../modules/googlenet.js';

/** P2 Figure 5 rows: #1×1, #3×3 reduce, #3×3, double #3×3 reduce, double #3×3, pool, proj, stride. */
const TABLE: Record<string, [number, number, number, number, number, 'avg' | 'max', number, 1 | 2]> = {
  '3a': [64, 64, 64, 64, 96, 'avg', 32, 1],
  '3b': [64, 64, 96, 64, 96, 'avg', 64, 1],
  '3c': [0, 128, 160, 64, 96, 'max', 0, 2],
  '4a': [224, 64, 96, 96, 128, 'avg', 128, 1],
  '4b': [192, 96, 128, 96, 128, 'avg', 128, 1],
  '4c': [160, 128, 160, 128, 160, 'avg', 128, 1],
  '4d': [96, 128, 192, 160, 192, 'avg', 128, 1],
  '4e': [0, 128, 192, 192, 256, 'max', 0, 2],
  '5a': [352, 192, 320, 160, 224, 'avg', 128, 1],
  '5b': [352, 192, 320, 192, 224, 'max', 128, 1],
};

const SMALL_INPUT = 64;

export function buildBnInception(o: BuildOptions): NetworkSpec {
  // Caffe BN: affine (γ and β), eps 1e-5; the convs keep their bias.
  const bn = bnStyle(1e-5, true);
  const style: ConvStyle = { bias: true, bn: bn.bn };
  const small = o.input <= SMALL_INPUT;
  const choices: Choice[] = [];
  const f5 = fig('P2', 'Figure 5 (Appendix)');
  const m = (l: Parameters<typeof layerModule>[0], paperName: string) => layerModule(l, paperName, l.op, f5);
  const inc = (id: string, oddInput = false): Module => {
    const [n1x1, n3x3red, n3x3, dblRed, dbl, pool, proj, stride] = TABLE[id]!;
    const p: BnInceptionParams = { n1x1, n3x3red, n3x3, dblRed, dbl, pool, proj, stride };
    return bnInceptionModule(`inception_${id}`, `inception (${id})`, style, p, oddInput);
  };
  const pool = (name: string) => maxpool(name, 3, 2, 'valid', true);

  const stem: Module[] = [
    small
      ? m(unit(style, 'conv1_3x3_s1', 64, 3, { padding: pad(1) }), 'convolution 3×3/1 (small-input stem)')
      : m(unit(style, 'conv1_7x7_s2', 64, 7, { strides: 2, padding: pad(3) }), 'convolution* 7×7/2'),
  ];
  if (!small) stem.push(m(pool('pool1_3x3_s2'), 'max pool 3×3/2'));
  stem.push(
    m(unit(style, 'conv2_3x3_reduce', 64, 1), 'convolution (3×3 reduce)'),
    m(unit(style, 'conv2_3x3', 192, 3, { padding: pad(1) }), 'convolution 3×3/1'),
    m(pool('pool2_3x3_s2'), 'max pool 3×3/2'),
  );

  const spec: NetworkSpec = {
    id: 'bn_inception',
    flavour: o.flavour,
    title: 'BN-Inception',
    paper: 'P2',
    variant: { input: [o.input, o.input, 3], classes: o.classes, width: 1 },
    stages: [
      { name: 'stem', modules: stem },
      { name: 'inception3', modules: [inc('3a'), inc('3b')] },
      { name: 'inception4', modules: [] },
      { name: 'inception5', modules: [] },
      { name: 'head', modules: [] },
    ],
    aux: [],
    choices,
  };
  // The stride-2 modules need to know whether their input grid is odd (only at non-default inputs).
  const strided = (id: string, after: string): Module => {
    const odd = gridAt(spec, after) % 2 === 1;
    if (odd)
      choices.push(
        choice(
          `inception (${id}) on an odd grid`,
          `Its input grid is ${gridAt(spec, after)}, odd: the stride-2 conv and pool use TF 'same' padding so their outputs line up (Caffe's pads only line up on even grids).`,
        ),
      );
    return inc(id, odd);
  };
  const [s3, s4, s5] = [spec.stages[1]!.modules, spec.stages[2]!.modules, spec.stages[3]!.modules];
  s3.push(strided('3c', 'inception_3b'));
  s4.push(inc('4a'), inc('4b'), inc('4c'), inc('4d'));
  s4.push(strided('4e', 'inception_4d'));
  s5.push(inc('5a'), inc('5b'));
  const g = gridAt(spec, 'inception_5b');
  spec.stages[4]!.modules.push(
    m(avgpool('global_pool', g, 1, 'valid'), `avg pool ${g}×${g}/1`),
    m(flatten(), 'flatten'),
    m(dense('last_linear', 'classes'), 'linear'),
    m({ op: 'softmax', name: 'softmax' }, 'softmax'),
  );

  choices.push(
    choice(
      'first convolution',
      "A plain 7×7/2 conv, as in the released Caffe model; the paper's is separable with depth multiplier 8 (the spec has no depthwise op).",
      'P2 Appendix; Cadene bninception.py',
    ),
    choice(
      'module widths',
      "The table's columns, as the Caffe port builds them: 4c and 4d output 608 channels and 4e 1056 (the table prints 576 and 1024, which its own columns do not add up to).",
      'P2 Figure 5; Cadene bninception.py',
    ),
    choice(
      '3c output',
      'The stride-2 module 3c outputs 14×14×576 (the table prints 28×28, a typo).',
      'P2 Figure 5',
    ),
    choice(
      'conv bias and BN',
      'Every conv keeps its bias and is followed by BN with γ and β, eps 1e-5 (Caffe port). No dropout, no aux heads, no LRN.',
      'Cadene bninception.py',
    ),
  );
  if (small) {
    choices.push(
      choice(
        'small input',
        `Input ${o.input} ≤ ${SMALL_INPUT}: conv1 is 3×3 stride 1 and pool1 is dropped (CIFAR-style).`,
      ),
    );
  }
  return spec;
}
