/**
 * Inception-v4 (arXiv:1602.07261, Figure 9): Stem, 4 × Inception-A, Reduction-A, 7 × Inception-B,
 * Reduction-B, 3 × Inception-C, average pooling, dropout (keep 0.8), softmax.
 * 'released' = TF-slim `inception_v4.py` / timm `inception_v4`; 'paper' = the printed figures' conv order.
 */
import type { BuildOptions } from '../builder.js';
import { bnStyle } from '../layers.js';
import { grid17, logitsHead, slimAuxHead } from '../modules/slim-heads.js';
import {
  TABLE1,
  inceptionA,
  inceptionB,
  inceptionC,
  reductionA,
  reductionBv4,
  smallInputChoice,
  SMALL_INPUT,
  v4Stem,
  type ConvOrder,
} from '../modules/v4-modules.js';
import type { AuxHead, Choice, Module, NetworkSpec } from '../../shared/spec.js';

/** TF-slim's block scopes: Mixed_5b…5e, Mixed_6b…6h, Mixed_7b…7d. */
const mixed = (grid: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `Mixed_${grid}${String.fromCharCode(98 + i)}`);

export function buildInceptionV4(opts: BuildOptions): NetworkSpec {
  const order: ConvOrder = opts.flavour === 'paper' ? 'paper' : 'slim';
  const style = bnStyle(0.001, false);
  const small = opts.input < SMALL_INPUT;

  const stages: { name: string; modules: Module[] }[] = [
    { name: 'stem', modules: [v4Stem(style, order, small)] },
    { name: 'inception_a', modules: mixed(5, 4).map((n) => inceptionA(n, style)) },
    { name: 'reduction_a', modules: [reductionA('Mixed_6a', style, TABLE1.inception_v4)] },
    { name: 'inception_b', modules: mixed(6, 7).map((n) => inceptionB(n, style, order)) },
    { name: 'reduction_b', modules: [reductionBv4('Mixed_7a', style)] },
    { name: 'inception_c', modules: mixed(7, 3).map((n) => inceptionC(n, style, order)) },
    { name: 'head', modules: [logitsHead()] },
  ];

  const choices: Choice[] = [
    {
      topic: 'Batch normalisation',
      decision:
        "Every conv is conv (no bias) → BN (ε = 0.001, β only, as TF-slim's slim.batch_norm default) → ReLU. " +
        'PyTorch ports (timm, Cadene) add γ, which the PyTorch-convention count includes.',
      source: 'TF-slim inception_v4_arg_scope; timm inception_v4',
    },
    order === 'slim'
      ? {
          topic: 'Factorised conv order',
          decision:
            'TF-slim order: stem 1×7 → 7×1; Inception-B long branch 7×1, 1×7, 7×1, 1×7; Inception-C long branch ' +
            '3×1 → 1×3. The paper prints the opposite orientations. The topology is otherwise identical, and so ' +
            'are parameters and MACs; pick the "paper" flavour for the printed order.',
          source: 'P4 Figures 3, 5, 6; tensorflow/models#3313, #7041; TF-slim inception_v4.py',
        }
      : {
          topic: 'Factorised conv order',
          decision:
            'Printed order: stem 7×1 → 1×7; Inception-B long branch 1×7, 7×1, 1×7, 7×1; Inception-C long branch ' +
            '1×3 → 3×1, then {3×1, 1×3}. The Inception-B short branch is 1×7 → 7×1: the figure prints "1×7, 1×7", ' +
            'which would not factorise a 7×7. Parameters and MACs equal the released form; no released weights fit this order.',
          source: 'tensorflow/models#3313, #7041; weiaicunzai/pytorch-cifar100 inceptionv4.py',
        },
    {
      topic: 'Stem stride',
      decision:
        'Figure 3 prints "3×3 Conv (192 V)" without a stride, but 71×71 → 35×35 needs stride 2, as TF-slim has it.',
      source: 'tensorflow/models#7041',
    },
    {
      topic: 'Head',
      decision:
        "Global average pool → dropout 20 % (keep 0.8) → FC → softmax. 1001 classes (with background) gives the TF-slim checkpoint's head.",
      source: 'P4 Figure 9; TF-slim inception_v4(num_classes=1001)',
    },
  ];

  const aux: AuxHead[] = [];
  if (opts.extraAux) {
    const head = slimAuxHead(style, 'Mixed_6h', grid17(opts.input, small));
    if (head) aux.push(head);
    choices.push({
      topic: 'Auxiliary head',
      decision: head
        ? "TF-slim's AuxLogits on Mixed_6h (not in the paper): avg pool 5×5/3 V → 1×1 conv 128 → conv 768 " +
          "with the pooled map's size (5×5 at 299), V → FC; loss weight 0.4 as in train_image_classifier.py."
        : "TF-slim's AuxLogits head needs a 17×17 grid of at least 5×5; this input is too small, so it is left out.",
      source: 'TF-slim inception_v4(create_aux_logits=True)',
    });
  }
  if (small) choices.push(smallInputChoice(opts.input));

  return {
    id: 'inception_v4',
    flavour: opts.flavour,
    title: 'Inception-v4',
    paper: 'P4',
    variant: { input: [opts.input, opts.input, 3], classes: opts.classes, width: 1 },
    stages,
    aux,
    choices,
  };
}
