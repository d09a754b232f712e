/**
 * Inception-v2 as P3 defines it: Table 1's outline with the Figure 5, 6 and 7 modules and the
 * Figure 10 grid reductions. The paper prints no filter counts for the modules (they were in a
 * supplementary model.txt that is not available), so every width below is a documented choice,
 * mostly borrowed from the released Inception-v3 where the two networks share a slot.
 */
import type { BuildOptions } from '../builder.js';
import { avgpool, biasStyle, bnStyle, dense, maxpool } from '../layers.js';
import type { Choice, Module, NetworkSpec } from '../../shared/spec.js';
import { auxV3 } from '../modules/aux-v3.js';
import { choice, fig, gridAt, layerModule } from '../modules/common.js';
import { fig10, fig5, fig6, fig7 } from '../modules/factorized.js';
import { sconv, type SlimForm } from '../modules/slim.js';
import { flatten } from '../modules/googlenet.js';

/** Below this input the 35/17/8 grids would vanish with Table 1's stem (same as Inception-v3's). */
const MIN_STANDARD_INPUT = 75;

/**
 * Reduce widths of the five Figure 6 modules. TF-slim's v3 uses 128, 160, 160, 192 for its four; 128
 * throughout keeps this network's cost next to the released v3's, as P3 Table 3 gives Inception-v2
 * (factorised 7×7) and Inception-v3 the same cost.
 */
const FIG6_REDUCE = [128, 128, 128, 128, 128];

