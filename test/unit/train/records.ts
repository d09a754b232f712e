/** A logged training step with neutral values, for tests that feed stores and guards by hand. */
import type { StepRecord } from '../../../src-main/engine/train/types.js';

export const stepRecord = (s: number, loss = 2, extra: Partial<StepRecord> = {}): StepRecord => ({
  t: 'step',
  step: s,
  epoch: 0,
  time: 0,
  wall: 0,
  lr: 0.1,
  loss,
  main: loss,
  aux: {},
  top1: 1,
  gradNorm: 1,
  imagesPerSec: 1,
  eta: 0,
  ...extra,
});
