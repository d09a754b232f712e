import { describe, expect, it } from 'vitest';
import type { AnalysedGroup, AnalysedNode, Analysis } from '../../../src-main/shared/analysis-types';
import type { ConvLayer } from '../../../src-main/shared/spec';
import { composition, describeNode, endsInRelu, moduleOutput, nodeForSelection, step } from './structure';

const conv = (name: string, k: number, s: number, activation: 'relu' | 'linear'): ConvLayer => ({
  op: 'conv',
  name,
  filters: 8,
  kernel: [k, k],
  strides: [s, s],
  padding: 'same',
  bias: false,
  activation,
});

function node(
  id: string,
  kind: AnalysedNode['kind'],
  inputs: string[],
  module: string,
  extra: Partial<AnalysedNode> = {},
): AnalysedNode {
  return {
    id,
    kind,
    inputs,
    module,
    groups: [],
    stage: 's',
    inShapes: [],
    outShape: [4, 4, 8],
    params: { pytorch: 0, kerasTrainable: 0, kerasNonTrainable: 0 },
    macs: 0,
    rf: { size: [1, 1], jump: [1, 1] },
    ...extra,
  };
}
const group = (id: string, kind: AnalysedGroup['kind'], nodes: string[], output: string): AnalysedGroup => ({
  id,
  kind,
  name: id,
  nodes,
  children: [],
  inShape: [],
  outShape: [],
  params: { pytorch: 0, kerasTrainable: 0, kerasNonTrainable: 0 },
  macs: 0,
  rf: { size: [1, 1], jump: [1, 1] },
  output,
});

// input → stem conv → module m1 (two branches, concat) → residual blocks r1, r2 (conv branch, add ×0.17 + relu).
const nodes = [
  node('input', 'input', [], 'input'),
  node('stem', 'layer', ['input'], 'stem', { layer: conv('stem', 3, 2, 'relu') }),
  node('m1/b1', 'layer', ['stem'], 'm1', { layer: conv('b1', 1, 1, 'relu') }),
  node('m1/b2', 'layer', ['stem'], 'm1', {
    layer: { op: 'maxpool', name: 'b2', pool: [3, 3], strides: [1, 1], padding: 'same' },
  }),
  node('m1/concat', 'concat', ['m1/b1', 'm1/b2'], 'm1'),
  node('r1/conv', 'layer', ['m1/concat'], 'r1', { layer: conv('conv', 1, 1, 'linear') }),
  node('r1/add', 'add', ['m1/concat', 'r1/conv'], 'r1', { scale: 0.17, activation: 'relu' }),
  node('r2/conv', 'layer', ['r1/add'], 'r2', { layer: conv('conv', 1, 1, 'linear') }),
  // Inputs in the other order: the branch is still the one inside the module.
  node('r2/add', 'add', ['r2/conv', 'r1/add'], 'r2'),
];
const a = {
  spec: {
    // indexOf (shared/analysis-index.ts) reads the aux heads when it builds the node index.
    aux: [],
    stages: [
      {
        name: 's',
        modules: [
          { name: 'stem', type: 'conv' },
          { name: 'm1', type: 'Inception' },
          { name: 'r1', type: 'Block' },
          { name: 'r2', type: 'Block' },
        ],
      },
    ],
  },
  nodes,
  groups: [
    group('stem', 'module', ['stem'], 'stem'),
    group('m1', 'module', ['m1/b1', 'm1/b2', 'm1/concat'], 'm1/concat'),
    group('r1', 'module', ['r1/conv', 'r1/add'], 'r1/add'),
    group('r2', 'module', ['r2/conv', 'r2/add'], 'r2/add'),
  ],
} as unknown as Analysis;
const order = nodes.map((n) => n.id);

describe('stepping', () => {
  it('moves along the order and stops at the ends', () => {
    expect(step(3, 1, 9)).toBe(4);
    expect(step(3, -1, 9)).toBe(2);
    expect(step(8, 1, 9)).toBe(8);
    expect(step(0, -1, 9)).toBe(0);
    expect(step(2, 100, 9)).toBe(8);
    expect(step(5, 1, 0)).toBe(0);
  });

  it('maps a graph or table selection to a node of the run', () => {
    expect(nodeForSelection(a, order, 'm1/b2')).toBe('m1/b2');
    expect(nodeForSelection(a, order, 'm1')).toBe('m1/concat'); // a module: its output
    expect(nodeForSelection(a, order, 'run:r1')).toBe('r1/add'); // a folded run r1, r2: its first module
    expect(nodeForSelection(a, order, 'nowhere')).toBeUndefined();
    expect(nodeForSelection(a, order, undefined)).toBeUndefined();
  });

  it('finds the output of the module a node is in', () => {
    expect(moduleOutput(a, 'm1/b1')).toBe('m1/concat');
    expect(moduleOutput(a, 'm1/concat')).toBeUndefined();
  });
});

describe('module structure', () => {
  it('lists a concat’s branch outputs in order', () => {
    expect(composition(a, 'm1/concat')).toEqual({
      kind: 'concat',
      node: 'm1/concat',
      parts: ['m1/b1', 'm1/b2'],
    });
  });

  it('tells the shortcut from the residual branch, with its scale and activation', () => {
    expect(composition(a, 'r1/add')).toEqual({
      kind: 'residual',
      node: 'r1/add',
      input: 'm1/concat',
      branch: 'r1/conv',
      scale: 0.17,
      activation: 'relu',
    });
    expect(composition(a, 'r2/add')).toEqual({
      kind: 'residual',
      node: 'r2/add',
      input: 'r1/add',
      branch: 'r2/conv',
      scale: 1,
    });
    expect(composition(a, 'stem')).toBeUndefined();
  });

  it('describes what a node computes', () => {
    const by = (id: string) => nodes.find((n) => n.id === id)!;
    expect(describeNode(by('stem'))).toBe('conv 3×3 /2 · relu');
    expect(describeNode(by('m1/b2'))).toBe('maxpool 3×3');
    expect(describeNode(by('m1/concat'))).toBe('concat of 2');
    expect(describeNode(by('r1/add'))).toBe('add ×0.17 · relu');
    expect(describeNode(by('input'))).toBe('input');
    expect([
      endsInRelu(by('stem')),
      endsInRelu(by('r1/conv')),
      endsInRelu(by('r1/add')),
      endsInRelu(by('r2/add')),
    ]).toEqual([true, false, true, false]);
  });
});
