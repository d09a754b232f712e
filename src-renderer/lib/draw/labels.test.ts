import { describe, expect, it } from 'vitest';
import type { ConvLayer, Layer } from '../../../src-main/shared/spec';
import type { AnalysedNode } from '../../../src-main/shared/analysis-types';
import { layerDetails, layerLabel, nodeLabel } from './labels';

const conv = (o: Partial<ConvLayer>): ConvLayer => ({
  op: 'conv',
  name: 'c',
  filters: 64,
  kernel: [1, 1],
  strides: [1, 1],
  padding: 'same',
  bias: false,
  activation: 'relu',
  ...o,
});

describe('paper-style labels', () => {
  it('reads convolutions like the papers', () => {
    expect(layerLabel(conv({ kernel: [1, 7], filters: 192 }))).toBe('1×7 conv, 192');
    expect(layerLabel(conv({ kernel: [3, 3], filters: 384, strides: [2, 2], padding: 'valid' }))).toBe(
      '3×3 conv, 384, stride 2 V',
    );
    expect(layerLabel(conv({ filters: 256, activation: 'linear' }))).toBe('1×1 conv, 256, linear');
    expect(layerLabel(conv({ kernel: [3, 3], strides: [1, 2] }))).toBe('3×3 conv, 64, stride 1×2');
  });
  it('marks unpadded (V) layers, including explicit zero padding', () => {
    expect(layerLabel(conv({ padding: { top: 0, bottom: 0, left: 0, right: 0 } }))).toBe('1×1 conv, 64 V');
    expect(layerLabel(conv({ kernel: [3, 3], padding: { top: 1, bottom: 1, left: 1, right: 1 } }))).toBe(
      '3×3 conv, 64',
    );
  });
  it('reads pools and the other layers', () => {
    const pool: Layer = { op: 'maxpool', name: 'p', pool: [3, 3], strides: [2, 2], padding: 'valid' };
    expect(layerLabel(pool)).toBe('3×3 max pool, stride 2 V');
    expect(layerLabel({ op: 'avgpool', name: 'a', pool: [3, 3], strides: [1, 1], padding: 'same' })).toBe(
      '3×3 avg pool',
    );
    expect(layerLabel({ op: 'dropout', name: 'd', rate: 0.4 })).toBe('dropout (40%)');
    expect(layerLabel({ op: 'dense', name: 'fc', units: 1000, bias: true, activation: 'linear' })).toBe(
      'FC, 1000',
    );
    expect(layerLabel({ op: 'globalavgpool', name: 'g' })).toBe('global avg pool');
  });
  it('keeps a label the spec gives', () => {
    expect(layerLabel(conv({ label: '1×1 conv (linear)' }))).toBe('1×1 conv (linear)');
  });
  it('labels concatenations and scaled residual adds', () => {
    const base = {
      inputs: [],
      groups: [],
      stage: '',
      module: '',
      inShapes: [],
      outShape: [],
      macs: 0,
    } as unknown as AnalysedNode;
    expect(nodeLabel({ ...base, id: 'x/concat', kind: 'concat' })).toBe('filter concat');
    expect(nodeLabel({ ...base, id: 'x/add', kind: 'add', scale: 0.17 })).toBe('+ (scale 0.17)');
    expect(nodeLabel({ ...base, id: 'x/add', kind: 'add', scale: 1 })).toBe('+');
  });
  it('lists hyper-parameters for the side panel', () => {
    const rows = Object.fromEntries(layerDetails(conv({ kernel: [3, 3], bn: { eps: 0.001, scale: false } })));
    expect(rows.kernel).toBe('3×3');
    expect(rows['batch norm']).toBe('eps 0.001, γ no (β only)');
  });
});
