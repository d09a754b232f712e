/**
 * Issue 17's round trip, with Debian's PyTorch: export a training project for a reduced Inception-v3 and
 * Inception-ResNet-v1, run it with `torchrun --nproc_per_node=2` on CPU (gloo) on MNIST, and check
 * the parameter count, the logits against the app's ONNX Runtime path in both directions (app weights
 * into the project, trained weights back into the app), that the loss falls, that the event files and
 * CSV import with the app's tags, and that two processes ran. Then the full-size Inception-v3 with its
 * aux head runs one step at batch 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { importCurves } from '../../../src-main/engine/curves/import.js';
import type { ImportedRun } from '../../../src-main/engine/curves/types.js';
import { loadProjectCheckpoint } from '../../../src-main/engine/export-training/checkpoint.js';
import { exportTrainingProject } from '../../../src-main/engine/export-training/project.js';
import { watchRunFolder } from '../../../src-main/engine/export-training/watch.js';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import type { WeightMap } from '../../../src-main/engine/onnx/weights.js';
import { loadWeights } from '../../../src-main/engine/weights/load.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { NetworkId } from '../../../src-main/shared/spec.js';
import { debianPython } from '../../support/python.js';

const py = debianPython();
const root = mkdtempSync(join(tmpdir(), 'export-training-'));
let engine: OrtEngine;
beforeAll(async () => {
  engine = await OrtEngine.create();
});
afterAll(() => {
  engine.dispose();
  rmSync(root, { recursive: true, force: true });
});

function run(args: string[], cwd: string, timeout = 300_000): string {
  const r = spawnSync(py, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONHASHSEED: '0' },
  });
  if (r.status !== 0)
    throw new Error(
      `${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`,
    );
  return r.stdout + r.stderr;
}

/** Logits of the project's model.py with an app-named weights file, in eval mode, for an NCHW input. */
const LOGITS_PY = String.raw`
import sys, torch
sys.path.insert(0, sys.argv[1])
import model, inception_io as io
net = model.Net(aux=False).eval()
tensors, meta = io.load_safetensors(sys.argv[2])
io.load_app_state(net, model.PARAM_LAYERS, tensors)
H, W, C = model.NETWORK["input"]
with open(sys.argv[3], "rb") as f:
    x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(1, C, H, W)
with torch.no_grad():
    y = net(x)
print("params", model.count_params(net))
with open(sys.argv[4], "wb") as f:
    f.write(y.contiguous().numpy().tobytes())
`;

/** A smooth deterministic image in [-1, 1]: NHWC for the app, NCHW for PyTorch. */
function image(a: Analysis): { nhwc: Float32Array; nchw: Float32Array } {
  const [h, w, c] = a.spec.variant.input;
  const nhwc = new Float32Array(h * w * c);
  const nchw = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) {
        const v = Math.sin(0.37 * (y * w + x) + k) * Math.cos(0.11 * x - 0.07 * y);
        nhwc[(y * w + x) * c + k] = v;
        nchw[k * h * w + y * w + x] = v;
      }
  return { nhwc, nchw };
}

async function appLogits(
  a: Analysis,
  weights: WeightMap,
  x: Float32Array,
  version: string,
): Promise<Float32Array> {
  const logitsId = a.nodes.find((n) => n.aux === undefined && n.layer?.op === 'dense')!.id;
  const net = { analysis: a, weightsVersion: version, weights: () => weights };
  const [h, w, c] = a.spec.variant.input;
  const got = (await engine.activations(net, { shape: [1, h, w, c], data: x }, [logitsId]))[logitsId]!;
  engine.invalidate(net);
  return got.data;
}

function torchLogits(
  dir: string,
  weightsFile: string,
  x: Float32Array,
): { logits: Float32Array; params: number } {
  const inFile = join(dir, 'input.f32');
  const outFile = join(dir, 'logits.f32');
  writeFileSync(inFile, x);
  const out = run(['-c', LOGITS_PY, dir, weightsFile, inFile, outFile], dir);
  const b = readFileSync(outFile);
  return {
    logits: new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
    params: Number(/params (\d+)/.exec(out)![1]),
  };
}

const maxDiff = (a: Float32Array, b: Float32Array) => {
  expect(b.length).toBe(a.length);
  return Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
};

const STEPS = 48;
/** Wall-clock limit for the tests that run PyTorch (a limit, not an assertion: a busy machine is slow). */
const SLOW = 900_000;

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, v) => s + v, 0) / xs.length;

