/**
 * One forward + backward to the input (what saliency, Grad-CAM, feature visualisation and DeepDream
 * repeat): the app's backward graph on ONNX Runtime, as the gradient services build it (the weights
 * built in as constants), against PyTorch autograd on the same network (the app's own model.py for
 * the spec, the same random weights), batch 1, BN in inference mode, the gradient of one class logit. Both on 2 threads, interleaved in rounds (a block of BLOCK runs of
 * each, the first of each block not counted) so load from other processes hits both alike. PyTorch
 * runs in a child process that times its own runs on request. Writes bench/results/backward.json.
 *
 * Env: BENCH_RUNS (default 15 per engine), BENCH_NETS (comma list of ids).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { analyse } from '../src-main/analysis/analyse.js';
import { weightMapTensors } from '../src-main/engine/export-training/project.js';
import { IO_PY } from '../src-main/engine/export-training/python/io-py.js';
import { torchModelSource } from '../src-main/engine/export-training/torch-model.js';
import { buildTrainingGraph } from '../src-main/engine/onnx/backward/graph.js';
import { TrainingSession } from '../src-main/engine/onnx/backward/run.js';
import { randomWeights } from '../src-main/engine/onnx/weights.js';
import { writeSafetensors } from '../src-main/engine/weights/safetensors.js';
import type { NetworkId } from '../src-main/shared/spec.js';
import { buildNetwork } from '../src-main/zoo/index.js';
import { median, writeResult } from './machine.js';

const THREADS = 2;
process.env.INCEPTION_ORT_THREADS = String(THREADS);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BLOCK = 3;
const NETS: NetworkId[] = ['googlenet', 'inception_v3'];

/** Answers "run K" with K timings (ms) of forward + backward to the input, one JSON line. */
const TORCH_PY = String.raw`
import json, sys, time, torch
d = sys.argv[1]
sys.path.insert(0, d)
import model, inception_io as io
torch.set_num_threads(int(sys.argv[2]))
net = model.Net(aux=False).eval()
tensors, _ = io.load_safetensors(d + "/weights.safetensors")
io.load_app_state(net, model.PARAM_LAYERS, tensors)
for p in net.parameters():
    p.requires_grad_(False)
H, W, C = model.NETWORK["input"]
x0 = torch.rand(1, C, H, W) * 2 - 1

def once():
    x = x0.clone().requires_grad_(True)
    net(x)[:, 0].sum().backward()
    return x.grad

once()
print(json.dumps({"torch": torch.__version__}), flush=True)
for line in sys.stdin:
    k = int(line.split()[1])
    ms = []
    for _ in range(k):
        t = time.perf_counter()
        once()
        ms.append(round((time.perf_counter() - t) * 1000, 1))
    print(json.dumps(ms), flush=True)
`;

class TorchChild {
  private lines: AsyncIterableIterator<string>;
  private constructor(private proc: ReturnType<typeof spawn>) {
    this.lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  }
  static async start(dir: string): Promise<{ child: TorchChild; version: string }> {
    const proc = spawn('/usr/bin/python3', ['-c', TORCH_PY, dir, String(THREADS)], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, OMP_NUM_THREADS: String(THREADS) },
    });
    const child = new TorchChild(proc);
    const first = await child.next();
    return { child, version: (JSON.parse(first) as { torch: string }).torch };
  }
  private async next(): Promise<string> {
    const r = await this.lines.next();
    if (r.done) throw new Error('the PyTorch process ended early');
    return r.value;
  }
  async run(k: number): Promise<number[]> {
    this.proc.stdin!.write(`run ${k}\n`);
    return JSON.parse(await this.next()) as number[];
  }
  stop(): void {
    this.proc.stdin!.end();
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const summary = (ms: number[]) => ({
  medianMs: r1(median(ms)),
  p25Ms: r1([...ms].sort((a, b) => a - b)[Math.floor(ms.length / 4)]!),
  ms,
});

const wanted = process.env.BENCH_NETS?.split(',');
const rows: Record<string, unknown>[] = [];
let torchVersion = '';
const startLoad = loadavg().map((x) => Math.round(x * 100) / 100);
for (const id of NETS.filter((n) => !wanted || wanted.includes(n))) {
  const a = analyse(buildNetwork(id));
  const weights = randomWeights(a, 1, false);
  const t0 = performance.now();
  const graph = buildTrainingGraph(a, {
    batch: 1,
    bnMode: 'eval',
    includeAux: false,
    objective: { kind: 'target', target: { kind: 'logit', classIndex: 0 } },
    weightDecay: 0,
    wrt: { params: false, input: true },
    frozen: weights,
  });
  const buildMs = Math.round(performance.now() - t0);
  const t1 = performance.now();
  const session = await TrainingSession.create(graph, { provider: 'cpu' });
  const sessionMs = Math.round(performance.now() - t1);
  const [h, w, c] = a.spec.variant.input;
  const feeds: Record<string, Float32Array> = {};
  feeds[graph.inputs.image] = Float32Array.from({ length: h * w * c }, (_, i) => Math.sin(i * 0.37));
  const ort = () => session.run(feeds);

  const dir = mkdtempSync(join(tmpdir(), 'backward-bench-'));
  writeFileSync(join(dir, 'model.py'), torchModelSource(a).source);
  writeFileSync(join(dir, 'inception_io.py'), IO_PY);
  writeFileSync(join(dir, 'weights.safetensors'), writeSafetensors(weightMapTensors(weights)));
  const { child, version } = await TorchChild.start(dir);
  torchVersion = version;
  await ort();
  const ms = { ort: [] as number[], torch: [] as number[] };
  while (ms.ort.length < RUNS) {
    for (let i = 0; i <= BLOCK; i++) {
      const s = performance.now();
      await ort();
      if (i > 0) ms.ort.push(r1(performance.now() - s));
    }
    ms.torch.push(...(await child.run(BLOCK + 1)).slice(1));
  }
  child.stop();
  session.dispose();
  rmSync(dir, { recursive: true, force: true });
  const o = summary(ms.ort);
  const t = summary(ms.torch);
  const row = {
    network: `${id} (${a.spec.flavour})`,
    input: a.spec.variant.input,
    modelBytes: graph.model.length,
    ort: { threads: THREADS, buildGraphMs: buildMs, sessionMs, ...o },
    pytorch: { version, threads: THREADS, ...t },
    ratio: Math.round((o.medianMs / t.medianMs) * 100) / 100,
    ratioP25: Math.round((o.p25Ms / t.p25Ms) * 100) / 100,
  };
  rows.push(row);
  console.log(`${row.network}: ORT ${o.medianMs} ms, PyTorch ${t.medianMs} ms (ORT/PyTorch ${row.ratio})`);
}

writeResult('backward', {
  description:
    'One forward + backward to the input (gradient of class 0 logit), batch 1, BN in inference mode, random ' +
    "He-uniform weights (seed 1). ORT: the app's backward graph (buildTrainingGraph), onnxruntime-node CPU, " +
    "2 intra-op threads. PyTorch: autograd on the app's model.py of the same spec and weights, 2 threads, " +
    'parameters not requiring grad. Interleaved in rounds of 4 runs each, the first of each block not counted.',
  goal: 'ORT ≤ 1.2 × PyTorch',
  runs: RUNS,
  pytorch: torchVersion,
  loadAverage: { start: startLoad, end: loadavg().map((x) => Math.round(x * 100) / 100) },
  rows,
});
