/**
 * Lesson 3's pictures of what two branches of one module respond to in a trained Inception-v3:
 * feature visualisations of channels of Mixed_5b's 1×1 branch and its 5×5 branch, rendered by the
 * app (scripts/screenshots-published.ts) from published weights, the Keras InceptionV3 in the npm
 * package nsfwjs, whose convs up to mixed5 are Keras' ImageNet kernels (8-bit). Pure data.
 */
export interface BranchPictureSet {
  id: 'b1x1' | 'b5x5';
  node: string;
  /** The kernel the branch ends in, for the caption. */
  kernel: string;
  channels: number[];
}

export const BRANCH_PICTURES = {
  network: 'inception_v3',
  module: 'Mixed_5b',
  steps: 256,
  // Channel 1 of the 5×5 branch is left out: its picture is an almost flat pale green.
  branches: [
    { id: 'b1x1', node: 'Mixed_5b/Branch_0/Conv2d_0a_1x1', kernel: '1×1', channels: [0, 1, 2, 3, 4, 5] },
    { id: 'b5x5', node: 'Mixed_5b/Branch_1/Conv2d_0b_5x5', kernel: '5×5', channels: [0, 2, 3, 4, 5, 6] },
  ] satisfies BranchPictureSet[],
} as const;
