/**
 * Inference latency at batch 1 for every full-size network on every engine/backend available here
 * (median of 5 runs after one warm-up), and the cost of capturing every node's activation (the app's
 * activation pass: every node out, per-channel stats; 8-bit coding happens later, per node on request) against plain inference. Where python3-torch is installed,
 * the same networks in PyTorch in the same run (torchvision's googlenet/inception_v3, the fixture
 * generator's timm-form inception_v4/inception_resnet_v2), printed as a ratio. Random weights.
 * Writes bench/results/infer.json. Filter networks: `node --import tsx bench/infer.bench.ts inception_v3`.
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { analyse } from '../src-main/analysis/analyse.js';
import type { Analysis } from '../src-main/shared/analysis-types.js';
import { runActivationPass, type ActivationEngine } from '../src-main/engine/activations/pass.js';
import { TfjsActivationRunner } from '../src-main/engine/activations/tfjs-runner.js';
import { initBackend } from '../src-main/engine/backends.js';
import { OrtEngine, type HostTensor } from '../src-main/engine/onnx/backend.js';
import type { RunnableNetwork } from '../src-main/engine/onnx/inference.js';
import { randomWeights } from '../src-main/engine/onnx/weights.js';
import { buildNetwork, listZoo } from '../src-main/zoo/index.js';
import { median, writeResult } from './machine.js';

const RUNS = 5;
const filter = process.argv.slice(2);
const nets = listZoo().filter((e) => filter.length === 0 || filter.includes(e.id));

async function time(f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await f();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

/** Like time(), for a function that measures the part worth timing itself and returns its ms. */
async function timeInner(f: () => Promise<number>): Promise<number> {
  await f();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await f());
  return median(xs);
}

interface Row {
  network: string;
  flavour: string;
  input: number;
  engine: string;
  plainMs?: number;
  activationsMs?: number;
  /** activationsMs / plainMs. */
  overhead?: number;
  /** ORT: after a pass, fetching and coding the first node shown (one re-run codes a window of nodes). */
  firstNodeMs?: number;
  /** ORT: a pass plus every node fetched and coded (a full dump). */
  everyNodeMs?: number;
  nodes?: number;
  note?: string;
}

const rows: Row[] = [];
const input = (a: Analysis): HostTensor => {
  const [h, w, c] = a.spec.variant.input;
  const data = new Float32Array(h * w * c);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37);
  return { shape: [1, h, w, c], data };
};

let ort: OrtEngine | null = null;
try {
  ort = await OrtEngine.create();
} catch (e) {
  console.log(`onnxruntime: not available (${(e as Error).message})`);
}
const tfjs = await initBackend({ force: 'wasm' }).catch(() => null);

for (const e of nets) {
  const a = analyse(buildNetwork(e.id));
  const weights = randomWeights(a, 1, false);
  const x = input(a);
  const base = { network: e.id, flavour: a.spec.flavour, input: a.spec.variant.input[0]! };
  let runner: TfjsActivationRunner | undefined;
  const net: RunnableNetwork = {
    analysis: a,
    weightsVersion: `bench:${e.id}`,
    weights: () => weights,
    tfjs: {
      infer: (i) => (runner ??= TfjsActivationRunner.create(a, weights)).infer(i),
      activations: (i, ids) => (runner ??= TfjsActivationRunner.create(a, weights)).activations(i, ids),
    },
  };
  const pass = (eng: ActivationEngine) =>
    runActivationPass(eng, net, x, { id: 'bench', weightsLabel: '', preprocessing: '' });
  if (ort) {
    const o = ort;
    const plainMs = await time(() => o.infer(net, x));
    const eng: ActivationEngine = {
      activationPass: async (n, i, s) => ({ result: await o.pass(n, i, s), engine: 'onnxruntime' }),
    };
    const activationsMs = await time(() => pass(eng));
    // What the viewer waits for after the pass: the first node it shows (a re-run that codes a window),
    // and, for comparison, every node coded at once (what a full dump costs).
    const mid = a.nodes.filter((n) => !n.aux && n.outShape.length === 3)[40]!.id;
    const firstNodeMs = await timeInner(async () => {
      const run = await pass(eng);
      const t0 = performance.now();
      await run.nodes.get(mid);
      return performance.now() - t0;
    });
    const everyNodeMs = await time(async () => {
      const run = await pass(eng);
      await run.nodes.load(run.order);
    });
    rows.push({
      ...base,
      engine: `onnxruntime ${o.status.version} ${o.status.provider}`,
      plainMs,
      activationsMs,
      overhead: activationsMs / plainMs,
      firstNodeMs,
      everyNodeMs,
      nodes: a.nodes.filter((n) => !n.aux).length,
    });
    o.invalidate(net);
  }
  if (tfjs) {
    const eng: ActivationEngine = {
      activationPass: async (n, i, s) => ({
        result: { tensors: await n.tfjs.activations(i, undefined, s), measured: {} },
        engine: 'tfjs',
      }),
    };
    const plainMs = await time(() => net.tfjs.infer(x));
    const activationsMs = await time(() => pass(eng));
    rows.push({
      ...base,
      engine: `tfjs ${tfjs.active}`,
      plainMs,
      activationsMs,
      overhead: activationsMs / plainMs,
      nodes: a.nodes.filter((n) => !n.aux).length,
    });
    runner?.dispose();
    if (tf.memory().numTensors > 10)
      console.log(`warning: ${tf.memory().numTensors} tfjs tensors still allocated`);
  }
  rows.push({
    ...base,
    engine: 'tfjs cpu',
    note: 'not run: pure JS is ~40× slower than wasm (Inception-v3 ~20 s per image); five runs per network would take minutes',
  });
  const last = rows.filter((r) => r.network === e.id && r.plainMs);
  for (const r of last)
    console.log(
      `${e.id.padEnd(20)} ${r.engine.padEnd(26)} plain ${r.plainMs!.toFixed(1).padStart(7)} ms   activation pass ${r.activationsMs!.toFixed(1).padStart(7)} ms   ×${r.overhead!.toFixed(2)}${r.firstNodeMs !== undefined ? `   first node +${r.firstNodeMs.toFixed(1)} ms   every node coded ${r.everyNodeMs!.toFixed(1)} ms` : ''}`,
    );
}

