/** Checks shared by the reduced (unit) and full-size (integration) buildModel tests. */
import { expect } from 'vitest';
import { kerasTotal, type Analysis } from '../../../src-main/analysis/analyse.js';
import { buildModel } from '../../../src-main/engine/tfjs/build-model.js';

/**
 * The inference and training graphs built from `a`: countParams equals the analysis' Keras count,
 * the outputs are main (+ the aux heads when training) and the loss weights are the spec's.
 */
export function expectModelsMatchAnalysis(a: Analysis): void {
  const inf = buildModel(a);
  expect(inf.model.countParams()).toBe(kerasTotal(a.totals.params));
  expect(inf.outputs.map((o) => o.name)).toEqual(['main']);
  inf.model.dispose();
  const tr = buildModel(a, { graph: 'training' });
  expect(tr.model.countParams()).toBe(kerasTotal(a.totalsWithAux.params));
  expect(tr.outputs.map((o) => o.name)).toEqual(['main', ...a.spec.aux.map((h) => h.name)]);
  expect(tr.lossWeights).toEqual([1, ...a.spec.aux.map((h) => h.lossWeight)]);
  tr.model.dispose();
}
