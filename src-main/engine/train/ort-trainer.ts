/**
 * The ONNX Runtime trainer: the same step as trainer.ts (data order, augmentation, micro-batches,
 * seeded dropout, smoothed cross-entropy with weighted aux heads, clipped optimizer update, batch-norm
 * running averages, validation and checkpoints), with the forward and backward pass run by one ONNX
 * session of the training graph (onnx/backward) and the optimizer on Float32Arrays (optimizer-js.ts).
 *
 * Batch norm's running averages follow Keras' BatchNormalization as the tfjs trainer has them:
 * moving ← moving − (moving − batch)·(1 − momentum), once per micro-batch, batch variance biased.
 */
import type * as OrtTypes from 'onnxruntime-node';
import type { Analysis } from '../../shared/analysis-types.js';
import type { TrainingGraph, TrainingGraphOptions } from '../onnx/backward/types.js';
import { sessionOptions, type Ort, type OrtProvider } from '../onnx/ort.js';
import { BatchOrder, makeBatch, type PreparedData } from '../data/pipeline.js';
import { deriveSeed } from '../data/rng.js';
import { smoothedTargets, topKErrors } from './losses.js';
import { JsOptimizer, type JsParam } from './optimizer-js.js';
import { GraphLayoutWeights, linkParams, maskFeeds, type ParamLink } from './ort-feeds.js';
import type { OrtNet } from './ort-net.js';
import { learningRate } from './recipe.js';
import { checkpointSlots, finishStep, packCheckpoint, valRecord, type RunTrainer } from './run-trainer.js';
import type { CheckpointData } from './store.js';
import type { TrainerConfig } from './trainer.js';
import { queueRecord, TELEMETRY_EVERY } from './telemetry.js';
import { OrtTelemetry } from './ort-telemetry.js';
import type { StepRecord, ValRecord } from './types.js';

export type TrainingGraphBuilder = (
  analysis: Analysis,
  opts: TrainingGraphOptions,
) => TrainingGraph | Promise<TrainingGraph>;

export interface OrtTrainerDeps {
  ort: Ort;
  provider: OrtProvider;
  build: TrainingGraphBuilder;
  /** Runs training at once on this machine (sessionOptions shares the cores among them). */
  share?: number;
}

interface Compiled {
  graph: TrainingGraph;
  session: OrtTypes.InferenceSession;
  links: ParamLink[];
}

export class OrtTrainer implements RunTrainer {
  readonly engine = 'onnxruntime' as const;
  step = 0;
  wall = 0;
  readonly order: BatchOrder;
  readonly optimizer: JsOptimizer;
  stepTime = 0;
  /** Per aux head (net.aux order): its weight in the loss, 0 when left out. */
  private readonly auxWeights: number[];
  private readonly sessions = new Map<string, Promise<Compiled>>();
  private readonly telemetry: OrtTelemetry;
  private readonly layout: GraphLayoutWeights;

  private constructor(
    readonly net: OrtNet,
    readonly data: PreparedData,
    readonly cfg: TrainerConfig,
    private readonly deps: OrtTrainerDeps,
  ) {
    this.order = new BatchOrder(data.train.count, cfg.batch, cfg.seed);
    this.layout = new GraphLayoutWeights(net.weights);
    // The optimizer updates the graphs' layout (elementwise, so the layout does not change its result).
    const params = new Map<string, JsParam>(
      net.weights
        .filter((w) => w.trainable)
        .map((w) => [w.name, { data: this.layout.data(w), shape: this.layout.shape(w) }]),
    );
    this.optimizer = new JsOptimizer(cfg.recipe.optimizer, params);
    const r = cfg.recipe;
    this.auxWeights = net.aux.map((h) => (r.useAux ? (r.auxWeights[h.name] ?? h.weight) : 0));
    this.telemetry = new OrtTelemetry(net.analysis, net.weights, net.aux);
  }

  /** Builds the trainer and its training session (so a graph or provider problem shows before step 0). */
  static async create(
    net: OrtNet,
    data: PreparedData,
    cfg: TrainerConfig,
    deps: OrtTrainerDeps,
  ): Promise<OrtTrainer> {
    const t = new OrtTrainer(net, data, cfg, deps);
    await t.compiled('train', cfg.microBatch);
    return t;
  }

  get epoch(): number {
    return this.step / this.order.stepsPerEpoch;
  }

  get provider(): OrtProvider {
    return this.deps.provider;
  }

  lr(step = this.step): number {
    return learningRate(this.cfg.recipe, step, this.cfg.steps, this.order.stepsPerEpoch);
  }

