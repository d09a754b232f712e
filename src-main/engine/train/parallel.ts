/**
 * Data-parallel replicas on worker threads. wasm runs one thread per Node isolate (tfjs turns its
 * threads off in Node), so the second core is only reachable through a second isolate with its own
 * backend. Each step a replica receives the current weights and its share of the batch, and returns
 * the gradient sum of its share; the trainer averages and applies them.
 */
import type { Worker } from 'node:worker_threads';
import type { RemoteReplica } from './trainer.js';
import { startWorker } from './workers.js';

export interface ReplicaInit {
  root: string;
  id: string;
  backend?: string;
  /** Module exporting `createNet(meta)`; default ./factory.js. */
  factoryModule?: string;
}

type Reply =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  | {
      type: 'grads';
      grads: Float32Array;
      n: number;
      loss: number;
      main: number;
      aux: number[];
      top1Errors: number;
    };

export class WorkerReplica implements RemoteReplica {
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (m.type === 'error') p.reject(new Error(`replica: ${m.message}`));
      else p.resolve(m);
    });
    worker.on('error', (e) => {
      this.pending?.reject(e);
      this.pending = null;
    });
    worker.on('exit', (code) => {
      this.pending?.reject(new Error(`replica worker exited (code ${code})`));
      this.pending = null;
    });
  }

  private request(msg: unknown, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.pending) return Promise.reject(new Error('replica is busy'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(msg, transfer);
    });
  }

  static async start(init: ReplicaInit): Promise<WorkerReplica> {
    const r = new WorkerReplica(startWorker('replica-worker', init));
    await new Promise<void>((resolve, reject) => {
      r.pending = { resolve: () => resolve(), reject };
    });
    return r;
  }

  async compute(
    weights: Float32Array,
    x: Float32Array,
    y: Int32Array,
    microBatch: number,
    dropoutSeeds?: Uint32Array,
  ) {
    // Copies, so the caller's arrays stay usable; the copies move without another copy.
    const w = weights.slice();
    const reply = await this.request({ cmd: 'compute', weights: w, x, y, microBatch, dropoutSeeds }, [
      w.buffer,
      x.buffer as ArrayBuffer,
    ]);
    if (reply.type !== 'grads') throw new Error('replica answered out of turn');
    return reply;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

export async function startReplicas(n: number, init: ReplicaInit): Promise<WorkerReplica[]> {
  return Promise.all(Array.from({ length: n }, () => WorkerReplica.start(init)));
}
