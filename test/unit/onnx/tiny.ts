/** Tiny hand-checkable networks for the ONNX tests: one module whose body is the given blocks. */
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import type { Block, NetworkSpec } from '../../../src-main/shared/spec.js';
import type { WeightMap, WeightTensor } from '../../../src-main/engine/onnx/weights.js';

export function tinyAnalysis(input: [number, number, number], ...items: Block[]): Analysis {
  const spec: NetworkSpec = {
    id: 'googlenet',
    flavour: 'paper',
    title: 'tiny test network',
    paper: 'P1',
    variant: { input, classes: 2, width: 1 },
    stages: [
      {
        name: 'S',
        modules: [{ name: 'M', paperName: 'm', type: 'm', body: { kind: 'seq', name: 'body', items } }],
      },
    ],
    aux: [],
    choices: [],
  };
  return analyse(spec);
}

export const t = (shape: number[], values: number[]): WeightTensor => ({
  shape,
  data: new Float32Array(values),
});

export const w = (entries: Record<string, Record<string, WeightTensor>>): WeightMap => entries;

/** The id analyse() gives a layer of the tiny module, found by its layer name. */
export function idOf(a: Analysis, layerName: string): string {
  const n = a.nodes.find((x) => x.layer?.name === layerName || x.id.endsWith(`/${layerName}`));
  if (!n) throw new Error(`no node ${layerName} in ${a.nodes.map((x) => x.id).join(', ')}`);
  return n.id;
}
