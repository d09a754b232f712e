/**
 * Inception-v3 as released (TF-slim C1 = Keras InceptionV3 = torchvision inception_v3): the last row
 * of P3 Table 3, with the implementation's topology rather than Table 1's (P3 Table 1 against TF-slim inception_v3.py).
 * 'released': TF 'same' padding, BN without γ (Keras scale=False), Keras layer creation order.
 * 'torchvision': explicit padding, 3×3 avg pools counting the padding, BN with γ, dropout 0.5.
 */
import type { BuildOptions } from '../builder.js';
import { bnStyle, dense, maxpool } from '../layers.js';
import type { Choice, Module, NetworkSpec } from '../../shared/spec.js';
import { auxV3 } from '../modules/aux-v3.js';
import { choice, fig, gridAt, layerModule } from '../modules/common.js';
import { fig10, fig5, fig6, fig7, reductionV3B } from '../modules/factorized.js';
import { sconv, type SlimForm } from '../modules/slim.js';

/** Keras' minimum input; below it the stem is adapted (see choices). */
export const V3_MIN_STANDARD_INPUT = 75;

export function buildInceptionV3(o: BuildOptions): NetworkSpec {
  const tv = o.flavour === 'torchvision';
  const form: SlimForm = { style: bnStyle(0.001, tv), explicit: tv };
  const small = o.input < V3_MIN_STANDARD_INPUT;
  const choices: Choice[] = [];
  const t1 = fig('P3', 'Table 1');
  const m = (l: Parameters<typeof layerModule>[0], paperName: string) => layerModule(l, paperName, l.op, t1);

  const stem: Module[] = [
    m(sconv(form, '1a', 32, 3, small ? 1 : 2, !small), 'conv 3×3/2'),
    m(sconv(form, '2a', 32, 3, 1, !small), 'conv 3×3/1'),
    m(sconv(form, '2b', 64, 3), 'conv padded 3×3/1'),
  ];
  if (!small) stem.push(m(maxpool('maxpool1', 3, 2, 'valid'), 'pool 3×3/2'));
  stem.push(
    m(sconv(form, '3b', 80, 1, 1, true), 'conv 1×1 (Table 1: 3×3/1)'),
    m(sconv(form, '4a', 192, 3, 1, !small), 'conv 3×3 (Table 1: 3×3/2)'),
    m(maxpool('maxpool2', 3, 2, 'valid'), 'pool 3×3/2'),
  );
  if (small) {
    choices.push(
      choice(
        'small input',
        `Input ${o.input} < ${V3_MIN_STANDARD_INPUT} (Keras' minimum): Conv2d_1a is stride 1, the stem convs keep the grid and maxpool1 is dropped, so the 35/17/8 grids become ${Math.floor((o.input - 3) / 2) + 1} and smaller instead of vanishing.`,
      ),
    );
  }

  const a = (name: string, proj: number) =>
    fig5(
      name,
      name,
      form,
      {
        '#1×1': 64,
        '#3×3 reduce': 48,
        '#3×3': 64,
        '#double 3×3 reduce': 64,
        '#double 3×3': 96,
        'pool proj': proj,
      },
      5,
    );
  const c = (name: string, c7: number) =>
    fig6(
      name,
      name,
      form,
      {
        '#1×1': 192,
        '#n×n reduce': c7,
        '#n×n': 192,
        '#double n×n reduce': c7,
        '#double n×n': 192,
        'pool proj': 192,
      },
      'slim',
    );
  const e = (name: string) =>
    fig7(name, name, form, {
      '#1×1': 320,
      '#3×3 reduce': 384,
      '#3×3': 384,
      '#double 3×3 reduce': 448,
      '#double 3×3 middle': 384,
      '#double 3×3': 384,
      'pool proj': 192,
    });

  const spec: NetworkSpec = {
    id: 'inception_v3',
    flavour: o.flavour,
    title: tv ? 'Inception-v3 (torchvision)' : 'Inception-v3 (released: TF-slim / Keras)',
    paper: 'P3',
    variant: { input: [o.input, o.input, 3], classes: o.classes, width: 1 },
    stages: [
      { name: 'stem', modules: stem },
      { name: 'grid35', modules: [a('Mixed_5b', 32), a('Mixed_5c', 64), a('Mixed_5d', 64)] },
      {
        name: 'grid17',
        modules: [
          fig10('Mixed_6a', 'Mixed_6a', form, {
            '#3×3 reduce': 0,
            '#3×3': 384,
            '#double 3×3 reduce': 64,
            '#double 3×3 middle': 96,
            '#double 3×3': 96,
          }),
          c('Mixed_6b', 128),
          c('Mixed_6c', 160),
          c('Mixed_6d', 160),
          c('Mixed_6e', 192),
        ],
      },
      { name: 'grid8', modules: [reductionV3B('Mixed_7a', form), e('Mixed_7b'), e('Mixed_7c')] },
      {
        name: 'head',
        modules: [
          m({ op: 'globalavgpool', name: 'avgpool' }, 'pool 8×8'),
          m(
            { op: 'dropout', name: 'dropout', rate: tv ? 0.5 : 0.2 },
            tv ? 'dropout (50%)' : 'dropout (keep 0.8)',
          ),
          m(dense('fc', 'classes'), 'linear (logits)'),
          m({ op: 'softmax', name: 'softmax' }, 'softmax'),
        ],
      },
    ],
    aux: [],
    choices,
  };
  spec.aux.push(
    auxV3('AuxLogits', 'Mixed_6e', form.style, {
      fcStyle: form.style,
      grid: gridAt(spec, 'Mixed_6e'),
      lossWeight: 0.4,
    }),
  );

  choices.push(
    choice(
      'topology',
      'The released TF-slim/Keras/torchvision network, not P3 Table 1: 1×1 80 and 3×3 192 stem convs, a 5×5 branch in the 35×35 modules (256/288/288), 4 modules at 17×17.',
      'P3 Table 1, Figure 5; TF-slim inception_v3.py; keras-team/keras-applications#39; smichalowski/google_inception_v3_for_caffe#8',
    ),
    choice(
      'aux head',
      'AuxLogits on Mixed_6e: 5×5/3 avg pool, 1×1 conv 128, 5×5 conv 768 (valid), pool, linear. Its 5×5 conv covers the whole 5×5 map, so its BN is the "BN-auxiliary" of P3 Table 3.',
      'TF-slim inception_v3.py; torchvision InceptionAux',
    ),
    choice(
      'aux loss weight',
      "0.4: P3 gives none; TF-slim's train_image_classifier.py weights the AuxLogits loss 0.4.",
      'tensorflow/models research/slim/train_image_classifier.py',
    ),
  );
  if (tv) {
    choices.push(
      choice(
        'padding',
        'PyTorch explicit padding; 3×3 avg pools use count_include_pad=True (TF excludes the padding): same shapes, different border values.',
        'torchvision inception.py',
      ),
      choice('dropout', '0.5 before the classifier (TF-slim keep 0.8; Keras none).'),
    );
  } else {
    choices.push(
      choice(
        'BN',
        'eps 1e-3, no γ (Keras scale=False, TF-slim default), so Keras counts 23,851,784 with 34,432 non-trainable.',
        'keras.applications InceptionV3',
      ),
      choice(
        'dropout',
        "keep 0.8 as in TF-slim; Keras' InceptionV3 has no dropout (no weights either way).",
        'TF-slim inception_v3.py',
      ),
    );
  }
  return spec;
}
