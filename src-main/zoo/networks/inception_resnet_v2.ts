/**
 * Inception-ResNet-v2 (arXiv:1602.07261, Figure 15 with Figures 3, 16, 7, 17, 18, 19).
 * 'released' = TF-slim `inception_resnet_v2.py` / Keras `InceptionResNetV2` / timm, the form with weights:
 *   v1-style stem + Mixed_5b, 10 × Block35, Reduction-A, 20 × Block17, Reduction-B, 9 + 1 × Block8, conv_7b 1536.
 * 'paper' = Figure 15: Figure 3 stem, 5 × A, Reduction-A (256,256,384,384), 10 × B, Reduction-B, 5 × C.
 * Layer names follow Keras (mixed_5b, block35_1_mixed, block35_1_conv, mixed_6a, …, conv_7b, predictions).
 */
import type { BuildOptions } from '../builder.js';
import { bnStyle } from '../layers.js';
import {
  IRV2_A,
  IRV2_B,
  IRV2_C,
  IRV2_REDUCTION_B,
  RESIDUAL_SCALES,
  block17,
  block35,
  block8,
  irv2ReleasedStem,
  mixed5b,
  reductionBResnet,
  repeat,
} from '../modules/resnet-modules.js';
import { KERAS_HEAD, convModule, grid17, logitsHead, slimAuxHead } from '../modules/slim-heads.js';
import { SMALL_INPUT, TABLE1, reductionA, smallInputChoice, v4Stem } from '../modules/v4-modules.js';
import type { AuxHead, Choice, Module, NetworkSpec } from '../../shared/spec.js';

export function buildInceptionResnetV2(opts: BuildOptions): NetworkSpec {
  const style = bnStyle(0.001, false);
  const small = opts.input < SMALL_INPUT;
  const released = opts.flavour !== 'paper';
  const [nA, nB, nC] = released ? [10, 20, 10] : [5, 10, 5];
  const s = RESIDUAL_SCALES;

  const stem: Module[] = released
    ? [irv2ReleasedStem(style, small), mixed5b('mixed_5b', style)]
    : [v4Stem(style, 'paper', small)];
  const cBlocks: Module[] = [
    ...repeat(nC - 1, (n) => block8(n, style, IRV2_C, { scale: s.c }, 'Figure 19'), 'block8'),
    block8(`block8_${nC}`, style, IRV2_C, { scale: 1, activation: 'linear' }, 'Figure 19'),
  ];

  const stages = [
    { name: 'stem', modules: stem },
    {
      name: 'inception_resnet_a',
      modules: repeat(nA, (n) => block35(n, style, IRV2_A, { scale: s.a }, 'Figure 16'), 'block35'),
    },
    { name: 'reduction_a', modules: [reductionA('mixed_6a', style, TABLE1.inception_resnet_v2)] },
    {
      name: 'inception_resnet_b',
      modules: repeat(nB, (n) => block17(n, style, IRV2_B, { scale: s.b }, 'Figure 17'), 'block17'),
    },
    { name: 'reduction_b', modules: [reductionBResnet('mixed_7a', style, IRV2_REDUCTION_B, 'Figure 18')] },
    {
      name: 'inception_resnet_c',
      modules: released
        ? [...cBlocks, convModule('conv_7b', 'Conv2d_7b_1x1 (released only)', style, 1536)]
        : cBlocks,
    },
    { name: 'head', modules: [logitsHead(KERAS_HEAD, 'Figure 15')] },
  ];

  const choices: Choice[] = released ? releasedChoices() : paperChoices();
  choices.push({
    topic: 'Batch normalisation',
    decision:
      'Branch convs: conv (no bias) → BN (ε = 0.001, β only, Keras scale=False) → ReLU. The 1×1 filter-expansion ' +
      'convs have a bias and no BN (§3.2: no BN on top of the summations). timm/Cadene add γ, counted in the PyTorch convention.',
    source: 'Keras inception_resnet_v2.conv2d_bn; TF-slim inception_resnet_v2_arg_scope',
  });

  const aux: AuxHead[] = [];
  if (opts.extraAux) {
    const attach = `block17_${nB}`;
    const head = slimAuxHead(style, attach, grid17(opts.input, small));
    if (head) aux.push(head);
    choices.push({
      topic: 'Auxiliary head',
      decision: head
        ? `TF-slim's AuxLogits on PreAuxLogits (${attach}; not in the paper, not in Keras or timm): avg pool 5×5/3 V → ` +
          "1×1 conv 128 → conv 768 with the pooled map's size, V → FC; loss weight 0.4."
        : "TF-slim's AuxLogits head needs a 17×17 grid of at least 5×5; this input is too small, so it is left out.",
      source: 'TF-slim inception_resnet_v2(create_aux_logits=True); train_image_classifier.py',
    });
  }
  if (small) choices.push(smallInputChoice(opts.input));

  return {
    id: 'inception_resnet_v2',
    flavour: opts.flavour,
    title: 'Inception-ResNet-v2',
    paper: 'P4',
    variant: { input: [opts.input, opts.input, 3], classes: opts.classes, width: 1 },
    stages,
    aux,
    choices,
  };
}

