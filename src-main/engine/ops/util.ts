/** Small helpers the op lowerings share: reading a node's resolved attributes, ONNX attribute lists. */
import type { AnalysedNode, Pads, ResolvedLayer } from '../../shared/analysis-types.js';
import type { Layer } from '../../shared/spec.js';
import type { ForwardRecord } from './types.js';

/** The node's layer and resolved attributes, narrowed to one op; throws if the analysis lacks them. */
export function layerOf<Op extends Layer['op']>(
  node: AnalysedNode,
  ...ops: Op[]
): { layer: Extract<Layer, { op: Op }>; resolved: Extract<ResolvedLayer, { op: Op }> } {
  const { layer, resolved } = node;
  if (!layer || !resolved || !ops.includes(layer.op as Op) || resolved.op !== layer.op) {
    throw new Error(`node ${node.id} is not a resolved ${ops.join('/')} layer`);
  }
  return {
    layer: layer as Extract<Layer, { op: Op }>,
    resolved: resolved as Extract<ResolvedLayer, { op: Op }>,
  };
}

/** ONNX `pads` order: [top, left, bottom, right]. */
export const onnxPadsOf = (p: Pads): [number, number, number, number] => [p.top, p.left, p.bottom, p.right];

export const anyPad = (p: Pads): boolean => p.top + p.bottom + p.left + p.right > 0;

/** [H, W] of an [H, W, C] shape. */
export const hwOf = (s: readonly number[]): [number, number] => [s[0]!, s[1]!];

/** NCHW graph dims of an analysis shape ([H, W, C] or [C]), batch 'N'. */
export const nchwDims = (s: readonly number[]): (number | string)[] =>
  s.length === 3 ? ['N', s[2]!, s[0]!, s[1]!] : ['N', ...s];

export const record = (
  node: AnalysedNode,
  inputs: string[],
  output: string,
  saved: Record<string, string> = {},
): ForwardRecord => ({ node, inputs, output, saved });
