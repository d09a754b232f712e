/**
 * The TensorFlow.js gradient backend (inference mode). The network is the tfjs model from
 * build-model.ts with the WeightMap's tensors; gradients run eagerly: every node's layers (pad →
 * main → BN → activation) are applied to concrete tensors in the analysis' topological order, so
 * any node's value can be kept and differentiated. A gradient with respect to a node is exact: the
 * node's value gets a zero tensor δ added (x + δ = x), and tf.grads differentiates with respect to δ,
 * which equals ∂objective/∂node. Every tensor created is disposed before a call returns.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import { setModelWeights } from '../activations/tfjs-runner.js';
import type { WeightMap } from '../onnx/weights.js';
import { buildModel, type BuiltModel } from '../tfjs/build-model.js';
import { endsInRelu } from '../ops/pre-relu.js';
import type {
  ForwardResult,
  GradRequest,
  GradResult,
  GradTarget,
  GradientBackend,
  GradientBackendFactory,
  HostArray,
  NodeVjpRequest,
} from './types.js';
import { indexOf } from '../../shared/analysis-index.js';

/** A gradient request the network cannot answer (unknown node, channel out of range, wrong input size). */
export class GradientRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradientRequestError';
  }
}

/** The node whose value is the logits: the network's output, or its input when that is a softmax. */
export function logitsNode(a: Analysis): AnalysedNode {
  const ix = indexOf(a);
  return ix.node(ix.main.logits);
}

const host = async (t: tf.Tensor): Promise<HostArray> => ({
  data: (await t.data()) as Float32Array,
  shape: [...t.shape],
});

/** Where run() keeps a node's value before its ReLU (no node id has a '#'). */
const preKey = (id: string) => `${id}#preRelu`;

export class TfjsGradientBackend implements GradientBackend {
  readonly name = 'tfjs' as const;
  private readonly nodes: AnalysedNode[];
  private readonly byId: Map<string, AnalysedNode>;
  private readonly logitsId: string;
  private readonly inputNode: AnalysedNode;

  private constructor(private readonly built: BuiltModel) {
    this.nodes = built.analysis.nodes.filter((n) => n.aux === undefined);
    this.byId = new Map(this.nodes.map((n) => [n.id, n]));
    this.logitsId = logitsNode(built.analysis).id;
    this.inputNode = this.nodes.find((n) => n.kind === 'input')!;
  }

  get analysis(): Analysis {
    return this.built.analysis;
  }

  static create(analysis: Analysis, weights: WeightMap): TfjsGradientBackend {
    const built = buildModel(analysis);
    setModelWeights(built, weights);
    return new TfjsGradientBackend(built);
  }

  /**
   * One node's layers applied to concrete tensors (BN on running statistics, dropout the identity);
   * with `pre`, the value before its final ReLU too (ops/pre-relu.ts).
   */
  private applyNode(n: AnalysedNode, ins: tf.Tensor[], pre = false): { out: tf.Tensor; pre?: tf.Tensor } {
    const rec = this.built.layers.get(n.id)!;
    const layer = (name: string) => this.built.model.getLayer(name);
    let x: tf.Tensor | tf.Tensor[] = n.kind === 'concat' || n.kind === 'add' ? ins : ins[0]!;
    if (rec.pad) x = layer(rec.pad).apply(x, { training: false }) as tf.Tensor;
    const input = x;
    x = layer(rec.main).apply(x, { training: false }) as tf.Tensor;
    if (rec.bn) x = layer(rec.bn).apply(x, { training: false }) as tf.Tensor;
    let before: tf.Tensor | undefined;
    if (pre) before = rec.act ? x : this.fusedLinear(n, rec.main, input as tf.Tensor);
    if (rec.act) x = layer(rec.act).apply(x, { training: false }) as tf.Tensor;
    return before ? { out: x, pre: before } : { out: x };
  }

  /** A conv or dense layer with a fused ReLU, computed without it: W·x + b from its own weights. */
  private fusedLinear(n: AnalysedNode, name: string, x: tf.Tensor): tf.Tensor {
    const [kernel, bias] = this.built.model.getLayer(name).getWeights();
    const op = n.layer?.op;
    let y: tf.Tensor;
    if (op === 'conv') {
      const l = n.layer as { strides: [number, number]; padding: string };
      y = tf.conv2d(
        x as tf.Tensor4D,
        kernel as tf.Tensor4D,
        l.strides,
        l.padding === 'same' ? 'same' : 'valid',
      );
    } else if (op === 'dense') {
      y = tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
    } else {
      throw new GradientRequestError(`'${n.id}' has no value before a ReLU.`);
    }
    return bias ? tf.add(y, bias) : y;
  }

