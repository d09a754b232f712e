/**
 * Small helpers the VJP lowerings share: reductions in opset-17 form (ReduceSum takes its axes as
 * an input since opset 13, ReduceMean still as an attribute), reshapes, and node geometry.
 */
import type { AnalysedNode } from '../../../shared/analysis-types.js';
import type { Pair } from '../../../shared/spec.js';
import { attrInt, attrInts } from '../../onnx/proto.js';
import type { OnnxEmitter } from '../types.js';

export const reduceSum = (e: OnnxEmitter, x: string, axes: number[], keep: boolean): string =>
  e.node('ReduceSum', [x, e.constInt64(axes)], [attrInt('keepdims', keep ? 1 : 0)]);

export const reduceMean = (e: OnnxEmitter, x: string, axes: number[], keep: boolean): string =>
  e.node('ReduceMean', [x], [attrInts('axes', axes), attrInt('keepdims', keep ? 1 : 0)]);

export const reshape = (e: OnnxEmitter, x: string, shape: number[]): string =>
  e.node('Reshape', [x, e.constInt64(shape)]);

export const mul = (e: OnnxEmitter, a: string, b: string): string => e.node('Mul', [a, b]);
export const add = (e: OnnxEmitter, a: string, b: string): string => e.node('Add', [a, b]);
export const sub = (e: OnnxEmitter, a: string, b: string): string => e.node('Sub', [a, b]);
export const scale = (e: OnnxEmitter, x: string, s: number): string =>
  s === 1 ? x : e.node('Mul', [x, e.constFloat([s], [])]);

/** [H, W] of a node's (first) input, from the analysis' [H, W, C]. */
export const inHW = (node: AnalysedNode): Pair => [node.inShapes[0]![0]!, node.inShapes[0]![1]!];
export const outHW = (node: AnalysedNode): Pair => [node.outShape[0]!, node.outShape[1]!];

/** The analysis' resolved [top, left, bottom, right] pads of a conv or pool node. */
export function padsOf(node: AnalysedNode): [number, number, number, number] {
  const r = node.resolved;
  if (!r || (r.op !== 'conv' && r.op !== 'maxpool' && r.op !== 'avgpool'))
    throw new Error(`${node.id} has no resolved padding`);
  return [r.pads.top, r.pads.left, r.pads.bottom, r.pads.right];
}

/** Per-channel axes of a value: all but C for NCHW maps, the batch for [N, C] vectors. */
export const channelAxes = (rank: number): number[] => (rank === 4 ? [0, 2, 3] : [0]);
/** Shape that broadcasts a [C] vector against a value of that rank. */
export const channelShape = (rank: number): number[] => (rank === 4 ? [1, -1, 1, 1] : [1, -1]);
/** ONNX rank of a node's output (NCHW maps are 4, vectors 2). */
export const rankOf = (shape: number[]): number => shape.length + 1;
