/** Small helpers shared by the network builders: figure refs, one-layer modules, grid look-ups. */
import { moduleGrid } from '../grid.js';
import type { Choice, FigureRef, Layer, Module, NetworkSpec } from '../../shared/spec.js';

export const fig = (paper: FigureRef['paper'], figure: string): FigureRef => ({ paper, figure });

/** A module that is a single layer (stem convs, pools between stages, the head's layers). */
export function layerModule(
  layer: Layer,
  paperName: string,
  type: string = layer.op,
  figure?: FigureRef,
): Module {
  const m: Module = { name: layer.name, paperName, type, body: layer };
  if (figure) m.figure = figure;
  return m;
}

/**
 * Side of the square feature map a module outputs (its height; the zoo's inputs are square).
 * Builders use it to size pools and aux heads at non-default inputs.
 */
export const gridAt = (spec: NetworkSpec, module: string): number => moduleGrid(spec, module)[0];

/** A pooling window that fits the grid: the paper's k when it fits, else the whole grid (TF-slim does the same). */
export const fitKernel = (k: number, grid: number): number => Math.min(k, grid);

export const choice = (topic: string, decision: string, source?: string): Choice =>
  source ? { topic, decision, source } : { topic, decision };