  /**
   * The forward pass; `deltas` are added to the named nodes' values (zeros: the identity). With
   * `preOf`, that node's value before its final ReLU is kept too, under preKey(preOf).
   */
  private run(x: tf.Tensor, deltas: Map<string, tf.Tensor>, preOf?: string): Map<string, tf.Tensor> {
    const values = new Map<string, tf.Tensor>();
    for (const n of this.nodes) {
      let v: tf.Tensor;
      if (n.kind === 'input') v = x;
      else {
        const r = this.applyNode(
          n,
          n.inputs.map((id) => values.get(id)!),
          n.id === preOf,
        );
        v = r.out;
        if (r.pre) values.set(preKey(n.id), r.pre);
      }
      const d = deltas.get(n.id);
      if (d) v = tf.add(v, d);
      values.set(n.id, v);
    }
    return values;
  }

  private node(id: string): AnalysedNode {
    const n = this.byId.get(id);
    if (!n) throw new GradientRequestError(`The network ${this.analysis.spec.id} has no node '${id}'.`);
    return n;
  }

  private inputTensor(input: Float32Array, batch: number): tf.Tensor {
    const shape = [batch, ...this.inputNode.outShape];
    const size = shape.reduce((a, b) => a * b, 1);
    if (input.length !== size) {
      throw new GradientRequestError(
        `The image batch has ${input.length} values, but ${batch} image(s) of ${this.inputNode.outShape.join('×')} need ${size}.`,
      );
    }
    return tf.tensor(input, shape, 'float32');
  }

  /** The target as one value per batch item, [N]. */
  private objective(t: GradTarget, values: Map<string, tf.Tensor>): tf.Tensor {
    const channelsOf = (n: AnalysedNode, c: number) => {
      const channels = n.outShape[n.outShape.length - 1]!;
      if (!Number.isInteger(c) || c < 0 || c >= channels)
        throw new GradientRequestError(`Channel ${c} is out of range: '${n.id}' has ${channels} channels.`);
    };
    if (t.kind === 'logit') {
      const logits = values.get(this.logitsId)!;
      const classes = logits.shape[1]!;
      if (!Number.isInteger(t.classIndex) || t.classIndex < 0 || t.classIndex >= classes)
        throw new GradientRequestError(
          `Class ${t.classIndex} is out of range: the network has ${classes} classes.`,
        );
      return tf.squeeze(tf.slice(logits, [0, t.classIndex], [-1, 1]), [1]);
    }
    const n = this.node(t.node);
    const v = values.get(t.preRelu ? preKey(n.id) : n.id)!;
    const spatial = v.rank === 4 ? [1, 2] : [];
    const mean = (u: tf.Tensor) => (spatial.length ? tf.mean(u, spatial) : u);
    switch (t.kind) {
      case 'channel': {
        channelsOf(n, t.channel);
        const c = tf.slice(
          v,
          [...v.shape.slice(0, -1).map(() => 0), t.channel],
          [...v.shape.slice(0, -1).map(() => -1), 1],
        );
        return tf.reshape(mean(c), [v.shape[0]!]);
      }
      case 'neuron': {
        channelsOf(n, t.channel);
        if (v.rank !== 4) return tf.reshape(tf.slice(v, [0, t.channel], [-1, 1]), [v.shape[0]!]);
        const [h, w] = [v.shape[1]!, v.shape[2]!];
        if (t.y < 0 || t.y >= h || t.x < 0 || t.x >= w || !Number.isInteger(t.y) || !Number.isInteger(t.x))
          throw new GradientRequestError(`Unit (${t.y}, ${t.x}) is outside '${n.id}', which is ${h}×${w}.`);
        return tf.reshape(tf.slice(v, [0, t.y, t.x, t.channel], [-1, 1, 1, 1]), [v.shape[0]!]);
      }
      case 'direction': {
        const channels = v.shape[v.rank - 1]!;
        if (t.vector.length !== channels)
          throw new GradientRequestError(
            `The direction has ${t.vector.length} values; '${n.id}' has ${channels} channels.`,
          );
        return mean(tf.sum(tf.mul(v, tf.tensor1d(t.vector)), -1));
      }
      case 'l2':
        return tf.mean(
          tf.square(v),
          v.shape.slice(1).map((_, i) => i + 1),
        );
    }
  }