  /** The session for a BN mode and batch size, built once. */
  private compiled(mode: 'train' | 'eval', batch: number): Promise<Compiled> {
    const aux = Object.fromEntries(
      this.net.aux.map((h, i) => [h.name, mode === 'train' ? this.auxWeights[i]! : 0]),
    );
    return this.compiledFor(`${mode}:${batch}`, {
      batch,
      bnMode: mode,
      // Every head runs (as in the tfjs net, whose aux BN statistics move even at weight 0).
      includeAux: this.net.aux.length > 0,
      objective: { kind: 'cross-entropy', auxWeights: aux },
      // Weight decay is the optimizer's (optimizer.ts adds λ·w to kernel gradients), as on tfjs.
      weightDecay: 0,
      wrt: { params: mode === 'train' },
    });
  }

  /** The session of a graph, built once per key. */
  private compiledFor(key: string, opts: TrainingGraphOptions): Promise<Compiled> {
    let c = this.sessions.get(key);
    if (!c) {
      c = (async () => {
        const graph = await this.deps.build(this.net.analysis, opts);
        const session = await this.deps.ort.InferenceSession.create(
          graph.model,
          sessionOptions(this.deps.provider, this.deps.share),
        );
        return { graph, session, links: linkParams(graph, this.net) };
      })();
      this.sessions.set(key, c);
      c.catch(() => this.sessions.delete(key));
    }
    return c;
  }

  private feeds(c: Compiled, x: Float32Array, y: Int32Array, seeds: ArrayLike<number> | null) {
    const { Tensor } = this.deps.ort;
    const n = y.length;
    const [h, w, ch] = this.cfg.input;
    const feeds: Record<string, OrtTypes.Tensor> = {
      [c.graph.inputs.image]: new Tensor('float32', x, [n, h, w, ch]),
    };
    if (c.graph.inputs.targets) {
      const t = smoothedTargets(y, this.cfg.classes, this.cfg.recipe.labelSmoothing);
      feeds[c.graph.inputs.targets] = new Tensor('float32', t, [n, this.cfg.classes]);
    }
    for (const l of c.links)
      feeds[l.input.name] = new Tensor('float32', this.layout.data(l.weight), l.input.shape);
    const dropSeeds = seeds ?? new Uint32Array(n);
    for (const m of maskFeeds(c.graph, this.net, this.net.analysis, dropSeeds)) {
      // No dropout outside training: an all-ones mask.
      feeds[m.name] = new Tensor('float32', seeds ? m.data : m.data.fill(1), m.dims);
    }
    return feeds;
  }

  /** Runs step `this.step` and advances. */
  async trainStep(): Promise<StepRecord> {
    const t0 = performance.now();
    const { epoch, indices } = this.order.at(this.step);
    const { input, microBatch, batch } = this.cfg;
    const b = makeBatch(this.data.train, indices, input, this.cfg.recipe.augment, this.cfg.seed, epoch);
    const per = input[0] * input[1] * input[2];
    const seeds = Uint32Array.from(indices, (i) => deriveSeed(this.cfg.seed, 'dropout', epoch, i));
    const trainable = this.net.weights.filter((w) => w.trainable);
    const sum = new Map<string, Float32Array>(
      trainable.map((w) => [w.name, new Float32Array(w.data.length)]),
    );
    let loss = 0;
    let main = 0;
    let errors = 0;
    const aux = new Array<number>(this.net.aux.length).fill(0);
    for (let s = 0; s < batch; s += microBatch) {
      const n = Math.min(microBatch, batch - s);
      const c = await this.compiled('train', n);
      const y = b.y.subarray(s, s + n);
      const out = await c.session.run(
        this.feeds(c, b.x.subarray(s * per, (s + n) * per), y, seeds.subarray(s, s + n)),
      );
      const value = (name: string) => (out[name]!.data as Float32Array)[0]!;
      const wgt = Math.fround(n / batch);
      for (const l of c.links) {
        const gName = c.graph.outputs.paramGrads[`${l.input.nodeId}:${l.input.kind}`];
        if (!gName) continue;
        const g = out[gName]!.data as Float32Array; // the graphs' layout, as the optimizer's weights
        // One micro-batch: 0 + g·1 is g itself.
        if (n === batch) {
          sum.set(l.weight.name, g);
          continue;
        }
        const acc = sum.get(l.weight.name)!;
        for (let i = 0; i < acc.length; i++) acc[i] = Math.fround(acc[i]! + Math.fround(g[i]! * wgt));
      }
      loss += value(c.graph.outputs.objective) * wgt;
      main += value(c.graph.outputs.headLosses.main!) * wgt;
      this.net.aux.forEach((h, i) => {
        const name = c.graph.outputs.headLosses[h.name];
        if (name && this.auxWeights[i]! > 0) aux[i] += value(name) * wgt;
      });
      errors += topKErrors(out[c.graph.outputs.logits!]!.data as Float32Array, y, this.cfg.classes, 1);
      this.updateMovingStats(c, out);
    }
    const lr = this.lr();
    // Per-module telemetry every few steps, from the gradients this update applies (ort-telemetry.ts).
    if (this.step % TELEMETRY_EVERY === 0) {
      const rec = await this.telemetry.record(this.step, Object.fromEntries(sum), b, per, this.auxWeights, {
        run: async (key, opts, x, y) => {
          const c = await this.compiledFor(key, opts);
          return { graph: c.graph, out: await c.session.run(this.feeds(c, x, y, null)) };
        },
      });
      queueRecord(this, rec);
    }
    const rep = this.optimizer.step(Object.fromEntries(sum), lr, this.cfg.recipe.clip);
    return finishStep(this, (performance.now() - t0) / 1000, {
      lr,
      loss,
      main,
      aux: Object.fromEntries(
        this.net.aux.flatMap((h, i) => (this.auxWeights[i]! > 0 ? [[h.name, aux[i]!]] : [])),
      ),
      errors,
      batch,
      gradNorm: rep.gradNorm,
    });
  }