// PyTorch, same machine and run: median of 5 after a warm-up, torch.set_num_threads = cores.
const PY = `
import importlib.util, json, os, sys, time, torch, torchvision
spec = importlib.util.spec_from_file_location('mf', os.path.join(sys.argv[1], 'test', 'fixtures', 'make-fixtures.py'))
mf = importlib.util.module_from_spec(spec); spec.loader.exec_module(mf)
torch.set_num_threads(os.cpu_count())
models = {
  'googlenet': (lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False), 224),
  'inception_v3': (lambda: torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False), 299),
  'inception_v4': (lambda: mf.InceptionV4(), 299),
  'inception_resnet_v2': (lambda: mf.InceptionResnetV2(), 299),
}
out = {}
for name in sys.argv[2].split(','):
  if name not in models: continue
  make, size = models[name]
  m = make().eval(); x = torch.rand(1, 3, size, size)
  with torch.no_grad():
    m(x); ts = []
    for _ in range(5):
      t0 = time.perf_counter(); m(x); ts.append((time.perf_counter() - t0) * 1000)
  out[name] = sorted(ts)[2]
print(json.dumps({'torch': torch.__version__, 'ms': out}))
`;
const root = new URL('..', import.meta.url).pathname;
const py = spawnSync('/usr/bin/python3', ['-c', PY, root, nets.map((e) => e.id).join(',')], {
  encoding: 'utf8',
  maxBuffer: 1 << 20,
});
let torch: { torch: string; ms: Record<string, number> } | null = null;
if (py.status === 0) {
  torch = JSON.parse(py.stdout.trim().split('\n').pop()!) as { torch: string; ms: Record<string, number> };
  for (const [network, ms] of Object.entries(torch.ms)) {
    rows.push({
      network,
      flavour: network === 'googlenet' ? 'torchvision' : 'released',
      input: network === 'googlenet' ? 224 : 299,
      engine: `pytorch ${torch.torch}`,
      plainMs: ms,
    });
    const ours = rows.find((r) => r.network === network && r.engine.startsWith('onnxruntime'));
    // googlenet's default flavour here is the paper's; PyTorch runs torchvision's (same widths, 3×3 in the 5×5 branch).
    if (ours)
      console.log(
        `${network.padEnd(20)} pytorch ${ms.toFixed(1)} ms; app plain / pytorch = ×${(ours.plainMs! / ms).toFixed(2)}, app activation pass / pytorch = ×${(ours.activationsMs! / ms).toFixed(2)}`,
      );
  }
} else {
  console.log(`pytorch: not run (${(py.stderr || 'python3-torch not installed').trim().split('\n').pop()})`);
}

writeResult('infer', {
  what:
    'batch-1 latency, random weights, default flavour of each network; median of 5 after a warm-up. ' +
    'activationsMs: the activation pass the viewer waits for (every node measured: shape and channel stats; on ORT ' +
    'in the graph, with the vectors returned). firstNodeMs: then the first feature map shown (one re-run that codes ' +
    'a window of 24 nodes). everyNodeMs: a pass plus every node fetched and coded to 8 bits, as a full dump does.',
  runs: RUNS,
  rows,
  pytorch: torch ? torch.torch : null,
  notes: [
    "activationsMs is the app's activation pass: every inference node as an output with exact per-channel stats (nodes are coded to uint8 lazily, when the renderer asks for one)",
    "googlenet: the app runs its default (paper) flavour; the PyTorch row is torchvision's googlenet",
  ],
});
ort?.dispose();
