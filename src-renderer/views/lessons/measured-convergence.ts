/**
 * What lesson 13's preset measured: validation top-1 error of both runs, from `npm run bench --
 * convergence` (bench/results/convergence.json, 2026-11-28, AMD EPYC, 2 cores). Shipped so the
 * lesson can draw a real curve before the learner has trained anything; regenerate with the bench.
 */
export interface MeasuredRun {
  network: string;
  name: string;
  /** [step, top-1 error] pairs. */
  val: [number, number][];
}

export const MEASURED_PRESET: { preset: string; wallS: number; runs: MeasuredRun[] } = {
  preset: 'convergence',
  wallS: 276,
  runs: [
    {
      network: 'inception_v3',
      name: 'Inception-v3 (released: TF-slim / Keras) ×0.125 @32',
      val: [
        [40, 0.887],
        [80, 0.772],
        [120, 0.632],
        [160, 0.672],
        [200, 0.454],
        [240, 0.232],
        [280, 0.152],
        [320, 0.176],
        [360, 0.134],
        [400, 0.147],
      ],
    },
    {
      network: 'inception_resnet_v1',
      name: 'Inception-ResNet-v1 ×0.125 @32',
      val: [
        [40, 0.814],
        [80, 0.439],
        [120, 0.283],
        [160, 0.103],
        [200, 0.193],
        [240, 0.086],
        [280, 0.075],
        [320, 0.047],
        [360, 0.045],
        [400, 0.044],
      ],
    },
  ],
};
