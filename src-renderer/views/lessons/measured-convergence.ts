/**
 * What lesson 13's preset measured: validation top-1 error of both runs, from `npm run bench --
 * convergence` (bench/results/convergence.json, 2026-12-02, 2 cores, ONNX Runtime, both runs at
 * once). Shipped so the lesson can draw a real curve before the learner has trained anything;
 * regenerate with the bench.
 */
export interface MeasuredRun {
  network: string;
  name: string;
  /** [step, top-1 error] pairs. */
  val: [number, number][];
}

export const MEASURED_PRESET: { preset: string; wallS: number; runs: MeasuredRun[] } = {
  preset: 'convergence',
  wallS: 54,
  runs: [
    {
      network: 'inception_v3',
      name: 'Inception-v3 (released: TF-slim / Keras) ×0.125 @32',
      val: [
        [40, 0.875],
        [80, 0.648],
        [120, 0.52],
        [160, 0.375],
        [200, 0.281],
        [240, 0.25],
        [280, 0.168],
        [320, 0.164],
        [360, 0.168],
        [400, 0.12],
      ],
    },
    {
      network: 'inception_resnet_v1',
      name: 'Inception-ResNet-v1 ×0.125 @32',
      val: [
        [40, 0.859],
        [80, 0.305],
        [120, 0.113],
        [160, 0.094],
        [200, 0.105],
        [240, 0.066],
        [280, 0.047],
        [320, 0.043],
        [360, 0.035],
        [400, 0.041],
      ],
    },
  ],
};