export function buildInceptionV2(o: BuildOptions): NetworkSpec {
  const form: SlimForm = { style: bnStyle(0.001, false), explicit: false };
  const small = o.input < MIN_STANDARD_INPUT;
  const t1 = fig('P3', 'Table 1');
  const m = (l: Parameters<typeof layerModule>[0], paperName: string) => layerModule(l, paperName, l.op, t1);
  const choices: Choice[] = [];

  // Table 1, one row per layer; only "conv padded" keeps the grid, the rest are unpadded.
  const stem: Module[] = [
    m(sconv(form, '1a', 32, 3, small ? 1 : 2, !small), 'conv 3×3/2'),
    m(sconv(form, '2a', 32, 3, 1, !small), 'conv 3×3/1'),
    m(sconv(form, '2b', 64, 3), 'conv padded 3×3/1'),
  ];
  if (!small) stem.push(m(maxpool('maxpool1', 3, 2, 'valid'), 'pool 3×3/2'));
  stem.push(
    m(sconv(form, '3a', 80, 3, 1, !small), 'conv 3×3/1'),
    m(sconv(form, '3b', 192, 3, 2, true), 'conv 3×3/2'),
    m(sconv(form, '4a', 288, 3), 'conv 3×3/1 (padded, see choices)'),
  );

  const f5 = (name: string) =>
    fig5(name, `Inception (Figure 5) ${name}`, form, {
      '#1×1': 64,
      '#3×3 reduce': 48,
      '#3×3': 64,
      '#double 3×3 reduce': 64,
      '#double 3×3': 96,
      'pool proj': 64,
    });
  const f6 = (name: string, r: number) =>
    fig6(
      name,
      `Inception (Figure 6) ${name}`,
      form,
      {
        '#1×1': 192,
        '#n×n reduce': r,
        '#n×n': 192,
        '#double n×n reduce': r,
        '#double n×n': 192,
        'pool proj': 192,
      },
      'paper',
    );
  const f7 = (name: string) =>
    fig7(name, `Inception (Figure 7) ${name}`, form, {
      '#1×1': 320,
      '#3×3 reduce': 384,
      '#3×3': 384,
      '#double 3×3 reduce': 448,
      '#double 3×3 middle': 384,
      '#double 3×3': 384,
      'pool proj': 192,
    });
  const names17 = ['Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e', 'Mixed_6f'];

  const spec: NetworkSpec = {
    id: 'inception_v2',
    flavour: o.flavour,
    title: 'Inception-v2 (Rethinking, Table 1)',
    paper: 'P3',
    variant: { input: [o.input, o.input, 3], classes: o.classes, width: 1 },
    stages: [
      { name: 'stem', modules: stem },
      { name: 'grid35', modules: [f5('Mixed_5b'), f5('Mixed_5c'), f5('Mixed_5d')] },
      {
        name: 'grid17',
        modules: [
          fig10('Mixed_6a', 'Grid reduction (Figure 10) 35→17', form, {
            '#3×3 reduce': 192,
            '#3×3': 384,
            '#double 3×3 reduce': 64,
            '#double 3×3 middle': 96,
            '#double 3×3': 96,
          }),
          ...names17.map((n, i) => f6(n, FIG6_REDUCE[i]!)),
        ],
      },
      {
        name: 'grid8',
        modules: [
          fig10('Mixed_7a', 'Grid reduction (Figure 10) 17→8', form, {
            '#3×3 reduce': 192,
            '#3×3': 320,
            '#double 3×3 reduce': 192,
            '#double 3×3 middle': 192,
            '#double 3×3': 192,
          }),
          f7('Mixed_7b'),
          f7('Mixed_7c'),
        ],
      },
      { name: 'head', modules: [] },
    ],
    aux: [],
    choices,
  };
  const g = gridAt(spec, 'Mixed_7c');
  spec.stages[4]!.modules.push(
    m(avgpool('avgpool', g, 1, 'valid'), `pool ${g}×${g}`),
    m(flatten(), 'flatten'),
    m(dense('fc', 'classes'), 'linear (logits)'),
    m({ op: 'softmax', name: 'softmax' }, 'softmax (classifier)'),
  );
  spec.aux.push(
    auxV3('AuxLogits', 'Mixed_6f', form.style, {
      fcStyle: biasStyle,
      grid: gridAt(spec, 'Mixed_6f'),
      lossWeight: 0.4,
    }),
  );

  choices.push(
    choice(
      'normalisation',
      "BN (eps 1e-3, no γ, as TF) after every conv, convs without bias: P3 Table 3's Inception-v2 rows build on BN-Inception.",
      'P3 §10, Table 3',
    ),
    choice(
      'last stem conv',
      'Table 1 feeds 35×35×192 into a "conv 3×3/1" whose output is 35×35×288, but its caption says only "conv padded" is padded. The conv is padded here (\'same\'), since 35 → 33 would break the next row.',
      'P3 Table 1',
    ),
    choice('stem widths', "32, 32, 64, 80, 192, 288: read off Table 1's input-size column.", 'P3 Table 1'),
    choice(
      'Figure 5 widths (×3)',
      "#1×1 64 · 1×1 48 → 3×3 64 · 1×1 64 → 3×3 96 → 3×3 96 · pool proj 64 = 288: TF-slim Mixed_5c with its 5×5 replaced by a 3×3, giving Table 1's 288.",
      'TF-slim inception_v3.py Mixed_5c',
    ),
    choice(
      'Figure 10 reduction 35→17',
      "1×1 192 → 3×3/2 384 · 1×1 64 → 3×3 96 → 3×3/2 96 · max pool: 384 + 96 + 288 = 768 as §6 states. TF-slim's Mixed_6a widths with the 1×1 reduce that Figure 10 draws (TF-slim omits it).",
      'P3 §6, Figure 10; TF-slim Mixed_6a',
    ),
    choice(
      'Figure 6 widths (×5, n = 7)',
      `1×1 192 · 1×1 r → 1×7 r → 7×1 192 · 1×1 r → 1×7 r → 7×1 r → 1×7 r → 7×1 192 · pool proj 192 = 768, r = ${FIG6_REDUCE.join(', ')}: TF-slim's Mixed_6b widths. Narrower than TF-slim's later 160/192 so that the five modules cost about what v3's four do (P3 Table 3 prints the same 4.8 B for v2 with factorised 7×7 and for v3). The factorised pairs run 1×n then n×1 as Figure 6 draws them.`,
      'TF-slim Mixed_6b–6e',
    ),
    choice(
      'Figure 10 reduction 17→8',
      "1×1 192 → 3×3/2 320 · 1×1 192 → 3×3 192 → 3×3/2 192 · max pool: 320 + 192 + 768 = 1280 as §6 states. TF-slim's Mixed_7a widths in Figure 10's shape (TF-slim factorises the middle 3×3 into 1×7, 7×1).",
      'P3 §6, Figure 10; TF-slim Mixed_7a',
    ),
    choice(
      'Figure 7 widths (×2)',
      '1×1 320 · 1×1 384 → {1×3 384, 3×1 384} · 1×1 448 → 3×3 384 → {1×3 384, 3×1 384} · pool proj 192 = 2048 as §6 states.',
      'TF-slim Mixed_7b/7c',
    ),
    choice('head', 'Table 1 lists pool 8×8, linear, softmax: no dropout.', 'P3 Table 1'),
    choice(
      'aux head',
      'On the last 17×17 module (Figure 8 caption): 5×5/3 avg pool, 1×1 conv 128 (BN), 5×5 conv 768 with bias and no BN (BN there is the "BN-auxiliary" step that Table 3 adds for v3), linear.',
      'P3 §4, Figure 8, Table 3',
    ),
    choice(
      'aux loss weight',
      '0.4, as TF-slim trains Inception-v3; P3 states no weight.',
      'tensorflow/models research/slim/train_image_classifier.py',
    ),
  );
  if (small) {
    choices.push(
      choice(
        'small input',
        `Input ${o.input} < ${MIN_STANDARD_INPUT}: Conv2d_1a is stride 1, the stem's unpadded convs are padded and the first pool is dropped.`,
      ),
    );
  }
  return spec;
}
