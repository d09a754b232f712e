/** Worker thread: one data-parallel replica (see parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../backends.js';
import type { NetFactory } from './execute.js';
import type { ReplicaInit } from './parallel.js';
import { assignWeights, flattenTensors, shareStep } from './replica.js';
import { RunStore } from './store.js';
import { createNet } from './factory.js';

const init = workerData as ReplicaInit;
const port = parentPort!;

async function main() {
  await initBackend(init.backend ? { force: init.backend as BackendName } : {});
  const meta = RunStore.open(init.root, init.id).meta();
  // The default factory is imported statically so the bundler includes it; tests may name another module.
  const mod = init.factoryModule
    ? ((await import(init.factoryModule)) as { createNet: NetFactory })
    : { createNet };
  const net = await mod.createNet(meta);
  const input: [number, number, number] = [meta.input, meta.input, 3];
  const r = meta.recipe;
  const cfg = {
    classes: meta.classes,
    labelSmoothing: r.labelSmoothing,
    auxWeights: net.aux.map((h) => (r.useAux ? (r.auxWeights[h.name] ?? h.weight) : 0)),
  };
  port.on(
    'message',
    (m: {
      cmd: 'compute';
      weights: Float32Array;
      x: Float32Array;
      y: Int32Array;
      microBatch: number;
      dropoutSeeds?: Uint32Array;
    }) => {
      try {
        assignWeights(net.weights, m.weights);
        const r = shareStep(net, m.x, m.y, input, cfg, m.microBatch, m.y.length, m.dropoutSeeds);
        const grads = flattenTensors(r.grads);
        tf.dispose(r.grads);
        const { n, loss, main, aux, top1Errors } = r;
        port.postMessage({ type: 'grads', grads, n, loss, main, aux, top1Errors }, [
          grads.buffer as ArrayBuffer,
        ]);
      } catch (e) {
        port.postMessage({ type: 'error', message: (e as Error).message });
      }
    },
  );
  port.postMessage({ type: 'ready' });
}

main().catch((e) => port.postMessage({ type: 'error', message: (e as Error).message }));
