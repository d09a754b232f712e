import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../../../src-main/shared/analysis-types';
import { onnxRequest } from './onnx-export';

const withAux = { spec: { aux: [{ name: 'aux1' }] } } as unknown as Analysis;
const noAux = { spec: { aux: [] } } as unknown as Analysis;
const base = {
  network: 'googlenet' as const,
  flavour: undefined,
  width: 0.25,
  classes: 1000,
  extraAux: false,
  training: false,
  analysis: withAux,
};

describe('the ONNX export request of the graph on screen', () => {
  it('is the variant shown, inference graph only', () => {
    expect(onnxRequest(base)).toEqual({
      network: { id: 'googlenet', width: 0.25, classes: 1000 },
      includeAux: false,
    });
  });

  it('includes the aux heads (and optional ones) with the training graph', () => {
    expect(onnxRequest({ ...base, flavour: 'torchvision', training: true, extraAux: true })).toEqual({
      network: { id: 'googlenet', flavour: 'torchvision', width: 0.25, classes: 1000, extraAux: true },
      includeAux: true,
    });
  });

  it('asks for no aux heads when the network has none', () => {
    expect(onnxRequest({ ...base, training: true, analysis: noAux }).includeAux).toBe(false);
  });
});