  /** moving ← moving − (moving − batch)·(1 − momentum), in float32 as tfjs' doMovingAverage. */
  private updateMovingStats(c: Compiled, out: OrtTypes.InferenceSession.ReturnType): void {
    const f = Math.fround;
    const byNode = new Map(this.net.weights.map((w) => [`${w.nodeId}:${w.kind}`, w]));
    for (const st of c.graph.outputs.batchStats) {
      const decay = f(1 - (this.net.bnMomentum.get(st.nodeId) ?? 0.99));
      for (const [kind, name] of [
        ['movingMean', st.mean],
        ['movingVariance', st.variance],
      ] as const) {
        const w = byNode.get(`${st.nodeId}:${kind}`);
        if (!w) throw new Error(`batch statistics for ${st.nodeId}, which has no ${kind}`);
        const batch = out[name]!.data as Float32Array;
        for (let i = 0; i < w.data.length; i++)
          w.data[i] = f(w.data[i]! - f(f(w.data[i]! - batch[i]!) * decay));
      }
    }
  }

  /** Validation on (up to maxValImages of) the validation set, BN on its running averages. */
  async evaluate(limit = Infinity): Promise<ValRecord> {
    const { input, microBatch, classes } = this.cfg;
    const val = this.data.val;
    const n = Math.min(val.count, this.cfg.recipe.maxValImages, Math.max(1, limit));
    let loss = 0;
    let top1 = 0;
    let top5 = 0;
    const aux = new Array<number>(this.net.aux.length).fill(0);
    for (let s = 0; s < n; s += microBatch) {
      const idx = Array.from({ length: Math.min(microBatch, n - s) }, (_, i) => s + i);
      const b = makeBatch(val, idx, input, null, this.cfg.seed, 0);
      const c = await this.compiled('eval', b.n);
      const out = await c.session.run(this.feeds(c, b.x, b.y, null));
      const value = (name: string) => (out[name]!.data as Float32Array)[0]!;
      loss += value(c.graph.outputs.headLosses.main!) * b.n;
      this.net.aux.forEach((h, i) => {
        const name = c.graph.outputs.headLosses[h.name];
        if (name) aux[i] += value(name) * b.n;
      });
      const logits = out[c.graph.outputs.logits!]!.data as Float32Array;
      top1 += topKErrors(logits, b.y, classes, 1);
      if (classes > 5) top5 += topKErrors(logits, b.y, classes, 5);
    }
    return valRecord(this, {
      images: n,
      loss,
      top1,
      top5,
      aux: this.net.aux.map((h, i) => ({ name: h.name, loss: aux[i]! })),
      classes,
    });
  }

  snapshot(): CheckpointData {
    // Checkpoints hold the TensorFlow layout (either engine resumes them).
    this.layout.toRun();
    return packCheckpoint(
      { step: this.step, wall: this.wall, seed: this.cfg.seed, order: this.order },
      this.net.weights,
      this.layout.slotsToRun(this.optimizer.exportState()),
    );
  }

  restore(c: CheckpointData): void {
    const names = this.net.weights.map((w) => w.name).join('|');
    if (c.state.weights.map((w) => w.name).join('|') !== names) {
      throw new Error('the checkpoint was saved from a different network (weight names differ)');
    }
    let at = 0;
    for (const w of this.net.weights) {
      w.data.set(c.weights.subarray(at, at + w.data.length));
      at += w.data.length;
    }
    if (at !== c.weights.length) throw new Error(`weights: expected ${at} values, got ${c.weights.length}`);
    this.layout.fromRun();
    this.optimizer.importState(this.layout.slotsFromRun(checkpointSlots(c)));
    this.step = c.state.step;
    this.wall = c.state.wall;
  }

  async dispose(): Promise<void> {
    const all = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    for (const r of all) if (r.status === 'fulfilled') await r.value.session.release();
  }
}