const CASES: { network: NetworkId; aux: string[]; residualScale: number | null }[] = [
  { network: 'inception_v3', aux: ['aux.AuxLogits'], residualScale: null },
  // A recipe residual scale: model.py and the app's reloaded spec must both use it.
  { network: 'inception_resnet_v1', aux: [], residualScale: 0.25 },
];

describe.each(CASES)('$network, reduced (×0.125, 32 px, MNIST)', ({ network, aux, residualScale }) => {
  const variant = { network, width: 0.125, input: 32 };
  const data = { kind: 'app' as const, source: { kind: 'mnist' as const, perClass: 40 }, maxVal: 48 };

  test(
    'app weights exported into the project give the app logits in PyTorch (1e-4)',
    async () => {
      const dir = mkdtempSync(join(root, `${network}-weights-`));
      // Seeded random weights with random BN statistics, so a γ/β/mean/variance mix-up would show.
      const p = await exportTrainingProject(dir, {
        ...variant,
        data,
        steps: 1,
        init: { kind: 'weights', source: { random: 3 } },
      });
      const a = analyse(buildNetwork(network, { width: 0.125, input: 32, classes: 10 }));
      const { weights } = await loadWeights(a, { random: 3 });
      const x = image(a);
      const app = await appLogits(a, weights, x.nhwc, 'random-3');
      const t = torchLogits(dir, join(dir, 'weights/init.safetensors'), x.nchw);
      expect(t.params).toBe(a.totals.params.pytorch);
      expect(p.params).toBe(a.totals.params.pytorch);
      expect(maxDiff(app, t.logits)).toBeLessThan(1e-4);
    },
    SLOW,
  );

  test(
    'torchrun --nproc_per_node=2 (gloo) trains; curves and checkpoint come back',
    async () => {
      const dir = mkdtempSync(join(root, `${network}-train-`));
      const p = await exportTrainingProject(dir, {
        ...variant,
        data,
        steps: STEPS,
        // A constant rate (the paper's schedule rescaled to a few dozen steps would decay it 50 times) and
        // no augmentation, so a few dozen steps of 2 × 8 images show the loss falling.
        recipe: {
          batch: 8,
          schedule: 'constant',
          lr: 0.045,
          augment: { crop: false, flip: false },
          residualScale,
        },
        valEvery: 0,
        checkpointEvery: 0,
        runName: 'ci',
      });
      // --redirects/--tee 1: torch 1.13's launcher on Python 3.11 cannot parse the default 0 (Std.NONE).
      const out = run(
        [
          '-m',
          'torch.distributed.run',
          '--standalone',
          '--nproc_per_node=2',
          '--redirects',
          '1',
          '--tee',
          '1',
          'train.py',
        ],
        dir,
      );
      const a = analyse(buildNetwork(network, { width: 0.125, input: 32, classes: 10 }));
      const want = aux.length ? a.totalsWithAux.params.pytorch : a.totals.params.pytorch;
      expect(out).toContain(
        `${want.toLocaleString('en-US')} parameters in PyTorch, the app counts ${want.toLocaleString('en-US')}`,
      );
      expect(p.paramsWithAux).toBe(a.totalsWithAux.params.pytorch);

      const runDir = join(dir, 'runs', 'ci');
      const ranks = readdirSync(join(runDir, 'ranks')).map(
        (f) =>
          JSON.parse(readFileSync(join(runDir, 'ranks', f), 'utf8')) as {
            rank: number;
            world_size: number;
            pid: number;
            backend: string;
          },
      );
      expect(ranks.map((r) => r.rank).sort()).toEqual([0, 1]);
      expect(new Set(ranks.map((r) => r.pid)).size).toBe(2);
      expect(ranks.every((r) => r.world_size === 2 && r.backend === 'gloo')).toBe(true);

      // The event file and the CSV import with the app's own metric names.
      const files = readdirSync(runDir);
      const ev = files.find((f) => f.startsWith('events.out.tfevents.'))!;
      const [events] = importCurves(ev, readFileSync(join(runDir, ev)));
      const [csv] = importCurves('metrics.csv', readFileSync(join(runDir, 'metrics.csv')));
      for (const r of [events, csv] as ImportedRun[]) {
        const metrics = r.series.map((s) => s.metric);
        for (const m of ['train.loss', 'train.top1', 'lr', 'val.loss', 'val.top1', 'val.top5', ...aux])
          expect(metrics).toContain(m);
        expect(metrics).toContain('tag.images_per_sec');
        expect(r.series.find((s) => s.metric === 'train.loss')!.steps.length).toBe(STEPS);
      }
      expect(events!.format).toBe('tfevents');
      // Watching the project folder finds the run and reads its event file.
      const ctrl = new AbortController();
      const watched: ImportedRun[] = [];
      await watchRunFolder(dir, {
        signal: ctrl.signal,
        intervalMs: 200,
        onRun: (r) => {
          watched.push(r);
          ctrl.abort();
        },
      });
      expect(watched[0]).toMatchObject({ name: 'ci', format: 'tfevents' });
      expect(watched[0]!.series.find((s) => s.metric === 'train.loss')!.steps.length).toBe(STEPS);
      // The loss falls: the main head's loss over the last steps against the first (averaged over both ranks' batches).
      const main = events!.series.find((s) => s.tag === 'train.main')!.values;
      expect(mean(main.slice(-10))).toBeLessThan(mean(main.slice(0, 10)) - 0.03);
      const csvMain = csv!.series.find((s) => s.tag === 'train.main')!.values;
      expect(maxDiff(Float32Array.from(main), Float32Array.from(csvMain))).toBeLessThan(1e-5);

      // Trained weights back into the app: network and flavour recognised from the file, logits equal.
      const ckpt = join(runDir, 'checkpoints', 'model.safetensors');
      const back = await loadProjectCheckpoint(ckpt);
      expect(back.variant).toMatchObject({
        network,
        flavour: a.spec.flavour,
        width: 0.125,
        input: 32,
        classes: 10,
      });
      expect(back.variant.residualScale).toBe(residualScale ?? undefined);
      expect(back.loaded.info.kind).toBe('trained');
      const x = image(back.analysis);
      const app = await appLogits(back.analysis, back.loaded.weights, x.nhwc, 'trained');
      const t = torchLogits(dir, ckpt, x.nchw);
      expect(maxDiff(app, t.logits)).toBeLessThan(1e-4);
      // The EMA checkpoint loads too.
      await expect(
        loadProjectCheckpoint(join(runDir, 'checkpoints', 'ema.safetensors')),
      ).resolves.toBeDefined();
    },
    SLOW,
  );
});

