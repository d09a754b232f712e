/**
 * A tiny hand-written Analysis for unit tests: input → stem conv → two identical modules "M" (a
 * two-branch concat) → a residual block → pool → fc, plus an aux head on the first module.
 * Numbers are hand-computed: conv 3×3, 3→8 channels on 8×8: params 3·3·3·8 = 216, MACs 8·8·216 = 13,824.
 */
import type {
  AnalysedGroup,
  AnalysedNode,
  Analysis,
  ParamCount,
} from '../../../src-main/shared/analysis-types';
import type { ConvLayer, NetworkSpec } from '../../../src-main/shared/spec';

const P = (pytorch: number): ParamCount => ({ pytorch, kerasTrainable: pytorch, kerasNonTrainable: 0 });
const rf = { size: [1, 1] as [number, number], jump: [1, 1] as [number, number] };

function node(
  id: string,
  kind: AnalysedNode['kind'],
  inputs: string[],
  outShape: number[],
  groups: string[],
  extra: Partial<AnalysedNode> = {},
): AnalysedNode {
  return {
    id,
    kind,
    op: kind === 'layer' ? extra.layer?.op : kind,
    inputs,
    groups,
    stage: groups[0] ?? '',
    module: groups[1] ?? '',
    inShapes: [],
    outShape,
    params: P(0),
    macs: 0,
    rf,
    ...extra,
  };
}

const conv = (name: string, filters: number, k: number): ConvLayer => ({
  op: 'conv',
  name,
  filters,
  kernel: [k, k],
  strides: [1, 1],
  padding: 'same',
  bias: true,
  activation: 'relu',
});

export function tinyAnalysis(): Analysis {
  const spec: NetworkSpec = {
    id: 'googlenet',
    flavour: 'paper',
    title: 'Tiny',
    paper: 'P1',
    variant: { input: [8, 8, 3], classes: 10, width: 1 },
    stages: [
      {
        name: 'stem',
        modules: [{ name: 'conv1', paperName: 'conv1', type: 'conv', body: conv('conv1', 8, 3) }],
      },
      {
        name: 's2',
        modules: [
          {
            name: 'M1',
            paperName: 'module (1)',
            type: 'M',
            figure: { paper: 'P1', figure: 'Figure 2' },
            body: { kind: 'seq', name: 'M1', items: [] },
          },
          { name: 'M2', paperName: 'module (2)', type: 'M', body: { kind: 'seq', name: 'M2', items: [] } },
          { name: 'R1', paperName: 'Block', type: 'R', body: { kind: 'seq', name: 'R1', items: [] } },
        ],
      },
      {
        name: 'head',
        modules: [{ name: 'fc', paperName: 'fc', type: 'fc', body: { kind: 'seq', name: 'fc', items: [] } }],
      },
    ],
    aux: [
      {
        name: 'aux1',
        attachTo: 'M1',
        lossWeight: 0.3,
        trainingOnly: true,
        body: { kind: 'seq', name: 'aux1', items: [] },
      },
    ],
    choices: [],
  };
  const nodes: AnalysedNode[] = [
    node('input', 'input', [], [8, 8, 3], []),
    node('conv1', 'layer', ['input'], [8, 8, 8], ['stem', 'conv1'], {
      layer: conv('conv1', 8, 3),
      params: P(224),
      macs: 13824,
    }),
    node('M1/a/c', 'layer', ['conv1'], [8, 8, 4], ['s2', 'M1'], { layer: conv('c', 4, 1) }),
    node('M1/b/c', 'layer', ['conv1'], [8, 8, 4], ['s2', 'M1'], { layer: conv('c', 4, 1) }),
    node('M1/concat', 'concat', ['M1/a/c', 'M1/b/c'], [8, 8, 8], ['s2', 'M1']),
    node('M2/a/c', 'layer', ['M1/concat'], [8, 8, 4], ['s2', 'M2'], { layer: conv('c', 4, 1) }),
    node('M2/b/c', 'layer', ['M1/concat'], [8, 8, 4], ['s2', 'M2'], { layer: conv('c', 4, 1) }),
    node('M2/concat', 'concat', ['M2/a/c', 'M2/b/c'], [8, 8, 8], ['s2', 'M2']),
    node('R1/body/c', 'layer', ['M2/concat'], [8, 8, 8], ['s2', 'R1'], { layer: conv('c', 8, 1) }),
    node('R1/add', 'add', ['M2/concat', 'R1/body/c'], [8, 8, 8], ['s2', 'R1'], { scale: 0.2 }),
    node('fc/gap', 'layer', ['R1/add'], [8], ['head', 'fc'], { layer: { op: 'globalavgpool', name: 'gap' } }),
    node('fc/dense', 'layer', ['fc/gap'], [10], ['head', 'fc'], {
      layer: { op: 'dense', name: 'dense', units: 10, bias: true, activation: 'linear' },
    }),
    node('aux1/pool', 'layer', ['M1/concat'], [2, 2, 8], ['aux1'], {
      aux: 'aux1',
      layer: { op: 'avgpool', name: 'pool', pool: [5, 5], strides: [3, 3], padding: 'valid' },
    }),
    node('aux1/fc', 'layer', ['aux1/pool'], [10], ['aux1'], {
      aux: 'aux1',
      layer: { op: 'dense', name: 'fc', units: 10, bias: true, activation: 'linear' },
    }),
  ];
  const g = (
    id: string,
    kind: AnalysedGroup['kind'],
    ids: string[],
    extra: Partial<AnalysedGroup> = {},
  ): AnalysedGroup => ({
    id,
    kind,
    name: id,
    nodes: ids,
    children: [],
    inShape: [8, 8, 8],
    outShape: nodes.find((n) => n.id === ids[ids.length - 1])!.outShape,
    params: P(0),
    macs: 0,
    rf,
    output: ids[ids.length - 1],
    ...extra,
  });
  const groups: AnalysedGroup[] = [
    g('stem', 'stage', ['conv1']),
    g('conv1', 'module', ['conv1'], { paperName: 'conv1', type: 'conv', parent: 'stem' }),
    g(
      's2',
      'stage',
      nodes.filter((n) => n.groups[0] === 's2').map((n) => n.id),
    ),
    g('M1', 'module', ['M1/a/c', 'M1/b/c', 'M1/concat'], {
      paperName: 'module (1)',
      type: 'M',
      parent: 's2',
    }),
    g('M2', 'module', ['M2/a/c', 'M2/b/c', 'M2/concat'], {
      paperName: 'module (2)',
      type: 'M',
      parent: 's2',
    }),
    g('R1', 'module', ['R1/body/c', 'R1/add'], { paperName: 'Block', type: 'R', parent: 's2' }),
    g('head', 'stage', ['fc/gap', 'fc/dense']),
    g('fc', 'module', ['fc/gap', 'fc/dense'], { paperName: 'fc', type: 'fc', parent: 'head' }),
    g('aux1', 'aux', ['aux1/pool', 'aux1/fc'], { paperName: 'aux1' }),
  ];
  const totals = { params: P(1000), macs: 20000, convLayers: 6, bnLayers: 0, denseLayers: 1, bnChannels: 0 };
  return {
    spec,
    nodes,
    groups,
    output: [10],
    totals,
    totalsWithAux: { ...totals, params: P(1100), macs: 20500, denseLayers: 2 },
  };
}