  async gradient(req: GradRequest): Promise<GradResult> {
    req.signal?.throwIfAborted();
    const wrt = req.wrt ?? ['input'];
    const keep = req.keep ?? [];
    const nodeWrt = wrt.filter((id) => id !== 'input');
    for (const id of [...nodeWrt, ...keep]) this.node(id);
    const t = req.target;
    if (t.kind !== 'logit') this.node(t.node);
    const preOf = t.kind !== 'logit' && t.preRelu ? t.node : undefined;
    if (preOf && !endsInRelu(this.node(preOf)))
      throw new GradientRequestError(`'${preOf}' does not end in a ReLU, so it has no value before one.`);

    const x = this.inputTensor(req.input, req.batch);
    const zeros = nodeWrt.map((id) => tf.zeros([req.batch, ...this.node(id).outShape]));
    const kept: tf.Tensor[] = [];
    let objective: tf.Tensor | undefined;
    let logits: tf.Tensor | undefined;
    const keptValues = new Map<string, tf.Tensor>();
    try {
      const f = (...args: tf.Tensor[]): tf.Scalar => {
        const [xv, ...ds] = args;
        const values = this.run(xv!, new Map(nodeWrt.map((id, i) => [id, ds[i]!])), preOf);
        const obj = this.objective(req.target, values);
        objective = tf.keep(tf.clone(obj));
        kept.push(objective);
        if (req.logits) {
          logits = tf.keep(tf.clone(values.get(this.logitsId)!));
          kept.push(logits);
        }
        for (const id of keep) {
          const k = tf.keep(tf.clone(values.get(id)!));
          kept.push(k);
          keptValues.set(id, k);
        }
        // δ·0 keeps every δ on the path to the objective, so a node the target does not depend on gets a zero gradient.
        const tie = ds.map((d) => tf.mul(tf.sum(d), 0));
        return tf.addN([tf.sum(obj), ...tie]) as tf.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(f)([x, ...zeros]);
      kept.push(value, ...grads);
      req.signal?.throwIfAborted();
      const out: GradResult = {
        objective: (await objective!.data()) as Float32Array,
        grads: {},
        values: {},
      };
      if (logits) out.logits = await host(logits);
      if (wrt.includes('input')) out.grads.input = await host(grads[0]!);
      for (let i = 0; i < nodeWrt.length; i++) out.grads[nodeWrt[i]!] = await host(grads[i + 1]!);
      for (const [id, v] of keptValues) out.values[id] = await host(v);
      return out;
    } finally {
      tf.dispose([x, ...zeros, ...kept]);
    }
  }

  /** ∇ₓ Σ node(x) ⊙ cotangent: a vector–Jacobian product seeded at the node (feature vis's diversity). */
  async nodeVjp(req: NodeVjpRequest): Promise<HostArray> {
    req.signal?.throwIfAborted();
    const n = this.node(req.node);
    const shape = [req.batch, ...n.outShape];
    if (req.cotangent.length !== shape.reduce((x, y) => x * y, 1))
      throw new GradientRequestError(
        `The cotangent has ${req.cotangent.length} values; '${n.id}' for ${req.batch} image(s) has ${shape.join('×')}.`,
      );
    const x = this.inputTensor(req.input, req.batch);
    const cot = tf.tensor(req.cotangent, shape, 'float32');
    const g = tf.tidy(() =>
      tf.grad((xv: tf.Tensor) => tf.sum(tf.mul(this.run(xv, new Map()).get(n.id)!, cot)))(x),
    );
    try {
      return await host(g);
    } finally {
      tf.dispose([x, cot, g]);
    }
  }

  async forward(
    input: Float32Array,
    batch: number,
    keep: readonly string[],
    signal?: AbortSignal,
  ): Promise<ForwardResult> {
    signal?.throwIfAborted();
    for (const id of keep) this.node(id);
    const x = this.inputTensor(input, batch);
    const outs = tf.tidy(() => {
      const values = this.run(x, new Map());
      return [values.get(this.logitsId)!, ...keep.map((id) => values.get(id)!)].map((t) => tf.clone(t));
    });
    try {
      const values: Record<string, HostArray> = {};
      for (let i = 0; i < keep.length; i++) values[keep[i]!] = await host(outs[i + 1]!);
      const logits = await host(outs[0]!);
      signal?.throwIfAborted();
      return { logits, values };
    } finally {
      tf.dispose([x, ...outs]);
    }
  }

  dispose(): void {
    this.built.model.dispose();
  }
}

export const createTfjsGradientBackend: GradientBackendFactory = async (analysis, weights) =>
  TfjsGradientBackend.create(analysis, weights);
