/**
 * Where the exported training script follows each paper and where it cannot: one row per topic, built
 * from the network's spec and the recipe the project was exported with, so the table states this
 * project's values (train.py prints it at start; the README and docs/training-distributed.md show it).
 *
 * Paper sources (ids as in docs/papers.md): P1 GoogLeNet §5–6; P2 BN-Inception §4; P3 Rethinking §7–8; P4 v4 §3.3, §4.
 */
import type { NetworkSpec } from '../../shared/spec.js';
import type { Recipe } from '../train/recipe.js';

export type Verdict = 'follows' | 'partly' | 'differs';

export interface PaperRow {
  topic: string;
  paper: string;
  script: string;
  verdict: Verdict;
}

const pct = (x: number) => `${+(x * 100).toFixed(4)} %`;

/** The papers' distributed setup, as printed. */
function cluster(spec: NetworkSpec): string {
  switch (spec.paper) {
    case 'P1':
      return 'DistBelief, asynchronous SGD on a CPU cluster (P1 §6); replica count not stated';
    case 'P2':
      return 'distributed SGD (P2 §4); replica count and synchrony not stated';
    case 'P3':
      return '50 replicas, one Kepler GPU each, batch 32, asynchronous, 100 epochs (P3 §8)';
    case 'P4':
      return '20 replicas, one Kepler GPU each, asynchronous (P4 §4)';
  }
}

