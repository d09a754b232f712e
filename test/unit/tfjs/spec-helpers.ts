/** Tiny hand-made specs for testing the tfjs mapping of single layers. */
import type { Layer, NetworkSpec } from '../../../src-main/shared/spec.js';

/** One stage; each layer is its own module, applied in order. */
export function tinySpec(input: [number, number, number], layers: Layer[]): NetworkSpec {
  return {
    id: 'googlenet',
    flavour: 'paper',
    title: 'test',
    paper: 'P1',
    variant: { input, classes: 2, width: 1 },
    stages: [
      { name: 's', modules: layers.map((l) => ({ name: l.name, paperName: l.name, type: l.op, body: l })) },
    ],
    aux: [],
    choices: [],
  };
}
