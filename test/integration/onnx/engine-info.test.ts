/**
 * The inference report and ONNX export through a real engine process, with onnxruntime-node loaded
 * and with it disabled (INCEPTION_DISABLE_ORT=1 stands in for a platform where it cannot load):
 * engine.info says which engine and provider run and why, and the activation pass of the same
 * process runs on that engine.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EngineSupervisor, forkEngine } from '../../../src-main/engine-client/index.js';
import { decodeModel } from '../../../src-main/engine/onnx/proto.js';

const started: EngineSupervisor[] = [];

async function engine(env: NodeJS.ProcessEnv = {}): Promise<EngineSupervisor> {
  const sup = new EngineSupervisor(forkEngine({ stdio: 'ignore', backend: 'cpu', env }));
  started.push(sup);
  sup.start();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`engine not ready: ${JSON.stringify(sup.state)}`)),
      30_000,
    );
    const check = () => {
      if (sup.state.status !== 'ready') return;
      clearTimeout(timer);
      resolve();
    };
    sup.onState(check);
    check();
  });
  return sup;
}

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

/** One activation pass on a small GoogLeNet; returns the engine that ran it. */
async function pass(sup: EngineSupervisor): Promise<string> {
  const img = await sup.client.request('image.load', { sample: 'chelsea.png' });
  const r = await sup.client.request('activations.run', {
    imageId: img.imageId,
    network: { id: 'googlenet', width: 0.125, input: 75, classes: 10 },
  });
  return r.engine;
}

describe('with onnxruntime-node loaded', () => {
  it('engine.info names ONNX Runtime, its provider, and why the faster one was skipped', async () => {
    const sup = await engine({ INCEPTION_DISABLE_ORT: '' });
    const info = await sup.client.request('engine.info');
    const inf = info.inference;
    expect(inf.engine).toBe('onnxruntime');
    expect(inf.ort.loaded).toBe(true);
    expect(inf.ort.version).toMatch(/^\d+\.\d+\.\d+/);
    // This machine has no CUDA provider library: CPU runs, CUDA is listed first with its reason.
    expect(inf.ort.provider).toBe('cpu');
    expect(inf.label).toBe(`ONNX Runtime ${inf.ort.version} · CPU`);
    const [cuda, cpu] = inf.ort.providers;
    expect(cuda).toMatchObject({ provider: 'cuda', available: false });
    expect(cuda!.reason).toMatch(/CUDA 12 provider is not installed/);
    expect(cpu).toMatchObject({ provider: 'cpu', available: true, reason: 'in use' });
    expect(inf.tfjsBackend).toBe('cpu');
    expect(inf.tfjsBackend).toBe(info.backend.active);
    expect(await pass(sup)).toBe('onnxruntime');
  });

  it('onnx.export returns the bytes of the requested variant as a binary payload', async () => {
    const sup = started[0] ?? (await engine());
    const r = await sup.client.request('onnx.export', {
      network: { id: 'googlenet', flavour: 'torchvision', width: 0.125, input: 75, classes: 10 },
      seed: 3,
      includeAux: true,
    });
    expect(r.bytes).toBeInstanceOf(Uint8Array);
    expect(r.filename).toBe('googlenet-torchvision-w0.125-75px-c10-random3.onnx');
    expect(r.outputs).toEqual(['softmax', 'aux1/softmax', 'aux2/softmax']);
    const m = decodeModel(r.bytes);
    expect(m.metadataProps!.find((p) => p.key === 'weights')!.value).toBe('random weights (seed 3)');
    expect(m.graph.input[0]!.name).toBe(r.input);
    await expect(sup.client.request('onnx.export', { weightsId: 'w-nope' })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('with onnxruntime-node unavailable', () => {
  it('engine.info says so and that TensorFlow.js serves inference; the pass runs on tfjs', async () => {
    const sup = await engine({ INCEPTION_DISABLE_ORT: '1' });
    const inf = (await sup.client.request('engine.info')).inference;
    expect(inf.engine).toBe('tfjs');
    expect(inf.ort.loaded).toBe(false);
    expect(inf.ort.error).toBe('ONNX Runtime is disabled by INCEPTION_DISABLE_ORT=1');
    expect(inf.label).toBe('TensorFlow.js · cpu');
    expect(inf.summary).toMatch(
      /^Inference, activations and training: TensorFlow\.js · cpu\. ONNX Runtime not used/,
    );
    expect(await pass(sup)).toBe('tfjs');
    // Export needs no runtime: it still works.
    const r = await sup.client.request('onnx.export', { network: { id: 'googlenet', width: 0.125 } });
    expect(decodeModel(r.bytes).graph.node.length).toBeGreaterThan(50);
  });
});
