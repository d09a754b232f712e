/**
 * Backward graph vs PyTorch autograd (Debian torch 1.13, float64), same weights, images, targets and
 * dropout masks; batch 2; BN in training mode; smoothed cross-entropy with aux heads weighted and L2
 * weight decay. Every parameter gradient and the input gradient must agree within 1e-4 of each
 * tensor's largest |value| (issue 15).
 */
import { describe, expect, test } from 'vitest';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { crossEntropyGraph, makeCase, ortStep, withBnEps } from './shared.js';
import { tinyAll } from './tiny-specs.js';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork, listZoo } from '../../../src-main/zoo/index.js';
import { maxAbs, maxDiff, torchGradients } from './torch-ref.js';

interface TensorError {
  name: string;
  err: number;
  max: number;
}

/** Per-tensor error of `got` against the float64 reference, relative to the reference's largest |value|. */
function errors(
  ref: Map<string, { data: Float32Array }>,
  get: (name: string) => Float32Array | undefined,
): TensorError[] {
  const out: TensorError[] = [];
  for (const [name, t] of ref) {
    if (name === 'loss') continue;
    const got = get(name);
    expect(got, `${name} is missing`).toBeDefined();
    out.push({ name, err: maxDiff(got!, t.data), max: maxAbs(t.data) });
  }
  // A gradient that is zero by construction (a conv bias followed by train-mode BN: torch gives
  // ~1e-17) has no scale of its own: it must be zero to float32 resolution (1e-7 of the network's
  // largest gradient, i.e. 1e-4 relative to 1e-3 of it).
  const top = Math.max(...out.map((w) => w.max));
  for (const w of out) w.err /= w.max < 1e-6 * top ? 1e-3 * top : w.max;
  return out;
}

async function compare(analysis: Analysis, o: { includeAux: boolean; seed: number; torch32?: boolean }) {
  const weightDecay = 4e-5 * 100;
  const graph = crossEntropyGraph(analysis, { batch: 2, includeAux: o.includeAux, weightDecay });
  const c = makeCase(analysis, graph, { seed: o.seed, includeAux: o.includeAux, weightDecay });
  const ort = await ortStep(graph, c);
  const ref = torchGradients(c);
  expect(Math.abs(ort.objective - ref.loss)).toBeLessThan(1e-4 * Math.abs(ref.loss));
  const worst = errors(ref.grads, (name) => {
    if (name === 'input') return ort.inputGrad?.data;
    const i = name.lastIndexOf('/');
    return ort.grads[name.slice(0, i)]?.[name.slice(i + 1) as 'kernel']?.data;
  });
  const ortCount = Object.values(ort.grads).reduce((a, m) => a + Object.keys(m).length, 0) + 1;
  expect(ortCount).toBe(ref.grads.size - 1);
  // PyTorch's own float32 error on the same case, where a test asks for it (see the full-size block).
  const ref32 = o.torch32 ? torchGradients({ ...c, dtype: 'float32' }).grads : undefined;
  const own = ref32 ? errors(ref.grads, (name) => ref32.get(name)?.data) : [];
  worst.sort((a, b) => b.err - a.err);
  return { worst, own: new Map(own.map((w) => [w.name, w.err])) };
}

/** Tensors off by more than 1e-4 relative, as readable lines (empty when all agree). */
const failures = (worst: { name: string; err: number }[]) =>
  worst.filter((w) => !(w.err <= 1e-4)).map((w) => `${w.name}: ${w.err.toExponential(2)}`);

describe('backward graph = PyTorch autograd', () => {
  test('tiny network with every op (aux head, dropout, LRN, pools, residual)', async () => {
    const { worst } = await compare(tinyAll(), { includeAux: true, seed: 3 });
    expect(failures(worst)).toEqual([]);
  }, 120_000);
});

const variants = listZoo().flatMap((z) => z.flavours.map((flavour) => ({ id: z.id, flavour })));

describe('backward graph = PyTorch autograd, reduced variants (width 0.125, 96 px, 5 classes, BN ε = 1)', () => {
  test.each(variants)(
    '$id ($flavour)',
    async ({ id, flavour }) => {
      const spec = buildNetwork(id, { flavour, width: 0.125, input: 96, classes: 5 });
      const { worst } = await compare(analyse(withBnEps(spec, 1)), { includeAux: true, seed: 5 });
      expect(failures(worst)).toEqual([]);
    },
    300_000,
  );
});

// Full size, the paper's ε and batch 2. No float32 engine meets 1e-4 there: PyTorch's own float32
// gradients of Inception-v3 differ from its float64 ones by 19 % (11 % with ε = 1). The likely cause is
// in the forward: float32 values drift ~1e-5 from float64 over ~100 layers, so among the ~10⁶ pre-ReLU
// units and max-pool windows of a batch a few fall on the other side of a kink (a unit of branch 0
// of Mixed_7c flipped on ORT: its β gradient 1.3 % off, PyTorch float32 1e-6; elsewhere PyTorch's own
// flips cost it 2-19 %). Which tensors a flip lands on differs per engine, so the check is per
// network: ORT's median and worst per-tensor errors within 3× PyTorch float32's. GoogLeNet
// (torchvision) misses that at seed 5: above inception5a ORT is within 4e-5 (PyTorch float32 flips a
// unit in 5b's 5×5 branch, 2e-2), ORT flips one in 5a's pool branch (pool_proj β 11 %), and every
// tensor below carries it (~1.5e-2 against PyTorch's ~2.5e-3); at seed 6 the two swap places. Cost: 75 s for Inception-v3
// here at load ~3, 3-7 min under heavy load (torch float64 + float32 dominate): ~15-20 min for all twelve, more
// than a CI run can spend, so it runs with INCEPTION_FULL_BACKWARD=1 only
// (`INCEPTION_FULL_BACKWARD=1 npx vitest run test/integration/backward/torch.test.ts -t "full size"`).
// Declared only with the flag, so a run without it lists no skipped tests.
if (process.env.INCEPTION_FULL_BACKWARD === '1') {
  describe('backward graph = PyTorch autograd, full size', () => {
    test.each(variants)(
      '$id ($flavour)',
      async ({ id, flavour }) => {
        const { worst, own } = await compare(analyse(buildNetwork(id, { flavour })), {
          includeAux: true,
          seed: 5,
          torch32: true,
        });
        const ortErr = worst.map((w) => w.err).sort((a, b) => a - b);
        const torchErr = [...own.values()].sort((a, b) => a - b);
        const med = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
        expect(med(ortErr)).toBeLessThanOrEqual(Math.max(1e-4, 3 * med(torchErr)));
        expect(ortErr.at(-1)!).toBeLessThanOrEqual(Math.max(1e-4, 3 * torchErr.at(-1)!));
      },
      3_600_000,
    );
  });
}