function releasedChoices(): Choice[] {
  return [
    {
      topic: 'Released form versus the paper',
      decision:
        'This is the network with weights (TF-slim checkpoint, Keras, timm), which differs from Figure 15: ' +
        "10 / 20 / 10 residual blocks instead of 5 / 10 / 5; a v1-style stem (Figure 14's first six layers, then a " +
        '3×3/2 max pool) plus an Inception-A-like Mixed_5b → 35×35×320 instead of Figure 3; widths 320 / 1088 / 2080; ' +
        'and an extra 1×1 conv_7b to 1536 before pooling. A TF-slim maintainer: "the current implementation [is] ' +
        'what they intended". The "paper" flavour shows Figure 15.',
      source:
        'P4 Figures 3, 15; tensorflow/models#1553, #11227; TF-slim inception_resnet_v2.py; keras-applications inception_resnet_v2.py',
    },
    {
      topic: 'Residual scaling and the last block',
      decision:
        'Block35 × 0.17, Block17 × 0.10, Block8 × 0.20, then block8_10 with scale 1.0 and no ReLU, as in TF-slim and Keras.',
      source: 'Keras inception_resnet_block(..., scale=1., activation=None, block_idx=10)',
    },
    {
      topic: 'Head',
      decision:
        'Global average pool → dropout 20 % (TF-slim and timm; Keras has no dropout, which changes no count) → ' +
        'FC "predictions" → softmax. 1001 classes gives the TF-slim checkpoint\'s head.',
      source: 'TF-slim inception_resnet_v2(dropout_keep_prob=0.8); Keras InceptionResNetV2',
    },
  ];
}

function paperChoices(): Choice[] {
  return [
    {
      topic: 'Paper form',
      decision:
        "Figure 15 with Figure 3's stem (printed conv order, stride-2 192 conv), 5 × Inception-ResNet-A (Fig 16), " +
        "Reduction-A with Table 1's k,l,m,n = 256,256,384,384, 10 × Inception-ResNet-B (Fig 17), Reduction-B " +
        '(Fig 18), 5 × Inception-ResNet-C (Fig 19, the last one linear with scale 1.0, as every released ' +
        'Inception-ResNet ends). No conv_7b. No weights exist for this form.',
      source: 'P4 Figures 3, 15–19 and Table 1',
    },
    {
      topic: 'Filter-expansion widths',
      decision:
        'Figures 17 and 19 print 1×1 expansions of 1154 and 2048, but Reduction-A outputs 384 + 384 + 384 = 1152 and ' +
        'Reduction-B 1152 + 384 + 288 + 320 = 2144 channels, so the residual adds are impossible as drawn. The ' +
        'expansions here match their input (384, 1152, 2144), as in every implementation (TF-slim: net.get_shape()[3]).',
      source: 'P4 Figures 17, 19 and Table 1; tensorflow/models#11227; Cadene/pretrained-models.pytorch#228',
    },
    {
      topic: 'Residual scaling',
      decision:
        'Block35 × 0.17, Block17 × 0.10, Block8 × 0.20 (§3.3 says 0.1–0.3; these are the released values).',
      source: 'P4 §3.3; TF-slim',
    },
    {
      topic: 'Reduction-B caption',
      decision:
        'Figure 18\'s caption says "used by the wider Inception-ResNet-v1"; it is the v2 module (Figure 15\'s caption lists it for v2).',
      source: 'P4 Figures 15 and 18 (captions)',
    },
  ];
}