export function paperTable(spec: NetworkSpec, r: Recipe, o: { emaDecay: number }): PaperRow[] {
  const rms = r.optimizer.kind === 'rmsprop';
  const later = spec.paper === 'P3' || spec.paper === 'P4';
  const rows: PaperRow[] = [];
  rows.push({
    topic: 'replicas',
    paper: cluster(spec),
    script:
      'synchronous DistributedDataParallel: gradients averaged over every process each step (torchrun; NCCL on GPUs, gloo on CPU). Asynchronous updates with stale gradients cannot be reproduced by DDP.',
    verdict: 'partly',
  });
  rows.push({
    topic: 'batch',
    paper: later ? '32 per replica' : 'not stated',
    script: `${r.batch} per process (--batch); the global batch is that × processes, so the lr may need scaling for many GPUs`,
    verdict: later && r.batch === 32 ? 'follows' : 'partly',
  });
  rows.push({
    topic: 'optimizer',
    paper: later
      ? 'RMSProp, decay 0.9, ε = 1.0 (P3 §8, P4 §4)'
      : spec.paper === 'P1'
        ? 'SGD with momentum 0.9 (P1 §6)'
        : 'SGD with momentum (P2 §4)',
    script: rms
      ? `TF1 RMSProp: decay ${r.optimizer.decay}, ε ${r.optimizer.epsilon} under the square root, mean square from ${r.optimizer.rmsInit}, momentum ${r.optimizer.momentum}`
      : `SGD, momentum ${r.optimizer.momentum} (TF MomentumOptimizer form)`,
    verdict: later === rms ? 'follows' : 'differs',
  });
  const lrPaper = later
    ? '0.045, ×0.94 every 2 epochs (P3 §8, P4 §4)'
    : spec.paper === 'P1'
      ? '−4 % every 8 epochs; initial rate not stated (P1 §6)'
      : 'higher rate, faster decay (P2 §4.2.1); values not stated';
  rows.push({
    topic: 'learning rate',
    paper: lrPaper,
    script:
      `${r.lr}, ×${r.decayRate} every ${r.decayEpochs} epochs` +
      (r.schedule === 'rescaled'
        ? `, the paper's ${r.referenceEpochs} epochs of decays spread over this run's steps`
        : r.schedule === 'constant'
          ? ', held constant'
          : ' of this run'),
    verdict: r.schedule === 'epochs' ? 'follows' : 'partly',
  });
  rows.push({
    topic: 'label smoothing',
    paper: spec.paper === 'P3' ? 'ε = 0.1, uniform prior (P3 §7)' : 'not used / not stated',
    script: r.labelSmoothing > 0 ? `ε = ${r.labelSmoothing}, (1 − ε)·δ + ε/K` : 'off',
    verdict: (spec.paper === 'P3') === r.labelSmoothing > 0 ? 'follows' : 'partly',
  });
  const heads = spec.aux.map((h) => `${h.name} ×${r.auxWeights[h.name] ?? h.lossWeight}`);
  rows.push({
    topic: 'auxiliary heads',
    paper:
      spec.paper === 'P1'
        ? 'two heads, loss weight 0.3 each, dropped at inference (P1 §5)'
        : spec.paper === 'P3'
          ? 'one BN-auxiliary head on the 17×17 grid (P3 §4, Table 3)'
          : 'none',
    script: !spec.aux.length
      ? 'none (this spec has no aux head)'
      : r.useAux
        ? `${heads.join(', ')}; training only, not in the exported logits`
        : 'built but switched off by the recipe',
    verdict: spec.aux.length > 0 === r.useAux || !spec.aux.length ? 'follows' : 'differs',
  });
  rows.push({
    topic: 'gradient clipping',
    paper:
      spec.paper === 'P3'
        ? 'threshold 2.0 (P3 §8)'
        : spec.paper === 'P4'
          ? 'used, threshold not stated (P4 §4)'
          : 'not stated',
    script:
      r.clip.kind === 'global-norm'
        ? `global L2 norm ≤ ${r.clip.threshold} (clip_grad_norm_ on the averaged gradient)`
        : 'off',
    verdict: !later
      ? r.clip.kind === 'none'
        ? 'follows'
        : 'differs'
      : spec.paper === 'P3' && r.clip.kind === 'global-norm' && r.clip.threshold === 2
        ? 'follows'
        : 'partly',
  });
  rows.push({
    topic: 'weight averaging',
    paper:
      spec.paper === 'P1'
        ? 'Polyak averaging for the final model (P1 §6)'
        : later
          ? 'evaluation with a running average of the parameters (P3 §8, P4 §4)'
          : 'not stated',
    script: `EMA, decay ${o.emaDecay} (TF's num_updates warm-up); validation and ema.safetensors use it`,
    verdict: spec.paper === 'P2' ? 'partly' : 'follows',
  });
  rows.push({
    topic: 'weight decay',
    paper: 'not stated in the paper (TF-slim scripts: 4e-5)',
    script: r.optimizer.weightDecay > 0 ? `L2 ${r.optimizer.weightDecay} on kernels` : 'off (recipe 0)',
    verdict: 'partly',
  });
  const hasBn = JSON.stringify(spec.stages).includes('"bn":');
  rows.push({
    topic: 'batch norm',
    paper: spec.paper === 'P1' ? 'none (GoogLeNet predates BN)' : 'per replica',
    script: !hasBn
      ? 'none (this spec has no BN)'
      : (r.bnMomentum !== null
          ? `per process, moving averages at ${r.bnMomentum} (Keras form)`
          : 'per process') + '; --sync-bn for SyncBatchNorm',
    verdict: 'follows',
  });
  if (spec.id === 'inception_resnet_v1' || spec.id === 'inception_resnet_v2')
    rows.push({
      topic: 'residual scale',
      paper: '0.1–0.3 (P4 §3.3)',
      script:
        r.residualScale !== null
          ? `${r.residualScale} in every block`
          : "the spec's (released 0.17 / 0.10 / 0.20)",
      verdict: 'follows',
    });
  rows.push({
    topic: 'augmentation',
    paper:
      spec.paper === 'P1'
        ? 'patches of 8–100 % area, aspect 3/4–4/3, photometric distortions (P1 §6)'
        : 'not stated (TF-slim: Inception crops and colour distortion)',
    script: `Inception crops (area ${pct(r.augment.minArea)}–100 %, aspect 3/4–4/3)${r.augment.flip ? ', mirror flips' : ''}; no photometric distortion`,
    verdict: 'partly',
  });
  rows.push({
    topic: 'precision',
    paper: 'float32',
    script: 'float16 autocast with loss scaling on CUDA (--amp off for float32); float32 on CPU',
    verdict: 'partly',
  });
  return rows;
}

/** As a Markdown table. */
export function paperTableMarkdown(rows: PaperRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| topic | paper | this script | |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.topic} | ${esc(r.paper)} | ${esc(r.script)} | ${r.verdict} |`),
  ].join('\n');
}
