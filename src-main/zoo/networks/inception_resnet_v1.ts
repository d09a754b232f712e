/**
 * Inception-ResNet-v1 (arXiv:1602.07261, Figure 15 with Figures 14, 10, 7, 11, 12, 13):
 * Stem, 5 × Inception-ResNet-A, Reduction-A (k,l,m,n = 192,192,256,384), 10 × Inception-ResNet-B,
 * Reduction-B, 5 × Inception-ResNet-C, average pooling, dropout (keep 0.8), softmax.
 * No framework ships it for ImageNet; davidsandberg/facenet (C7) is the implementation written to the paper.
 * 'paper' = 5 C blocks (the last one linear, as facenet ends); 'released' = facenet's trunk, 6 C blocks.
 */
import type { BuildOptions } from '../builder.js';
import { bnStyle } from '../layers.js';
import {
  IRV1_A,
  IRV1_B,
  IRV1_C,
  IRV1_REDUCTION_B,
  RESIDUAL_SCALES,
  block17,
  block35,
  block8,
  irv1Stem,
  reductionBResnet,
  repeat,
} from '../modules/resnet-modules.js';
import { logitsHead } from '../modules/slim-heads.js';
import { SMALL_INPUT, TABLE1, reductionA, smallInputChoice } from '../modules/v4-modules.js';
import type { Choice, NetworkSpec } from '../../shared/spec.js';

export function buildInceptionResnetV1(opts: BuildOptions): NetworkSpec {
  const style = bnStyle(0.001, false);
  const small = opts.input < SMALL_INPUT;
  const scaledC = opts.flavour === 'released' ? 5 : 4;
  const s = RESIDUAL_SCALES;

  const stages = [
    { name: 'stem', modules: [irv1Stem(style, small)] },
    {
      name: 'inception_resnet_a',
      modules: repeat(5, (n) => block35(n, style, IRV1_A, { scale: s.a }, 'Figure 10'), 'block35'),
    },
    { name: 'reduction_a', modules: [reductionA('Mixed_6a', style, TABLE1.inception_resnet_v1)] },
    {
      name: 'inception_resnet_b',
      modules: repeat(10, (n) => block17(n, style, IRV1_B, { scale: s.b }, 'Figure 11'), 'block17'),
    },
    { name: 'reduction_b', modules: [reductionBResnet('Mixed_7a', style, IRV1_REDUCTION_B, 'Figure 12')] },
    {
      name: 'inception_resnet_c',
      modules: [
        ...repeat(scaledC, (n) => block8(n, style, IRV1_C, { scale: s.c }, 'Figure 13'), 'block8'),
        block8(`block8_${scaledC + 1}`, style, IRV1_C, { scale: 1, activation: 'linear' }, 'Figure 13'),
      ],
    },
    { name: 'head', modules: [logitsHead(undefined, 'Figure 15')] },
  ];

  const choices: Choice[] = [
    {
      topic: 'Reference implementation',
      decision:
        'No framework ships an ImageNet Inception-ResNet-v1. Widths follow davidsandberg/facenet, written to ' +
        "Figures 10–14 and Table 1; the head is a plain FC from 1792 features to the classes (facenet's own head " +
        'is a 512-d face embedding).',
      source: 'davidsandberg/facenet src/models/inception_resnet_v1.py; timesler/facenet-pytorch',
    },
    opts.flavour === 'released'
      ? {
          topic: 'Number of Inception-ResNet-C blocks',
          decision:
            "facenet's trunk as shipped: 5 scaled Block8 (0.20, ReLU) plus a sixth, final Block8 with scale 1.0 and " +
            "no ReLU, one more than Figure 15's 5 ×.",
          source:
            'facenet `slim.repeat(net, 5, block8, scale=0.20)` then `block8(net, activation_fn=None)`; davidsandberg/facenet#563',
        }
      : {
          topic: 'Number of Inception-ResNet-C blocks',
          decision:
            "Figure 15's 5 × Inception-ResNet-C, built as 4 scaled Block8 (0.20, ReLU) and a final linear one " +
            '(scale 1.0, no ReLU), the way every released Inception-ResNet ends. The "released" flavour has facenet\'s 6.',
          source: 'P4 Figure 15; facenet, TF-slim inception_resnet_v2',
        },
    {
      topic: 'Residual scaling',
      decision:
        'Block35 × 0.17, Block17 × 0.10, Block8 × 0.20 before the add (§3.3: "between 0.1 and 0.3"), the values ' +
        'of the released implementations.',
      source: 'P4 §3.3 and Figure 20; facenet, TF-slim',
    },
    {
      topic: 'Filter-expansion convs',
      decision:
        "Each residual block ends in a linear 1×1 conv with bias and no BN whose width is the block's input " +
        '(256, 896, 1792), as §3.2 describes. BN sits on the branch convs only, not after the sum.',
      source:
        'P4 §3.2; facenet `slim.conv2d(mixed, net.get_shape()[3], 1, normalizer_fn=None, activation_fn=None)`',
    },
    {
      topic: 'Batch normalisation',
      decision:
        'ε = 0.001 and β only (TF-slim style); PyTorch ports add γ, which the PyTorch-convention count includes.',
      source: 'facenet batch_norm_params; facenet-pytorch BatchNorm2d(eps=0.001)',
    },
  ];
  if (small) choices.push(smallInputChoice(opts.input));

  return {
    id: 'inception_resnet_v1',
    flavour: opts.flavour,
    title: 'Inception-ResNet-v1',
    paper: 'P4',
    variant: { input: [opts.input, opts.input, 3], classes: opts.classes, width: 1 },
    stages,
    aux: [],
    choices,
  };
}