test(
  'full-size Inception-v3 with its aux head instantiates and runs one step on CPU at batch 2',
  async () => {
    const dir = mkdtempSync(join(root, 'v3-full-'));
    const p = await exportTrainingProject(dir, {
      network: 'inception_v3',
      data: { kind: 'app', source: { kind: 'mnist', perClass: 1 }, valFraction: 0.2 },
      classes: 1000,
      steps: 1,
      init: { kind: 'none' },
      recipe: { batch: 2 },
    });
    const out = run(['train.py', '--no-checkpoint', '--log-every', '1'], dir);
    expect(out).toContain('27,161,264 parameters in PyTorch, the app counts 27,161,264 (with aux heads)');
    expect(p.paramsWithAux).toBe(27_161_264);
    expect(out).toMatch(/step 1\/1 {2}loss \d/);
  },
  SLOW,
);

test(
  'ImageFolder data (train/, val/) trains, and a second launch resumes from the checkpoint',
  async () => {
    const dir = mkdtempSync(join(root, 'imagefolder-'));
    const data = join(dir, 'images');
    // Two classes of 24×24 PNGs (dark / light), as a user's ImageFolder tree would hold them.
    for (const split of ['train', 'val'])
      for (const [c, level] of [
        ['dark', 40],
        ['light', 200],
      ] as const) {
        mkdirSync(join(data, split, c), { recursive: true });
        for (let i = 0; i < (split === 'train' ? 8 : 2); i++) {
          const png = new PNG({ width: 24, height: 24 });
          for (let p = 0; p < png.data.length; p += 4) {
            png.data.fill(Math.min(255, level + ((p * 7 + i * 13) % 40)), p, p + 3);
            png.data[p + 3] = 255;
          }
          writeFileSync(join(data, split, c, `${i}.png`), PNG.sync.write(png));
        }
      }
    const project = join(dir, 'project');
    mkdirSync(project);
    await exportTrainingProject(project, {
      network: 'inception_resnet_v1',
      width: 0.125,
      input: 32,
      classes: 2,
      data: { kind: 'imagefolder', root: data },
      steps: 3,
      init: { kind: 'none' },
      recipe: { batch: 4 },
      runName: 'folder',
    });
    const first = run(['train.py', '--workers', '0'], project);
    expect(first).toMatch(/step 3\/3 {2}loss \d/);
    expect(first).toContain('validation (EMA weights)');
    const second = run(['train.py', '--workers', '0', '--steps', '5'], project);
    expect(second).toMatch(/resumed from .*last\.pt at step 3/);
    expect(second).not.toMatch(/step 3\/5/);
    expect(second).toMatch(/step 5\/5 {2}loss \d/);
  },
  SLOW,
);
