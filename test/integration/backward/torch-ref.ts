/**
 * PyTorch autograd as the reference for the backward graph: the app's own model.py writer
 * (export-training/torch-model.ts) builds the network, the app's weights go in through the project's
 * inception_io.py (safetensors, the app's names), and torch differentiates the same objective in
 * float64: smoothed cross-entropy of every head (aux weighted), L2 weight decay on conv/dense kernels,
 * BN in training mode, dropout with the masks the ONNX graph is fed. Gradients come back by the app's
 * names in TensorFlow layout ('<node id>/<kind>', conv HWIO), plus 'input' (NHWC).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { weightMapTensors } from '../../../src-main/engine/export-training/project.js';
import { IO_PY } from '../../../src-main/engine/export-training/python/io-py.js';
import { moduleKey, torchModelSource } from '../../../src-main/engine/export-training/torch-model.js';
import type { WeightMap } from '../../../src-main/engine/onnx/weights.js';
import { readSafetensors, writeSafetensors } from '../../../src-main/engine/weights/safetensors.js';
import type { FileTensors } from '../../../src-main/engine/weights/types.js';
import { runPython, torchPython } from '../../support/python.js';

const GRADS_PY = String.raw`
import json, sys, torch
import torch.nn.functional as F
from torch import nn
d = sys.argv[1]
sys.path.insert(0, d)
import model, inception_io as io
cfg = json.load(open(d + "/cfg.json"))
torch.set_num_threads(cfg["threads"])
net = model.Net(aux=cfg["aux"])
tensors, _ = io.load_safetensors(d + "/weights.safetensors")
io.load_app_state(net, model.PARAM_LAYERS, tensors)
DT = torch.float64 if cfg.get("dtype", "float64") == "float64" else torch.float32
net = net.to(DT).train()
feeds, _ = io.load_safetensors(d + "/feeds.safetensors")


class Mask(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        return x * self.m.reshape(x.shape)


for key, name in cfg["masks"].items():
    net.layers[key] = Mask(feeds[name].to(DT))
N, H, W, C = cfg["image"]
x = feeds["image"].to(DT).reshape(N, H, W, C).permute(0, 3, 1, 2).contiguous().requires_grad_(True)
t = feeds["targets"].to(DT)
out = net(x)
logits, aux = out if isinstance(out, tuple) else (out, {})
ce = lambda z: -(t * F.log_softmax(z, 1)).sum(1).mean()
loss = ce(logits)
for head, z in aux.items():
    loss = loss + cfg["auxWeights"].get(head, 0.0) * ce(z)
lam = cfg["weightDecay"]
if lam > 0:
    for node_id, key, op, *_ in model.PARAM_LAYERS:
        if key in net.layers:
            m = net.layers[key]
            loss = loss + lam / 2 * ((m.conv if op == "conv" else m.fc).weight ** 2).sum()
loss.backward()
g = {"input": x.grad.permute(0, 2, 3, 1), "loss": loss.detach().reshape(1)}
for node_id, key, op, bias, bn_scale, _head in model.PARAM_LAYERS:
    if key not in net.layers:
        continue
    m = net.layers[key]
    lin = m.conv if op == "conv" else m.fc
    g[node_id + "/kernel"] = lin.weight.grad.permute(2, 3, 1, 0) if op == "conv" else lin.weight.grad.t()
    if bias:
        g[node_id + "/bias"] = lin.bias.grad
    if bn_scale is not None:
        if bn_scale:
            g[node_id + "/gamma"] = m.bn.weight.grad
        g[node_id + "/beta"] = m.bn.bias.grad
io.save_safetensors(d + "/grads.safetensors", g)
`;

export interface TorchCase {
  analysis: Analysis;
  weights: WeightMap;
  batch: number;
  images: Float32Array;
  targets: Float32Array;
  /** Dropout node id → keep mask (already scaled), NCHW as the ONNX graph takes it. */
  masks: Record<string, Float32Array>;
  includeAux: boolean;
  auxWeights: Record<string, number>;
  weightDecay: number;
  threads?: number;
  /** The reference's precision (float64 unless a test measures PyTorch's own float32 error). */
  dtype?: 'float64' | 'float32';
}

/** Loss and gradients by PyTorch autograd (float64), by the app's names. */
export function torchGradients(c: TorchCase): { loss: number; grads: FileTensors } {
  const dir = mkdtempSync(join(tmpdir(), 'backward-torch-'));
  try {
    const src = torchModelSource(c.analysis);
    writeFileSync(join(dir, 'model.py'), src.source);
    writeFileSync(join(dir, 'inception_io.py'), IO_PY);
    writeFileSync(join(dir, 'weights.safetensors'), writeSafetensors(weightMapTensors(c.weights)));
    const [h, w, ch] = c.analysis.spec.variant.input;
    const feeds = [
      { name: 'image', shape: [c.images.length], data: c.images },
      { name: 'targets', shape: [c.batch, c.targets.length / c.batch], data: c.targets },
      ...Object.entries(c.masks).map(([id, m]) => ({ name: `mask:${id}`, shape: [m.length], data: m })),
    ];
    writeFileSync(join(dir, 'feeds.safetensors'), writeSafetensors(feeds));
    const cfg = {
      threads: c.threads ?? 1,
      dtype: c.dtype ?? 'float64',
      aux: c.includeAux,
      image: [c.batch, h, w, ch],
      auxWeights: c.auxWeights,
      weightDecay: c.weightDecay,
      masks: Object.fromEntries(Object.keys(c.masks).map((id) => [moduleKey(id), `mask:${id}`])),
    };
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify(cfg));
    runPython(torchPython(), GRADS_PY, [dir], { cwd: dir });
    const grads = readSafetensors(readFileSync(join(dir, 'grads.safetensors'))).tensors;
    return { loss: grads.get('loss')!.data[0]!, grads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** max |a − b| (Infinity when the sizes differ). */
export function maxDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  return diff;
}

export const maxAbs = (a: Float32Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
